// The statistics' aggregates (table stats_counts), kept by the writer in the transaction of the
// case or task change they count, so GET /api/v1/stats sums a few rows instead of scanning cases.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/clock.hpp"
#include "engine/model/records.hpp"
#include "engine/store/sql/sql_connection.hpp"

namespace amtsweg {

// Rows of stats_counts by `kind` (the other key columns are '' or 0 where a kind has no use for them):
//   started    hour = UTC hour the case started (started/day: the day it started)
//   closed     hour = UTC hour it closed (closed/day: the day it closed); status, outcome
//   open       hour = day it started, since = day of its last change; state (open cases only)
//   stop       hour = day it started; state = the state it closed from; status, outcome
//   lead       hour = day it completed; outcome; bucket = duration_bucket(whole hours intake to end)
//   dim        hour = day it started; outcome now ('' while open); name, value of a stats
//              dimension; amount = the cases' amounts in cents
//   dim_after  hour = day it closed, since = day it started; outcome; name, value; amount (closed
//              cases: what a range that ends before the closing must not count as reached)
//   task_open  hour = UTC hour the task is due (-1: no deadline); state = its role
//   task_done  hour = day it was completed; state = role, name = clerk; bucket of creation to completion
// A "day" is the UTC hour at which its local day in Europe/Berlin begins (stats_day), so a range
// of local days is one range of the column, and a day's row never splits across two days.
// stop, lead, task_done and dim are also kept per month ("lead/month": hour = the hour the
// Europe/Berlin month begins, stats_month), so a year reads twelve months of rows, not 365 days.
inline constexpr const char* kMonthSuffix = "/month";
inline constexpr const char* kDaySuffix = "/day";
inline constexpr const char* kStatsUpsert =
    "INSERT INTO stats_counts (tenant, process_id, kind, hour, since, state, status, outcome, name, value, bucket, "
    "n, amount) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (kind, tenant, process_id, hour, since, state, status, outcome, name, value, bucket) "
    "DO UPDATE SET n = stats_counts.n + excluded.n, amount = stats_counts.amount + excluded.amount";

// The UTC hour (ms / 3600000) at which the Europe/Berlin day holding `at` begins.
std::int64_t stats_day(Timestamp at);
// The UTC hour at which the Europe/Berlin month holding `at` begins.
std::int64_t stats_month(Timestamp at);
// Whether `kind` is also kept per month.
bool kept_per_month(const std::string& kind);

// Durations in whole hours, bucketed so the rows stay few: exact below 48 hours, then whole days
// below 8 weeks, then whole weeks (each bucket named by its first hour).
std::int64_t duration_bucket(std::int64_t hours);

// The same bucketing as SQL over the expression `hours` (for the backfill).
std::string duration_bucket_sql(const std::string& hours);

// The SQL that fills stats_counts from cases, tasks and case_dimensions (an empty stats_counts;
// used by the schema step that adds it and by the bench's fill). Needs the SQL function
// amtsweg_stats_day(ms) = stats_day and amtsweg_stats_month(ms) = stats_month, which each
// backend provides.
std::string statistics_backfill_sql();

// What the counters of a case depend on, as stored.
struct CaseCountFacts {
  std::string tenant, process_id, status, state, outcome;
  std::string closed_from;  // the state it closed from ('' while open)
  Timestamp created_at = 0, updated_at = 0;
  std::optional<Timestamp> closed_at = {};
  bool closed() const { return closed_at.has_value(); }
};

// The stored facts of a case (read before it is updated); nullopt when there is no such case.
std::optional<CaseCountFacts> stored_case_facts(SqlConnection& connection, const std::string& case_id);

// The facts of `record` as it is written over `before` (nullopt: a new case): when it closed and
// the state it closed from come from `before` while it stays closed.
CaseCountFacts case_facts(const CaseRecord& record, const std::optional<CaseCountFacts>& before);

// Moves the case's counts from `before` (nullopt: a new case) to `after`, its dimensions with it.
void count_case_change(SqlConnection& connection, const std::string& case_id,
                       const std::optional<CaseCountFacts>& before, const CaseCountFacts& after);

// Replaces the stored stats dimensions of the case (stored with `facts`) and moves their counts.
void replace_counted_dimensions(SqlConnection& connection, const std::string& case_id, const CaseCountFacts& facts,
                                const std::vector<CaseDimension>& dimensions);

struct TaskCountFacts {
  std::string tenant, process_id, status, role, completed_by;
  Timestamp created_at = 0;
  std::optional<Timestamp> due_at = {}, completed_at = {};
};

std::optional<TaskCountFacts> stored_task_facts(SqlConnection& connection, const std::string& task_id);
TaskCountFacts task_facts(const TaskRecord& record);
void count_task_change(SqlConnection& connection, const std::optional<TaskCountFacts>& before,
                       const TaskCountFacts& after);

}  // namespace amtsweg
