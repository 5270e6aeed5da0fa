// The rules of the event buffer: which events a case waits for now, whether a buffered event is
// meant for a case, and the event as a case's scripts see it (the same whether buffered or not).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <vector>

#include "engine/model/definition.hpp"
#include "engine/model/incident_records.hpp"
#include "engine/model/records.hpp"

namespace amtsweg {

// The event types from outside (not timer, task.*, case.*) that the case's current state or the
// current states of its regions handle under `on:`; empty for a closed case.
std::vector<std::string> awaited_event_types(const ProcessDefinition& definition, const CaseRecord& record);

// True when every key of the event's correlation names this case: {"case": its id} or a declared
// correlation key with the case's value.
bool buffered_event_matches(const BufferedEvent& event, const CaseRecord& record);

// `event` as transitions, guards and scripts see it.
boost::json::value event_json(const std::string& id, const std::string& type, const boost::json::value& payload,
                              const std::string& actor, const boost::json::object& correlation);

}  // namespace amtsweg
