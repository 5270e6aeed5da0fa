// JSON views of incidents and buffered events (see incident_json.hpp).
#include "engine/model/incident_json.hpp"

#include <boost/json/value.hpp>

namespace amtsweg {
namespace {

boost::json::value optional_time(const std::optional<Timestamp>& at) {
  if (!at) return nullptr;
  return boost::json::value(format_timestamp(*at));
}

}  // namespace

boost::json::object to_json(const Incident& incident) {
  boost::json::object out{{"id", incident.id},
                          {"case_id", incident.case_id},
                          {"status", to_string(incident.status)},
                          {"source", to_string(incident.source)},
                          {"command", incident.command},
                          {"error", incident.error},
                          {"event", incident.event},
                          {"attempts", incident.attempts},
                          {"opened_at", format_timestamp(incident.opened_at)},
                          {"updated_at", format_timestamp(incident.updated_at)},
                          {"resolved_at", optional_time(incident.resolved_at)},
                          {"resolved_by", incident.resolved_by},
                          {"resolution", incident.resolution}};
  if (incident.source == IncidentSource::Timer)
    out["timer_id"] = incident.timer_id;
  else
    out["event_id"] = incident.event_id;
  return out;
}

boost::json::object to_json(const BufferedEvent& event) {
  boost::json::object view{{"seq", event.seq},
                           {"event_id", event.event_id},
                           {"type", event.type},
                           {"correlation", event.correlation},
                           {"payload", event.payload},
                           {"actor", event.actor},
                           {"received_at", format_timestamp(event.received_at)},
                           {"expires_at", format_timestamp(event.expires_at)},
                           {"status", to_string(event.status)},
                           {"case_id", event.case_id},
                           {"settled_at", optional_time(event.settled_at)}};
  if (!event.unreadable.empty()) view["unreadable"] = event.unreadable;
  return view;
}

}  // namespace amtsweg
