// The fixed lifecycle of a case: active <-> suspended, and completed or cancelled at the end.
// Implemented as a Boost.MSM machine in case_lifecycle.cpp.
#pragma once

#include <string>

#include "engine/model/records.hpp"

namespace amtsweg {

enum class CaseOperation {
  Advance,  // an event, task completion or timer wants to move the case: needs an active case
  Finish,   // the case reached a final state
  Suspend,
  Resume,
  Cancel,
};

// The status after `operation`; throws Error{Conflict} naming the case when its status forbids it
// (e.g. an event for a suspended case, resuming an active one, anything on a closed case).
CaseStatus next_case_status(const CaseRecord& record, CaseOperation operation);

}  // namespace amtsweg
