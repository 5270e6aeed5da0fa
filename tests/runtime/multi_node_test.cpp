// Several engine nodes on one PostgreSQL database, as behind a load balancer: each node has its own
// store connections and writer; the database decides between them. A timer fires once, an event id
// and an idempotency key take effect once, a task is completed once, and every chain verifies.
#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <functional>
#include <mutex>
#include <set>
#include <thread>

#include "engine/error.hpp"
#include "tests/runtime/certificate_process.hpp"
#include "tests/support/engine_fixture.hpp"
#include "tests/support/store_backends.hpp"

using namespace amtsweg;
using namespace amtsweg::testing;

namespace {

// One node: its own store (own connections, own group writer) on the shared database.
struct Node {
  std::unique_ptr<Store> store;
  std::unique_ptr<Engine> engine;
  Node(const TestDatabase& database, const Clock& clock)
      : store(database.open()), engine(std::make_unique<Engine>(*store, clock)) {}
};

// Runs `action` on every node at once (one thread each, released together) and returns what each
// threw (empty: it returned).
std::vector<std::string> on_all_at_once(std::vector<Node>& nodes, const std::function<void(Engine&)>& action) {
  std::vector<std::string> errors(nodes.size());
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < nodes.size(); ++i)
    threads.emplace_back([&, i] {
      while (!go) std::this_thread::yield();
      try {
        action(*nodes[i].engine);
      } catch (const Error& e) {
        errors[i] = std::string(to_string(e.kind())) + ": " + e.what();
      }
    });
  go = true;
  for (auto& thread : threads) thread.join();
  return errors;
}

std::size_t entries_of_type(const std::vector<HistoryEntry>& history, const std::string& type) {
  return static_cast<std::size_t>(
      std::count_if(history.begin(), history.end(), [&](const HistoryEntry& e) { return e.event_type == type; }));
}

IncidentQuery incidents_of(const std::string& tenant) {
  IncidentQuery query;
  query.tenant = tenant;
  return query;
}

TaskQuery tasks_of(const std::string& tenant) {
  TaskQuery query;
  query.tenant = tenant;
  return query;
}

}  // namespace

TEST_CASE("three nodes on one PostgreSQL database decide each thing once", "[runtime][postgres][multinode]") {
  if (!test_postgres_url()) {
    WARN("AMTSWEG_TEST_POSTGRES_URL is not set: several nodes are not tested (scripts/test sets it)");
    return;
  }
  TestDatabase database(StoreBackend::Postgres);
  ManualClock clock{kMonday};
  std::vector<Node> nodes;
  for (int i = 0; i < 3; ++i) nodes.emplace_back(database, clock);
  nodes[0].engine->deploy(kCertificateYaml, "certificate.yaml", "admin");

  SECTION("a due timer fires once although every node's scheduler sees it") {
    StartRequest request{"giessen", "certificate", boost::json::parse(R"({"name": "Erika", "copies": 1})")};
    const auto started = nodes[1].engine->start(request).record;
    REQUIRE(started.state == "awaiting_payment");
    clock.advance(std::chrono::milliseconds(15 * kDay));
    const auto errors = on_all_at_once(nodes, [](Engine& engine) { engine.fire_due_timers(); });
    for (const auto& error : errors) CHECK(error == "");
    const auto history = nodes[2].engine->history("giessen", started.id);
    CHECK(entries_of_type(history, "timer") == 1);
    CHECK(nodes[0].engine->find_case("giessen", started.id)->record.state == "cancelled");
    CHECK(nodes[0].engine->incidents(incidents_of("giessen")).empty());
  }

  SECTION("an event posted to every node at once is applied once; the others answer it as a duplicate") {
    StartRequest request{"giessen", "certificate", boost::json::parse(R"({"name": "Erika", "copies": 1})")};
    const auto started = nodes[0].engine->start(request).record;
    std::vector<DeliveryResult> results(nodes.size());
    std::atomic<int> next{0};
    const auto errors = on_all_at_once(nodes, [&](Engine& engine) {
      EventRequest payment{"giessen",
                           "pay-77",
                           "payment.confirmed",
                           {{"payment_ref", "PAY-" + started.id}},
                           boost::json::parse(R"({"amount": 12})")};
      results[next++] = engine.deliver(payment);
    });
    for (const auto& error : errors) CHECK(error == "");
    int duplicates = 0;
    for (const auto& result : results) duplicates += result.at("duplicate").as_bool() ? 1 : 0;
    CHECK(duplicates == 2);
    const auto history = nodes[1].engine->history("giessen", started.id);
    CHECK(entries_of_type(history, "payment.confirmed") == 1);
    CHECK(nodes[2].engine->find_case("giessen", started.id)->record.state == "review");
  }

  SECTION("one intake with the same idempotency key on every node makes one case") {
    std::vector<std::string> case_ids(nodes.size());
    std::atomic<int> next{0};
    const auto errors = on_all_at_once(nodes, [&](Engine& engine) {
      StartRequest request{"giessen", "certificate", boost::json::parse(R"({"name": "Jan", "copies": 1})"),
                           "antrag-4711"};
      case_ids[next++] = engine.start(request).record.id;
    });
    for (const auto& error : errors) CHECK(error == "");
    CHECK(case_ids[0] == case_ids[1]);
    CHECK(case_ids[1] == case_ids[2]);
    CHECK(nodes[0].store->open_reader()->all_case_ids().size() == 1);
  }

  SECTION("two clerks completing the same task on different nodes: one wins, the other gets a conflict") {
    StartRequest request{"giessen", "certificate",
                         boost::json::parse(R"({"name": "Max", "copies": 1, "purpose": "pension"})")};
    const auto started = nodes[0].engine->start(request).record;
    const auto task = nodes[0].engine->tasks(tasks_of("giessen")).at(0);
    const auto errors = on_all_at_once(nodes, [&](Engine& engine) {
      engine.complete("giessen", task.id, "anna", boost::json::parse(R"({"decision": "approve"})"));
    });
    int conflicts = 0;
    for (const auto& error : errors) {
      if (error.empty()) continue;
      CHECK_THAT(error, Catch::StartsWith("conflict"));
      ++conflicts;
    }
    CHECK(conflicts == 2);
    const auto history = nodes[1].engine->history("giessen", started.id);
    // One completion writes two entries: the task's own and the transition it causes.
    CHECK(entries_of_type(history, "task.completed") == 2);
    CHECK(history.back().to_state == "issued");
  }

  SECTION("webhook deliveries: nodes take turns at fanning out and claiming, so none is sent twice") {
    nodes[2].engine->create_webhook(NewWebhook{"giessen", "https://crm.example.org/hooks", {"*"}, std::nullopt});
    for (int i = 0; i < 20; ++i) {
      StartRequest request{"giessen", "certificate", boost::json::parse(R"({"name": "Jan", "copies": 1})")};
      nodes[i % 3].engine->start(request);
    }
    std::mutex claimed_mutex;
    std::multiset<std::string> claimed;
    for (int round = 0; round < 10; ++round) {
      const auto errors = on_all_at_once(nodes, [&](Engine& engine) {
        DispatchRequest dispatch;
        dispatch.claim.limit = 8;
        dispatch.claim.per_subscription = 100;
        for (const auto& due : engine.dispatch_webhooks(dispatch).due) {
          std::lock_guard lock(claimed_mutex);
          claimed.insert(due.delivery.id);
        }
      });
      for (const auto& error : errors) CHECK(error == "");
    }
    std::set<std::string> distinct(claimed.begin(), claimed.end());
    CHECK(claimed.size() == distinct.size());
    CHECK(!claimed.empty());
  }

  CHECK(nodes[0].engine->verify().empty());
}
