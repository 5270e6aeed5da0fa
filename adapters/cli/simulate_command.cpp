// `amtsweg simulate`: fills a new database with the demo history (adapters/simulation), simulated
// through the engine, and prints what it reached.
#include <cstdint>
#include <iostream>

#include "adapters/cli/commands.hpp"
#include "adapters/simulation/demo_history.hpp"
#include "engine/calendar/local_time.hpp"
#include "engine/error.hpp"
#include "engine/store/open_store.hpp"

namespace amtsweg::cli {
namespace {

// --until YYYY-MM-DD: the end of that day in Germany; "now": the wall clock (or --now).
Timestamp until_option(const Arguments& args, const simulation::ConsultationTargets& targets) {
  const std::string text = args.value_or("until", format_local_date(targets.snapshot));
  if (text == "now") {
    if (auto now = args.get("now")) {
      if (auto t = parse_timestamp(*now)) return *t;
      throw Error(ErrorKind::InvalidArgument, "--now must be an ISO-8601 time, e.g. 2026-01-31T09:00:00Z");
    }
    return SystemClock().now();
  }
  const auto day = parse_local_date(text);
  if (!day) throw Error(ErrorKind::InvalidArgument, "--until must be a date YYYY-MM-DD or now");
  return simulation::start_of_day(*day + std::chrono::days(1)) - 1;
}

// --NAME N, a whole number from `min` to `max`.
std::uint64_t number_option(const Arguments& args, const std::string& name, std::uint64_t fallback, std::uint64_t min,
                            std::uint64_t max) {
  const auto text = args.get(name);
  if (!text) return fallback;
  try {
    std::size_t used = 0;
    const auto value = std::stoull(*text, &used);
    if (used == text->size() && !text->starts_with("-") && value >= min && value <= max) return value;
  } catch (const std::exception&) {
  }
  throw Error(ErrorKind::InvalidArgument,
              "--" + name + " must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
}

}  // namespace

int simulate_command(const Arguments& args) {
  args.allow_only({"db", "until", "seed", "only", "processes", "registry-days", "now"});
  simulation::DemoHistoryOptions options;
  options.until = until_option(args, options.targets);
  options.seed = number_option(args, "seed", options.seed, 0, UINT64_MAX);
  options.registry_days = int(number_option(args, "registry-days", std::uint64_t(options.registry_days), 1, 3650));
  options.processes_dir = args.value_or("processes", options.processes_dir);
  if (auto only = args.get("only")) {
    if (*only != "consultation" && *only != "registry")
      throw Error(ErrorKind::InvalidArgument, "--only must be consultation or registry");
    options.consultation = *only == "consultation";
    options.registry = *only == "registry";
  }
  const std::string db_path = args.required("db");
  // The history is simulated in an in-memory SQLite database and written as a file in one go.
  if (is_postgres_url(db_path))
    throw Error(ErrorKind::InvalidArgument, "simulate writes a new SQLite database file: --db must be a path");
  std::cout << "Simulating up to " << format_local_timestamp(options.until, TimeZone::berlin()) << " (seed "
            << options.seed << ") ...\n"
            << std::flush;
  const auto summary = simulation::simulate_demo_history(db_path, options);
  std::cout << simulation::describe(summary, options.targets);
  return summary.snapshot && !(*summary.snapshot == options.targets.figures) ? 1 : 0;
}

}  // namespace amtsweg::cli
