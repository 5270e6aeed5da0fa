// Postkorb latency with many open tasks: registry-office requests for fee-free certificates go
// straight to preparation, so each intake (through Engine::start) leaves one open task.
#include <boost/json.hpp>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "bench/workloads.hpp"
#include "engine/clock.hpp"
#include "engine/runtime/engine.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"

namespace amtsweg::bench {

namespace {

namespace json = boost::json;

constexpr const char* kTenant = "giessen";
constexpr const char* kClerk = "anna.schmidt";

json::object fee_free_application(int i) {
  const std::string name = "Rentnerin " + std::to_string(i);
  return json::object{
      {"applicant",
       json::object{{"name", name},
                    {"email", "person" + std::to_string(i) + "@example.org"},
                    {"address", json::object{{"street", "Marktplatz 1"}, {"postcode", "35390"}, {"city", "Gießen"}}}}},
      {"certificate", "marriage"},
      {"register_entry", json::object{{"number", "E " + std::to_string(1 + i % 9999) + "/1970"}, {"person", name}}},
      {"copies", 1},
      {"purpose", "pension"},
      {"relation", "self"},
      {"delivery", "post"}};
}

// What the REST adapter asks for a clerk of group `standesamt` (GET /api/v1/tasks).
TaskQuery clerk_inbox() {
  TaskQuery query;
  query.tenant = kTenant;
  query.roles = {"standesamt"};
  query.assignee_or_role_user = kClerk;
  return query;
}

struct View {
  const char* name;
  std::vector<TaskQuery> queries;  // asked in turn
};

// Asks each view's queries `count` times; prints and returns {name: {p50_ms, p99_ms}}.
json::object measure(Engine& engine, const std::vector<View>& views, int count) {
  json::object figures;
  for (const auto& view : views) {
    Latencies latencies;
    std::size_t rows = 0;
    for (int i = 0; i < count; ++i) {
      const auto at = Stopwatch::now();
      rows += engine.tasks(view.queries[i % view.queries.size()]).size();
      latencies.add(at);
    }
    const double p50 = latencies.quantile_ms(0.5), p99 = latencies.quantile_ms(0.99);
    std::printf("postkorb %-22s p50 %7.3f ms  p99 %7.3f ms  (%.0f tasks per answer)\n", view.name, p50, p99,
                double(rows) / count);
    figures[view.name] = json::object{{"p50_ms", p50}, {"p99_ms", p99}};
  }
  return figures;
}

}  // namespace

int run_postkorb(const Options& options) {
  SystemClock clock;
  // The fill only builds the situation to measure: commits need not survive a power loss.
  auto store = SqliteStore::open(options.dir + "/postkorb.db", SqliteStore::Durability::Checkpoints);
  Engine engine(*store, clock);
  engine.deploy(read_definition(options.processes + "/standesamt/urkunde.yaml"), "urkunde.yaml", "bench");

  auto fill_start = Stopwatch::now();
  in_parallel(options.cases, options.callers, [&](int i, Latencies&) {
    engine.start(StartRequest{kTenant, "personenstandsurkunde", fee_free_application(i), "", "portal"});
  });
  const double fill_seconds = seconds_since(fill_start);

  // Every 50th task is claimed by the clerk: her own view is the assignee view.
  TaskQuery open_tasks = clerk_inbox();
  open_tasks.limit = 500;
  int claimed = 0;
  for (auto page = engine.tasks(open_tasks); !page.empty() && claimed * 50 < options.cases;) {
    for (std::size_t i = 0; i < page.size(); i += 50, ++claimed) engine.claim(kTenant, page[i].id, kClerk);
    open_tasks.after_id = page.back().id;
    page = engine.tasks(open_tasks);
  }
  std::printf("postkorb: %d open tasks filled through the engine in %.1f s, %d claimed by %s\n", options.cases,
              fill_seconds, claimed, kClerk);

  // Cursors spread over the whole inbox: later pages must cost what the first one costs.
  std::vector<TaskQuery> later_pages;
  TaskQuery walk = clerk_inbox();
  walk.limit = 500;
  for (auto page = engine.tasks(walk); !page.empty(); page = engine.tasks(walk)) {
    TaskQuery next = clerk_inbox();
    next.after_id = page.back().id;
    later_pages.push_back(next);
    walk.after_id = page.back().id;
  }
  std::shuffle(later_pages.begin(), later_pages.end(), std::mt19937(7));

  TaskQuery overdue = clerk_inbox();
  overdue.overdue_at = clock.now() + 30LL * 86400000;  // every task is due within days
  TaskQuery assigned;
  assigned.tenant = kTenant;
  assigned.assignee = kClerk;
  auto figures = measure(engine,
                         {{"inbox", {clerk_inbox()}},
                          {"inbox_later_page", later_pages.empty() ? std::vector{clerk_inbox()} : later_pages},
                          {"overdue", {overdue}},
                          {"assignee", {assigned}}},
                         options.queries);
  figures["workload"] = "postkorb";
  figures["open_tasks"] = options.cases;
  figures["fill_seconds"] = fill_seconds;
  print_result(std::move(figures));
  return 0;
}

}  // namespace amtsweg::bench
