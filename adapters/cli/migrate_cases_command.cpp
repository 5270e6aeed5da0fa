// `amtsweg migrate-cases`: moves a tenant's running cases of one process version to another, or
// with --dry-run shows the plan and what would happen to each case; --json prints the report.
#include <boost/json.hpp>
#include <iostream>

#include "adapters/cli/commands.hpp"
#include "adapters/cli/engine_session.hpp"
#include "adapters/cli/pretty_json.hpp"
#include "engine/error.hpp"
#include "engine/runtime/case_migration.hpp"

namespace amtsweg::cli {

namespace {

// "--map old=new", repeatable.
std::map<std::string, std::string> parse_map(const std::vector<std::string>& items) {
  std::map<std::string, std::string> map;
  for (const auto& item : items) {
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == item.size())
      throw Error(ErrorKind::InvalidArgument, "--map takes OLD_STATE=NEW_STATE, not '" + item + "'",
                  boost::json::object{{"field", "map"}, {"parameter", "map"}});
    map[item.substr(0, eq)] = item.substr(eq + 1);
  }
  return map;
}

void print_report(const MigrationReport& report) {
  const MigrationRequest& request = report.request;
  std::cout << "plan " << request.process_id << " v" << request.from_version << " -> v" << request.to_version << "\n";
  for (const auto& step : report.plan.steps) {
    std::cout << "  " << step.from;
    if (!step.refusal.empty()) {
      std::cout << "  refused: " << step.refusal << "\n";
      continue;
    }
    std::cout << " -> " << (step.to.empty() ? "(region ends)" : step.to) << "  task " << to_string(step.task);
    if (!step.timers.empty()) {
      std::cout << "  timers";
      for (const auto& t : step.timers) std::cout << " " << t;
    }
    std::cout << "\n";
  }
  std::cout << "cases\n";
  for (const auto& c : report.cases) {
    std::cout << "  " << c.case_id << "  " << c.result << "  " << c.from_state;
    if (!c.to_state.empty()) std::cout << " -> " << c.to_state;
    for (const auto& [region, state] : c.regions) std::cout << " [" << region << ": " << state << "]";
    if (!c.reason.empty()) std::cout << ": " << c.reason;
    if (c.result == "migrated" || c.result == "would_migrate")
      std::cout << "  (tasks kept " << c.effect.kept_tasks.size() << ", cancelled " << c.effect.cancelled_tasks.size()
                << ", created " << c.effect.created_tasks.size() << "; timers armed " << c.effect.timers_armed << ")";
    std::cout << "\n";
  }
  std::cout << report.cases.size() << " case" << (report.cases.size() == 1 ? "" : "s") << ": "
            << (request.dry_run ? std::to_string(report.count("would_migrate")) + " would move"
                                : std::to_string(report.count("migrated")) + " migrated")
            << ", " << report.count("refused") << " refused, " << report.count("failed") << " failed"
            << (request.dry_run ? " (dry run: nothing changed)" : "") << "\n";
}

}  // namespace

int migrate_cases_command(const Arguments& args) {
  args.allow_only({"db", "tenant", "process", "from", "to", "map", "dry-run", "batch", "actor", "json", "now"});
  MigrationRequest request;
  request.tenant = args.required("tenant");
  request.process_id = args.required("process");
  request.from_version = args.integer("from", 0, 1, 1000000);
  request.to_version = args.integer("to", 0, 1, 1000000);
  if (!args.has("from") || !args.has("to"))
    throw Error(ErrorKind::InvalidArgument,
                "usage: amtsweg migrate-cases --db DB --tenant T --process P --from V1 --to V2");
  request.map = parse_map(args.all("map"));
  request.dry_run = args.has("dry-run");
  request.batch_size = args.integer("batch", 100, 1, 1000);
  request.actor = args.value_or("actor", kHostActor);
  auto session = EngineSession::open(args);
  const MigrationReport report = session.engine->migrate_cases(request);
  if (args.has("json"))
    std::cout << pretty_json(to_json(report)) << "\n";
  else
    print_report(report);
  // Scripts notice cases left behind: refused or failed ones make the exit code 1.
  return report.count("refused") + report.count("failed") == 0 ? 0 : 1;
}

}  // namespace amtsweg::cli
