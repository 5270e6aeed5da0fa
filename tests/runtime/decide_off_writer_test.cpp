// Commands are decided on a snapshot off the writer and only written by it (issue 13): a decision
// whose case changed before its write is decided again on the fresh case, exactly once; a real
// business conflict still reaches the caller. A store hook commits another command mid-decision.
#include <catch2/catch.hpp>

#include <atomic>
#include <boost/json.hpp>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "engine/error.hpp"
#include "engine/runtime/command_pipeline.hpp"
#include "tests/runtime/certificate_process.hpp"
#include "tests/support/commit_hook_fixture.hpp"

namespace amtsweg::testing {
namespace {

namespace json = boost::json;

// A case that takes any number of `tick` events (each an internal transition that counts) while
// its clerk's task is open.
const std::string kCounterYaml = R"(id: counter
title: Counter
start: counting
form:
  type: object
states:
  counting:
    task:
      title: Watch the count
      role: office
    on:
      tick:
        - do:
            - set: {count: "= (data.count or 0) + 1"}
      task.completed:
        - to: done
  done:
    final: true
)";

// A case that waits for its payment from the start; early payments wait in the buffer.
const std::string kPrepaidYaml = R"(id: prepaid
title: Prepaid
start: awaiting_payment
form:
  type: object
  properties:
    ref: {type: string}
correlate:
  keys:
    ref: data.ref
events:
  payment.confirmed:
    buffer: P7D
states:
  awaiting_payment:
    on:
      payment.confirmed:
        - to: paid
  paid:
    final: true
)";

EventRequest tick(const std::string& case_id, const std::string& id) {
  return EventRequest{"giessen", id, "tick", json::object{{"case", case_id}}, json::object{}, "sensor"};
}

std::map<std::string, int> history_types(Engine& engine, const std::string& case_id) {
  std::map<std::string, int> types;
  for (const auto& entry : engine.history("giessen", case_id)) ++types[entry.event_type];
  return types;
}

TEST_CASE("a command whose case changed while it was decided is decided again and lands once", "[runtime][decide]") {
  CommitHookFixture f;
  f.deploy(kCertificateYaml);
  const CaseRecord c = f.start("certificate", R"({"name": "Erika", "copies": 1})");
  // While the note is decided on the waiting case, the payment moves it on to the review.
  f.commit_before("tasks_of_case", [&] {
    f.engine->deliver(
        EventRequest{"giessen", "pay-1", "payment.confirmed", {{"case", c.id}}, {{"amount", 12.0}}, "portal"});
  });
  const auto before = f.engine->writer_stats().redecisions;
  f.engine->add_note("giessen", c.id, "called the applicant", "anna");
  CHECK(f.commits == 1);
  CHECK(f.engine->writer_stats().redecisions == before + 1);
  const auto history = f.engine->history("giessen", c.id);
  REQUIRE(history.size() >= 2);
  CHECK(history.back().event_type == "note.added");
  CHECK(history_types(*f.engine, c.id)["note.added"] == 1);
  CHECK(f.engine->find_case("giessen", c.id)->record.state == "review");
  CHECK(f.engine->verify().empty());
}

TEST_CASE("a real business conflict found on re-deciding still reaches the caller", "[runtime][decide]") {
  CommitHookFixture f;
  f.deploy(kCertificateYaml);
  const CaseRecord c = start_review(f);
  const TaskRecord task = f.open_task("giessen", c.id);
  const auto approve = json::parse(R"({"decision": "approve"})");
  // While anna's completion is decided, bernd completes the task.
  f.commit_before("tasks_of_case", [&] { f.engine->complete("giessen", task.id, "bernd", approve); });
  const auto before = f.engine->writer_stats().redecisions;
  try {
    f.engine->complete("giessen", task.id, "anna", approve);
    FAIL("expected a conflict");
  } catch (const Error& e) {
    // Re-decided on the fresh case: the task is done and the case closed with it.
    CHECK(e.kind() == ErrorKind::Conflict);
    CHECK(std::string(e.what()).find("it is completed") != std::string::npos);
  }
  CHECK(f.engine->writer_stats().redecisions == before + 1);
  CHECK(history_types(*f.engine, c.id)["task.completed"] == 2);  // one completion: its note and its transition
  CHECK(f.engine->find_task("giessen", task.id)->assignee == "bernd");
  CHECK(f.engine->verify().empty());
}

TEST_CASE("an event decided while its case was started finds the case instead of the buffer", "[runtime][decide]") {
  CommitHookFixture f;
  f.deploy(kPrepaidYaml);
  CaseRecord c;
  // The event found no case; before it is buffered, the case that waits for it is started.
  f.commit_before("closed_cases_by_correlation", [&] { c = f.start("prepaid", R"({"ref": "R-7"})"); });
  const auto result = f.engine->deliver(
      EventRequest{"giessen", "pay-7", "payment.confirmed", {{"ref", "R-7"}}, json::object{}, "payments"});
  CHECK(f.commits == 1);
  CHECK(result.at("cases").as_array().size() == 1);
  CHECK(result.at("cases").as_array()[0].at("handled") == true);
  CHECK_FALSE(result.contains("buffered"));
  CHECK(f.engine->find_case("giessen", c.id)->record.state == "paid");
}

TEST_CASE("a command whose every snapshot goes stale is decided on the writer and still lands", "[runtime][decide]") {
  CommitHookFixture f;
  f.deploy(kCounterYaml);
  const CaseRecord c = f.start("counter", "{}");
  // Before every decision of the note reads the case's tasks, another tick is committed.
  f.faults->before_read([&](std::string_view query) {
    if (f.committing || query != "tasks_of_case") return;
    f.committing = true;  // the tick's own reads come back here
    f.engine->deliver(tick(c.id, "busy-" + std::to_string(f.commits)));
    ++f.commits;
    f.committing = false;
  });
  const auto before = f.engine->writer_stats().redecisions;
  f.engine->add_note("giessen", c.id, "written on a busy case", "anna");
  f.faults->before_read(nullptr);
  // Each snapshot decision lost its race; the last decision was made where nothing goes stale.
  CHECK(f.commits == CommandPipeline::kMaxDecisions - 1);
  CHECK(f.engine->writer_stats().redecisions == before + CommandPipeline::kMaxDecisions - 1);
  const auto history = f.engine->history("giessen", c.id);
  CHECK(history.back().event_type == "note.added");
  CHECK(f.engine->find_case("giessen", c.id)->record.data.at("count") == CommandPipeline::kMaxDecisions - 1);
  CHECK(f.engine->verify().empty());
}

TEST_CASE("concurrent events and task commands on one case all land exactly once", "[runtime][decide]") {
  EngineFixture f;
  f.deploy(kCounterYaml);
  const CaseRecord c = f.start("counter", "{}");
  const TaskRecord task = f.open_task("giessen", c.id);
  constexpr int kSenders = 6, kTicks = 20, kClaims = 10;
  std::atomic<int> fresh{0}, duplicates{0}, failures{0};
  std::vector<std::thread> threads;
  // Every tick id is sent by two senders: one of them processes it, the other gets the duplicate.
  for (int s = 0; s < kSenders; ++s)
    threads.emplace_back([&, s] {
      for (int i = 0; i < kTicks; ++i) {
        const int pair = s / 2;
        try {
          const auto result = f.engine->deliver(tick(c.id, "t-" + std::to_string(pair) + "-" + std::to_string(i)));
          ++(result.at("duplicate") == true ? duplicates : fresh);
        } catch (const std::exception& e) {
          UNSCOPED_INFO(e.what());
          ++failures;
        }
      }
    });
  threads.emplace_back([&] {
    for (int i = 0; i < kClaims; ++i) {
      try {
        f.engine->claim("giessen", task.id, "anna");
        f.engine->unclaim("giessen", task.id, "anna");
      } catch (const std::exception& e) {
        UNSCOPED_INFO(e.what());
        ++failures;
      }
    }
  });
  for (auto& t : threads) t.join();
  CHECK(failures == 0);
  const int distinct = kSenders / 2 * kTicks;
  CHECK(fresh == distinct);
  CHECK(duplicates == distinct);
  const auto view = f.engine->find_case("giessen", c.id);
  CHECK(view->record.data.at("count") == distinct);
  auto types = history_types(*f.engine, c.id);
  CHECK(types["tick"] == distinct);
  CHECK(types["task.claimed"] == kClaims);
  CHECK(types["task.unclaimed"] == kClaims);
  CHECK(f.engine->verify().empty());
  // The case still moves on: the clerk's completion ends it.
  f.engine->complete("giessen", task.id, "anna", json::object{});
  CHECK(f.engine->find_case("giessen", c.id)->record.state == "done");
}

}  // namespace
}  // namespace amtsweg::testing
