// How records map to rows and back: the column lists queries select, decoding a selected row into
// a record (an unreadable row is Error{Corruption} naming table, id and column), encoding values.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "engine/model/audit_records.hpp"
#include "engine/model/incident_records.hpp"
#include "engine/model/records.hpp"
#include "engine/model/webhook_records.hpp"
#include "engine/store/sql/sql_connection.hpp"

namespace amtsweg::sql_rows {

// Column lists in the order the read_* functions below expect them.
inline constexpr const char* kDefinitionColumns =
    "process_id, version, title, source, source_name, sha256, deployed_at, deployed_by, tenant";
inline constexpr const char* kCaseColumns =
    "id, tenant, process_id, process_version, status, state, regions, data, outcome, related_key, "
    "correlation, created_at, updated_at, revision, history_length, history_head, summary";
inline constexpr const char* kHistoryColumns =
    "case_id, seq, at, actor, event_type, event_id, from_state, to_state, changes, detail, prev_hash, hash, "
    "chain_version, sealed";
inline constexpr const char* kTaskColumns =
    "id, tenant, case_id, process_id, state_path, title, role, assignee, status, four_eyes, stage, "
    "prepared_by, prepared_data, due_at, created_at, updated_at, completed_by, completed_at, data, form, "
    "revision, time_zone";
inline constexpr const char* kTimerColumns = "id, tenant, case_id, state_path, idx, due_at, kind, task_id";
inline constexpr const char* kOutboxColumns = "id, tenant, case_id, kind, type, payload, created_at";
inline constexpr const char* kFailureColumns = "id, tenant, case_id, at, command, message";
inline constexpr const char* kSubscriptionColumns =
    "id, tenant, url, events, secret, created_at, active, after_message_id";
// A delivery's columns come from three tables; select them with kDeliveryFrom.
inline constexpr const char* kDeliveryColumns =
    "d.id, d.subscription_id, s.tenant, d.message_id, d.case_id, o.type, d.status, d.attempts, d.next_attempt_at, "
    "d.last_status, d.last_error, d.delivered_at, d.created_at, d.cancelled_at";
inline constexpr const char* kDeliveryFrom =
    "FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id "
    "JOIN outbox o ON o.id = d.message_id";

inline constexpr const char* kIncidentColumns =
    "id, tenant, case_id, status, source, timer_id, event_id, command, error, event, attempts, opened_at, "
    "updated_at, resolved_at, resolved_by, resolution";
inline constexpr const char* kBufferedEventColumns =
    "seq, tenant, event_id, type, correlation, payload, actor, received_at, expires_at, status, case_id, settled_at";
inline constexpr const char* kAuditColumns = "seq, tenant, at, actor, action, target, detail";

// Decode the current row of `row`, selected with the matching column list.
StoredDefinition read_definition(const SqlStatement& row);
CaseRecord read_case(const SqlStatement& row);
HistoryEntry read_history_entry(const SqlStatement& row);
TaskRecord read_task(const SqlStatement& row);
TimerRecord read_timer(const SqlStatement& row);
OutboxMessage read_outbox_message(const SqlStatement& row);
FailureRecord read_failure(const SqlStatement& row);
WebhookSubscription read_webhook_subscription(const SqlStatement& row);
WebhookDelivery read_webhook_delivery(const SqlStatement& row);
Incident read_incident(const SqlStatement& row);
BufferedEvent read_buffered_event(const SqlStatement& row);
AuditEntry read_audit_entry(const SqlStatement& row);

// For listings that one damaged row must not break (a tenant's case search, the dispatcher's
// outbox, the buffered events): a row whose JSON or status column cannot be read keeps its other
// columns and says why in `unreadable`; the malformed fields stay empty. Commands read with the
// strict decoders above and fail on such a row (Error{Corruption}).
CaseRecord read_case_listing(const SqlStatement& row);
OutboxMessage read_outbox_listing(const SqlStatement& row);
BufferedEvent read_buffered_event_listing(const SqlStatement& row);

// Parses a JSON column that must hold an object; `where` names the row ("tenant_params t/p").
boost::json::object parse_object_column(std::string_view text, std::string_view where, std::string_view column);

// JSON text of a string map (regions, correlation).
std::string json_text(const std::map<std::string, std::string>& map);

// Binds a JSON value as its text, or SQL NULL when the value is null; Error{InvalidArgument}
// naming `column` and the field when it holds a non-finite number (see finite_json_text).
void bind_json_or_null(SqlStatement& statement, int index, const boost::json::value& value, std::string_view column);
// Binds a timestamp, or SQL NULL when absent.
void bind_optional(SqlStatement& statement, int index, const std::optional<Timestamp>& value);

}  // namespace amtsweg::sql_rows
