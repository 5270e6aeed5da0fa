// Every write of the SQL stores (SQLite and PostgreSQL): the statements are written once, in the
// SQL both understand; the few checks the contract asks for (revisions, uniqueness) are done by
// the database within the statement.
#include "engine/store/sql/sql_writer.hpp"

#include <boost/json/serialize.hpp>

#include "engine/error.hpp"
#include "engine/model/json_checks.hpp"
#include "engine/store/sql/sql_rows.hpp"
#include "engine/store/sql/sql_statistics_counts.hpp"
#include "engine/store/sql/store_errors.hpp"

namespace amtsweg {

using sql_rows::bind_json_or_null;
using sql_rows::bind_optional;
using sql_rows::json_text;

void SqlWriter::insert_definition(const StoredDefinition& definition) {
  const std::string subject = definition.process_id + " v" + std::to_string(definition.version);
  with_store_errors("insert_definition", subject, [&] {
    auto insert = connection().statement(
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

void SqlWriter::insert_case(const CaseRecord& record) {
  with_store_errors("insert_case", record.id, [&] {
    const CaseCountFacts facts = case_facts(record, std::nullopt);
    {
      auto insert = connection().statement(
          "INSERT INTO cases (id, tenant, process_id, process_version, status, state, regions, data, outcome, "
          "related_key, correlation, created_at, updated_at, revision, history_length, history_head, summary, "
          "closed_at, closed_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
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
      bind_optional(*insert, 18, facts.closed_at);
      insert->bind(19, facts.closed_from);
      insert->exec();
    }
    count_case_change(connection(), record.id, std::nullopt, facts);
    replace_correlations(record);
  });
}

void SqlWriter::update_case(const CaseRecord& record, std::int64_t expected_revision) {
  with_store_errors("update_case", record.id, [&] {
    // The facts the statistics counted the case by, read before they change (a read of the row
    // the update is about to write anyway).
    const auto before = stored_case_facts(connection(), record.id);
    const CaseCountFacts facts = case_facts(record, before);
    int changed = 0;
    {
      auto update = connection().statement(
          "UPDATE cases SET process_version = ?, status = ?, state = ?, regions = ?, data = ?, outcome = ?, "
          "related_key = ?, correlation = ?, updated_at = ?, revision = ?, history_length = ?, history_head = ?, "
          "summary = ?, closed_at = ?, closed_from = ? WHERE id = ? AND tenant = ? AND revision = ?");
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
      bind_optional(*update, 14, facts.closed_at);
      update->bind(15, facts.closed_from);
      update->bind(16, record.id);
      update->bind(17, record.tenant);
      update->bind(18, std::int64_t{expected_revision});
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
    count_case_change(connection(), record.id, before, facts);
    replace_correlations(record);
  });
}

void SqlWriter::replace_case_dimensions(const CaseRecord& record, const std::vector<CaseDimension>& dimensions) {
  with_store_errors("replace_case_dimensions", record.id, [&] {
    const auto facts = stored_case_facts(connection(), record.id);
    if (!facts) throw Error(ErrorKind::NotFound, store_message("replace_case_dimensions", record.id, "no such case"));
    replace_counted_dimensions(connection(), record.id, *facts, dimensions);
  });
}

void SqlWriter::replace_correlations(const CaseRecord& record) {
  // Most commands leave a case's correlation keys as they were: compare before rewriting, a read
  // of one index range instead of a delete and an insert into the table and its index per key.
  {
    auto stored = connection().statement("SELECT key, value FROM correlations WHERE case_id = ? ORDER BY key");
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
    auto remove = connection().statement("DELETE FROM correlations WHERE case_id = ?");
    remove->bind(1, record.id);
    remove->exec();
  }
  for (const auto& [key, value] : record.correlation) {
    auto insert = connection().statement("INSERT INTO correlations (case_id, key, tenant, value) VALUES (?, ?, ?, ?)");
    insert->bind(1, record.id);
    insert->bind(2, key);
    insert->bind(3, record.tenant);
    insert->bind(4, value);
    insert->exec();
  }
}

void SqlWriter::append_history(const HistoryEntry& entry) {
  with_store_errors("append_history", entry.case_id + " #" + std::to_string(entry.seq), [&] {
    auto insert = connection().statement(
        "INSERT INTO history (case_id, seq, at, actor, event_type, event_id, from_state, to_state, changes, "
        "detail, prev_hash, hash, chain_version, sealed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
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
    insert->bind(13, entry.chain_version);
    insert->bind(14, finite_json_text(entry.sealed, "history.sealed"));
    insert->exec();
  });
}

void SqlWriter::put_task(const TaskRecord& record) {
  with_store_errors("put_task", record.id, [&] {
    if (record.revision < 1) {
      throw Error(
          ErrorKind::InvalidArgument,
          store_message("put_task", record.id, "revision must be 1 or more, not " + std::to_string(record.revision)));
    }
    if (record.revision == 1) {
      auto insert = connection().statement(
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
      count_task_change(connection(), std::nullopt, task_facts(record));
      return;
    }
    const auto before = stored_task_facts(connection(), record.id);
    int changed = 0;
    {
      auto update = connection().statement(
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
    count_task_change(connection(), before, task_facts(record));
  });
}

std::int64_t SqlWriter::insert_timer(const TimerRecord& timer) {
  return with_store_errors("insert_timer", timer.case_id, [&] {
    auto insert = connection().statement(
        "INSERT INTO timers (tenant, case_id, state_path, idx, due_at, kind, task_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    insert->bind(1, timer.tenant);
    insert->bind(2, timer.case_id);
    insert->bind(3, timer.state_path);
    insert->bind(4, timer.index);
    insert->bind(5, std::int64_t{timer.due_at});
    insert->bind(6, std::string(to_string(timer.kind)));
    insert->bind(7, timer.task_id);
    // RETURNING: the id the database chose, on either backend.
    insert->executeStep();
    return insert->getColumn(0).getInt64();
  });
}

void SqlWriter::delete_timer(std::int64_t timer_id) {
  with_store_errors("delete_timer", std::to_string(timer_id), [&] {
    auto remove = connection().statement("DELETE FROM timers WHERE id = ?");
    remove->bind(1, timer_id);
    remove->exec();
  });
}

std::int64_t SqlWriter::insert_outbox(const OutboxMessage& message) {
  return with_store_errors("insert_outbox", message.case_id, [&] {
    auto insert = connection().statement(
        "INSERT INTO outbox (tenant, case_id, kind, type, payload, created_at) VALUES (?, ?, ?, ?, ?, ?) "
        "RETURNING id");
    insert->bind(1, message.tenant);
    insert->bind(2, message.case_id);
    insert->bind(3, message.kind);
    insert->bind(4, message.type);
    insert->bind(5, finite_json_text(message.payload, "outbox.payload"));
    insert->bind(6, std::int64_t{message.created_at});
    // RETURNING: the id the database chose, on either backend.
    insert->executeStep();
    return insert->getColumn(0).getInt64();
  });
}

void SqlWriter::insert_failure(const FailureRecord& failure) {
  with_store_errors("insert_failure", failure.case_id, [&] {
    auto insert =
        connection().statement("INSERT INTO failures (tenant, case_id, at, command, message) VALUES (?, ?, ?, ?, ?)");
    insert->bind(1, failure.tenant);
    insert->bind(2, failure.case_id);
    insert->bind(3, std::int64_t{failure.at});
    insert->bind(4, failure.command);
    insert->bind(5, failure.message);
    insert->exec();
  });
}

void SqlWriter::record_event(const std::string& tenant, const std::string& event_id, const std::string& type,
                             const std::string& result_json, Timestamp at) {
  with_store_errors("record_event", event_id, [&] {
    auto insert =
        connection().statement("INSERT INTO events (tenant, event_id, type, result, at) VALUES (?, ?, ?, ?, ?)");
    insert->bind(1, tenant);
    insert->bind(2, event_id);
    insert->bind(3, type);
    insert->bind(4, result_json);
    insert->bind(5, std::int64_t{at});
    insert->exec();
  });
}

void SqlWriter::record_start_key(const std::string& tenant, const std::string& process_id, const std::string& key,
                                 const std::string& case_id) {
  with_store_errors("record_start_key", key, [&] {
    auto insert =
        connection().statement("INSERT INTO start_keys (tenant, process_id, key, case_id) VALUES (?, ?, ?, ?)");
    insert->bind(1, tenant);
    insert->bind(2, process_id);
    insert->bind(3, key);
    insert->bind(4, case_id);
    insert->exec();
  });
}

void SqlWriter::set_tenant_params(const std::string& tenant, const std::string& process_id,
                                  const boost::json::object& params) {
  with_store_errors("set_tenant_params", tenant + "/" + process_id, [&] {
    auto upsert = connection().statement(
        "INSERT INTO tenant_params (tenant, process_id, params) VALUES (?, ?, ?) "
        "ON CONFLICT (tenant, process_id) DO UPDATE SET params = excluded.params");
    upsert->bind(1, tenant);
    upsert->bind(2, process_id);
    upsert->bind(3, finite_json_text(params, "tenant_params.params"));
    upsert->exec();
  });
}

void SqlWriter::insert_token(const ApiToken& token) {
  with_store_errors("insert_token", token.tenant + "/" + token.name, [&] {
    boost::json::array roles;
    for (const auto& role : token.roles) roles.emplace_back(role);
    auto insert = connection().statement(
        "INSERT INTO api_tokens (hash, tenant, name, roles, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, NULL)");
    insert->bind(1, token.hash);
    insert->bind(2, token.tenant);
    insert->bind(3, token.name);
    insert->bind(4, boost::json::serialize(roles));
    insert->bind(5, std::int64_t{token.created_at});
    insert->exec();
  });
}

bool SqlWriter::revoke_token(const std::string& tenant, const std::string& name, Timestamp at) {
  return with_store_errors("revoke_token", tenant + "/" + name, [&] {
    auto update = connection().statement(
        "UPDATE api_tokens SET revoked_at = ? WHERE tenant = ? AND name = ? AND revoked_at IS NULL");
    update->bind(1, std::int64_t{at});
    update->bind(2, tenant);
    update->bind(3, name);
    return update->exec() > 0;
  });
}

}  // namespace amtsweg
