// Retention of personal data: which closed cases are due, and the command that deletes one
// case's personal data, leaves "retention.deleted" in its history and a line in the protocol.
#include <algorithm>
#include <map>

#include "engine/runtime/case_file.hpp"
#include "engine/runtime/engine.hpp"
#include "engine/runtime/engine_impl.hpp"
#include "engine/runtime/history_chain.hpp"
#include "engine/runtime/personal_values.hpp"
#include "engine/runtime/retention_rules.hpp"

namespace amtsweg {

namespace {

// Removes the personal fields of the case's tasks' data, and replaces each title rendered from
// the case data by its template's text; returns how many values it removed or replaced.
int delete_task_values(StoreWriter& w, const ProcessDefinition& def, const std::string& case_id, Timestamp now) {
  int deleted = 0;
  for (TaskRecord task : w.tasks_of_case(case_id)) {
    const StateDef* state = def.find_state_path(task.state_path);
    if (!state || !state->task) continue;
    const auto& fields = state->task->form.personal_fields;
    int removed = remove_personal_values(task.data, fields) + remove_personal_values(task.prepared_data, fields);
    if (task.title != state->task->title) {
      task.title = state->task->title;
      ++removed;
    }
    if (removed == 0) continue;
    task.revision += 1;
    task.updated_at = now;
    w.put_task(task);
    deleted += removed;
  }
  return deleted;
}

// Deletes the sealed personal values of the case's history; entries of chain version 1 keep
// theirs (their hash covers the values) and are counted.
std::pair<int, int> delete_history_values(StoreWriter& w, const ProcessDefinition& def, const std::string& case_id) {
  int deleted = 0, kept_v1 = 0;
  for (HistoryEntry entry : w.history(case_id)) {
    if (entry.chain_version < 2) {
      if (!personal_pointers_in_changes(entry.changes, def.form.personal_fields).empty()) ++kept_v1;
      continue;
    }
    if (const int removed = delete_personal_values(entry); removed > 0) {
      w.redact_history_entry(entry);
      deleted += removed;
    }
  }
  return {deleted, kept_v1};
}

}  // namespace

std::vector<RetentionItem> Engine::retention_plan(std::optional<Timestamp> until) {
  auto reader = impl_->store.open_reader();
  std::map<std::pair<std::string, std::string>, json::object> tenant_params;  // (tenant, process) -> overrides
  std::vector<RetentionItem> items;
  std::string after;
  for (;;) {
    const auto candidates = reader->retention_candidates(after, 500);
    if (candidates.empty()) break;
    after = candidates.back().case_id;
    for (const auto& candidate : candidates) {
      const auto def = impl_->definitions.get(*reader, candidate.process_id, candidate.process_version);
      const auto key = std::pair(candidate.tenant, candidate.process_id);
      if (!tenant_params.count(key)) tenant_params[key] = reader->tenant_params(candidate.tenant, candidate.process_id);
      const auto rule = retention_rule_for(*def, tenant_params[key], candidate.outcome);
      if (!rule) continue;
      const Timestamp due = add_retention_period(candidate.closed_at, rule->period);
      if (until && due > *until) continue;
      items.push_back(RetentionItem{candidate, describe(*rule), due, def->form.personal_fields});
    }
  }
  std::sort(items.begin(), items.end(), [](const RetentionItem& a, const RetentionItem& b) {
    return std::pair(a.due_at, a.candidate.case_id) < std::pair(b.due_at, b.candidate.case_id);
  });
  return items;
}

DeletionRecord Engine::Impl::delete_personal_data(StoreWriter& w, const RetentionItem& item, Timestamp now) {
  const RetentionCandidate& c = item.candidate;
  CaseRecord record = load_case(w, c.tenant, c.case_id);
  if (!engine_detail::closed(record)) throw Error(ErrorKind::Conflict, "case " + c.case_id + " is no longer closed");
  const auto def = definitions.get(w, record.process_id, record.process_version);
  json::object deleted;
  json::value data = record.data;
  deleted["data_fields"] = remove_personal_values(data, def->form.personal_fields);
  record.data = data.as_object();
  record.summary.clear();  // rendered from the data, it may name the applicant
  deleted["task_values"] = delete_task_values(w, *def, c.case_id, now);
  const auto [history_values, kept_v1] = delete_history_values(w, *def, c.case_id);
  deleted["history_values"] = history_values;
  if (kept_v1 > 0) deleted["history_entries_before_chain_version_2"] = kept_v1;
  json::array documents;
  for (const auto& document : w.documents_of_case(c.tenant, c.case_id)) documents.push_back(json::value(document.id));
  w.delete_documents_of_case(c.tenant, c.case_id);
  deleted["documents"] = documents;
  deleted["notes"] = w.delete_personal_notes(c.tenant, c.case_id);
  deleted["buffered_events"] = w.clear_buffered_payloads(c.tenant, c.case_id);
  json::array fields;
  for (const auto& field : def->form.personal_fields) fields.push_back(json::value(field));
  deleted["fields"] = std::move(fields);

  HistoryEntry entry;
  entry.case_id = record.id;
  entry.seq = record.history_length + 1;
  entry.at = now;
  entry.actor = "retention";
  entry.event_type = kRetentionDeleted;
  entry.from_state = entry.to_state = record.state;
  entry.detail = deleted;
  entry.detail["rule"] = item.rule;
  entry.detail["message"] = "personal data deleted under retention rule " + item.rule;
  seal_history_entry(entry, record.history_head);
  record.history_head = entry.hash;
  record.history_length = entry.seq;
  record.updated_at = now;
  CaseChanges changes;
  changes.loaded_revision = record.revision;
  changes.history.push_back(std::move(entry));
  apply_case_changes(w, record, changes);

  DeletionRecord protocol{0,         c.tenant,    c.case_id,   c.process_id, c.process_version, c.outcome,
                          item.rule, c.closed_at, item.due_at, now,          std::move(deleted)};
  protocol.id = w.insert_deletion(protocol);
  return protocol;
}

RetentionReport Engine::apply_retention(int limit) {
  const Timestamp now = impl_->clock.now();
  RetentionReport report;
  const auto due = retention_plan(now);
  for (std::size_t i = 0; i < due.size() && static_cast<int>(i) < limit; ++i) {
    const RetentionItem& item = due[i];
    try {
      report.deleted.push_back(
          impl_->writer.run([&](StoreWriter& w) { return impl_->delete_personal_data(w, item, now); }));
    } catch (const std::exception& e) {
      // Rolled back whole; the case stays due and the next run tries again.
      report.failures.push_back(item.candidate.case_id + ": " + e.what());
    }
  }
  return report;
}

std::vector<DeletionRecord> Engine::deletions(const std::string& tenant, std::int64_t after_id, int limit) {
  if (limit < 1 || limit > 1000) throw Error(ErrorKind::InvalidArgument, "limit must be between 1 and 1000");
  return impl_->store.open_reader()->deletions(tenant, after_id, limit);
}

}  // namespace amtsweg
