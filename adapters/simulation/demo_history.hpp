// The demo data: a realistic history simulated through the engine, for `amtsweg simulate` and for
// `amtsweg serve --demo` on an empty database (consultation applications, registry office requests).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "adapters/simulation/consultation_history.hpp"
#include "engine/store/store.hpp"

namespace amtsweg::simulation {

struct DemoHistoryOptions {
  std::string processes_dir = "processes";  // where beratung/ and standesamt/ are
  std::uint64_t seed = 20201001;
  Timestamp until = 0;  // the simulation's last moment
  bool consultation = true;
  bool registry = true;
  int registry_days = 365;  // registry requests of the last N days before `until`
  ConsultationTargets targets;
};

struct StateTally {
  std::string tenant, process_id, state, status;
  std::int64_t count = 0;
};

struct DemoHistorySummary {
  std::vector<StateTally> states;               // by tenant, process, state (engine's counts)
  std::optional<ConsultationFigures> snapshot;  // counted on the snapshot day, if reached
  std::int64_t cases = 0, timers_fired = 0;
  double seconds = 0;  // wall-clock time the simulation took
};

// Deploys the two procedures (shared, as `serve` does) into the SQLite database at `db_path`
// and simulates up to options.until. A new (absent or empty) file is simulated in memory and
// written when the history is complete, so it appears whole or not at all; an existing database
// is simulated into in place, with durability at checkpoints only (a simulation interrupted by a
// power loss is simply run again). The database must hold no cases yet (Error{Conflict}
// otherwise): a history is simulated once.
DemoHistorySummary simulate_demo_history(const std::string& db_path, const DemoHistoryOptions& options);

// The definitions the history needs, relative to the processes directory.
const std::vector<std::string>& demo_definition_files();

// Whether the store holds any case (then `serve --demo` does not simulate again).
bool has_cases(Store& store);

// A few lines for a terminal: cases per process, state and outcome, the snapshot figures, the time.
std::string describe(const DemoHistorySummary& summary, const ConsultationTargets& targets);

}  // namespace amtsweg::simulation
