// The statistics API's queries: sums over stats_counts, the aggregates the writer keeps
// (sql_statistics_counts.hpp), plus two small exact reads of the boundary hour or day that the
// aggregates cannot split (stalled cases, overdue tasks).
#include <map>
#include <tuple>
#include <utility>

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

// started and closed: per day when the query counts in Europe/Berlin's days (24 times fewer
// rows), else per UTC hour.
std::string hourly_kind(const char* kind, const StatisticsQuery& scope) {
  return scope.berlin_days ? std::string(kind) + kDaySuffix : std::string(kind);
}

// Rows of `kind` (one kept per day and per month) with hour in [from, to).
struct KindRange {
  std::string kind;
  std::int64_t from = 0, to = 0;
};

// The month rows of the whole months in [from, to) and the day rows of the days before and
// after them: a year is twelve months of rows. `from` and `to` are day keys (stats_day).
std::vector<KindRange> day_and_month_ranges(const std::string& kind, std::int64_t from, std::int64_t to) {
  const std::int64_t first = stats_month(from * kHour);
  const std::int64_t month_from = first == from ? from : stats_month((first + 32 * 24) * kHour);
  const std::int64_t month_to = stats_month(to * kHour);
  if (month_from >= month_to) return {{kind, from, to}};
  std::vector<KindRange> ranges{{kind + kMonthSuffix, month_from, month_to}};
  if (from < month_from) ranges.push_back({kind, from, month_from});
  if (month_to < to) ranges.push_back({kind, month_to, to});
  return ranges;
}

// `select` (up to "FROM stats_counts WHERE") of the rows of `kind` in the query's range, per
// range of day_and_month_ranges, grouped by `group`; each row decoded by `decode`.
template <class Decode>
auto ranged_rows(SqlConnection& connection, const StatisticsQuery& scope, const std::string& kind, const char* select,
                 const char* group, Decode decode) {
  std::vector<decltype(decode(std::declval<const SqlStatement&>()))> result;
  for (const auto& range : day_and_month_ranges(kind, hour_of(scope.from), hour_of(scope.to))) {
    FilteredQuery query(std::string(select) + " kind = ? AND hour >= ? AND hour < ?");
    query.parameter(range.kind).parameter(range.from).parameter(range.to);
    scoped(query, scope).sql(" GROUP BY ").sql(group).sql(" HAVING SUM(n) <> 0");
    auto rows = query.prepare(connection);
    while (rows->executeStep()) result.push_back(decode(*rows));
  }
  return result;
}

std::vector<HourCount> started_by_hour(SqlConnection& connection, const StatisticsQuery& scope) {
  FilteredQuery query(
      "SELECT hour, CAST(SUM(n) AS BIGINT) FROM stats_counts WHERE kind = ? AND hour >= ? AND hour < ?");
  query.parameter(hourly_kind("started", scope)).parameter(hour_of(scope.from)).parameter(hour_of(scope.to));
  scoped(query, scope).sql(" GROUP BY hour HAVING SUM(n) <> 0");
  auto rows = query.prepare(connection);
  return all_rows(rows, [](const SqlStatement& row) {
    return HourCount{row.getColumn(0).getInt64(), "", "", row.getColumn(1).getInt64()};
  });
}

std::vector<HourCount> closed_by_hour(SqlConnection& connection, const StatisticsQuery& scope) {
  FilteredQuery query(
      "SELECT hour, status, outcome, CAST(SUM(n) AS BIGINT) FROM stats_counts WHERE kind = ? AND hour >= ? "
      "AND hour < ?");
  query.parameter(hourly_kind("closed", scope)).parameter(hour_of(scope.from)).parameter(hour_of(scope.to));
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
  FilteredQuery started("SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM stats_counts WHERE kind = ? AND hour >= ?");
  started.parameter(hourly_kind("started", scope)).parameter(hour_of(scope.to));
  FilteredQuery closed("SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM stats_counts WHERE kind = ? AND hour >= ?");
  closed.parameter(hourly_kind("closed", scope)).parameter(hour_of(scope.to));
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
  const auto closed = ranged_rows(
      connection, scope, "stop",
      "SELECT process_id, state, status, outcome, CAST(SUM(n) AS BIGINT) FROM stats_counts WHERE",
      "process_id, state, status, outcome", [](const SqlStatement& row) {
        return StopCount{row.getColumn(0).getString(), row.getColumn(1).getString(), row.getColumn(2).getString(),
                         row.getColumn(3).getString(), row.getColumn(4).getInt64()};
      });
  for (const auto& stop : closed) add_stop(result, stop);
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
  return ranged_rows(connection, scope, "lead",
                     "SELECT process_id, outcome, bucket, CAST(SUM(n) AS BIGINT) FROM stats_counts WHERE",
                     "process_id, outcome, bucket", [](const SqlStatement& row) {
                       return LeadTimeCount{row.getColumn(0).getString(), row.getColumn(1).getString(),
                                            row.getColumn(2).getInt64(), row.getColumn(3).getInt64()};
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
  return ranged_rows(connection, scope, "task_done",
                     "SELECT state, name, bucket, CAST(SUM(n) AS BIGINT) FROM stats_counts WHERE",
                     "state, name, bucket", [](const SqlStatement& row) {
                       return DoneTaskCount{row.getColumn(0).getString(), row.getColumn(1).getString(),
                                            row.getColumn(2).getInt64(), row.getColumn(3).getInt64()};
                     });
}

// Cases started in the range per dimension value, with the outcome they reached before `to`: the
// outcome they have now, less those that closed at `to` or later ('' for them, as while open).
// Amounts stay in cents until the end, so what moves between outcomes cancels exactly.
std::vector<DimensionCount> dimensions(SqlConnection& connection, const StatisticsQuery& scope) {
  struct Count {
    std::int64_t cases = 0, cents = 0;
  };
  using Key = std::tuple<std::string, std::string, std::string>;  // name, value, outcome
  std::map<Key, Count> counts;
  const auto now = ranged_rows(
      connection, scope, "dim",
      "SELECT name, value, outcome, CAST(SUM(n) AS BIGINT), CAST(SUM(amount) AS BIGINT) FROM stats_counts WHERE",
      "name, value, outcome", [](const SqlStatement& row) {
        return std::pair{Key{row.getColumn(0).getString(), row.getColumn(1).getString(), row.getColumn(2).getString()},
                         Count{row.getColumn(3).getInt64(), row.getColumn(4).getInt64()}};
      });
  for (const auto& [key, count] : now) {
    counts[key].cases += count.cases;
    counts[key].cents += count.cents;
  }
  FilteredQuery later(
      "SELECT name, value, outcome, CAST(SUM(n) AS BIGINT), CAST(SUM(amount) AS BIGINT) FROM stats_counts WHERE "
      "kind = 'dim_after' AND hour >= ? AND since >= ? AND since < ?");
  later.parameter(hour_of(scope.to)).parameter(hour_of(scope.from)).parameter(hour_of(scope.to));
  scoped(later, scope).sql(" GROUP BY name, value, outcome HAVING SUM(n) <> 0");
  auto rows = later.prepare(connection);
  while (rows->executeStep()) {
    const std::string name = rows->getColumn(0).getString(), value = rows->getColumn(1).getString();
    const Count moved{rows->getColumn(3).getInt64(), rows->getColumn(4).getInt64()};
    auto& reached = counts[{name, value, rows->getColumn(2).getString()}];
    reached.cases -= moved.cases;
    reached.cents -= moved.cents;
    auto& open = counts[{name, value, ""}];
    open.cases += moved.cases;
    open.cents += moved.cents;
  }
  std::vector<DimensionCount> result;
  for (const auto& [key, count] : counts)
    if (count.cases != 0 || count.cents != 0)
      result.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), count.cases, double(count.cents) / 100});
  return result;
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
