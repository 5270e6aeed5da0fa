// Field-by-field JSON of each record type.
#include "engine/model/record_json.hpp"

#include <boost/json.hpp>

#include "engine/calendar/local_time.hpp"

namespace amtsweg {

namespace json = boost::json;

namespace {
json::value time_or_null(const std::optional<Timestamp>& t) {
  return t ? json::value(format_timestamp(*t)) : json::value(nullptr);
}
}  // namespace

json::object to_json(const CaseRecord& r) {
  json::object regions;
  for (const auto& [region, state] : r.regions) regions[region] = state;
  json::object correlation;
  for (const auto& [key, value] : r.correlation) correlation[key] = value;
  json::object view{{"id", r.id},
                    {"tenant", r.tenant},
                    {"process", r.process_id},
                    {"version", r.process_version},
                    {"status", to_string(r.status)},
                    {"state", r.state},
                    {"regions", regions},
                    {"outcome", r.outcome.empty() ? json::value(nullptr) : json::value(r.outcome)},
                    {"data", r.data},
                    {"correlation", correlation},
                    {"related_key", r.related_key},
                    {"created_at", format_timestamp(r.created_at)},
                    {"updated_at", format_timestamp(r.updated_at)},
                    {"revision", r.revision},
                    {"history_length", r.history_length},
                    {"summary", r.summary}};
  // A listed case whose stored row cannot be read: shown with why, so it is not silently missing.
  if (!r.unreadable.empty()) view["unreadable"] = r.unreadable;
  return view;
}

json::object to_json(const TaskRecord& t, Timestamp now) {
  const bool open = t.status == TaskStatus::Open || t.status == TaskStatus::Claimed;
  const TimeZone zone = TimeZone::named(t.time_zone).value_or(TimeZone::berlin());
  return {{"id", t.id},
          {"case_id", t.case_id},
          {"process", t.process_id},
          {"state", t.state_path},
          {"title", t.title},
          {"role", t.role},
          {"assignee", t.assignee.empty() ? json::value(nullptr) : json::value(t.assignee)},
          {"status", to_string(t.status)},
          {"four_eyes", t.four_eyes},
          {"stage", t.four_eyes ? json::value(t.stage == 1 ? "prepare" : "approve") : json::value(nullptr)},
          {"prepared_by", t.prepared_by.empty() ? json::value(nullptr) : json::value(t.prepared_by)},
          // What the preparer decided, for the approver to check (four eyes, stage "approve").
          {"prepared_data", t.prepared_by.empty() ? json::value(nullptr) : t.prepared_data},
          {"due_at", time_or_null(t.due_at)},
          {"due_local", t.due_at ? json::value(format_local_timestamp(*t.due_at, zone)) : json::value(nullptr)},
          {"overdue", open && t.due_at && *t.due_at < now},
          {"created_at", format_timestamp(t.created_at)},
          {"completed_by", t.completed_by.empty() ? json::value(nullptr) : json::value(t.completed_by)},
          {"completed_at", time_or_null(t.completed_at)},
          {"data", t.data},
          {"form", t.form},
          {"revision", t.revision}};
}

json::object to_json(const TimerRecord& t) {
  return {{"id", t.id},
          {"case_id", t.case_id},
          {"kind", to_string(t.kind)},
          {"state", t.state_path},
          {"index", t.index},
          {"task_id", t.task_id.empty() ? json::value(nullptr) : json::value(t.task_id)},
          {"due_at", format_timestamp(t.due_at)}};
}

json::object to_json(const HistoryEntry& e) {
  return {{"seq", e.seq},           {"at", format_timestamp(e.at)},
          {"actor", e.actor},       {"event", e.event_type},
          {"event_id", e.event_id}, {"from", e.from_state},
          {"to", e.to_state},       {"changes", e.changes},
          {"detail", e.detail},     {"chain_version", e.chain_version},
          {"sealed", e.sealed},     {"prev_hash", e.prev_hash},
          {"hash", e.hash}};
}

json::object to_json(const DeletionRecord& d) {
  return {{"id", d.id},
          {"case_id", d.case_id},
          {"process", d.process_id},
          {"version", d.process_version},
          {"outcome", d.outcome},
          {"rule", d.rule},
          {"closed_at", format_timestamp(d.closed_at)},
          {"due_at", format_timestamp(d.due_at)},
          {"deleted_at", format_timestamp(d.deleted_at)},
          {"deleted", d.deleted}};
}

json::object to_json(const OutboxMessage& m) {
  json::object view{{"id", m.id},     {"case_id", m.case_id}, {"kind", m.kind},
                    {"type", m.type}, {"payload", m.payload}, {"created_at", format_timestamp(m.created_at)}};
  if (!m.unreadable.empty()) view["unreadable"] = m.unreadable;
  return view;
}

json::object to_json(const FailureRecord& f) {
  return {{"id", f.id},
          {"case_id", f.case_id},
          {"at", format_timestamp(f.at)},
          {"command", f.command},
          {"message", f.message}};
}

json::object to_json(const StoredDefinition& d) {
  return {{"process", d.process_id},      {"version", d.version},      {"title", d.title},
          {"source_name", d.source_name}, {"sha256", d.sha256},        {"deployed_at", format_timestamp(d.deployed_at)},
          {"deployed_by", d.deployed_by}, {"shared", d.tenant.empty()}};
}

json::object to_json(const ApiToken& token) {
  json::array roles;
  for (const auto& role : token.roles) roles.push_back(json::string(role));
  return {{"tenant", token.tenant},
          {"name", token.name},
          {"roles", std::move(roles)},
          {"created_at", format_timestamp(token.created_at)},
          {"revoked_at", token.revoked_at ? json::value(format_timestamp(*token.revoked_at)) : json::value(nullptr)}};
}

json::object to_json(const CaseDocument& d) {
  return {{"id", d.id},
          {"case_id", d.case_id},
          {"name", d.name},
          {"kind", d.kind.empty() ? json::value(nullptr) : json::value(d.kind)},
          {"content_type", d.content_type},
          {"size", d.size},
          {"sha256", d.sha256},
          {"added_by", d.added_by},
          {"added_at", format_timestamp(d.added_at)}};
}

json::object to_json(const CaseNote& n) {
  return {{"id", n.id},     {"case_id", n.case_id},   {"author", n.author},
          {"text", n.text}, {"personal", n.personal}, {"created_at", format_timestamp(n.created_at)}};
}

}  // namespace amtsweg
