// The engine's asynchronous commands (start_async, deliver_async, complete_async): each calls back
// exactly once with the result or the error, what it acknowledges is durable, and many commands
// submitted from one thread without waiting share group commits.
#include <catch2/catch.hpp>

#include <atomic>
#include <boost/json.hpp>
#include <future>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "engine/error.hpp"
#include "tests/runtime/certificate_process.hpp"
#include "tests/support/engine_fixture.hpp"

namespace amtsweg::testing {
namespace {

namespace json = boost::json;

StartRequest certificate_request(const std::string& name, const std::string& purpose = "general") {
  return StartRequest{"giessen", "certificate", json::object{{"name", name}, {"copies", 1}, {"purpose", purpose}}, "",
                      "portal"};
}

// Waits for one asynchronous command and counts how often it called back.
template <class Result>
struct Awaited {
  std::shared_ptr<std::promise<Outcome<Result>>> promise = std::make_shared<std::promise<Outcome<Result>>>();
  std::shared_ptr<std::atomic<int>> calls = std::make_shared<std::atomic<int>>(0);
  Engine::Completion<Result> callback() {
    return [promise = promise, calls = calls](Outcome<Result> outcome) {
      if (calls->fetch_add(1) == 0) promise->set_value(std::move(outcome));
    };
  }
  Outcome<Result> get() { return promise->get_future().get(); }
};

// The kind of the error; Io for none (no test here expects Io, so such a comparison fails).
ErrorKind kind_of(const std::exception_ptr& error) {
  if (!error) return ErrorKind::Io;
  try {
    std::rethrow_exception(error);
  } catch (const Error& e) {
    return e.kind();
  }
}

TEST_CASE("async intake calls back once with the case, which is durable", "[runtime][async]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  Awaited<StartResult> started;
  f.engine->start_async(certificate_request("Erika Muster"), started.callback());
  auto outcome = started.get();
  REQUIRE(outcome.ok());
  const std::string id = outcome.get().record.id;
  CHECK(outcome.get().created);
  CHECK(outcome.get().record.state == "awaiting_payment");
  f.reopen();
  REQUIRE(f.engine->find_case("giessen", id));
  CHECK(f.engine->find_case("giessen", id)->record.state == "awaiting_payment");
  CHECK(*started.calls == 1);
}

TEST_CASE("async commands that fail call back with the error and change nothing", "[runtime][async]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);

  Awaited<StartResult> unknown;
  f.engine->start_async(StartRequest{"giessen", "nothing", json::object{}, "", "portal"}, unknown.callback());
  auto refused = unknown.get();
  REQUIRE_FALSE(refused.ok());
  CHECK(kind_of(refused.error()) == ErrorKind::NotFound);

  Awaited<StartResult> invalid;
  auto request = certificate_request("Erika Muster");
  request.data.as_object().erase("copies");
  f.engine->start_async(request, invalid.callback());
  auto rejected = invalid.get();
  REQUIRE_FALSE(rejected.ok());
  CHECK(kind_of(rejected.error()) == ErrorKind::RuleViolation);

  Awaited<DeliveryResult> nobody;
  f.engine->deliver_async(EventRequest{"giessen", "E-1", "payment.confirmed", json::object{{"payment_ref", "PAY-none"}},
                                       json::object{}, "payments"},
                          nobody.callback());
  auto unmatched = nobody.get();
  REQUIRE_FALSE(unmatched.ok());
  CHECK(kind_of(unmatched.error()) == ErrorKind::NotFound);

  Awaited<TaskRecord> no_task;
  f.engine->complete_async("giessen", "T-none", "anna", json::object{}, no_task.callback());
  CHECK(kind_of(no_task.get().error()) == ErrorKind::NotFound);

  CHECK(f.engine->state_counts("giessen", "").empty());
  CHECK(*unknown.calls == 1);
  CHECK(*invalid.calls == 1);
  CHECK(*nobody.calls == 1);
  CHECK(*no_task.calls == 1);
}

TEST_CASE("async event and task completion move the case like their waiting forms", "[runtime][async]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const CaseRecord c = f.start("certificate", R"({"name": "Max", "copies": 2})");
  Awaited<DeliveryResult> paid;
  f.engine->deliver_async(
      EventRequest{"giessen", "E-pay", "payment.confirmed", json::object{{"payment_ref", "PAY-" + c.id}},
                   json::object{{"amount", 18.0}}, "payments"},
      paid.callback());
  auto delivery = paid.get();
  REQUIRE(delivery.ok());
  CHECK(delivery.get().at("cases").at(0).at("to") == "review");

  const TaskRecord task = f.open_task("giessen", c.id);
  f.engine->claim("giessen", task.id, "anna");
  Awaited<TaskRecord> done;
  f.engine->complete_async("giessen", task.id, "anna", json::object{{"decision", "approve"}}, done.callback());
  auto completed = done.get();
  REQUIRE(completed.ok());
  CHECK(completed.get().status == TaskStatus::Completed);
  f.reopen();
  CHECK(f.engine->find_case("giessen", c.id)->record.state == "issued");
}

TEST_CASE("many async intakes from one thread share commits and are each answered once", "[runtime][async]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  constexpr int kCount = 300;
  const auto before = f.engine->writer_stats();
  std::mutex mutex;
  std::multiset<std::string> ids;
  std::atomic<int> answered{0};
  std::promise<void> all;
  for (int i = 0; i < kCount; ++i)
    f.engine->start_async(certificate_request("Person " + std::to_string(i)), [&](Outcome<StartResult> outcome) {
      {
        std::lock_guard lock(mutex);
        ids.insert(outcome.ok() ? outcome.get().record.id : "failed");
      }
      if (++answered == kCount) all.set_value();
    });
  all.get_future().get();
  const auto after = f.engine->writer_stats();
  CHECK(ids.count("failed") == 0);
  CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == kCount);
  // One submitting thread never waited: the writer took what had queued up meanwhile.
  CHECK(after.groups - before.groups < kCount);
  CHECK(after.largest_group > 1);
  f.reopen();
  for (const auto& id : ids) CHECK(f.engine->find_case("giessen", id));
}

}  // namespace
}  // namespace amtsweg::testing
