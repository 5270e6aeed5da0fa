// Following one case through simulated time (see case_agent.hpp).
#include "adapters/simulation/case_agent.hpp"

#include "engine/error.hpp"

namespace amtsweg::simulation {

Dice CaseAgent::dice_for(const std::string& what) const {
  std::uint64_t hash = 1469598103934665603ull;  // FNV-1a: the same on every platform
  for (const unsigned char c : what) hash = (hash ^ c) * 1099511628211ull;
  return Dice(seed_ ^ hash);
}

void CaseAgent::post_event(const std::string& type, boost::json::object payload, const std::string& actor) {
  engine().deliver({tenant_,
                    type + "-" + case_id_ + "-" + std::to_string(now()),
                    type,
                    {{"case", case_id_}},
                    std::move(payload),
                    actor});
}

const TaskRecord* CaseAgent::open_task(const CaseView& view) {
  for (const auto& task : view.tasks)
    if (task.status == TaskStatus::Open || task.status == TaskStatus::Claimed) return &task;
  return nullptr;
}

void CaseAgent::begin(Timestamp at) {
  loop_.at(at, [this] {
    case_id_ = start();
    refresh();
  });
}

// Looks at the case after a change: remembers its timers and plans the next step.
void CaseAgent::refresh() {
  seen_ = engine().find_case(tenant_, case_id_);
  if (!seen_) throw Error(ErrorKind::NotFound, "simulation: case " + case_id_ + " vanished");
  loop_.watch_timers(*seen_, [this] { refresh(); });
  const std::uint64_t generation = ++generation_;  // a plan made before this look is void
  planned_.reset();
  if (seen_->record.status != CaseStatus::Active) return;
  planned_ = next_step(*seen_);
  if (planned_) loop_.at(planned_->at, [this, generation] { wake(generation); });
}

// The case is as last seen: only this agent's steps and the timers (which refresh) change it. The
// loop runs an action at its time or later, so the planned step is due.
void CaseAgent::wake(std::uint64_t generation) {
  if (generation != generation_ || !planned_) return;  // the case changed since this was planned
  const Step step = std::move(*planned_);
  planned_.reset();
  step.act();
  refresh();
}

}  // namespace amtsweg::simulation
