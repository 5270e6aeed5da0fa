// The statistics API's queries: sums over stats_counts, the aggregates the writer keeps
// (sql_statistics_counts.hpp), plus two small exact reads of the boundary hour or day that the
// aggregates cannot split (stalled cases, overdue tasks).
#include "engine/error.hpp"
#include "engine/store/sql/sql_query_helpers.hpp"
#include "engine/store/sql/sql_read_queries.hpp"
#include "engine/store/sql/sql_statistics_counts.hpp"
#include "engine/store/sql/store_errors.hpp"

namespace amtsweg {

using namespace sql_queries;

namespace {

// " AND tenant = ? AND process_id = ?" for the filters that are set.
FilteredQuery& scoped(FilteredQuery& query, const StatisticsQuery& scope) {
  if (!scope.tenant.empty()) query.sql(" AND tenant = ?").parameter(scope.tenant);
  if (!scope.process_id.empty()) query.sql(" AND process_id = ?").parameter(scope.process_id);
  return query;
}

std::int64_t hour_of(Timestamp at) { return at / kHour; }

std::vector<HourCount> started_by_hour(SqlConnection& connection, const StatisticsQuery& scope) {
  FilteredQuery query(
      "SELECT hour, CAST(SUM(n) AS BIGINT) FROM stats_counts WHERE kind = 'started' AND hour >= ? "
      "AND hour < ?");
  query.parameter(hour_of(scope.from)).parameter(hour_of(scope.to));
  scoped(query, scope).sql(" GROUP BY hour HAVING SUM(n) <> 0");
  auto rows = query.prepare(connection);
  return all_rows(rows, [](const SqlStatement& row) {
    return HourCount{row.getColumn(0).getInt64(), "", "", row.getColumn(1).getInt64()};
  });
}

std::vector<HourCount> closed_by_hour(SqlConnection& connection, const StatisticsQuery& scope) {
  FilteredQuery query(
      "SELECT hour, status, outcome, CAST(SUM(n) AS BIGINT) FROM stats_counts WHERE kind = 'closed' AND hour >= ? "
      "AND hour < ?");
  query.parameter(hour_of(scope.from)).parameter(hour_of(scope.to));
  scoped(query, scope).sql(" GROUP BY hour, status, outcome HAVING SUM(n) <> 0");
  auto rows = query.prepare(connection);
  return all_rows(rows, [](const SqlStatement& row) {
    return HourCount{row.getColumn(0).getInt64(), row.getColumn(1).getString(), row.getColumn(2).getString(),
                     row.getColumn(3).getInt64()};
  });
}

std::int64_t sum_of(SqlConnection& connection, FilteredQuery& query, const StatisticsQuery& scope) {
  scoped(query, scope);
  auto rows = query.prepare(connection);
  return first_row(rows, first_column_integer).value_or(0);
}

// Open at `to`: open now, less those started since, plus those closed since (which were open then
// if they started before; a case that started and closed since counts in both and cancels).
std::int64_t open_at_to(SqlConnection& connection, const StatisticsQuery& scope) {
  FilteredQuery open("SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM stats_counts WHERE kind = 'open'");
  FilteredQuery started(
      "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM stats_counts WHERE kind = 'started' AND hour >= ?");
  started.parameter(hour_of(scope.to));
  FilteredQuery closed(
      "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM stats_counts WHERE kind = 'closed' AND hour >= ?");
  closed.parameter(hour_of(scope.to));
  return sum_of(connection, open, scope) - sum_of(connection, started, scope) + sum_of(connection, closed, scope);
}

void add_stop(std::vector<StopCount>& stops, StopCount stop) {
  for (auto& known : stops)
    if (known.process_id == stop.process_id && known.state == stop.state && known.status == stop.status &&
        known.outcome == stop.outcome) {
      known.count += stop.count;
      return;
    }
  stops.push_back(std::move(stop));
}

std::vector<StopCount> stops(SqlConnection& connection, const StatisticsQuery& scope) {
  std::vector<StopCount> result;
  auto add_rows = [&](FilteredQuery& query) {
    auto rows = query.prepare(connection);
    while (rows->executeStep())
      add_stop(result, {rows->getColumn(0).getString(), rows->getColumn(1).getString(), rows->getColumn(2).getString(),
                        rows->getColumn(3).getString(), rows->getColumn(4).getInt64()});
  };
  FilteredQuery closed(
      "SELECT process_id, state, status, outcome, CAST(SUM(n) AS BIGINT) FROM stats_counts WHERE kind = 'stop' "
      "AND hour >= ? AND hour < ?");
  closed.parameter(hour_of(scope.from)).parameter(hour_of(scope.to));
  scoped(closed, scope).sql(" GROUP BY process_id, state, status, outcome HAVING SUM(n) <> 0");
  add_rows(closed);
  // Stalled: open and unchanged since before stalled_before. Whole days before its day come
  // from the counts; the part of its day up to it from the open cases themselves.
  const std::int64_t day = stats_day(scope.stalled_before);
  FilteredQuery stalled(
      "SELECT process_id, state, 'stalled', '', CAST(SUM(n) AS BIGINT) FROM stats_counts WHERE kind = 'open' "
      "AND hour >= ? AND hour < ? AND since < ?");
  stalled.parameter(hour_of(scope.from)).parameter(hour_of(scope.to)).parameter(day);
  scoped(stalled, scope).sql(" GROUP BY process_id, state HAVING SUM(n) <> 0");
  add_rows(stalled);
  FilteredQuery boundary(
      "SELECT process_id, state, 'stalled', '', COUNT(*) FROM cases WHERE closed_at IS NULL AND updated_at >= ? "
      "AND updated_at < ? AND created_at >= ? AND created_at < ?");
  boundary.parameter(day * kHour).parameter(scope.stalled_before).parameter(scope.from).parameter(scope.to);
  scoped(boundary, scope).sql(" GROUP BY process_id, state");
  add_rows(boundary);
  return result;
}

std::vector<LeadTimeCount> lead_times(SqlConnection& connection, const StatisticsQuery& scope) {
  FilteredQuery query(
      "SELECT process_id, outcome, bucket, CAST(SUM(n) AS BIGINT) FROM stats_counts WHERE kind = 'lead' "
      "AND hour >= ? AND hour < ?");
  query.parameter(hour_of(scope.from)).parameter(hour_of(scope.to));
  scoped(query, scope).sql(" GROUP BY process_id, outcome, bucket HAVING SUM(n) <> 0");
  auto rows = query.prepare(connection);
  return all_rows(rows, [](const SqlStatement& row) {
    return LeadTimeCount{row.getColumn(0).getString(), row.getColumn(1).getString(), row.getColumn(2).getInt64(),
                         row.getColumn(3).getInt64()};
  });
}

// Open tasks per group; overdue: due in an hour before now's, or in now's hour before now.
std::vector<OpenTaskCount> open_tasks(SqlConnection& connection, const StatisticsQuery& scope) {
  const std::int64_t hour = hour_of(scope.now);
  FilteredQuery query(
      "SELECT state, CAST(SUM(n) AS BIGINT), CAST(SUM(CASE WHEN hour >= 0 AND hour < ? THEN n ELSE 0 END) AS BIGINT) "
      "FROM stats_counts WHERE kind = 'task_open'");
  query.parameter(hour);
  scoped(query, scope).sql(" GROUP BY state HAVING SUM(n) <> 0");
  auto rows = query.prepare(connection);
  auto result = all_rows(rows, [](const SqlStatement& row) {
    return OpenTaskCount{row.getColumn(0).getString(), row.getColumn(1).getInt64(), row.getColumn(2).getInt64()};
  });
  FilteredQuery boundary(
      "SELECT role, COUNT(*) FROM tasks WHERE status IN ('open', 'claimed') AND due_at >= ? AND due_at < ?");
  boundary.parameter(hour * kHour).parameter(scope.now);
  scoped(boundary, scope).sql(" GROUP BY role");
  auto due = boundary.prepare(connection);
  while (due->executeStep())
    for (auto& group : result)
      if (group.role == due->getColumn(0).getString()) group.overdue += due->getColumn(1).getInt64();
  return result;
}

std::vector<DoneTaskCount> done_tasks(SqlConnection& connection, const StatisticsQuery& scope) {
  FilteredQuery query(
      "SELECT state, name, bucket, CAST(SUM(n) AS BIGINT) FROM stats_counts WHERE kind = 'task_done' "
      "AND hour >= ? AND hour < ?");
  query.parameter(hour_of(scope.from)).parameter(hour_of(scope.to));
  scoped(query, scope).sql(" GROUP BY state, name, bucket HAVING SUM(n) <> 0");
  auto rows = query.prepare(connection);
  return all_rows(rows, [](const SqlStatement& row) {
    return DoneTaskCount{row.getColumn(0).getString(), row.getColumn(1).getString(), row.getColumn(2).getInt64(),
                         row.getColumn(3).getInt64()};
  });
}

// Cases started in the range per dimension value, with the outcome they reached before `to`.
std::vector<DimensionCount> dimensions(SqlConnection& connection, const StatisticsQuery& scope) {
  FilteredQuery query(
      "SELECT name, value, CASE WHEN since < ? THEN outcome ELSE '' END, CAST(SUM(n) AS BIGINT), "
      "CAST(SUM(amount) AS BIGINT) FROM stats_counts WHERE kind = 'dim' AND hour >= ? AND hour < ?");
  query.parameter(hour_of(scope.to)).parameter(hour_of(scope.from)).parameter(hour_of(scope.to));
  scoped(query, scope).sql(" GROUP BY 1, 2, 3 HAVING SUM(n) <> 0");
  auto rows = query.prepare(connection);
  return all_rows(rows, [](const SqlStatement& row) {
    return DimensionCount{row.getColumn(0).getString(), row.getColumn(1).getString(), row.getColumn(2).getString(),
                          row.getColumn(3).getInt64(), double(row.getColumn(4).getInt64()) / 100};
  });
}

}  // namespace

template <class Interface>
StatisticsRows SqlReadQueries<Interface>::statistics_rows(const StatisticsQuery& query) {
  return with_store_errors("statistics_rows", query.tenant, [&] {
    auto& db = connection();
    StatisticsRows rows;
    rows.started = started_by_hour(db, query);
    rows.closed = closed_by_hour(db, query);
    rows.open_at_to = open_at_to(db, query);
    rows.stops = stops(db, query);
    rows.lead_times = lead_times(db, query);
    rows.open_tasks = open_tasks(db, query);
    rows.done_tasks = done_tasks(db, query);
    rows.dimensions = dimensions(db, query);
    return rows;
  });
}

template StatisticsRows SqlReadQueries<StoreReader>::statistics_rows(const StatisticsQuery&);
template StatisticsRows SqlReadQueries<StoreWriter>::statistics_rows(const StatisticsQuery&);

}  // namespace amtsweg
