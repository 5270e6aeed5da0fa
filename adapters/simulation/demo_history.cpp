// Simulating the demo data (see demo_history.hpp).
#include "adapters/simulation/demo_history.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "adapters/simulation/registry_history.hpp"
#include "adapters/simulation/simulation_loop.hpp"
#include "engine/calendar/local_time.hpp"
#include "engine/error.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"

namespace amtsweg::simulation {
namespace {

constexpr Timestamp kDay = 24 * 3600'000;

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::NotFound, "simulate: cannot read " + path.string() + " (see --processes)");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void deploy_procedures(Engine& engine, const std::string& dir) {
  for (const auto& file : demo_definition_files()) {
    const auto path = std::filesystem::path(dir) / file;
    engine.deploy(read_file(path), path.string(), "simulate");
  }
  // Both demo registry offices have a second registrar release each certificate (the procedure's
  // option `four_eyes`), so the demo shows the four-eyes inbox.
  engine.set_tenant_params("giessen", "personenstandsurkunde", {{"office", "Standesamt Gießen"}, {"four_eyes", true}});
  engine.set_tenant_params("marburg", "personenstandsurkunde", {{"office", "Standesamt Marburg"}, {"four_eyes", true}});
}

std::vector<StateTally> tally(Engine& engine) {
  std::vector<StateTally> states;
  for (const std::string tenant : {kConsultationTenant, "giessen", "marburg"})
    for (const auto& count : engine.state_counts(tenant, ""))
      states.push_back({tenant, count.process_id, count.state, count.status, count.count});
  return states;
}

std::string figures_text(const ConsultationFigures& f) {
  return std::to_string(f.applications) + " applications, " + std::to_string(f.completed) +
         " completed; module 2: " + std::to_string(f.module2_applications) + " applications, " +
         std::to_string(f.module2_completed) + " completed";
}

}  // namespace

const std::vector<std::string>& demo_definition_files() {
  static const std::vector<std::string> files = {"beratung/digitalisierungsberatung.yaml", "standesamt/urkunde.yaml"};
  return files;
}

bool has_cases(Store& store) { return !store.open_reader()->state_counts_all().empty(); }

DemoHistorySummary simulate_demo_history(const std::string& db_path, const DemoHistoryOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  // A new file is simulated in memory and written once at the end (SqliteStore::write_copy): the
  // tens of thousands of commits then cost no system calls, no write-ahead log and no checkpoints.
  // An existing database keeps what it holds and is simulated into in place.
  const bool new_file = !std::filesystem::exists(db_path) || std::filesystem::file_size(db_path) == 0;
  const auto store =
      new_file ? SqliteStore::open_in_memory() : SqliteStore::open(db_path, SqliteStore::Durability::Checkpoints);
  if (has_cases(*store))
    throw Error(ErrorKind::Conflict, "simulate: the database already holds cases; simulate into a new one");
  const Timestamp first = start_of_day(options.targets.first_day);
  if (options.until < first)
    throw Error(ErrorKind::InvalidArgument,
                "simulate: --until must not be before " + format_local_date(options.targets.first_day));

  ManualClock clock(first - 7 * kDay);  // the procedures are deployed the week before the offer starts
  DemoHistorySummary summary;
  {
    Engine engine(*store, clock);
    deploy_procedures(engine, options.processes_dir);
    SimulationLoop loop(engine, clock);
    std::vector<std::unique_ptr<CaseAgent>> agents;
    if (options.consultation) agents = plan_consultations(loop, options.seed, options.targets, options.until);
    if (options.registry) {
      const Timestamp from = std::max(first, options.until - options.registry_days * kDay);
      for (auto& agent :
           plan_registry_requests(loop, options.seed ^ 0x57a4da17ull, demo_registry_offices(), from, options.until))
        agents.push_back(std::move(agent));
    }
    const Timestamp snapshot_end = end_of_snapshot(options.targets);
    if (options.consultation && options.until >= snapshot_end) {
      loop.run_until(snapshot_end);
      summary.snapshot = count_consultations(engine, options.targets);
    }
    loop.run_until(options.until);
    summary.states = tally(engine);
    summary.timers_fired = loop.timers_fired();
  }  // the engine's writer has committed everything when it is gone
  if (new_file) {
    std::filesystem::remove(db_path);  // an empty file left by a caller: the copy makes the file anew
    store->write_copy(db_path);
  }
  for (const auto& s : summary.states) summary.cases += s.count;
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

std::string describe(const DemoHistorySummary& summary, const ConsultationTargets& targets) {
  std::ostringstream out;
  out << summary.cases << " cases simulated in " << std::fixed << std::setprecision(1) << summary.seconds << " s ("
      << summary.timers_fired << " timers fired on the way)\n";
  for (const auto& s : summary.states)
    out << "  " << std::left << std::setw(9) << s.tenant << std::setw(26) << s.process_id << std::setw(20) << s.state
        << std::setw(10) << s.status << std::right << std::setw(6) << s.count << "\n";
  if (summary.snapshot) {
    out << "On " << format_local_date(targets.snapshot) << ": " << figures_text(*summary.snapshot) << "\n"
        << "  published (domain seed text 004): " << figures_text(targets.figures)
        << (*summary.snapshot == targets.figures ? "  (match)" : "  (MISMATCH)") << "\n";
  }
  return out.str();
}

}  // namespace amtsweg::simulation
