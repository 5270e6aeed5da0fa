// GET /api/v1/stats over a large store: fills a database with `--cases` cases (a million at full
// size) and times Engine::statistics, the path the REST route takes, against a baseline measured
// in the same run on the same file: SELECT count(*) over every case.
//
// The fill writes rows in the store's own schema with plain SQL inserts in one transaction (the
// schema made by SqliteStore::open, so every index the engine keeps is there), then computes the
// statistics' aggregates from them as the schema step that adds them does: two tenants, the
// registry office's process, cases over two years, 85 % closed (outcomes like the demo's), one
// task per case and a payment method for the paid ones. It writes no history, documents or
// timers (the statistics read none of them), and sequential case ids; simulating a million cases
// through the engine would take hours and measure the same tables and indexes.
#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <random>
#include <string>

#include "bench/workloads.hpp"
#include "engine/calendar/local_time.hpp"
#include "engine/runtime/engine.hpp"
#include "engine/store/sqlite/sqlite_schema.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"

namespace amtsweg::bench {

namespace {

namespace json = boost::json;
using std::chrono::local_days;

constexpr const char* kProcess = "personenstandsurkunde";
constexpr std::int64_t kHourMs = 3600'000;
// 2024-01-01T00:00:00Z: the fill spreads cases over the two years from here.
constexpr std::int64_t kFirst = 1704067200000;
constexpr std::int64_t kSpan = 731LL * 24 * kHourMs;

struct CaseRow {
  std::string id, tenant, status, state, outcome, closed_from, method;
  std::int64_t created = 0, updated = 0;
  std::optional<std::int64_t> closed;
  double fee = 0;
};

CaseRow draw_case(int i, std::mt19937_64& random) {
  std::uniform_real_distribution<double> unit(0, 1);
  CaseRow row;
  char id[32];
  std::snprintf(id, sizeof id, "C%015d", i);
  row.id = id;
  row.tenant = unit(random) < 0.8 ? "giessen" : "marburg";
  row.created = kFirst + std::int64_t(unit(random) * double(kSpan));
  row.fee = 12.0 + 6.0 * double(random() % 3);
  const double fate = unit(random);
  const std::int64_t took = std::int64_t((1 + unit(random) * 40 * 24) * double(kHourMs));
  if (fate < 0.15) {  // open: waiting somewhere
    static const char* const kOpen[] = {"awaiting_payment", "preparation", "release"};
    row.status = "active";
    row.state = kOpen[random() % 3];
    row.updated = row.created + took / 4;
    row.closed_from = "received";
  } else {
    row.closed = row.updated = row.created + took;
    if (fate < 0.80) {
      row.status = "completed", row.state = row.outcome = "issued", row.closed_from = "release";
    } else if (fate < 0.90) {
      row.status = "cancelled", row.state = "awaiting_payment", row.outcome = "cancelled";
      row.closed_from = "awaiting_payment";
    } else if (fate < 0.95) {
      row.status = "completed", row.state = row.outcome = "rejected", row.closed_from = "preparation";
    } else {
      row.status = "completed", row.state = row.outcome = "withdrawn", row.closed_from = "awaiting_payment";
    }
  }
  if (row.state != "awaiting_payment") row.method = random() % 4 == 0 ? "giropay" : random() % 2 ? "card" : "paypal";
  return row;
}

void insert_case(SQLite::Statement& insert, const CaseRow& row) {
  insert.reset();
  insert.bind(1, row.id);
  insert.bind(2, row.tenant);
  insert.bind(3, row.status);
  insert.bind(4, row.state);
  insert.bind(5, json::serialize(json::object{{"copies", 1}, {"fee", row.fee}}));
  insert.bind(6, row.outcome);
  insert.bind(7, row.created);
  insert.bind(8, row.updated);
  if (row.closed)
    insert.bind(9, *row.closed);
  else
    insert.bind(9);
  insert.bind(10, row.closed_from);
  insert.exec();
}

void insert_task(SQLite::Statement& insert, const CaseRow& row, int i) {
  insert.reset();
  insert.bind(1, "T" + row.id.substr(1));
  insert.bind(2, row.tenant);
  insert.bind(3, row.id);
  const bool done = row.status == "completed" && row.outcome == "issued";
  const bool open = row.status == "active" && row.state != "awaiting_payment";
  insert.bind(4, done ? "completed" : open ? "open" : "cancelled");
  const std::int64_t created = row.created + kHourMs;
  insert.bind(5, created + 5 * 24 * kHourMs);  // due
  insert.bind(6, created);
  insert.bind(7, done ? "clerk" + std::to_string(i % 12) : "");
  if (done)
    insert.bind(8, *row.closed);
  else
    insert.bind(8);
  insert.exec();
}

void insert_dimension(SQLite::Statement& insert, const CaseRow& row) {
  insert.reset();
  insert.bind(1, row.id);
  insert.bind(2, row.method);
  insert.bind(3, static_cast<std::int64_t>(row.fee * 100));  // cents
  insert.exec();
}

// Writes `count` cases with their tasks and dimensions in the store's schema, then the
// statistics' aggregates from them as the schema step does, in one transaction.
void fill(const std::string& path, int count) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  // A fill, not a measurement: no rollback journal (the file is made anew by every run), then back
  // to the store's write-ahead log.
  db.exec("PRAGMA journal_mode = OFF");
  db.exec("PRAGMA synchronous = OFF");
  db.exec("PRAGMA cache_size = -200000");
  SQLite::Transaction transaction(db);
  SQLite::Statement cases(db,
                          "INSERT INTO cases (id, tenant, process_id, process_version, status, state, regions, data, "
                          "outcome, related_key, correlation, created_at, updated_at, revision, history_length, "
                          "history_head, closed_at, closed_from) VALUES (?1, ?2, 'personenstandsurkunde', 1, ?3, ?4, "
                          "'{}', ?5, ?6, '', '{}', ?7, ?8, 1, 0, '', ?9, ?10)");
  SQLite::Statement tasks(db,
                          "INSERT INTO tasks (id, tenant, case_id, process_id, state_path, title, role, assignee, "
                          "status, four_eyes, stage, prepared_by, due_at, created_at, updated_at, completed_by, "
                          "completed_at, revision) VALUES (?1, ?2, ?3, 'personenstandsurkunde', 'preparation', "
                          "'Urkunde vorbereiten', 'standesamt', ?7, ?4, 0, 1, '', ?5, ?6, ?6, ?7, ?8, 1)");
  SQLite::Statement dimensions(
      db, "INSERT INTO case_dimensions (case_id, name, value, amount) VALUES (?1, 'payment_method', ?2, ?3)");
  std::mt19937_64 random(16);
  for (int i = 0; i < count; ++i) {
    const CaseRow row = draw_case(i, random);
    insert_case(cases, row);
    if (row.state != "awaiting_payment" || row.status != "active") insert_task(tasks, row, i);
    if (!row.method.empty()) insert_dimension(dimensions, row);
  }
  const auto aggregates_start = Stopwatch::now();
  rebuild_sqlite_statistics(db);
  std::printf("stats: aggregates computed from the rows in %.1f s\n", seconds_since(aggregates_start));
  transaction.commit();
  db.exec("ANALYZE");
  db.exec("PRAGMA journal_mode = WAL");
}

// Median and 90th percentile of `runs` calls of `query`, in milliseconds.
template <class Query>
json::object time_it(const char* name, int runs, Query query) {
  Latencies latencies;
  for (int i = 0; i < runs; ++i) {
    const auto at = Stopwatch::now();
    query();
    latencies.add(at);
  }
  const double p50 = latencies.quantile_ms(0.5), p90 = latencies.quantile_ms(0.9);
  std::printf("stats %-42s median %8.2f ms  p90 %8.2f ms\n", name, p50, p90);
  return json::object{{"median_ms", p50}, {"p90_ms", p90}};
}

StatisticsRequest request(const std::string& tenant, const std::string& process, local_days from, local_days to,
                          StatsGrouping group) {
  StatisticsRequest r;
  r.tenant = tenant;
  r.process_id = process;
  r.from = from;
  r.to = to;
  r.group = group;
  return r;
}

}  // namespace

int run_stats(const Options& options) {
  const std::string path = options.dir + "/stats.db";
  std::filesystem::remove(path);
  {
    // The schema (every migration) and the definition, as a server would have them.
    auto store = SqliteStore::open(path);
    SystemClock clock;
    Engine engine(*store, clock);
    engine.deploy(read_definition(options.processes + "/standesamt/urkunde.yaml"), "urkunde.yaml", "bench");
  }
  const auto fill_start = Stopwatch::now();
  fill(path, options.cases);
  const double fill_seconds = seconds_since(fill_start);
  std::printf("stats: %d cases written with SQL in the store's schema in %.1f s\n", options.cases, fill_seconds);

  auto store = SqliteStore::open(path);
  ManualClock clock(kFirst + kSpan);  // "now": the end of the filled two years
  Engine engine(*store, clock);
  SQLite::Database baseline_db(path, SQLite::OPEN_READONLY);
  SQLite::Statement count_all(baseline_db, "SELECT count(*) FROM cases");

  const int runs = std::max(3, std::min(options.queries, 15));
  const local_days year_start{std::chrono::year{2025} / 1 / 1}, year_end{std::chrono::year{2025} / 12 / 31};
  const local_days first{std::chrono::year{2024} / 1 / 1};
  std::int64_t counted = 0;
  json::object figures;
  // Interleaved: the baseline once before and once after the queries, so a changing load shows.
  figures["baseline_count_all"] = time_it("baseline SELECT count(*)", runs, [&] {
    count_all.reset();
    count_all.executeStep();
    counted = count_all.getColumn(0).getInt64();
  });
  std::int64_t started = 0;
  figures["tenant_process_year_by_month"] = time_it("giessen, process, 2025 by month", runs, [&] {
    started =
        engine.statistics(request("giessen", kProcess, year_start, year_end, StatsGrouping::Month)).totals.started;
  });
  figures["tenant_process_two_years_by_day"] = time_it("giessen, process, 2 years by day", runs, [&] {
    engine.statistics(request("giessen", kProcess, first, year_end, StatsGrouping::Day));
  });
  figures["tenant_all_processes_year_by_week"] = time_it("giessen, every process, 2025 by week", runs, [&] {
    engine.statistics(request("giessen", "", year_start, year_end, StatsGrouping::Week));
  });
  figures["operator_all_tenants_year_by_month"] = time_it("every tenant, process, 2025 by month", runs, [&] {
    engine.statistics(request("", kProcess, year_start, year_end, StatsGrouping::Month));
  });
  figures["baseline_count_all_again"] = time_it("baseline SELECT count(*) (again)", runs, [&] {
    count_all.reset();
    count_all.executeStep();
  });
  if (counted != options.cases || started <= 0) {
    std::fprintf(stderr, "stats: counted %lld cases, %lld started in 2025\n", (long long)counted, (long long)started);
    return 1;
  }
  figures["workload"] = "stats";
  figures["cases"] = options.cases;
  figures["fill_seconds"] = fill_seconds;
  figures["runs"] = runs;
  print_result(std::move(figures));
  return 0;
}

}  // namespace amtsweg::bench
