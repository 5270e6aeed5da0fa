// The micro workloads of amtsweg_bench: concurrent starts, events by correlation key, buffered
// events and Lua guards, each against the sequential baseline measured in the same run.
#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench/workloads.hpp"
#include "engine/clock.hpp"
#include "engine/runtime/engine.hpp"
#include "engine/script/script_engine.hpp"
#include "engine/store/open_store.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"

namespace amtsweg::bench {

namespace {

namespace json = boost::json;

constexpr const char* kDefinition = R"(id: bench
title: Benchmark procedure
start: received
params:
  fee_first: 12.0
  fee_more: 6.0
correlate:
  keys:
    payment_ref: data.payment_ref
states:
  received:
    entry:
      - set:
          fee: "= params.fee_first + (data.copies - 1) * params.fee_more"
          payment_ref: "= 'PAY-' .. case.id"
    always:
      - to: awaiting_payment
  awaiting_payment:
    on:
      payment.confirmed:
        - to: review
          when: event.payload.amount >= data.fee
    after:
      - in: P14D
        to: cancelled
  review:
    task:
      title: "Check request of {{ data.name }}"
      role: standesamt
    on:
      task.completed: issued
  issued:
    final: true
  cancelled:
    final: true
)";

// The portal takes the fee with the application: the payment provider's confirmation usually
// comes before the case exists and waits in the event buffer until the intake takes it.
constexpr const char* kPrepaidDefinition = R"(id: bench_prepaid
title: Prepaid benchmark procedure
start: awaiting_payment
correlate:
  keys:
    payment_ref: data.payment_ref
events:
  payment.confirmed: {buffer: P1D}
states:
  awaiting_payment:
    on:
      payment.confirmed: paid
  paid:
    final: true
)";

void report(const char* name, int operations, double seconds, double baseline_per_second = 0) {
  const double per_second = operations / seconds;
  std::printf("%-28s %8d ops  %8.3f s  %10.0f ops/s", name, operations, seconds, per_second);
  if (baseline_per_second > 0) std::printf("  x%.2f vs sequential", per_second / baseline_per_second);
  std::printf("\n");
}

StartRequest application(int i) {
  return StartRequest{"giessen", "bench",
                      json::object{{"name", "Applicant " + std::to_string(i)}, {"copies", 1 + i % 3}}, "", "bench"};
}

// Starts `count` cases from `threads` threads; returns the case ids.
std::vector<std::string> start_cases(Engine& engine, int count, int threads) {
  std::vector<std::string> ids(count);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&, t] {
      for (int i = t; i < count; i += threads) ids[i] = engine.start(application(i)).record.id;
    });
  for (auto& w : workers) w.join();
  return ids;
}

}  // namespace

int run_micro(const Options& options) {
  SystemClock clock;
  auto store = options.store.empty() ? SqliteStore::open(options.dir + "/bench.db") : open_store(options.store);
  Engine engine(*store, clock);
  engine.deploy(kDefinition, "bench.yaml", "bench");
  std::printf("amtsweg_bench: %d cases, %d threads, %s, %u hardware threads\n", options.cases, options.callers,
              options.store.empty() ? "SQLite WAL synchronous=FULL" : "PostgreSQL",
              std::thread::hardware_concurrency());

  auto start = Stopwatch::now();
  const int sequential = std::max(100, options.cases / 10);
  start_cases(engine, sequential, 1);
  const double baseline = sequential / seconds_since(start);
  report("start, 1 thread", sequential, seconds_since(start));

  const auto groups_before = engine.writer_stats();
  start = Stopwatch::now();
  const auto ids = start_cases(engine, options.cases, options.callers);
  const double concurrent_seconds = seconds_since(start);
  report("start, concurrent", options.cases, concurrent_seconds, baseline);
  const auto groups_after = engine.writer_stats();
  std::printf(
      "%-28s %8.1f commands per commit (largest group %llu)\n", "group commit",
      double(groups_after.commands - groups_before.commands) / double(groups_after.groups - groups_before.groups),
      static_cast<unsigned long long>(groups_after.largest_group));

  start = Stopwatch::now();
  in_parallel(options.cases, options.callers, [&](int i, Latencies&) {
    engine.deliver(EventRequest{"giessen", "pay-" + std::to_string(i), "payment.confirmed",
                                json::object{{"payment_ref", "PAY-" + ids[i]}}, json::object{{"amount", 100}},
                                "bench"});
  });
  report("event by correlation key", options.cases, seconds_since(start), baseline);

  engine.deploy(kPrepaidDefinition, "bench_prepaid.yaml", "bench");
  start = Stopwatch::now();
  in_parallel(options.cases, options.callers, [&](int i, Latencies&) {
    const auto result = engine.deliver(EventRequest{"giessen", "early-" + std::to_string(i), "payment.confirmed",
                                                    json::object{{"payment_ref", "PRE-" + std::to_string(i)}},
                                                    json::object{{"amount", 12}}, "bench"});
    if (!result.contains("buffered")) throw std::runtime_error("the early payment was not buffered");
  });
  report("early event, buffered", options.cases, seconds_since(start), baseline);
  start = Stopwatch::now();
  in_parallel(options.cases, options.callers, [&](int i, Latencies&) {
    const auto started = engine.start(StartRequest{
        "giessen", "bench_prepaid", json::object{{"payment_ref", "PRE-" + std::to_string(i)}}, "", "bench"});
    if (started.record.state != "paid") throw std::runtime_error("the intake did not take its buffered payment");
  });
  report("intake taking its event", options.cases, seconds_since(start), baseline);

  ScriptEngine scripts;
  json::object data{{"copies", 2}, {"fee", 18.0}};
  const json::value event{{"payload", json::object{{"amount", 20.0}}}};
  ScriptBindings bindings;
  bindings.data = &data;
  bindings.event = &event;
  const Expression guard{"event.payload.amount >= data.fee", {1, 1}};
  const int evaluations = 200000;
  start = Stopwatch::now();
  int held = 0;
  for (int i = 0; i < evaluations; ++i) held += scripts.test(guard, bindings) ? 1 : 0;
  report("guard evaluation (Lua)", evaluations, seconds_since(start));
  return held == evaluations ? 0 : 1;
}

}  // namespace amtsweg::bench
