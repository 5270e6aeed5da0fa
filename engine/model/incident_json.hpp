// JSON views of incidents and buffered events, shared by the adapters (REST, CLI).
// Timestamps are ISO-8601 UTC text like everywhere in the API.
#pragma once

#include <boost/json/object.hpp>

#include "engine/model/incident_records.hpp"

namespace amtsweg {

// {id, case_id, status, source, timer_id|event_id, command, error, event, attempts, opened_at,
//  updated_at, resolved_at, resolved_by, resolution}
boost::json::object to_json(const Incident& incident);
// {seq, event_id, type, correlation, payload, actor, received_at, expires_at, status, case_id,
//  settled_at}
boost::json::object to_json(const BufferedEvent& event);

}  // namespace amtsweg
