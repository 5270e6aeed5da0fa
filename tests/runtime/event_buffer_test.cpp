// The event buffer: an event of a type declared under `events:` with a buffer, that no case waits
// for yet, is kept and delivered once a matching case waits for it; expired ones stay visible.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "engine/error.hpp"
#include "tests/runtime/certificate_process.hpp"
#include "tests/runtime/incident_processes.hpp"
#include "tests/support/engine_fixture.hpp"

using namespace amtsweg;
using namespace amtsweg::testing;
namespace json = boost::json;

namespace {

EventRequest payment(const std::string& id, const std::string& ref, double amount = 12.0) {
  return EventRequest{"giessen", id, "payment.confirmed", json::object{{"ref", ref}}, json::object{{"amount", amount}},
                      "payments"};
}

void complete_review(EngineFixture& f, const CaseRecord& c) {
  const TaskRecord task = f.open_task(c.tenant, c.id);
  f.engine->complete(c.tenant, task.id, "anna", json::object{});
}

BufferedEventQuery of_tenant(const std::string& tenant, std::optional<BufferedEventStatus> status = std::nullopt) {
  BufferedEventQuery query;
  query.tenant = tenant;
  query.status = status;
  query.limit = 1000;
  return query;
}

BufferedEvent buffered(EngineFixture& f, const std::string& event_id) {
  for (const auto& event : f.engine->buffered_events(of_tenant("giessen")))
    if (event.event_id == event_id) return event;
  FAIL("no buffered event " << event_id);
  return {};
}

}  // namespace

TEST_CASE("an early event waits in the buffer and is delivered when its case starts waiting", "[runtime][buffer]") {
  EngineFixture f;
  f.deploy(kPermitYaml);
  const CaseRecord c = f.start("permit", R"({"ref": "R-1"})");
  const auto result = f.engine->deliver(payment("pay-1", "R-1"));
  CHECK(result.at("cases").as_array()[0].at("handled") == false);
  CHECK(result.at("buffered").at("expires_at") == json::value(format_timestamp(f.clock.now() + 7 * kDay)));
  CHECK(buffered(f, "pay-1").status == BufferedEventStatus::Buffered);
  CHECK(f.engine->deliver(payment("pay-1", "R-1")).at("duplicate") == true);  // still idempotent

  f.clock.advance(std::chrono::hours(2));
  complete_review(f, c);
  const auto view = f.engine->find_case("giessen", c.id);
  CHECK(view->record.state == "paid");
  CHECK(view->record.data.at("amount") == 12.0);
  const BufferedEvent delivered = buffered(f, "pay-1");
  CHECK(delivered.status == BufferedEventStatus::Delivered);
  CHECK(delivered.case_id == c.id);
  CHECK(delivered.settled_at == f.clock.now());
  // The history names the event as it arrived.
  const auto history = f.engine->history("giessen", c.id);
  CHECK(history.back().event_type == "payment.confirmed");
  CHECK(history.back().event_id == "pay-1");
  CHECK(history.back().actor == "payments");
}

TEST_CASE("an event that comes before its case exists is kept for the case", "[runtime][buffer]") {
  EngineFixture f;
  f.deploy(kPermitYaml);
  f.engine->deliver(payment("pay-2", "R-2"));  // no case at all: buffered, not refused
  const CaseRecord c = f.start("permit", R"({"ref": "R-2"})");
  CHECK(buffered(f, "pay-2").status == BufferedEventStatus::Buffered);  // the case reviews first
  complete_review(f, c);
  CHECK(f.engine->find_case("giessen", c.id)->record.state == "paid");
  // Another case with another reference does not take it.
  f.engine->deliver(payment("pay-3", "R-3"));
  const CaseRecord other = f.start("permit", R"({"ref": "R-4"})");
  complete_review(f, other);
  CHECK(f.engine->find_case("giessen", other.id)->record.state == "awaiting_payment");
  CHECK(buffered(f, "pay-3").status == BufferedEventStatus::Buffered);
}

TEST_CASE("buffered events expire after their time and stay visible", "[runtime][buffer]") {
  EngineFixture f;
  f.deploy(kPermitYaml);
  f.engine->deliver(payment("pay-5", "R-5"));
  f.clock.advance(std::chrono::milliseconds(7 * kDay - 1));
  CHECK(f.engine->fire_due_timers().expired == 0);
  f.clock.advance(std::chrono::milliseconds(1));
  CHECK(f.engine->fire_due_timers().expired == 1);
  const BufferedEvent expired = buffered(f, "pay-5");
  CHECK(expired.status == BufferedEventStatus::Expired);
  CHECK(expired.settled_at == f.clock.now());
  CHECK(f.engine->buffered_events(of_tenant("giessen", BufferedEventStatus::Expired)).size() == 1);
  const CaseRecord c = f.start("permit", R"({"ref": "R-5"})");
  complete_review(f, c);
  CHECK(f.engine->find_case("giessen", c.id)->record.state == "awaiting_payment");
}

TEST_CASE("events of undeclared types are refused as before, and late events for closed cases too",
          "[runtime][buffer]") {
  EngineFixture f;
  f.deploy(kPermitYaml);
  try {
    f.engine->deliver(
        EventRequest{"giessen", "x-1", "permit.revoked", json::object{{"ref", "R-9"}}, json::object{}, "x"});
    FAIL("expected not found");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::NotFound);
    CHECK(std::string(e.what()).find("events:") != std::string::npos);
  }
  const CaseRecord c = f.start("permit", R"({"ref": "R-7"})");
  f.engine->cancel_case("giessen", c.id, "admin", "withdrawn");
  try {
    f.engine->deliver(payment("pay-7", "R-7"));
    FAIL("expected a conflict");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Conflict);
    CHECK(std::string(e.what()).find(c.id + " is cancelled") != std::string::npos);
  }
  CHECK(f.engine->buffered_events(of_tenant("giessen")).empty());
  // Other tenants neither see nor receive a tenant's buffered events.
  f.engine->deliver(payment("pay-8", "R-8"));
  CHECK(f.engine->buffered_events(of_tenant("marburg")).empty());
  const CaseRecord foreign = f.start("permit", R"({"ref": "R-8"})", "marburg");
  complete_review(f, foreign);
  CHECK(f.engine->find_case("marburg", foreign.id)->record.state == "awaiting_payment");
}

TEST_CASE("a suspended case addressed by id buffers the event and takes it on resume", "[runtime][buffer]") {
  EngineFixture f;
  f.deploy(kPermitYaml);
  const CaseRecord c = f.start("permit", R"({"ref": "R-10"})");
  complete_review(f, c);
  f.engine->suspend_case("giessen", c.id, "admin");
  const auto result = f.engine->deliver(EventRequest{"giessen", "pay-10", "payment.confirmed",
                                                     json::object{{"case", c.id}}, json::object{{"amount", 3}}, "p"});
  CHECK(result.at("cases").as_array()[0].at("status") == "suspended");
  CHECK(result.contains("buffered"));
  CHECK(f.engine->find_case("giessen", c.id)->record.state == "awaiting_payment");
  f.engine->resume_case("giessen", c.id, "admin");
  CHECK(f.engine->find_case("giessen", c.id)->record.state == "paid");
}

TEST_CASE("a buffered event whose delivery fails opens an incident, and the command that woke it stands",
          "[runtime][buffer][incidents]") {
  EngineFixture f;
  f.deploy(kPermitYaml);
  f.engine->set_tenant_params("giessen", "permit", json::object{{"factor", 1e308}});
  const CaseRecord c = f.start("permit", R"({"ref": "R-11"})");
  f.engine->deliver(payment("pay-11", "R-11"));
  complete_review(f, c);  // succeeds although the buffered payment then fails
  auto view = f.engine->find_case("giessen", c.id);
  CHECK(view->record.state == "awaiting_payment");
  REQUIRE(view->incidents.size() == 1);
  const Incident incident = view->incidents.front();
  CHECK(incident.source == IncidentSource::BufferedEvent);
  CHECK(incident.event_id == "pay-11");
  CHECK(incident.event.at("payload").at("amount") == 12.0);
  CHECK(buffered(f, "pay-11").status == BufferedEventStatus::Buffered);

  f.engine->set_tenant_params("giessen", "permit", json::object{{"factor", 2}});
  CHECK(f.engine->retry_incident("giessen", incident.id, "admin").resolution == "retried");
  view = f.engine->find_case("giessen", c.id);
  CHECK(view->record.state == "paid");
  CHECK(view->record.data.at("amount") == 24.0);
  CHECK(buffered(f, "pay-11").status == BufferedEventStatus::Delivered);
}

TEST_CASE("a case finds its buffered event among many meant for other cases", "[runtime][buffer]") {
  EngineFixture f;
  f.deploy(kPermitYaml);
  for (int i = 0; i < 150; ++i)
    f.engine->deliver(payment("other-" + std::to_string(i), "R-other-" + std::to_string(i)));
  f.engine->deliver(payment("mine", "R-mine", 30.0));
  const CaseRecord c = f.start("permit", R"({"ref": "R-mine"})");
  complete_review(f, c);
  const auto view = f.engine->find_case("giessen", c.id);
  CHECK(view->record.state == "paid");
  CHECK(view->record.data.at("amount") == 30.0);
  CHECK(f.engine->buffered_events(of_tenant("giessen", BufferedEventStatus::Buffered)).size() == 150);
}
