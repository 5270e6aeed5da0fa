// The engine's promises: idempotent events and starts, one winner when clerks race, four eyes,
// failures that leave no trace but are recorded, bounded automatic steps, versioned deployments,
// suspension, cancellation, tenant isolation and tenant params.
#include <catch2/catch.hpp>

#include <atomic>
#include <boost/json.hpp>
#include <thread>

#include "engine/error.hpp"
#include "tests/runtime/certificate_process.hpp"
#include "tests/support/engine_fixture.hpp"

using namespace amtsweg;
using namespace amtsweg::testing;
namespace json = boost::json;

TEST_CASE("a repeated event id returns the first result and changes nothing", "[runtime]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const CaseRecord c = f.start("certificate", R"({"name": "Erika", "copies": 1})");
  const EventRequest event{
      "giessen", "pay-42", "payment.confirmed", json::object{{"case", c.id}}, json::object{{"amount", 12.0}},
      "payments"};
  const auto first = f.engine->deliver(event);
  CHECK(first.at("duplicate") == false);
  const auto history_before = f.engine->history("giessen", c.id).size();
  const auto second = f.engine->deliver(event);
  CHECK(second.at("duplicate") == true);
  CHECK(second.at("cases") == first.at("cases"));
  CHECK(f.engine->history("giessen", c.id).size() == history_before);
}

TEST_CASE("an event that matches no case is refused and not remembered", "[runtime]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const EventRequest event{"giessen",
                           "pay-1",
                           "payment.confirmed",
                           json::object{{"payment_ref", "PAY-none"}},
                           json::object{{"amount", 12.0}},
                           "payments"};
  CHECK(error_kind_of([&] { f.engine->deliver(event); }) == ErrorKind::NotFound);
  // Once a matching case exists, the same event id is processed (it was not recorded).
  const CaseRecord c = f.start("certificate", R"({"name": "Erika", "copies": 1})");
  EventRequest retry = event;
  retry.correlation = json::object{{"payment_ref", "PAY-" + c.id}};
  CHECK(f.engine->deliver(retry).at("cases").as_array()[0].at("to").as_string() == "review");
}

TEST_CASE("events for a closed case are refused with a clear error", "[runtime]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const CaseRecord c = f.start("certificate", R"({"name": "Erika", "copies": 1})");
  f.engine->cancel_case("giessen", c.id, "admin", "test");
  try {
    f.engine->deliver(
        EventRequest{"giessen", "late", "payment.confirmed", json::object{{"case", c.id}}, json::object{}, "p"});
    FAIL("expected a conflict");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Conflict);
    CHECK(std::string(e.what()).find("cancelled") != std::string::npos);
  }
}

TEST_CASE("a retried start with the same idempotency key returns the first case", "[runtime]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const CaseRecord first = f.start("certificate", R"({"name": "Erika", "copies": 1})", "giessen", "portal-77");
  const CaseRecord again = f.start("certificate", R"({"name": "Erika", "copies": 1})", "giessen", "portal-77");
  CHECK(again.id == first.id);
  CaseQuery query;
  query.tenant = "giessen";
  CHECK(f.engine->cases(query).size() == 1);
}

TEST_CASE("completing a task twice gives a conflict the second time", "[runtime]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const CaseRecord c = start_review(f);
  const TaskRecord task = f.open_task("giessen", c.id);
  const auto approve = json::parse(R"({"decision": "approve"})");
  f.engine->complete("giessen", task.id, "anna", approve);
  CHECK(error_kind_of([&] { f.engine->complete("giessen", task.id, "anna", approve); }) == ErrorKind::Conflict);
}

TEST_CASE("two clerks racing to complete one task: exactly one winner", "[runtime]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const CaseRecord c = start_review(f);
  const TaskRecord task = f.open_task("giessen", c.id);
  std::atomic<int> won{0}, conflicts{0};
  std::vector<std::thread> clerks;
  for (const char* clerk : {"anna", "bernd", "carla", "dieter"})
    clerks.emplace_back([&, clerk] {
      try {
        f.engine->complete("giessen", task.id, clerk, json::parse(R"({"decision": "approve"})"));
        ++won;
      } catch (const Error& e) {
        if (e.kind() == ErrorKind::Conflict) ++conflicts;
      }
    });
  for (auto& t : clerks) t.join();
  CHECK(won == 1);
  CHECK(conflicts == 3);
  CHECK(f.engine->find_case("giessen", c.id)->record.state == "issued");
}

TEST_CASE("a task claimed by one clerk cannot be claimed or completed by another", "[runtime]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const TaskRecord task = f.open_task("giessen", start_review(f).id);
  f.engine->claim("giessen", task.id, "anna");
  CHECK(error_kind_of([&] { f.engine->claim("giessen", task.id, "bernd"); }) == ErrorKind::Conflict);
  CHECK(error_kind_of([&] {
          f.engine->complete("giessen", task.id, "bernd", json::parse(R"({"decision": "approve"})"));
        }) == ErrorKind::Conflict);
  f.engine->unclaim("giessen", task.id, "anna");
  CHECK(f.engine->claim("giessen", task.id, "bernd").assignee == "bernd");
  CHECK(f.engine->delegate("giessen", task.id, "bernd", "carla").assignee == "carla");
}

TEST_CASE("four eyes: the preparer cannot approve, a second clerk can, or send it back", "[runtime]") {
  const std::string yaml = R"(id: release
title: Release
start: prepare
states:
  prepare:
    task:
      title: Prepare and release the certificate
      role: standesamt
      four_eyes: true
    on:
      task.completed: released
  released:
    final: true
)";
  EngineFixture f;
  f.deploy(yaml);
  const CaseRecord c = f.start("release", "{}");
  const TaskRecord task = f.open_task("giessen", c.id);
  const TaskRecord sent = f.engine->complete("giessen", task.id, "anna", json::parse(R"({"text": "ok"})"));
  CHECK(sent.status == TaskStatus::Open);
  CHECK(sent.stage == 2);
  CHECK(sent.prepared_by == "anna");
  CHECK(error_kind_of([&] { f.engine->complete("giessen", task.id, "anna", json::object{}); }) ==
        ErrorKind::RuleViolation);
  CHECK(f.engine->find_case("giessen", c.id)->record.state == "prepare");
  const TaskRecord returned = f.engine->complete("giessen", task.id, "bernd", json::parse(R"({"approved": false})"));
  CHECK(returned.stage == 1);
  CHECK(returned.assignee == "anna");
  f.engine->complete("giessen", task.id, "anna", json::parse(R"({"text": "fixed"})"));
  const TaskRecord done = f.engine->complete("giessen", task.id, "bernd", json::object{});
  CHECK(done.status == TaskStatus::Completed);
  CHECK(done.data.at("text").as_string() == "fixed");
  CHECK(f.engine->find_case("giessen", c.id)->record.state == "released");
}

TEST_CASE("a failing guard leaves no partial effect and the failure is recorded", "[runtime]") {
  const std::string yaml = R"(id: fragile
title: Fragile
start: waiting
states:
  waiting:
    entry:
      - set: {seen: 1}
    on:
      go:
        - to: done
          when: data.missing.field == 1
  done:
    final: true
)";
  EngineFixture f;
  f.deploy(yaml);
  const CaseRecord c = f.start("fragile", "{}");
  const auto before = f.engine->history("giessen", c.id).size();
  try {
    f.engine->deliver(EventRequest{"giessen", "e1", "go", json::object{{"case", c.id}}, json::object{}, "x"});
    FAIL("expected a script failure");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::ScriptFailure);
    CHECK(std::string(e.what()).find("test.yaml:") != std::string::npos);
  }
  const auto view = f.engine->find_case("giessen", c.id);
  CHECK(view->record.state == "waiting");
  CHECK(view->record.revision == c.revision);
  CHECK(f.engine->history("giessen", c.id).size() == before);
  REQUIRE(view->failures.size() == 1);
  CHECK(view->failures[0].message.find("missing") != std::string::npos);
}

TEST_CASE("an always loop is an error, not a hang, and creates nothing", "[runtime]") {
  const std::string yaml = R"(id: loop
title: Loop
start: a
states:
  a:
    always:
      - to: b
  b:
    always:
      - to: a
        when: true
      - to: c
  c:
    final: true
)";
  EngineFixture f;
  f.deploy(yaml);
  try {
    f.start("loop", "{}");
    FAIL("expected the step bound to trip");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("more than 100 transitions") != std::string::npos);
  }
  CaseQuery query;
  query.tenant = "giessen";
  CHECK(f.engine->cases(query).empty());
}

TEST_CASE("a runaway guard fails its command within the instruction budget", "[runtime]") {
  const std::string yaml = R"yaml(id: runaway
title: Runaway
start: a
states:
  a:
    always:
      - to: b
        when: "(function() while true do end end)()"
      - to: b
  b:
    final: true
)yaml";
  EngineOptions options;
  options.script_limits.max_instructions = 100000;
  EngineFixture f(options);
  f.deploy(yaml);
  try {
    f.start("runaway", "{}");
    FAIL("expected the budget to trip");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::ScriptFailure);
    CHECK(std::string(e.what()).find("instruction budget") != std::string::npos);
  }
}

TEST_CASE("deployments are versioned, running cases stay on their version", "[runtime]") {
  EngineFixture f;
  CHECK(f.deploy(kCertificateYaml) == 1);
  CHECK(f.deploy(kCertificateYaml) == 1);  // same text: nothing new
  const CaseRecord old_case = f.start("certificate", R"({"name": "Erika", "copies": 1})");
  std::string changed = kCertificateYaml;
  changed.replace(changed.find("fee_first: 12.0"), 15, "fee_first: 20.0");
  CHECK(f.deploy(changed) == 2);
  const CaseRecord new_case = f.start("certificate", R"({"name": "Max", "copies": 1})");
  CHECK(old_case.process_version == 1);
  CHECK(new_case.process_version == 2);
  CHECK(new_case.data.at("fee").as_double() == 20.0);
  f.engine->deliver(EventRequest{"giessen", "p1", "payment.confirmed", json::object{{"case", old_case.id}},
                                 json::object{{"amount", 12.0}}, "payments"});
  CHECK(f.engine->find_case("giessen", old_case.id)->record.state == "review");
  std::string stale = changed;
  stale.replace(stale.find("fee_first: 20.0"), 15, "fee_first: 30.0");
  stale.insert(stale.find("title:"), "version: 2\n");
  CHECK(error_kind_of([&] { f.deploy(stale); }) == ErrorKind::Conflict);
}

TEST_CASE("an invalid definition is refused with positioned diagnostics and not deployed", "[runtime]") {
  EngineFixture f;
  try {
    f.deploy("id: broken\ntitle: Broken\nstart: nowhere\nstates:\n  a:\n    final: true\n", "broken.yaml");
    FAIL("expected the deployment to be refused");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Invalid);
    CHECK(std::string(e.what()).find("broken.yaml:3:") != std::string::npos);
  }
  CHECK(f.engine->definitions().empty());
}

TEST_CASE("a suspended case takes no events until it is resumed", "[runtime]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const CaseRecord c = f.start("certificate", R"({"name": "Erika", "copies": 1})");
  CHECK(f.engine->suspend_case("giessen", c.id, "admin").status == CaseStatus::Suspended);
  const EventRequest pay{
      "giessen", "p1", "payment.confirmed", json::object{{"case", c.id}}, json::object{{"amount", 12.0}}, "p"};
  CHECK(error_kind_of([&] { f.engine->deliver(pay); }) == ErrorKind::Conflict);
  f.clock.set(kMonday + 20 * kDay);
  CHECK(f.engine->fire_due_timers().fired == 0);  // its timer rests while suspended
  CHECK(error_kind_of([&] { f.engine->suspend_case("giessen", c.id, "admin"); }) == ErrorKind::Conflict);
  CHECK(f.engine->resume_case("giessen", c.id, "admin").status == CaseStatus::Active);
  CHECK(f.engine->fire_due_timers().fired == 1);
  CHECK(f.engine->find_case("giessen", c.id)->record.state == "cancelled");
}

TEST_CASE("cancelling a case cancels its open tasks and timers", "[runtime]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const CaseRecord c = start_review(f);
  const TaskRecord task = f.open_task("giessen", c.id);
  const CaseRecord cancelled = f.engine->cancel_case("giessen", c.id, "admin", "withdrawn by applicant");
  CHECK(cancelled.status == CaseStatus::Cancelled);
  const auto view = f.engine->find_case("giessen", c.id);
  REQUIRE(view->tasks.size() == 1);
  CHECK(view->tasks[0].status == TaskStatus::Cancelled);
  CHECK(error_kind_of([&] { f.engine->claim("giessen", task.id, "anna"); }) == ErrorKind::Conflict);
  CHECK(error_kind_of([&] { f.engine->cancel_case("giessen", c.id, "admin", "again"); }) == ErrorKind::Conflict);
}

TEST_CASE("tenants never see each other's cases, tasks or correlations", "[runtime]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const CaseRecord c = start_review(f, "giessen");
  const TaskRecord task = f.open_task("giessen", c.id);
  CHECK_FALSE(f.engine->find_case("kassel", c.id));
  CHECK(error_kind_of([&] { f.engine->history("kassel", c.id); }) == ErrorKind::NotFound);
  CHECK(error_kind_of([&] { f.engine->claim("kassel", task.id, "eve"); }) == ErrorKind::NotFound);
  CHECK(error_kind_of([&] {
          f.engine->deliver(
              EventRequest{"kassel", "x", "payment.confirmed", json::object{{"case", c.id}}, json::object{}, "eve"});
        }) == ErrorKind::NotFound);
  TaskQuery query;
  query.tenant = "kassel";
  CHECK(f.engine->tasks(query).empty());
}

TEST_CASE("a tenant's param overrides apply to its cases only", "[runtime]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  f.engine->set_tenant_params("kassel", "certificate", json::object{{"fee_first", 15.0}});
  CHECK(f.start("certificate", R"({"name": "A", "copies": 1})", "kassel").data.at("fee").as_double() == 15.0);
  CHECK(f.start("certificate", R"({"name": "B", "copies": 1})", "giessen").data.at("fee").as_double() == 12.0);
  CHECK(error_kind_of([&] {
          f.engine->set_tenant_params("kassel", "certificate", json::object{{"fee", 1}});
        }) == ErrorKind::InvalidArgument);
}

TEST_CASE("guards see related cases with the same related key", "[runtime]") {
  const std::string yaml = R"(id: consult
title: Consultation
start: check
form:
  type: object
  properties:
    municipality: {type: string}
correlate:
  related: data.municipality
states:
  check:
    always:
      - to: second
        when: "#related > 0"
      - to: first
  first:
    final: true
  second:
    final: true
)";
  EngineFixture f;
  f.deploy(yaml);
  CHECK(f.start("consult", R"({"municipality": "06531005"})").state == "first");
  CHECK(f.start("consult", R"({"municipality": "06531005"})").state == "second");
  CHECK(f.start("consult", R"({"municipality": "06611000"})").state == "first");
  CHECK(f.start("consult", R"({"municipality": "06531005"})", "kassel").state == "first");  // other tenant
}

TEST_CASE("concurrent commands share group commits and all succeed", "[runtime]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  std::vector<std::thread> portals;
  std::atomic<int> started{0};
  for (int t = 0; t < 8; ++t)
    portals.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        f.start("certificate", R"({"name": "X", "copies": 1})");
        ++started;
      }
    });
  for (auto& t : portals) t.join();
  CHECK(started == 200);
  CaseQuery query;
  query.tenant = "giessen";
  query.limit = 1000;
  CHECK(f.engine->cases(query).size() == 200);
  const auto stats = f.engine->writer_stats();
  CHECK(stats.commands >= 201);
  CHECK(stats.groups < stats.commands);  // some commits carried more than one command
}
