// Every write of the SQLite store. Statements are cached on the writer's connection; the few
// checks the contract asks for (revisions, uniqueness) are done by SQLite within the statement.
#include "engine/store/sqlite/sqlite_writer.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "engine/error.hpp"
#include "engine/model/json_checks.hpp"
#include "engine/store/sqlite/sqlite_errors.hpp"
#include "engine/store/sqlite/sqlite_rows.hpp"

namespace amtsweg {

using sqlite_rows::bind_json_or_null;
using sqlite_rows::bind_optional;
using sqlite_rows::json_text;

SqliteWriter::SqliteWriter(std::unique_ptr<SqliteConnection> connection,
                           std::shared_ptr<const std::atomic<std::int64_t>> size_limit)
    : connection_(std::move(connection)), size_limit_(std::move(size_limit)) {}

void SqliteWriter::run(std::string_view operation, const std::string& sql) {
  with_store_errors(operation, "", [&] { connection_->statement(sql)->exec(); });
}

void SqliteWriter::begin() {
  apply_size_limit();
  run("begin", "BEGIN IMMEDIATE");
}

void SqliteWriter::commit() { run("commit", "COMMIT"); }

void SqliteWriter::rollback() {
  // SQLite may have rolled the whole transaction back itself (I/O error, full disk): then there is
  // nothing left to undo, and ROLLBACK would only fail.
  if (connection_->in_transaction()) run("rollback", "ROLLBACK");
}

void SqliteWriter::savepoint() { run("savepoint", "SAVEPOINT cmd"); }
void SqliteWriter::release_savepoint() { run("release_savepoint", "RELEASE cmd"); }

void SqliteWriter::rollback_to_savepoint() {
  if (!connection_->in_transaction()) {
    // Not just this command is gone: every command of the transaction so far was undone with it.
    throw Error(ErrorKind::Io,
                store_message("rollback_to_savepoint", "", "SQLite rolled back the whole transaction after an error"));
  }
  // ROLLBACK TO undoes the command but keeps the savepoint open; RELEASE then removes it.
  run("rollback_to_savepoint", "ROLLBACK TO cmd");
  run("rollback_to_savepoint", "RELEASE cmd");
}

void SqliteWriter::apply_size_limit() {
  const std::int64_t bytes = size_limit_ ? size_limit_->load() : 0;
  if (bytes == applied_size_limit_) return;
  with_store_errors("size_limit", std::to_string(bytes), [&] {
    if (!unlimited_pages_) unlimited_pages_ = pragma_value("PRAGMA max_page_count");
    const std::int64_t pages =
        bytes == 0 ? *unlimited_pages_ : std::max<std::int64_t>(1, bytes / pragma_value("PRAGMA page_size"));
    // Never below the current size: SQLite keeps the larger of the two.
    connection_->execute("PRAGMA max_page_count = " + std::to_string(pages));
  });
  applied_size_limit_ = bytes;
}

std::int64_t SqliteWriter::pragma_value(const std::string& pragma) {
  auto query = connection_->statement(pragma);
  query->executeStep();
  return query->getColumn(0).getInt64();
}

void SqliteWriter::insert_definition(const StoredDefinition& definition) {
  const std::string subject = definition.process_id + " v" + std::to_string(definition.version);
  with_store_errors("insert_definition", subject, [&] {
    auto insert = connection_->statement(
        "INSERT INTO definitions (process_id, version, title, source, source_name, sha256, deployed_at, "
        "deployed_by, tenant) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert->bind(1, definition.process_id);
    insert->bind(2, definition.version);
    insert->bind(3, definition.title);
    insert->bind(4, definition.source);
    insert->bind(5, definition.source_name);
    insert->bind(6, definition.sha256);
    insert->bind(7, std::int64_t{definition.deployed_at});
    insert->bind(8, definition.deployed_by);
    insert->bind(9, definition.tenant);
    insert->exec();
  });
}

void SqliteWriter::insert_case(const CaseRecord& record) {
  with_store_errors("insert_case", record.id, [&] {
    {
      auto insert = connection_->statement(
          "INSERT INTO cases (id, tenant, process_id, process_version, status, state, regions, data, outcome, "
          "related_key, correlation, created_at, updated_at, revision, history_length, history_head, summary, "
          "closed_at, closed_from) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
          "CASE WHEN ?5 IN ('completed', 'cancelled') THEN ?13 END, ?6)");
      insert->bind(1, record.id);
      insert->bind(2, record.tenant);
      insert->bind(3, record.process_id);
      insert->bind(4, record.process_version);
      insert->bind(5, std::string(to_string(record.status)));
      insert->bind(6, record.state);
      insert->bind(7, json_text(record.regions));
      insert->bind(8, finite_json_text(record.data, "cases.data"));
      insert->bind(9, record.outcome);
      insert->bind(10, record.related_key);
      insert->bind(11, json_text(record.correlation));
      insert->bind(12, std::int64_t{record.created_at});
      insert->bind(13, std::int64_t{record.updated_at});
      insert->bind(14, std::int64_t{record.revision});
      insert->bind(15, std::int64_t{record.history_length});
      insert->bind(16, record.history_head);
      insert->bind(17, record.summary);
      insert->exec();
    }
    replace_correlations(record);
  });
}

void SqliteWriter::update_case(const CaseRecord& record, std::int64_t expected_revision) {
  with_store_errors("update_case", record.id, [&] {
    int changed = 0;
    {
      auto update = connection_->statement(
          "UPDATE cases SET process_version = ?, status = ?, state = ?, regions = ?, data = ?, outcome = ?, "
          "related_key = ?, correlation = ?, updated_at = ?, revision = ?, history_length = ?, history_head = ?, "
          "summary = ?, "
          // When the case closes, the time and the state it leaves (the old row's `state`).
          "closed_at = CASE WHEN ?2 NOT IN ('completed', 'cancelled') THEN NULL "
          "ELSE COALESCE(closed_at, ?9) END, "
          "closed_from = CASE WHEN closed_at IS NULL AND ?2 IN ('completed', 'cancelled') THEN state "
          "ELSE closed_from END WHERE id = ?14 AND tenant = ?15 AND revision = ?16");
      update->bind(1, record.process_version);
      update->bind(2, std::string(to_string(record.status)));
      update->bind(3, record.state);
      update->bind(4, json_text(record.regions));
      update->bind(5, finite_json_text(record.data, "cases.data"));
      update->bind(6, record.outcome);
      update->bind(7, record.related_key);
      update->bind(8, json_text(record.correlation));
      update->bind(9, std::int64_t{record.updated_at});
      update->bind(10, std::int64_t{record.revision});
      update->bind(11, std::int64_t{record.history_length});
      update->bind(12, record.history_head);
      update->bind(13, record.summary);
      update->bind(14, record.id);
      update->bind(15, record.tenant);
      update->bind(16, std::int64_t{expected_revision});
      changed = update->exec();
    }
    if (changed == 0) {
      // Only on failure: look at what is stored to say why.
      auto stored = find_case(record.tenant, record.id);
      const std::string why = stored ? "stored revision is " + std::to_string(stored->revision) + ", expected " +
                                           std::to_string(expected_revision) + " (changed meanwhile)"
                                     : "the case does not exist for tenant " + record.tenant;
      throw Error(ErrorKind::Conflict, store_message("update_case", record.id, why));
    }
    if (record.status == CaseStatus::Completed || record.status == CaseStatus::Cancelled) close_case_dimensions(record);
    replace_correlations(record);
  });
}

void SqliteWriter::replace_case_dimensions(const CaseRecord& record, const std::vector<CaseDimension>& dimensions) {
  with_store_errors("replace_case_dimensions", record.id, [&] {
    boost::json::array names;
    for (const auto& dimension : dimensions) {
      auto upsert = connection_->statement(
          "INSERT INTO case_dimensions (case_id, name, tenant, process_id, created_at, value, amount, closed_at, "
          "outcome) SELECT id, ?2, tenant, process_id, created_at, ?3, ?4, closed_at, outcome FROM cases "
          "WHERE id = ?1 AND true ON CONFLICT (case_id, name) DO UPDATE SET value = excluded.value, "
          "amount = excluded.amount, closed_at = excluded.closed_at, outcome = excluded.outcome "
          "WHERE value <> excluded.value OR amount <> excluded.amount OR closed_at IS NOT excluded.closed_at "
          "OR outcome <> excluded.outcome");
      upsert->bind(1, record.id);
      upsert->bind(2, dimension.name);
      upsert->bind(3, dimension.value);
      upsert->bind(4, dimension.amount);
      upsert->exec();
      names.push_back(boost::json::string(dimension.name));
    }
    auto remove = connection_->statement(
        "DELETE FROM case_dimensions WHERE case_id = ? AND name NOT IN (SELECT value FROM json_each(?))");
    remove->bind(1, record.id);
    remove->bind(2, boost::json::serialize(names));
    remove->exec();
  });
}

void SqliteWriter::close_case_dimensions(const CaseRecord& record) {
  // Every closing command passes here, refreshed dimensions or not (a cancellation runs no
  // definition code): the statistics count a dimension's outcomes from these copies.
  auto close = connection_->statement(
      "UPDATE case_dimensions SET closed_at = (SELECT closed_at FROM cases WHERE id = ?1), outcome = ?2 "
      "WHERE case_id = ?1 AND closed_at IS NULL");
  close->bind(1, record.id);
  close->bind(2, record.outcome);
  close->exec();
}

void SqliteWriter::replace_correlations(const CaseRecord& record) {
  // Most commands leave a case's correlation keys as they were: compare before rewriting, a read
  // of one index range instead of a delete and an insert into the table and its index per key.
  {
    auto stored = connection_->statement("SELECT key, value FROM correlations WHERE case_id = ? ORDER BY key");
    stored->bind(1, record.id);
    auto wanted = record.correlation.begin();  // a std::map: ordered by key, as the rows are
    bool same = true;
    while (same && stored->executeStep()) {
      same = wanted != record.correlation.end() && stored->getColumn(0).getString() == wanted->first &&
             stored->getColumn(1).getString() == wanted->second;
      ++wanted;
    }
    if (same && wanted == record.correlation.end()) return;
  }
  {
    auto remove = connection_->statement("DELETE FROM correlations WHERE case_id = ?");
    remove->bind(1, record.id);
    remove->exec();
  }
  for (const auto& [key, value] : record.correlation) {
    auto insert = connection_->statement("INSERT INTO correlations (case_id, key, tenant, value) VALUES (?, ?, ?, ?)");
    insert->bind(1, record.id);
    insert->bind(2, key);
    insert->bind(3, record.tenant);
    insert->bind(4, value);
    insert->exec();
  }
}

void SqliteWriter::append_history(const HistoryEntry& entry) {
  with_store_errors("append_history", entry.case_id + " #" + std::to_string(entry.seq), [&] {
    auto insert = connection_->statement(
        "INSERT INTO history (case_id, seq, at, actor, event_type, event_id, from_state, to_state, changes, "
        "detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert->bind(1, entry.case_id);
    insert->bind(2, std::int64_t{entry.seq});
    insert->bind(3, std::int64_t{entry.at});
    insert->bind(4, entry.actor);
    insert->bind(5, entry.event_type);
    insert->bind(6, entry.event_id);
    insert->bind(7, entry.from_state);
    insert->bind(8, entry.to_state);
    insert->bind(9, finite_json_text(entry.changes, "history.changes"));
    insert->bind(10, finite_json_text(entry.detail, "history.detail"));
    insert->bind(11, entry.prev_hash);
    insert->bind(12, entry.hash);
    insert->exec();
  });
}

void SqliteWriter::put_task(const TaskRecord& record) {
  with_store_errors("put_task", record.id, [&] {
    if (record.revision < 1) {
      throw Error(
          ErrorKind::InvalidArgument,
          store_message("put_task", record.id, "revision must be 1 or more, not " + std::to_string(record.revision)));
    }
    if (record.revision == 1) {
      auto insert = connection_->statement(
          "INSERT INTO tasks (id, tenant, case_id, process_id, state_path, title, role, assignee, status, "
          "four_eyes, stage, prepared_by, prepared_data, due_at, created_at, updated_at, completed_by, "
          "completed_at, data, form, revision, time_zone) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      insert->bind(1, record.id);
      insert->bind(2, record.tenant);
      insert->bind(3, record.case_id);
      insert->bind(4, record.process_id);
      insert->bind(5, record.state_path);
      insert->bind(6, record.title);
      insert->bind(7, record.role);
      insert->bind(8, record.assignee);
      insert->bind(9, std::string(to_string(record.status)));
      insert->bind(10, record.four_eyes ? 1 : 0);
      insert->bind(11, record.stage);
      insert->bind(12, record.prepared_by);
      bind_json_or_null(*insert, 13, record.prepared_data, "tasks.prepared_data");
      bind_optional(*insert, 14, record.due_at);
      insert->bind(15, std::int64_t{record.created_at});
      insert->bind(16, std::int64_t{record.updated_at});
      insert->bind(17, record.completed_by);
      bind_optional(*insert, 18, record.completed_at);
      bind_json_or_null(*insert, 19, record.data, "tasks.data");
      bind_json_or_null(*insert, 20, record.form, "tasks.form");
      insert->bind(21, std::int64_t{record.revision});
      insert->bind(22, record.time_zone);
      insert->exec();
      return;
    }
    int changed = 0;
    {
      auto update = connection_->statement(
          "UPDATE tasks SET state_path = ?, title = ?, role = ?, assignee = ?, status = ?, four_eyes = ?, "
          "stage = ?, prepared_by = ?, prepared_data = ?, due_at = ?, updated_at = ?, completed_by = ?, "
          "completed_at = ?, data = ?, form = ?, revision = ? WHERE id = ? AND tenant = ? AND revision = ?");
      update->bind(1, record.state_path);
      update->bind(2, record.title);
      update->bind(3, record.role);
      update->bind(4, record.assignee);
      update->bind(5, std::string(to_string(record.status)));
      update->bind(6, record.four_eyes ? 1 : 0);
      update->bind(7, record.stage);
      update->bind(8, record.prepared_by);
      bind_json_or_null(*update, 9, record.prepared_data, "tasks.prepared_data");
      bind_optional(*update, 10, record.due_at);
      update->bind(11, std::int64_t{record.updated_at});
      update->bind(12, record.completed_by);
      bind_optional(*update, 13, record.completed_at);
      bind_json_or_null(*update, 14, record.data, "tasks.data");
      bind_json_or_null(*update, 15, record.form, "tasks.form");
      update->bind(16, std::int64_t{record.revision});
      update->bind(17, record.id);
      update->bind(18, record.tenant);
      update->bind(19, std::int64_t{record.revision - 1});
      changed = update->exec();
    }
    if (changed == 0) {
      auto stored = find_task(record.tenant, record.id);
      const std::string why = stored ? "stored revision is " + std::to_string(stored->revision) + ", expected " +
                                           std::to_string(record.revision - 1) + " (changed meanwhile)"
                                     : "the task does not exist for tenant " + record.tenant;
      throw Error(ErrorKind::Conflict, store_message("put_task", record.id, why));
    }
  });
}

std::int64_t SqliteWriter::insert_timer(const TimerRecord& timer) {
  return with_store_errors("insert_timer", timer.case_id, [&] {
    auto insert = connection_->statement(
        "INSERT INTO timers (tenant, case_id, state_path, idx, due_at, kind, task_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    insert->bind(1, timer.tenant);
    insert->bind(2, timer.case_id);
    insert->bind(3, timer.state_path);
    insert->bind(4, timer.index);
    insert->bind(5, std::int64_t{timer.due_at});
    insert->bind(6, std::string(to_string(timer.kind)));
    insert->bind(7, timer.task_id);
    insert->exec();
    return connection_->database().getLastInsertRowid();
  });
}

void SqliteWriter::delete_timer(std::int64_t timer_id) {
  with_store_errors("delete_timer", std::to_string(timer_id), [&] {
    auto remove = connection_->statement("DELETE FROM timers WHERE id = ?");
    remove->bind(1, timer_id);
    remove->exec();
  });
}

std::int64_t SqliteWriter::insert_outbox(const OutboxMessage& message) {
  return with_store_errors("insert_outbox", message.case_id, [&] {
    auto insert = connection_->statement(
        "INSERT INTO outbox (tenant, case_id, kind, type, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)");
    insert->bind(1, message.tenant);
    insert->bind(2, message.case_id);
    insert->bind(3, message.kind);
    insert->bind(4, message.type);
    insert->bind(5, finite_json_text(message.payload, "outbox.payload"));
    insert->bind(6, std::int64_t{message.created_at});
    insert->exec();
    return connection_->database().getLastInsertRowid();
  });
}

void SqliteWriter::insert_failure(const FailureRecord& failure) {
  with_store_errors("insert_failure", failure.case_id, [&] {
    auto insert =
        connection_->statement("INSERT INTO failures (tenant, case_id, at, command, message) VALUES (?, ?, ?, ?, ?)");
    insert->bind(1, failure.tenant);
    insert->bind(2, failure.case_id);
    insert->bind(3, std::int64_t{failure.at});
    insert->bind(4, failure.command);
    insert->bind(5, failure.message);
    insert->exec();
  });
}

void SqliteWriter::record_event(const std::string& tenant, const std::string& event_id, const std::string& type,
                                const std::string& result_json, Timestamp at) {
  with_store_errors("record_event", event_id, [&] {
    auto insert =
        connection_->statement("INSERT INTO events (tenant, event_id, type, result, at) VALUES (?, ?, ?, ?, ?)");
    insert->bind(1, tenant);
    insert->bind(2, event_id);
    insert->bind(3, type);
    insert->bind(4, result_json);
    insert->bind(5, std::int64_t{at});
    insert->exec();
  });
}

void SqliteWriter::record_start_key(const std::string& tenant, const std::string& process_id, const std::string& key,
                                    const std::string& case_id) {
  with_store_errors("record_start_key", key, [&] {
    auto insert =
        connection_->statement("INSERT INTO start_keys (tenant, process_id, key, case_id) VALUES (?, ?, ?, ?)");
    insert->bind(1, tenant);
    insert->bind(2, process_id);
    insert->bind(3, key);
    insert->bind(4, case_id);
    insert->exec();
  });
}

void SqliteWriter::set_tenant_params(const std::string& tenant, const std::string& process_id,
                                     const boost::json::object& params) {
  with_store_errors("set_tenant_params", tenant + "/" + process_id, [&] {
    auto upsert = connection_->statement(
        "INSERT INTO tenant_params (tenant, process_id, params) VALUES (?, ?, ?) "
        "ON CONFLICT (tenant, process_id) DO UPDATE SET params = excluded.params");
    upsert->bind(1, tenant);
    upsert->bind(2, process_id);
    upsert->bind(3, finite_json_text(params, "tenant_params.params"));
    upsert->exec();
  });
}

void SqliteWriter::insert_token(const ApiToken& token) {
  with_store_errors("insert_token", token.tenant + "/" + token.name, [&] {
    boost::json::array roles;
    for (const auto& role : token.roles) roles.emplace_back(role);
    auto insert = connection_->statement(
        "INSERT INTO api_tokens (hash, tenant, name, roles, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, NULL)");
    insert->bind(1, token.hash);
    insert->bind(2, token.tenant);
    insert->bind(3, token.name);
    insert->bind(4, boost::json::serialize(roles));
    insert->bind(5, std::int64_t{token.created_at});
    insert->exec();
  });
}

bool SqliteWriter::revoke_token(const std::string& tenant, const std::string& name, Timestamp at) {
  return with_store_errors("revoke_token", tenant + "/" + name, [&] {
    auto update = connection_->statement(
        "UPDATE api_tokens SET revoked_at = ? WHERE tenant = ? AND name = ? AND revoked_at IS NULL");
    update->bind(1, std::int64_t{at});
    update->bind(2, tenant);
    update->bind(3, name);
    return update->exec() > 0;
  });
}

}  // namespace amtsweg
