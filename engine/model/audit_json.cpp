// The JSON view of an audit log entry (see audit_json.hpp).
#include "engine/model/audit_json.hpp"

namespace amtsweg {

boost::json::object to_json(const AuditEntry& entry) {
  return boost::json::object{{"seq", entry.seq},       {"at", format_timestamp(entry.at)}, {"actor", entry.actor},
                             {"action", entry.action}, {"target", entry.target},           {"detail", entry.detail}};
}

}  // namespace amtsweg
