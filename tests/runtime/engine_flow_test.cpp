// The engine end to end over a real SQLite file: start, events with guards, tasks, timers,
// outcomes, persistence across reopening, and what the history records.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "engine/error.hpp"
#include "tests/runtime/certificate_process.hpp"
#include "tests/support/engine_fixture.hpp"

using namespace amtsweg;
using namespace amtsweg::testing;
namespace json = boost::json;

namespace {

EventRequest payment(const CaseRecord& c, const std::string& id, double amount) {
  return EventRequest{c.tenant,
                      id,
                      "payment.confirmed",
                      json::object{{"payment_ref", "PAY-" + c.id}},
                      json::object{{"amount", amount}},
                      "payments"};
}

}  // namespace

TEST_CASE("start computes the fee, decides with always, and waits for payment with a timer", "[runtime]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const CaseRecord c = f.start("certificate", R"({"name": "Erika Mustermann", "copies": 3})");
  CHECK(c.state == "awaiting_payment");
  CHECK(c.status == CaseStatus::Active);
  CHECK(c.data.at("fee").as_double() == 24.0);
  CHECK(c.correlation.at("payment_ref") == "PAY-" + c.id);
  const auto view = f.engine->find_case("giessen", c.id);
  REQUIRE(view);
  REQUIRE(view->timers.size() == 1);
  CHECK(view->timers[0].due_at == kMonday + 14 * kDay);
  CHECK(view->tasks.empty());
}

TEST_CASE("a fee-free purpose goes straight to the clerk's task", "[runtime]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const CaseRecord c = f.start("certificate", R"({"name": "Max", "copies": 1, "purpose": "pension"})");
  CHECK(c.state == "review");
  const TaskRecord task = f.open_task("giessen", c.id);
  CHECK(task.title == "Check request of Max");
  CHECK(task.role == "standesamt");
  CHECK(task.status == TaskStatus::Open);
  REQUIRE(task.due_at);
  CHECK(*task.due_at == kMonday + 5 * kDay);
}

TEST_CASE("the first transition whose guard holds is taken, an internal transition keeps the state", "[runtime]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const CaseRecord c = f.start("certificate", R"({"name": "Erika", "copies": 2})");
  auto result = f.engine->deliver(payment(c, "ev-1", 5.0));  // too little: internal transition emits
  CHECK(result.at("cases").as_array()[0].at("to").as_string() == "awaiting_payment");
  const auto outbox = f.engine->outbox("giessen", c.id);
  CHECK(std::any_of(outbox.begin(), outbox.end(),
                    [](const OutboxMessage& m) { return m.type == "payment.insufficient"; }));
  result = f.engine->deliver(payment(c, "ev-2", 18.0));
  CHECK(result.at("cases").as_array()[0].at("to").as_string() == "review");
  CHECK(f.engine->find_case("giessen", c.id)->record.data.at("paid").as_double() == 18.0);
  // The timer of awaiting_payment was cancelled when the case left it.
  CHECK(f.engine->find_case("giessen", c.id)->timers.empty());
}

TEST_CASE("completing the clerk's task ends the case with the outcome the guard picks", "[runtime]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const CaseRecord c = f.start("certificate", R"({"name": "Max", "copies": 1, "purpose": "pension"})");
  const TaskRecord task = f.open_task("giessen", c.id);
  f.engine->claim("giessen", task.id, "clerk.anna");
  const TaskRecord done = f.engine->complete("giessen", task.id, "clerk.anna",
                                             json::parse(R"({"decision": "reject", "reason": "no entitlement"})"));
  CHECK(done.status == TaskStatus::Completed);
  CHECK(done.completed_by == "clerk.anna");
  const auto view = f.engine->find_case("giessen", c.id);
  CHECK(view->record.status == CaseStatus::Completed);
  CHECK(view->record.state == "rejected");
  CHECK(view->record.outcome == "rejected");
  CHECK(view->record.data.at("reason").as_string() == "no entitlement");
}

TEST_CASE("a task form that does not validate is refused and changes nothing", "[runtime]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const CaseRecord c = f.start("certificate", R"({"name": "Max", "copies": 1, "purpose": "pension"})");
  const TaskRecord task = f.open_task("giessen", c.id);
  try {
    f.engine->complete("giessen", task.id, "clerk.anna", json::parse(R"({"decision": "maybe"})"));
    FAIL("expected a rule violation");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::RuleViolation);
    CHECK(std::string(e.what()).find("/decision") != std::string::npos);
  }
  CHECK(f.open_task("giessen", c.id).status == TaskStatus::Open);
  CHECK(f.engine->find_case("giessen", c.id)->record.state == "review");
}

TEST_CASE("an application that does not match the form is refused naming the fields", "[runtime]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  try {
    f.start("certificate", R"({"copies": 0})");
    FAIL("expected a rule violation");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::RuleViolation);
    const std::string fields = json::serialize(e.details());
    CHECK(fields.find("/copies") != std::string::npos);
    CHECK(std::string(e.what()).find("name") != std::string::npos);
  }
  CaseQuery query;
  query.tenant = "giessen";
  CHECK(f.engine->cases(query).empty());
}

TEST_CASE("a due timer fires only when due and cancels the unpaid request", "[runtime]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const CaseRecord c = f.start("certificate", R"({"name": "Erika", "copies": 1})");
  f.clock.set(kMonday + 14 * kDay - 1000);
  CHECK(f.engine->fire_due_timers().fired == 0);
  f.clock.set(kMonday + 14 * kDay);
  CHECK(f.engine->fire_due_timers().fired == 1);
  const auto view = f.engine->find_case("giessen", c.id);
  CHECK(view->record.state == "cancelled");
  CHECK(view->record.outcome == "cancelled");
  CHECK(view->timers.empty());
  CHECK(f.engine->fire_due_timers().fired == 0);  // never twice
}

TEST_CASE("timers that fell due while the engine was down fire after reopening", "[runtime]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const CaseRecord c = f.start("certificate", R"({"name": "Erika", "copies": 1})");
  f.reopen();
  f.clock.set(kMonday + 30 * kDay);
  CHECK(f.engine->fire_due_timers().fired == 1);
  CHECK(f.engine->find_case("giessen", c.id)->record.state == "cancelled");
}

TEST_CASE("everything acknowledged survives closing and reopening the database", "[runtime]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const CaseRecord c = f.start("certificate", R"({"name": "Max", "copies": 1, "purpose": "pension"})");
  const TaskRecord task = f.open_task("giessen", c.id);
  f.engine->claim("giessen", task.id, "clerk.anna");
  f.reopen();
  const TaskRecord reloaded = f.open_task("giessen", c.id);
  CHECK(reloaded.status == TaskStatus::Claimed);
  CHECK(reloaded.assignee == "clerk.anna");
  f.engine->complete("giessen", task.id, "clerk.anna", json::parse(R"({"decision": "approve"})"));
  f.reopen();
  const auto view = f.engine->find_case("giessen", c.id);
  CHECK(view->record.state == "issued");
  const auto history = f.engine->history("giessen", c.id);
  REQUIRE(history.size() >= 4);
  CHECK(history.front().event_type == "case.started");
  CHECK(history.back().to_state == "issued");
  CHECK(f.engine->verify().empty());
}

TEST_CASE("history entries record actor, event, states and data changes", "[runtime]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const CaseRecord c = f.start("certificate", R"({"name": "Erika", "copies": 2})");
  f.engine->deliver(payment(c, "ev-pay", 18.0));
  const auto history = f.engine->history("giessen", c.id);
  REQUIRE(history.size() == 3);
  CHECK(history[0].from_state.empty());
  CHECK(history[0].to_state == "received");
  CHECK(history[0].changes.contains("fee"));
  CHECK(history[1].from_state == "received");
  CHECK(history[1].to_state == "awaiting_payment");
  CHECK(history[2].actor == "payments");
  CHECK(history[2].event_type == "payment.confirmed");
  CHECK(history[2].event_id == "ev-pay");
  CHECK(history[2].to_state == "review");
  CHECK(history[2].changes.at("paid").as_array()[1].as_double() == 18.0);
  CHECK(history[2].prev_hash == history[1].hash);
}
