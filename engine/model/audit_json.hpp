// The JSON view of an audit log entry, shared by the adapters (REST, CLI); timestamps are
// ISO-8601 UTC text like everywhere in the API.
#pragma once

#include <boost/json/object.hpp>

#include "engine/model/audit_records.hpp"

namespace amtsweg {

// {seq, at, actor, action, target, detail} (the tenant is the caller's and not repeated)
boost::json::object to_json(const AuditEntry& entry);

}  // namespace amtsweg
