// The statistics API's queries: grouped counts over covering indexes of cases, tasks and
// case_dimensions (schema step 12), so no query reads a case's row or parses its data.
#include "engine/error.hpp"
#include "engine/store/sqlite/sqlite_errors.hpp"
#include "engine/store/sqlite/sqlite_query_helpers.hpp"
#include "engine/store/sqlite/sqlite_read_queries.hpp"

namespace amtsweg {

using namespace sqlite_queries;

namespace {

// " AND tenant = ? AND process_id = ?" for the filters that are set (the indexes lead with both).
FilteredQuery& scoped(FilteredQuery& query, const StatisticsQuery& scope) {
  if (!scope.tenant.empty()) query.sql(" AND tenant = ?").parameter(scope.tenant);
  if (!scope.process_id.empty()) query.sql(" AND process_id = ?").parameter(scope.process_id);
  return query;
}

std::vector<HourCount> started_by_hour(SqliteConnection& connection, const StatisticsQuery& scope) {
  FilteredQuery query("SELECT created_at / 3600000, COUNT(*) FROM cases WHERE created_at >= ? AND created_at < ?");
  query.parameter(scope.from).parameter(scope.to);
  scoped(query, scope).sql(" GROUP BY 1");
  auto rows = query.prepare(connection);
  return all_rows(rows, [](const SQLite::Statement& row) {
    return HourCount{row.getColumn(0).getInt64(), "", "", row.getColumn(1).getInt64()};
  });
}

std::vector<HourCount> closed_by_hour(SqliteConnection& connection, const StatisticsQuery& scope) {
  FilteredQuery query(
      "SELECT closed_at / 3600000, status, outcome, COUNT(*) FROM cases WHERE closed_at >= ? AND closed_at < ?");
  query.parameter(scope.from).parameter(scope.to);
  scoped(query, scope).sql(" GROUP BY 1, 2, 3");
  auto rows = query.prepare(connection);
  return all_rows(rows, [](const SQLite::Statement& row) {
    return HourCount{row.getColumn(0).getInt64(), row.getColumn(1).getString(), row.getColumn(2).getString(),
                     row.getColumn(3).getInt64()};
  });
}

std::int64_t count_before(SqliteConnection& connection, const StatisticsQuery& scope, std::string_view column) {
  FilteredQuery query("SELECT COUNT(*) FROM cases WHERE " + std::string(column) + " < ?");
  query.parameter(scope.to);
  scoped(query, scope);
  auto rows = query.prepare(connection);
  return first_row(rows, first_column_integer).value_or(0);
}

std::vector<StopCount> stops(SqliteConnection& connection, const StatisticsQuery& scope) {
  FilteredQuery query(
      "SELECT process_id, CASE WHEN closed_at IS NULL THEN state ELSE closed_from END, "
      "CASE WHEN closed_at IS NULL THEN 'stalled' ELSE status END, outcome, COUNT(*) FROM cases "
      "WHERE created_at >= ? AND created_at < ? AND (closed_at IS NOT NULL OR updated_at < ?)");
  query.parameter(scope.from).parameter(scope.to).parameter(scope.stalled_before);
  scoped(query, scope).sql(" GROUP BY 1, 2, 3, 4");
  auto rows = query.prepare(connection);
  return all_rows(rows, [](const SQLite::Statement& row) {
    return StopCount{row.getColumn(0).getString(), row.getColumn(1).getString(), row.getColumn(2).getString(),
                     row.getColumn(3).getString(), row.getColumn(4).getInt64()};
  });
}

std::vector<LeadTimeCount> lead_times(SqliteConnection& connection, const StatisticsQuery& scope) {
  FilteredQuery query(
      "SELECT process_id, outcome, (closed_at - created_at) / 3600000, COUNT(*) FROM cases "
      "WHERE closed_at >= ? AND closed_at < ? AND status = 'completed'");
  query.parameter(scope.from).parameter(scope.to);
  scoped(query, scope).sql(" GROUP BY 1, 2, 3");
  auto rows = query.prepare(connection);
  return all_rows(rows, [](const SQLite::Statement& row) {
    return LeadTimeCount{row.getColumn(0).getString(), row.getColumn(1).getString(), row.getColumn(2).getInt64(),
                         row.getColumn(3).getInt64()};
  });
}

std::vector<OpenTaskCount> open_tasks(SqliteConnection& connection, const StatisticsQuery& scope) {
  FilteredQuery query(
      "SELECT role, COUNT(*), COALESCE(SUM(due_at < ?), 0) FROM tasks WHERE status IN ('open', 'claimed')");
  query.parameter(scope.now);
  scoped(query, scope).sql(" GROUP BY 1");
  auto rows = query.prepare(connection);
  return all_rows(rows, [](const SQLite::Statement& row) {
    return OpenTaskCount{row.getColumn(0).getString(), row.getColumn(1).getInt64(), row.getColumn(2).getInt64()};
  });
}

std::vector<DoneTaskCount> done_tasks(SqliteConnection& connection, const StatisticsQuery& scope) {
  FilteredQuery query(
      "SELECT role, completed_by, (completed_at - created_at) / 3600000, COUNT(*) FROM tasks "
      "WHERE status = 'completed' AND completed_at >= ? AND completed_at < ?");
  query.parameter(scope.from).parameter(scope.to);
  scoped(query, scope).sql(" GROUP BY 1, 2, 3");
  auto rows = query.prepare(connection);
  return all_rows(rows, [](const SQLite::Statement& row) {
    return DoneTaskCount{row.getColumn(0).getString(), row.getColumn(1).getString(), row.getColumn(2).getInt64(),
                         row.getColumn(3).getInt64()};
  });
}

std::vector<DimensionCount> dimensions(SqliteConnection& connection, const StatisticsQuery& scope) {
  FilteredQuery query(
      "SELECT name, value, CASE WHEN closed_at < ? THEN outcome ELSE '' END, COUNT(*), TOTAL(amount) "
      "FROM case_dimensions WHERE created_at >= ? AND created_at < ?");
  query.parameter(scope.to).parameter(scope.from).parameter(scope.to);
  scoped(query, scope).sql(" GROUP BY 1, 2, 3");
  auto rows = query.prepare(connection);
  return all_rows(rows, [](const SQLite::Statement& row) {
    return DimensionCount{row.getColumn(0).getString(), row.getColumn(1).getString(), row.getColumn(2).getString(),
                          row.getColumn(3).getInt64(), row.getColumn(4).getDouble()};
  });
}

}  // namespace

template <class Interface>
StatisticsRows SqliteReadQueries<Interface>::statistics_rows(const StatisticsQuery& query) {
  return with_store_errors("statistics_rows", query.tenant, [&] {
    auto& db = connection();
    StatisticsRows rows;
    rows.started = started_by_hour(db, query);
    rows.closed = closed_by_hour(db, query);
    rows.open_at_to = count_before(db, query, "created_at") - count_before(db, query, "closed_at");
    rows.stops = stops(db, query);
    rows.lead_times = lead_times(db, query);
    rows.open_tasks = open_tasks(db, query);
    rows.done_tasks = done_tasks(db, query);
    rows.dimensions = dimensions(db, query);
    return rows;
  });
}

template StatisticsRows SqliteReadQueries<StoreReader>::statistics_rows(const StatisticsQuery&);
template StatisticsRows SqliteReadQueries<StoreWriter>::statistics_rows(const StatisticsQuery&);

}  // namespace amtsweg
