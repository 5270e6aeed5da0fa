// Guarantees that a review of the engine found missing at first: reserved event types, timer
// cycles, completions no guard accepts, delegation, suspended cases in a fan-out, failures of
// other tenants, and cancelling a task.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "engine/error.hpp"
#include "tests/runtime/certificate_process.hpp"
#include "tests/support/engine_fixture.hpp"

using namespace amtsweg;
using namespace amtsweg::testing;
namespace json = boost::json;

TEST_CASE("integrators cannot post the engine's own event types", "[runtime][review]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const CaseRecord c = start_review(f);
  for (const char* type : {"task.completed", "timer", "case.cancelled"}) {
    const EventRequest fake{"giessen",
                            std::string("fake-") + type,
                            type,
                            json::object{{"case", c.id}},
                            json::object{{"decision", "approve"}},
                            "integrator"};
    CHECK(error_kind_of([&] { f.engine->deliver(fake); }) == ErrorKind::InvalidArgument);
  }
  CHECK(f.engine->find_case("giessen", c.id)->record.state == "review");
}

TEST_CASE("a timer that re-arms itself already due fires once per call, not forever", "[runtime][review]") {
  const std::string yaml = R"(id: nagging
title: Nagging
start: waiting
states:
  waiting:
    after:
      - at: "= '2020-01-01T00:00:00Z'"
        to: remind
    on:
      done: finished
  remind:
    entry:
      - set: {reminders: "= (data.reminders or 0) + 1"}
    always:
      - to: waiting
  finished:
    final: true
)";
  EngineFixture f;
  f.deploy(yaml);
  const CaseRecord c = f.start("nagging", "{}");
  CHECK(f.engine->fire_due_timers().fired == 1);
  CHECK(f.engine->fire_due_timers().fired == 1);
  CHECK(f.engine->find_case("giessen", c.id)->record.data.at("reminders").as_int64() == 2);
}

TEST_CASE("a completion that no guard accepts is refused and the task stays open", "[runtime][review]") {
  const std::string yaml = R"(id: strict
title: Strict
start: review
states:
  review:
    task: {title: Decide, role: clerks}
    on:
      task.completed:
        - to: yes
          when: event.payload.decision == 'yes'
        - to: no
          when: event.payload.decision == 'no'
  yes:
    final: true
  no:
    final: true
)";
  EngineFixture f;
  f.deploy(yaml);
  const CaseRecord c = f.start("strict", "{}");
  const TaskRecord task = f.open_task("giessen", c.id);
  CHECK(error_kind_of([&] {
          f.engine->complete("giessen", task.id, "anna", json::parse(R"({"decision": "maybe"})"));
        }) == ErrorKind::RuleViolation);
  CHECK(f.open_task("giessen", c.id).status == TaskStatus::Open);
  f.engine->complete("giessen", task.id, "anna", json::parse(R"({"decision": "no"})"));
  CHECK(f.engine->find_case("giessen", c.id)->record.state == "no");
}

TEST_CASE("only the holder of a claimed task can delegate it", "[runtime][review]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const TaskRecord task = f.open_task("giessen", start_review(f).id);
  f.engine->claim("giessen", task.id, "alice");
  CHECK(error_kind_of([&] { f.engine->delegate("giessen", task.id, "bob", "bob"); }) == ErrorKind::Conflict);
  CHECK(f.engine->delegate("giessen", task.id, "alice", "carla").assignee == "carla");
}

TEST_CASE("a suspended case sits out an event addressed by key, the others get it", "[runtime][review]") {
  const std::string yaml = R"(id: shared
title: Shared reference
start: waiting
correlate:
  keys:
    ref: data.ref
states:
  waiting:
    on:
      paid: done
  done:
    final: true
)";
  EngineFixture f;
  f.deploy(yaml);
  const CaseRecord a = f.start("shared", R"({"ref": "R1"})");
  const CaseRecord b = f.start("shared", R"({"ref": "R1"})");
  f.engine->suspend_case("giessen", a.id, "admin");
  const auto result =
      f.engine->deliver(EventRequest{"giessen", "e1", "paid", json::object{{"ref", "R1"}}, json::object{}, "x"});
  CHECK(result.at("cases").as_array().size() == 2);
  CHECK(f.engine->find_case("giessen", a.id)->record.state == "waiting");
  CHECK(f.engine->find_case("giessen", b.id)->record.state == "done");
}

TEST_CASE("another tenant's failed command leaves no trace on the case", "[runtime][review]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const CaseRecord c = start_review(f, "giessen");
  CHECK(error_kind_of([&] { f.engine->cancel_case("kassel", c.id, "mallory", "x"); }) == ErrorKind::NotFound);
  CHECK(f.engine->find_case("giessen", c.id)->failures.empty());
}

TEST_CASE("an administrator cancels a task, the state may react to task.cancelled", "[runtime][review]") {
  const std::string yaml = R"(id: reassign
title: Reassign
start: review
states:
  review:
    task: {title: Decide, role: clerks}
    on:
      task.completed: done
      task.cancelled: escalated
  escalated:
    task: {title: Decide (escalated), role: leads}
    on:
      task.completed: done
  done:
    final: true
)";
  EngineFixture f;
  f.deploy(yaml);
  const CaseRecord c = f.start("reassign", "{}");
  const TaskRecord task = f.open_task("giessen", c.id);
  CHECK(f.engine->cancel_task("giessen", task.id, "admin").status == TaskStatus::Cancelled);
  const auto view = f.engine->find_case("giessen", c.id);
  CHECK(view->record.state == "escalated");
  CHECK(f.open_task("giessen", c.id).role == "leads");
}

TEST_CASE("refusals are answered, not recorded as failures of the case", "[runtime][review]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const CaseRecord c = start_review(f);
  const TaskRecord task = f.open_task("giessen", c.id);
  f.engine->complete("giessen", task.id, "anna", json::parse(R"({"decision": "approve"})"));
  CHECK(error_kind_of([&] { f.engine->complete("giessen", task.id, "anna", json::object{}); }) == ErrorKind::Conflict);
  CHECK(f.engine->find_case("giessen", c.id)->failures.empty());
}
