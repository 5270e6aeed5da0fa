// Keeping stats_counts (see sql_statistics_counts.hpp): each change of a case or task subtracts
// the rows its old facts counted in and adds those of its new facts; what cancels is not written,
// so most commands (a case moving on within a day) write no statistics at all.
#include "engine/store/sql/sql_statistics_counts.hpp"

#include <cmath>
#include <map>
#include <tuple>

#include "engine/calendar/local_time.hpp"
#include "engine/store/sql/sql_rows.hpp"

namespace amtsweg {

namespace {

constexpr Timestamp kHourMs = 3600'000;

struct CountKey {
  std::string kind = {};
  std::int64_t hour = 0, since = 0;
  std::string state = {}, status = {}, outcome = {}, name = {}, value = {};
  std::int64_t bucket = 0;
  auto operator<=>(const CountKey&) const = default;
};

struct CountDelta {
  std::int64_t n = 0, amount = 0;
};

// The changes to one case's or task's rows, all of one tenant and process.
class Deltas {
 public:
  Deltas(std::string tenant, std::string process_id) : tenant_(std::move(tenant)), process_(std::move(process_id)) {}

  void add(const CountKey& key, int sign, std::int64_t amount = 0) {
    auto& delta = deltas_[key];
    delta.n += sign;
    delta.amount += sign * amount;
    if (!kept_per_month(key.kind)) return;
    CountKey month = key;
    month.kind += kMonthSuffix;
    month.hour = stats_month(key.hour * kHourMs);
    auto& monthly = deltas_[month];
    monthly.n += sign;
    monthly.amount += sign * amount;
  }

  void write(SqlConnection& connection) const {
    for (const auto& [key, delta] : deltas_) {
      if (delta.n == 0 && delta.amount == 0) continue;
      auto upsert = connection.statement(kStatsUpsert);
      upsert->bind(1, tenant_);
      upsert->bind(2, process_);
      upsert->bind(3, key.kind);
      upsert->bind(4, key.hour);
      upsert->bind(5, key.since);
      upsert->bind(6, key.state);
      upsert->bind(7, key.status);
      upsert->bind(8, key.outcome);
      upsert->bind(9, key.name);
      upsert->bind(10, key.value);
      upsert->bind(11, key.bucket);
      upsert->bind(12, delta.n);
      upsert->bind(13, delta.amount);
      upsert->exec();
    }
  }

 private:
  std::string tenant_, process_;
  std::map<CountKey, CountDelta> deltas_;
};

std::int64_t amount_cents(double amount) { return std::llround(amount * 100); }

struct StoredDimension {
  std::string value;
  std::int64_t amount = 0;  // cents
};

std::map<std::string, StoredDimension> stored_dimensions(SqlConnection& connection, const std::string& case_id) {
  auto rows = connection.statement("SELECT name, value, amount FROM case_dimensions WHERE case_id = ?");
  rows->bind(1, case_id);
  std::map<std::string, StoredDimension> dimensions;
  while (rows->executeStep())
    dimensions[rows->getColumn(0).getString()] = {rows->getColumn(1).getString(), rows->getColumn(2).getInt64()};
  return dimensions;
}

// The rows a case's value of a dimension counts in, each once, with `sign`.
void add_dimension(Deltas& deltas, const CaseCountFacts& facts, const std::string& name,
                   const StoredDimension& dimension, int sign) {
  const bool closed = facts.closed();
  deltas.add({.kind = "dim",
              .hour = stats_day(facts.created_at),
              .outcome = closed ? facts.outcome : "",
              .name = name,
              .value = dimension.value},
             sign, dimension.amount);
  if (closed)
    deltas.add({.kind = "dim_after",
                .hour = stats_day(*facts.closed_at),
                .since = stats_day(facts.created_at),
                .outcome = facts.outcome,
                .name = name,
                .value = dimension.value},
               sign, dimension.amount);
}

// The rows a case counts in (dimensions aside), each once, with `sign`.
void add_case(Deltas& deltas, const CaseCountFacts& facts, int sign) {
  deltas.add({.kind = "started", .hour = facts.created_at / kHourMs}, sign);
  deltas.add({.kind = "started/day", .hour = stats_day(facts.created_at)}, sign);
  if (!facts.closed()) {
    deltas.add({.kind = "open",
                .hour = stats_day(facts.created_at),
                .since = stats_day(facts.updated_at),
                .state = facts.state},
               sign);
    return;
  }
  const Timestamp closed = *facts.closed_at;
  deltas.add({.kind = "closed", .hour = closed / kHourMs, .status = facts.status, .outcome = facts.outcome}, sign);
  deltas.add({.kind = "closed/day", .hour = stats_day(closed), .status = facts.status, .outcome = facts.outcome}, sign);
  deltas.add({.kind = "stop",
              .hour = stats_day(facts.created_at),
              .state = facts.closed_from,
              .status = facts.status,
              .outcome = facts.outcome},
             sign);
  if (facts.status == "completed")
    deltas.add({.kind = "lead",
                .hour = stats_day(closed),
                .outcome = facts.outcome,
                .bucket = duration_bucket((closed - facts.created_at) / kHourMs)},
               sign);
}

void add_task(Deltas& deltas, const TaskCountFacts& facts, int sign) {
  if (facts.status == "open" || facts.status == "claimed")
    deltas.add({.kind = "task_open", .hour = facts.due_at ? *facts.due_at / kHourMs : -1, .state = facts.role}, sign);
  if (facts.status == "completed" && facts.completed_at)
    deltas.add({.kind = "task_done",
                .hour = stats_day(*facts.completed_at),
                .state = facts.role,
                .name = facts.completed_by,
                .bucket = duration_bucket((*facts.completed_at - facts.created_at) / kHourMs)},
               sign);
}

}  // namespace

std::int64_t stats_day(Timestamp at) {
  const TimeZone zone = TimeZone::berlin();
  return zone.to_utc(zone.local_date(at), std::chrono::milliseconds(0)) / kHourMs;
}

std::int64_t stats_month(Timestamp at) {
  const TimeZone zone = TimeZone::berlin();
  const std::chrono::year_month_day date(zone.local_date(at));
  return zone.to_utc(std::chrono::local_days(date.year() / date.month() / 1), std::chrono::milliseconds(0)) / kHourMs;
}

bool kept_per_month(const std::string& kind) {
  return kind == "stop" || kind == "lead" || kind == "task_done" || kind == "dim";
}

std::int64_t duration_bucket(std::int64_t hours) {
  if (hours < 48) return hours;
  if (hours < 8 * 168) return hours / 24 * 24;
  return hours / 168 * 168;
}

std::string duration_bucket_sql(const std::string& hours) {
  return "CASE WHEN " + hours + " < 48 THEN " + hours + " WHEN " + hours + " < 1344 THEN " + hours +
         " / 24 * 24 ELSE " + hours + " / 168 * 168 END";
}

std::string statistics_backfill_sql() {
  const std::string insert =
      "INSERT INTO stats_counts (tenant, process_id, kind, hour, since, state, status, outcome, name, value, bucket, "
      "n, amount) ";
  const std::string lead = duration_bucket_sql("((closed_at - created_at) / 3600000)");
  const std::string task = duration_bucket_sql("((completed_at - created_at) / 3600000)");
  return insert +
         "SELECT tenant, process_id, 'started', created_at / 3600000, 0, '', '', '', '', '', 0, COUNT(*), 0 "
         "FROM cases GROUP BY tenant, process_id, created_at / 3600000;\n" +
         insert +
         "SELECT tenant, process_id, 'started/day', amtsweg_stats_day(created_at), 0, '', '', '', '', '', 0, "
         "COUNT(*), 0 FROM cases GROUP BY tenant, process_id, amtsweg_stats_day(created_at);\n" +
         insert +
         "SELECT tenant, process_id, 'closed/day', amtsweg_stats_day(closed_at), 0, '', status, outcome, '', '', 0, "
         "COUNT(*), 0 FROM cases WHERE closed_at IS NOT NULL GROUP BY tenant, process_id, "
         "amtsweg_stats_day(closed_at), status, outcome;\n" +
         insert +
         "SELECT tenant, process_id, 'open', amtsweg_stats_day(created_at), amtsweg_stats_day(updated_at), state, "
         "'', '', '', '', 0, COUNT(*), 0 FROM cases WHERE closed_at IS NULL GROUP BY tenant, process_id, "
         "amtsweg_stats_day(created_at), amtsweg_stats_day(updated_at), state;\n" +
         insert +
         "SELECT tenant, process_id, 'closed', closed_at / 3600000, 0, '', status, outcome, '', '', 0, COUNT(*), 0 "
         "FROM cases WHERE closed_at IS NOT NULL GROUP BY tenant, process_id, closed_at / 3600000, status, outcome;\n" +
         insert +
         "SELECT tenant, process_id, 'stop', amtsweg_stats_day(created_at), 0, closed_from, status, outcome, '', '', "
         "0, COUNT(*), 0 FROM cases WHERE closed_at IS NOT NULL GROUP BY tenant, process_id, "
         "amtsweg_stats_day(created_at), closed_from, status, outcome;\n" +
         insert + "SELECT tenant, process_id, 'lead', amtsweg_stats_day(closed_at), 0, '', '', outcome, '', '', " +
         lead +
         ", COUNT(*), 0 FROM cases WHERE closed_at IS NOT NULL AND status = 'completed' GROUP BY tenant, "
         "process_id, amtsweg_stats_day(closed_at), outcome, " +
         lead + ";\n" + insert +
         "SELECT tenant, process_id, 'task_open', COALESCE(due_at / 3600000, -1), 0, role, '', '', '', '', 0, "
         "COUNT(*), 0 FROM tasks WHERE status IN ('open', 'claimed') GROUP BY tenant, process_id, "
         "COALESCE(due_at / 3600000, -1), role;\n" +
         insert + "SELECT tenant, process_id, 'task_done', amtsweg_stats_day(completed_at), 0, role, '', '', " +
         "completed_by, '', " + task +
         ", COUNT(*), 0 FROM tasks WHERE status = 'completed' AND completed_at IS NOT NULL GROUP BY tenant, "
         "process_id, amtsweg_stats_day(completed_at), role, completed_by, " +
         task + ";\n" + insert +
         "SELECT c.tenant, c.process_id, 'dim', amtsweg_stats_day(c.created_at), 0, '', '', "
         "CASE WHEN c.closed_at IS NULL THEN '' ELSE c.outcome END, d.name, d.value, 0, COUNT(*), SUM(d.amount) "
         "FROM case_dimensions d JOIN cases c ON c.id = d.case_id GROUP BY c.tenant, c.process_id, "
         "amtsweg_stats_day(c.created_at), CASE WHEN c.closed_at IS NULL THEN '' ELSE c.outcome END, d.name, "
         "d.value;\n" +
         insert +
         "SELECT c.tenant, c.process_id, 'dim_after', amtsweg_stats_day(c.closed_at), amtsweg_stats_day(c.created_at), "
         "'', '', c.outcome, d.name, d.value, 0, COUNT(*), SUM(d.amount) FROM case_dimensions d JOIN cases c ON "
         "c.id = d.case_id "
         "WHERE c.closed_at IS NOT NULL GROUP BY c.tenant, c.process_id, amtsweg_stats_day(c.closed_at), "
         "amtsweg_stats_day(c.created_at), c.outcome, d.name, d.value;\n" +
         insert +
         "SELECT tenant, process_id, kind || '/month', amtsweg_stats_month(hour * 3600000), since, state, status, "
         "outcome, name, value, bucket, SUM(n), SUM(amount) FROM stats_counts WHERE kind IN ('stop', 'lead', "
         "'task_done', 'dim') GROUP BY tenant, process_id, kind, amtsweg_stats_month(hour * 3600000), since, state, "
         "status, outcome, name, value, bucket;\n";
}

std::optional<CaseCountFacts> stored_case_facts(SqlConnection& connection, const std::string& case_id) {
  auto row = connection.statement(
      "SELECT tenant, process_id, status, state, outcome, closed_from, created_at, updated_at, closed_at "
      "FROM cases WHERE id = ?");
  row->bind(1, case_id);
  if (!row->executeStep()) return std::nullopt;
  CaseCountFacts facts{row->getColumn(0).getString(), row->getColumn(1).getString(), row->getColumn(2).getString(),
                       row->getColumn(3).getString(), row->getColumn(4).getString(), row->getColumn(5).getString(),
                       row->getColumn(6).getInt64(),  row->getColumn(7).getInt64()};
  if (!row->getColumn(8).isNull()) facts.closed_at = row->getColumn(8).getInt64();
  return facts;
}

CaseCountFacts case_facts(const CaseRecord& record, const std::optional<CaseCountFacts>& before) {
  CaseCountFacts facts{record.tenant,     record.process_id, std::string(to_string(record.status)),
                       record.state,      record.outcome,    "",
                       record.created_at, record.updated_at};
  if (record.status != CaseStatus::Completed && record.status != CaseStatus::Cancelled) return facts;
  if (before && before->closed()) {
    facts.closed_at = before->closed_at;
    facts.closed_from = before->closed_from;
  } else {
    facts.closed_at = record.updated_at;
    facts.closed_from = before ? before->state : record.state;
  }
  return facts;
}

void count_case_change(SqlConnection& connection, const std::string& case_id,
                       const std::optional<CaseCountFacts>& before, const CaseCountFacts& after) {
  Deltas deltas(after.tenant, after.process_id);
  if (before) add_case(deltas, *before, -1);
  add_case(deltas, after, +1);
  // A case's dimension rows are keyed by when it closed and how: they move when it closes.
  if (before && (before->closed_at != after.closed_at || before->outcome != after.outcome))
    for (const auto& [name, dimension] : stored_dimensions(connection, case_id)) {
      add_dimension(deltas, *before, name, dimension, -1);
      add_dimension(deltas, after, name, dimension, +1);
    }
  deltas.write(connection);
}

void replace_counted_dimensions(SqlConnection& connection, const std::string& case_id, const CaseCountFacts& facts,
                                const std::vector<CaseDimension>& dimensions) {
  auto stored = stored_dimensions(connection, case_id);
  Deltas deltas(facts.tenant, facts.process_id);
  for (const auto& dimension : dimensions) {
    const StoredDimension wanted{dimension.value, amount_cents(dimension.amount)};
    const auto found = stored.find(dimension.name);
    if (found != stored.end()) {
      const StoredDimension old = found->second;
      stored.erase(found);
      if (old.value == wanted.value && old.amount == wanted.amount) continue;
      add_dimension(deltas, facts, dimension.name, old, -1);
    }
    add_dimension(deltas, facts, dimension.name, wanted, +1);
    auto upsert = connection.statement(
        "INSERT INTO case_dimensions (case_id, name, value, amount) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (case_id, name) DO UPDATE SET value = excluded.value, amount = excluded.amount");
    upsert->bind(1, case_id);
    upsert->bind(2, dimension.name);
    upsert->bind(3, wanted.value);
    upsert->bind(4, wanted.amount);
    upsert->exec();
  }
  // What is left was stored but has no value now.
  for (const auto& [name, old] : stored) {
    add_dimension(deltas, facts, name, old, -1);
    auto remove = connection.statement("DELETE FROM case_dimensions WHERE case_id = ? AND name = ?");
    remove->bind(1, case_id);
    remove->bind(2, name);
    remove->exec();
  }
  deltas.write(connection);
}

std::optional<TaskCountFacts> stored_task_facts(SqlConnection& connection, const std::string& task_id) {
  auto row = connection.statement(
      "SELECT tenant, process_id, status, role, completed_by, created_at, due_at, completed_at FROM tasks "
      "WHERE id = ?");
  row->bind(1, task_id);
  if (!row->executeStep()) return std::nullopt;
  TaskCountFacts facts{row->getColumn(0).getString(), row->getColumn(1).getString(), row->getColumn(2).getString(),
                       row->getColumn(3).getString(), row->getColumn(4).getString(), row->getColumn(5).getInt64()};
  if (!row->getColumn(6).isNull()) facts.due_at = row->getColumn(6).getInt64();
  if (!row->getColumn(7).isNull()) facts.completed_at = row->getColumn(7).getInt64();
  return facts;
}

TaskCountFacts task_facts(const TaskRecord& record) {
  return {record.tenant, record.process_id,   std::string(to_string(record.status)),
          record.role,   record.completed_by, record.created_at,
          record.due_at, record.completed_at};
}

void count_task_change(SqlConnection& connection, const std::optional<TaskCountFacts>& before,
                       const TaskCountFacts& after) {
  Deltas deltas(after.tenant, after.process_id);
  if (before) add_task(deltas, *before, -1);
  add_task(deltas, after, +1);
  deltas.write(connection);
}

}  // namespace amtsweg
