// The JSON view of a whole case as adapters show it: the record with its tasks, timers, failures
// and incidents (GET /api/v1/cases/{id}, `amtsweg case`).
#pragma once

#include <boost/json/object.hpp>

#include "engine/runtime/engine.hpp"

namespace amtsweg {

// Tasks are shown as seen at `now` (overdue, due_local).
boost::json::object to_json(const CaseView& view, Timestamp now);

}  // namespace amtsweg
