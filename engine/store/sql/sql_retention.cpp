// Retention in the SQL stores (SQLite schema step 12, PostgreSQL step 2): the closed cases not yet deleted, the
// deletion protocol, and the writes that delete a case's personal data.
#include <boost/json/serialize.hpp>

#include "engine/error.hpp"
#include "engine/model/json_checks.hpp"
#include "engine/store/sql/sql_query_helpers.hpp"
#include "engine/store/sql/sql_read_queries.hpp"
#include "engine/store/sql/sql_rows.hpp"
#include "engine/store/sql/sql_writer.hpp"
#include "engine/store/sql/store_errors.hpp"

namespace amtsweg {

using namespace sql_queries;
using namespace sql_rows;

namespace {

// (json_extract is SQLite's; the PostgreSQL connection translates it, see pg_connection.cpp.)
// A case closes once: a completed case when it arrived in its final state (its first entry to
// it), a cancelled one with the entry that records the outcome "cancelled".
constexpr const char* kCandidates =
    "SELECT c.tenant, c.id, c.process_id, c.process_version, c.outcome, "
    "COALESCE((SELECT MIN(h.at) FROM history h WHERE h.case_id = c.id "
    "AND (json_extract(h.detail, '$.outcome') IS NOT NULL OR (c.status = 'completed' AND h.to_state = c.state))), "
    "c.updated_at) "
    "FROM cases c WHERE c.status IN ('completed', 'cancelled') AND c.id > ? "
    "AND NOT EXISTS (SELECT 1 FROM deletions d WHERE d.case_id = c.id) ORDER BY c.id LIMIT ?";
constexpr const char* kDeletionColumns =
    "id, tenant, case_id, process_id, process_version, outcome, rule, closed_at, due_at, deleted_at, deleted";

RetentionCandidate read_candidate(const SqlStatement& row) {
  return RetentionCandidate{row.getColumn(0).getString(), row.getColumn(1).getString(), row.getColumn(2).getString(),
                            row.getColumn(3).getInt(),    row.getColumn(4).getString(), row.getColumn(5).getInt64()};
}

DeletionRecord read_deletion(const SqlStatement& row) {
  DeletionRecord record;
  record.id = row.getColumn(0).getInt64();
  record.tenant = row.getColumn(1).getString();
  record.case_id = row.getColumn(2).getString();
  record.process_id = row.getColumn(3).getString();
  record.process_version = row.getColumn(4).getInt();
  record.outcome = row.getColumn(5).getString();
  record.rule = row.getColumn(6).getString();
  record.closed_at = row.getColumn(7).getInt64();
  record.due_at = row.getColumn(8).getInt64();
  record.deleted_at = row.getColumn(9).getInt64();
  record.deleted = parse_object_column(row.getColumn(10).getString(), "deletions " + record.case_id, "deleted");
  return record;
}

}  // namespace

template <class Interface>
std::vector<RetentionCandidate> SqlReadQueries<Interface>::retention_candidates(const std::string& after_case_id,
                                                                                int limit) {
  return with_store_errors("retention_candidates", after_case_id, [&] {
    auto query = connection().statement(kCandidates);
    query->bind(1, after_case_id);
    query->bind(2, limit);
    return all_rows(query, read_candidate);
  });
}

template <class Interface>
std::vector<DeletionRecord> SqlReadQueries<Interface>::deletions(const std::string& tenant, std::int64_t after_id,
                                                                 int limit) {
  return with_store_errors("deletions", tenant.empty() ? "*" : tenant, [&] {
    FilteredQuery query(select_from(kDeletionColumns, "FROM deletions WHERE id > ?"));
    query.parameter(after_id);
    if (!tenant.empty()) query.sql(" AND tenant = ?").parameter(tenant);
    query.sql(" ORDER BY id LIMIT ?").parameter(std::int64_t{limit});
    auto rows = query.prepare(connection());
    return all_rows(rows, read_deletion);
  });
}

template std::vector<RetentionCandidate> SqlReadQueries<StoreReader>::retention_candidates(const std::string&, int);
template std::vector<RetentionCandidate> SqlReadQueries<StoreWriter>::retention_candidates(const std::string&, int);
template std::vector<DeletionRecord> SqlReadQueries<StoreReader>::deletions(const std::string&, std::int64_t, int);
template std::vector<DeletionRecord> SqlReadQueries<StoreWriter>::deletions(const std::string&, std::int64_t, int);

void SqlWriter::redact_history_entry(const HistoryEntry& entry) {
  with_store_errors("redact_history_entry", entry.case_id + " #" + std::to_string(entry.seq), [&] {
    auto update =
        connection().statement("UPDATE history SET changes = ?, detail = ?, sealed = ? WHERE case_id = ? AND seq = ?");
    update->bind(1, finite_json_text(entry.changes, "history.changes"));
    update->bind(2, finite_json_text(entry.detail, "history.detail"));
    update->bind(3, finite_json_text(entry.sealed, "history.sealed"));
    update->bind(4, entry.case_id);
    update->bind(5, std::int64_t{entry.seq});
    if (update->exec() != 1)
      throw Error(ErrorKind::NotFound, "store: no history entry " + entry.case_id + " #" + std::to_string(entry.seq));
  });
}

int SqlWriter::delete_documents_of_case(const std::string& tenant, const std::string& case_id) {
  return with_store_errors("delete_documents_of_case", case_id, [&] {
    auto remove = connection().statement("DELETE FROM documents WHERE tenant = ? AND case_id = ?");
    remove->bind(1, tenant);
    remove->bind(2, case_id);
    return remove->exec();
  });
}

int SqlWriter::delete_personal_notes(const std::string& tenant, const std::string& case_id) {
  return with_store_errors("delete_personal_notes", case_id, [&] {
    auto remove = connection().statement("DELETE FROM notes WHERE tenant = ? AND case_id = ? AND personal = 1");
    remove->bind(1, tenant);
    remove->bind(2, case_id);
    return remove->exec();
  });
}

int SqlWriter::clear_buffered_payloads(const std::string& tenant, const std::string& case_id) {
  return with_store_errors("clear_buffered_payloads", case_id, [&] {
    auto update = connection().statement(
        "UPDATE buffered_events SET payload = '{}' WHERE tenant = ? AND case_id = ? AND status = 'delivered' "
        "AND payload <> '{}'");
    update->bind(1, tenant);
    update->bind(2, case_id);
    return update->exec();
  });
}

std::int64_t SqlWriter::insert_deletion(const DeletionRecord& r) {
  return with_store_errors("insert_deletion", r.case_id, [&] {
    auto existing = connection().statement("SELECT 1 FROM deletions WHERE case_id = ?");
    existing->bind(1, r.case_id);
    if (existing->executeStep())
      throw Error(ErrorKind::Conflict, "store: case " + r.case_id + " already has a deletion protocol entry");
    auto insert = connection().statement(
        "INSERT INTO deletions (tenant, case_id, process_id, process_version, outcome, rule, closed_at, due_at, "
        "deleted_at, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    insert->bind(1, r.tenant);
    insert->bind(2, r.case_id);
    insert->bind(3, r.process_id);
    insert->bind(4, r.process_version);
    insert->bind(5, r.outcome);
    insert->bind(6, r.rule);
    insert->bind(7, std::int64_t{r.closed_at});
    insert->bind(8, std::int64_t{r.due_at});
    insert->bind(9, std::int64_t{r.deleted_at});
    insert->bind(10, boost::json::serialize(r.deleted));
    insert->executeStep();
    return insert->getColumn(0).getInt64();
  });
}

}  // namespace amtsweg
