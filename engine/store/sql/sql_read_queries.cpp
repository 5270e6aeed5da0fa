// The read queries of the SQL stores (SQLite, PostgreSQL). Fixed queries are cached per connection by their SQL
// text; the filtered listings (cases, tasks) build their SQL from the filters that are set.
#include "engine/store/sql/sql_read_queries.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <string_view>
#include <variant>

#include "engine/error.hpp"
#include "engine/model/json_parse.hpp"
#include "engine/store/sql/sql_query_helpers.hpp"
#include "engine/store/sql/sql_rows.hpp"
#include "engine/store/sql/sql_task_query.hpp"
#include "engine/store/sql/store_errors.hpp"

namespace amtsweg {

namespace {

using namespace sql_rows;
using namespace sql_queries;

// process_id, state, status, COUNT(*)
StateCount state_count_row(const SqlStatement& row) {
  return StateCount{row.getColumn(0).getString(), row.getColumn(1).getString(), row.getColumn(2).getString(),
                    row.getColumn(3).getInt64()};
}

}  // namespace

template <class Interface>
std::optional<StoredDefinition> SqlReadQueries<Interface>::definition(const std::string& process_id, int version) {
  return with_store_errors("definition", process_id, [&] {
    if (version == 0) {
      static const std::string latest =
          select_from(kDefinitionColumns, "FROM definitions WHERE process_id = ? ORDER BY version DESC LIMIT 1");
      auto query = connection().statement(latest);
      query->bind(1, process_id);
      return first_row(query, read_definition);
    }
    static const std::string exact =
        select_from(kDefinitionColumns, "FROM definitions WHERE process_id = ? AND version = ?");
    auto query = connection().statement(exact);
    query->bind(1, process_id);
    query->bind(2, version);
    return first_row(query, read_definition);
  });
}

template <class Interface>
std::vector<StoredDefinition> SqlReadQueries<Interface>::definitions() {
  return with_store_errors("definitions", "", [&] {
    static const std::string sql = select_from(kDefinitionColumns, "FROM definitions ORDER BY process_id, version");
    auto query = connection().statement(sql);
    return all_rows(query, read_definition);
  });
}

template <class Interface>
std::optional<CaseRecord> SqlReadQueries<Interface>::find_case(const std::string& tenant, const std::string& case_id) {
  return with_store_errors("find_case", case_id, [&] {
    static const std::string sql = select_from(kCaseColumns, "FROM cases WHERE id = ? AND tenant = ?");
    auto query = connection().statement(sql);
    query->bind(1, case_id);
    query->bind(2, tenant);
    return first_row(query, read_case);
  });
}

template <class Interface>
std::optional<CaseRecord> SqlReadQueries<Interface>::find_case_any_tenant(const std::string& case_id) {
  return with_store_errors("find_case_any_tenant", case_id, [&] {
    static const std::string sql = select_from(kCaseColumns, "FROM cases WHERE id = ?");
    auto query = connection().statement(sql);
    query->bind(1, case_id);
    return first_row(query, read_case);
  });
}

template <class Interface>
std::vector<CaseRecord> SqlReadQueries<Interface>::cases(const CaseQuery& filter) {
  return with_store_errors("cases", filter.tenant, [&] {
    FilteredQuery query(select_from(kCaseColumns, "FROM cases WHERE tenant = ?"));
    query.parameter(filter.tenant);
    if (!filter.process_id.empty()) query.sql(" AND process_id = ?").parameter(filter.process_id);
    if (!filter.state.empty()) query.sql(" AND state = ?").parameter(filter.state);
    if (filter.status) query.sql(" AND status = ?").parameter(std::string(to_string(*filter.status)));
    if (!filter.after_id.empty()) query.sql(" AND id > ?").parameter(filter.after_id);
    query.sql(" ORDER BY id LIMIT ?").parameter(std::int64_t{filter.limit});
    auto rows = query.prepare(connection());
    return all_rows(rows, read_case_listing);
  });
}

template <class Interface>
std::vector<CaseRecord> SqlReadQueries<Interface>::related_cases(const std::string& tenant,
                                                                 const std::string& process_id,
                                                                 const std::string& related_key,
                                                                 const std::string& exclude_case_id) {
  return with_store_errors("related_cases", related_key, [&] {
    if (related_key.empty()) return std::vector<CaseRecord>{};
    static const std::string sql = select_from(
        kCaseColumns,
        "FROM cases WHERE tenant = ? AND process_id = ? AND related_key = ? AND id <> ? ORDER BY created_at, id");
    auto query = connection().statement(sql);
    query->bind(1, tenant);
    query->bind(2, process_id);
    query->bind(3, related_key);
    query->bind(4, exclude_case_id);
    return all_rows(query, read_case);
  });
}

namespace {

// Case ids of the tenant whose correlation key has the value, among cases with a status in the
// SQL list `statuses`.
std::vector<std::string> correlated_cases(SqlConnection& connection, const std::string& tenant, const std::string& key,
                                          const std::string& value, const char* statuses) {
  auto query = connection.statement(
      std::string("SELECT correlations.case_id FROM correlations JOIN cases ON cases.id = correlations.case_id "
                  "WHERE correlations.tenant = ? AND correlations.key = ? AND correlations.value = ? "
                  "AND cases.status IN ") +
      statuses + " ORDER BY correlations.case_id");
  query->bind(1, tenant);
  query->bind(2, key);
  query->bind(3, value);
  return all_rows(query, first_column_text);
}

}  // namespace

template <class Interface>
std::vector<std::string> SqlReadQueries<Interface>::cases_by_correlation(const std::string& tenant,
                                                                         const std::string& key,
                                                                         const std::string& value) {
  return with_store_errors("cases_by_correlation", key, [&] {
    return correlated_cases(connection(), tenant, key, value, "('active', 'suspended')");
  });
}

template <class Interface>
std::vector<std::string> SqlReadQueries<Interface>::closed_cases_by_correlation(const std::string& tenant,
                                                                                const std::string& key,
                                                                                const std::string& value) {
  return with_store_errors("closed_cases_by_correlation", key, [&] {
    return correlated_cases(connection(), tenant, key, value, "('completed', 'cancelled')");
  });
}

template <class Interface>
std::vector<StateCount> SqlReadQueries<Interface>::state_counts(const std::string& tenant,
                                                                const std::string& process_id) {
  return with_store_errors("state_counts", tenant, [&] {
    FilteredQuery query("SELECT process_id, state, status, COUNT(*) FROM cases WHERE tenant = ?");
    query.parameter(tenant);
    if (!process_id.empty()) query.sql(" AND process_id = ?").parameter(process_id);
    query.sql(" GROUP BY process_id, state, status ORDER BY process_id, state, status");
    auto rows = query.prepare(connection());
    return all_rows(rows, state_count_row);
  });
}

template <class Interface>
std::vector<StateCount> SqlReadQueries<Interface>::state_counts_all() {
  return with_store_errors("state_counts_all", "", [&] {
    auto rows = connection().statement(
        "SELECT process_id, state, status, COUNT(*) FROM cases GROUP BY process_id, state, status "
        "ORDER BY process_id, state, status");
    return all_rows(rows, state_count_row);
  });
}

template <class Interface>
std::vector<std::string> SqlReadQueries<Interface>::all_case_ids() {
  return with_store_errors("all_case_ids", "", [&] {
    auto query = connection().statement("SELECT id FROM cases ORDER BY id");
    return all_rows(query, first_column_text);
  });
}

template <class Interface>
std::vector<HistoryEntry> SqlReadQueries<Interface>::history(const std::string& case_id) {
  return with_store_errors("history", case_id, [&] {
    static const std::string sql = select_from(kHistoryColumns, "FROM history WHERE case_id = ? ORDER BY seq");
    auto query = connection().statement(sql);
    query->bind(1, case_id);
    return all_rows(query, read_history_entry);
  });
}

template <class Interface>
std::optional<TaskRecord> SqlReadQueries<Interface>::find_task(const std::string& tenant, const std::string& task_id) {
  return with_store_errors("find_task", task_id, [&] {
    static const std::string sql = select_from(kTaskColumns, "FROM tasks WHERE id = ? AND tenant = ?");
    auto query = connection().statement(sql);
    query->bind(1, task_id);
    query->bind(2, tenant);
    return first_row(query, read_task);
  });
}

template <class Interface>
std::vector<TaskRecord> SqlReadQueries<Interface>::tasks(const TaskQuery& filter) {
  return with_store_errors("tasks", filter.tenant, [&] {
    // Keyset pagination: the cursor task's own sort key says where the next page starts, so a
    // page never repeats or skips a task, however many pages came before.
    auto rows = task_listing_query(filter, task_cursor(connection(), filter)).prepare(connection());
    auto tasks = all_rows(rows, read_task);
    attach_case_summaries(connection(), filter.tenant, tasks);
    return tasks;
  });
}

template <class Interface>
std::vector<TaskRecord> SqlReadQueries<Interface>::tasks_of_case(const std::string& case_id) {
  return with_store_errors("tasks_of_case", case_id, [&] {
    static const std::string sql = select_from(kTaskColumns, "FROM tasks WHERE case_id = ? ORDER BY created_at, id");
    auto query = connection().statement(sql);
    query->bind(1, case_id);
    return all_rows(query, read_task);
  });
}

template <class Interface>
std::vector<TimerRecord> SqlReadQueries<Interface>::timers_of_case(const std::string& case_id) {
  return with_store_errors("timers_of_case", case_id, [&] {
    static const std::string sql = select_from(kTimerColumns, "FROM timers WHERE case_id = ? ORDER BY id");
    auto query = connection().statement(sql);
    query->bind(1, case_id);
    return all_rows(query, read_timer);
  });
}

template <class Interface>
std::vector<TimerRecord> SqlReadQueries<Interface>::due_timers(Timestamp now, int limit) {
  return with_store_errors("due_timers", "", [&] {
    static const std::string sql =
        // A case with an open incident is held: its timers wait for the incident's retry.
        select_from(kTimerColumns,
                    "FROM timers WHERE due_at <= ? AND NOT EXISTS (SELECT 1 FROM incidents "
                    "WHERE incidents.case_id = timers.case_id AND incidents.status = 'open') "
                    "ORDER BY due_at, id LIMIT ?");
    auto query = connection().statement(sql);
    query->bind(1, std::int64_t{now});
    query->bind(2, limit);
    return all_rows(query, read_timer);
  });
}

template <class Interface>
std::vector<OutboxMessage> SqlReadQueries<Interface>::outbox_of_case(const std::string& case_id) {
  return with_store_errors("outbox_of_case", case_id, [&] {
    static const std::string sql = select_from(kOutboxColumns, "FROM outbox WHERE case_id = ? ORDER BY id");
    auto query = connection().statement(sql);
    query->bind(1, case_id);
    return all_rows(query, read_outbox_listing);
  });
}

template <class Interface>
std::vector<FailureRecord> SqlReadQueries<Interface>::failures_of_case(const std::string& case_id) {
  return with_store_errors("failures_of_case", case_id, [&] {
    static const std::string sql = select_from(kFailureColumns, "FROM failures WHERE case_id = ? ORDER BY id");
    auto query = connection().statement(sql);
    query->bind(1, case_id);
    return all_rows(query, read_failure);
  });
}

template <class Interface>
std::optional<std::string> SqlReadQueries<Interface>::processed_event(const std::string& tenant,
                                                                      const std::string& event_id) {
  return with_store_errors("processed_event", event_id, [&] {
    auto query = connection().statement("SELECT result FROM events WHERE tenant = ? AND event_id = ?");
    query->bind(1, tenant);
    query->bind(2, event_id);
    return first_row(query, first_column_text);
  });
}

template <class Interface>
std::optional<std::string> SqlReadQueries<Interface>::case_for_start_key(const std::string& tenant,
                                                                         const std::string& process_id,
                                                                         const std::string& key) {
  return with_store_errors("case_for_start_key", key, [&] {
    auto query =
        connection().statement("SELECT case_id FROM start_keys WHERE tenant = ? AND process_id = ? AND key = ?");
    query->bind(1, tenant);
    query->bind(2, process_id);
    query->bind(3, key);
    return first_row(query, first_column_text);
  });
}

template <class Interface>
boost::json::object SqlReadQueries<Interface>::tenant_params(const std::string& tenant, const std::string& process_id) {
  return with_store_errors("tenant_params", tenant, [&] {
    auto query = connection().statement("SELECT params FROM tenant_params WHERE tenant = ? AND process_id = ?");
    query->bind(1, tenant);
    query->bind(2, process_id);
    auto text = first_row(query, first_column_text);
    if (!text) return boost::json::object{};
    return parse_object_column(*text, "tenant_params " + tenant + "/" + process_id, "params");
  });
}

namespace {

ApiToken read_token(const SqlStatement& row) {
  ApiToken token;
  token.hash = row.getColumn(0).getString();
  token.tenant = row.getColumn(1).getString();
  token.name = row.getColumn(2).getString();
  const auto roles = parse_json(row.getColumn(3).getString());
  for (const auto& role : roles.as_array()) token.roles.emplace_back(role.as_string());
  token.created_at = row.getColumn(4).getInt64();
  if (!row.getColumn(5).isNull()) token.revoked_at = row.getColumn(5).getInt64();
  return token;
}

constexpr const char* kTokenColumns = "SELECT hash, tenant, name, roles, created_at, revoked_at FROM api_tokens ";

}  // namespace

template <class Interface>
std::optional<ApiToken> SqlReadQueries<Interface>::find_token(const std::string& hash) {
  return with_store_errors("find_token", "", [&]() -> std::optional<ApiToken> {
    auto query = connection().statement(std::string(kTokenColumns) + "WHERE hash = ?");
    query->bind(1, hash);
    return first_row(query, read_token);
  });
}

template <class Interface>
std::vector<ApiToken> SqlReadQueries<Interface>::tokens(const std::string& tenant) {
  return with_store_errors("tokens", tenant, [&] {
    auto query = connection().statement(std::string(kTokenColumns) + "WHERE tenant = ? ORDER BY name, created_at");
    query->bind(1, tenant);
    return all_rows(query, read_token);
  });
}

template class SqlReadQueries<StoreReader>;
template class SqlReadQueries<StoreWriter>;

}  // namespace amtsweg
