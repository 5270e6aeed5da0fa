// The simulated clock's loop (see simulation_loop.hpp).
#include "adapters/simulation/simulation_loop.hpp"

#include <algorithm>
#include <set>

namespace amtsweg::simulation {

void SimulationLoop::at(Timestamp when, Action action) {
  const std::uint64_t order = order_++;
  action_of_.emplace(order, std::move(action));
  actions_.push({std::max(when, now()), order, "", 0});
}

void SimulationLoop::watch_timers(const CaseView& view, Action on_fired) {
  auto& [generation, callback] = watches_[view.record.id];
  ++generation;
  callback = std::move(on_fired);
  for (const auto& timer : view.timers) timers_.push({timer.due_at, order_++, view.record.id, generation});
}

// Fires what is due at `due` and tells the cases whose timers those were; the engine fires each
// timer once per call, so what a firing arms for the same moment comes on the next round.
void SimulationLoop::fire_timers_due_by(Timestamp due) {
  clock_.set(std::max(now(), due));
  const FireReport report = engine_.fire_due_timers();
  timers_fired_ += report.fired;
  std::set<std::string> told;
  while (!timers_.empty() && timers_.top().at <= now()) {
    const Planned timer = timers_.top();
    timers_.pop();
    const auto watch = watches_.find(timer.case_id);
    if (watch == watches_.end() || watch->second.first != timer.generation) continue;  // replaced meanwhile
    if (!told.insert(timer.case_id).second) continue;
    const Action callback = watch->second.second;  // a copy: the callback replaces the watch
    callback();
  }
}

// A timer remembered before its case changed again may be gone: firing for it would cost the
// engine a command for nothing.
void SimulationLoop::drop_replaced_timers() {
  while (!timers_.empty()) {
    const auto watch = watches_.find(timers_.top().case_id);
    if (watch != watches_.end() && watch->second.first == timers_.top().generation) return;
    timers_.pop();
  }
}

void SimulationLoop::run_until(Timestamp end) {
  for (;;) {
    drop_replaced_timers();
    const bool action_due = !actions_.empty() && actions_.top().at <= end;
    const bool timer_due = !timers_.empty() && timers_.top().at <= end;
    if (!action_due && !timer_due) break;
    if (timer_due && (!action_due || timers_.top().at <= actions_.top().at)) {
      fire_timers_due_by(timers_.top().at);
      continue;
    }
    const Planned next = actions_.top();
    actions_.pop();
    clock_.set(std::max(now(), next.at));
    const auto found = action_of_.find(next.order);
    const Action action = std::move(found->second);
    action_of_.erase(found);
    action();
  }
  clock_.set(std::max(now(), end));
}

}  // namespace amtsweg::simulation
