// The clock of a simulated history: runs planned actions in time order on a ManualClock and
// fires the engine's timers at their due times in between, as the server's scheduler would.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <queue>
#include <string>
#include <vector>

#include "engine/clock.hpp"
#include "engine/runtime/engine.hpp"

namespace amtsweg::simulation {

class SimulationLoop {
 public:
  using Action = std::function<void()>;

  SimulationLoop(Engine& engine, ManualClock& clock) : engine_(engine), clock_(clock) {}

  Engine& engine() { return engine_; }
  Timestamp now() const { return clock_.now(); }

  // Runs `action` at `when` (now, if `when` has passed). Equal times run in the order planned.
  void at(Timestamp when, Action action);
  // Remembers the armed timers of a case; when one of them has fired, `on_fired` runs.
  // A later call for the same case replaces what an earlier one remembered.
  void watch_timers(const CaseView& view, Action on_fired);
  // Runs every action planned up to `end` and fires every timer due by then; the clock stops at `end`.
  void run_until(Timestamp end);

  std::int64_t timers_fired() const { return timers_fired_; }

 private:
  struct Planned {
    Timestamp at;
    std::uint64_t order;  // ties: first planned, first run (deterministic)
    std::string case_id;  // timer watches only
    std::uint64_t generation = 0;
    bool operator>(const Planned& other) const { return at != other.at ? at > other.at : order > other.order; }
  };
  void fire_timers_due_by(Timestamp due);
  void drop_replaced_timers();

  Engine& engine_;
  ManualClock& clock_;
  std::uint64_t order_ = 0;
  std::priority_queue<Planned, std::vector<Planned>, std::greater<>> actions_, timers_;
  std::map<std::uint64_t, Action> action_of_;                        // by Planned::order
  std::map<std::string, std::pair<std::uint64_t, Action>> watches_;  // case id -> generation, callback
  std::int64_t timers_fired_ = 0;
};

}  // namespace amtsweg::simulation
