// JSON views of the run-time records, shared by every adapter (CLI output, REST responses), so a
// case looks the same wherever it is shown. Timestamps are ISO-8601 UTC strings.
#pragma once

#include <boost/json/object.hpp>

#include "engine/model/records.hpp"
#include "engine/model/retention_records.hpp"

namespace amtsweg {

boost::json::object to_json(const CaseRecord& record);
// `now` decides "overdue" (due before now and still open); "due_local" shows the due date in the
// task's time zone, e.g. "2026-12-04T23:59:59.999+01:00".
boost::json::object to_json(const TaskRecord& task, Timestamp now);
boost::json::object to_json(const TimerRecord& timer);
boost::json::object to_json(const HistoryEntry& entry);
boost::json::object to_json(const OutboxMessage& message);
boost::json::object to_json(const FailureRecord& failure);
boost::json::object to_json(const StoredDefinition& definition);  // without the source text
boost::json::object to_json(const ApiToken& token);               // name, roles, times; never the hash
boost::json::object to_json(const CaseDocument& document);        // metadata only
boost::json::object to_json(const CaseNote& note);
boost::json::object to_json(const DeletionRecord& deletion);  // a line of the deletion protocol

}  // namespace amtsweg
