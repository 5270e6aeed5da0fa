// The JSON view of a whole case (see case_view_json.hpp).
#include "engine/runtime/case_view_json.hpp"

#include <boost/json/array.hpp>

#include "engine/model/incident_json.hpp"
#include "engine/model/record_json.hpp"

namespace amtsweg {

boost::json::object to_json(const CaseView& view, Timestamp now) {
  boost::json::array tasks, timers, failures, incidents;
  for (const auto& t : view.tasks) tasks.push_back(to_json(t, now));
  for (const auto& t : view.timers) timers.push_back(to_json(t));
  for (const auto& f : view.failures) failures.push_back(to_json(f));
  for (const auto& i : view.incidents) incidents.push_back(to_json(i));
  boost::json::object out = to_json(view.record);
  out["tasks"] = std::move(tasks);
  out["timers"] = std::move(timers);
  out["failures"] = std::move(failures);
  out["incidents"] = std::move(incidents);
  return out;
}

}  // namespace amtsweg
