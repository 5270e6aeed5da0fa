// The checks of one `expect` block against what the engine shows of a case: state, status,
// outcome, regions, data, open tasks and new outbox messages. Refusals are the runner's business.
#pragma once

#include <vector>

#include "engine/model/records.hpp"
#include "engine/runtime/engine.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/scenario/scenario_result.hpp"
#include "engine/scenario/value_refs.hpp"

namespace amtsweg {

struct CaseObservation {
  const CaseView* view = nullptr;            // the case (the runner checks that there is one)
  std::vector<OutboxMessage> new_messages;   // since the previous expect block on this case
  RefContext refs;                           // for ${...} in expected values
  std::vector<BufferedEvent> buffered = {};  // the tenant's buffered events (for `buffered:`)
};

// Every expectation of the block that does not hold (empty: all hold). `error` is not checked here.
std::vector<Mismatch> check_expectation(const Expectation& expectation, const CaseObservation& seen);

// Whether `task` is the one `selector` describes.
bool task_matches(const TaskSelector& selector, const TaskRecord& task);

// One line per task for reports: {"state": ..., "title": ..., "role": ..., ...}.
std::string describe_tasks(const std::vector<TaskRecord>& tasks);

}  // namespace amtsweg
