// Incidents: a due timer whose command fails holds its case with an open incident instead of
// being retried at every tick; an administrator retries it once the cause is fixed.
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

struct HeldCase {
  EngineFixture f;
  CaseRecord c;

  HeldCase() {
    f.deploy(kDunningYaml);
    f.engine->set_tenant_params("giessen", "dunning", json::object{{"dunning_fee", -5}});
    c = f.start("dunning", "{}");
    f.clock.advance(std::chrono::milliseconds(kDay + 1));
    const FireReport report = f.engine->fire_due_timers();
    REQUIRE(report.failed == 1);
  }

  Incident open_incident() {
    const auto view = f.engine->find_case("giessen", c.id);
    REQUIRE(view->incidents.size() == 1);
    return view->incidents.front();
  }
};

IncidentQuery of_tenant(const std::string& tenant, std::optional<IncidentStatus> status = std::nullopt) {
  IncidentQuery query;
  query.tenant = tenant;
  query.status = status;
  return query;
}

}  // namespace

TEST_CASE("a failing timer opens an incident that holds the case and is not retried by ticks", "[runtime][incidents]") {
  HeldCase held;
  auto& f = held.f;
  const Incident incident = held.open_incident();
  CHECK(incident.status == IncidentStatus::Open);
  CHECK(incident.source == IncidentSource::Timer);
  CHECK(incident.attempts == 1);
  CHECK(incident.error.find("dunning_fee must not be negative") != std::string::npos);
  CHECK(incident.command.find("waiting") != std::string::npos);
  CHECK(incident.event.at("kind") == "after");
  CHECK(incident.opened_at == f.clock.now());

  const auto view = f.engine->find_case("giessen", held.c.id);
  CHECK(view->record.state == "waiting");
  CHECK(view->record.revision == held.c.revision);
  CHECK(view->timers.size() == 1);  // still armed, for the retry

  // Later ticks leave it alone: no failure spam, no second incident.
  f.clock.advance(std::chrono::milliseconds(kDay));
  const FireReport later = f.engine->fire_due_timers();
  CHECK(later.failed == 0);
  CHECK(later.fired == 0);
  CHECK(f.engine->find_case("giessen", held.c.id)->failures.size() == 1);

  // Operators hear of it through the outbox.
  const auto outbox = f.engine->outbox("giessen", held.c.id);
  REQUIRE_FALSE(outbox.empty());
  CHECK(outbox.back().type == "case.incident");
  CHECK(outbox.back().payload.at("incident_id") == json::value(incident.id));
}

TEST_CASE("a held case does not move: events and task completions are refused naming the incident",
          "[runtime][incidents]") {
  HeldCase held;
  try {
    held.f.engine->deliver(
        EventRequest{"giessen", "p1", "paid", json::object{{"case", held.c.id}}, json::object{}, "bank"});
    FAIL("expected a conflict");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Conflict);
    CHECK(std::string(e.what()).find(held.open_incident().id) != std::string::npos);
  }
  CHECK(held.f.engine->find_case("giessen", held.c.id)->record.state == "waiting");
}

TEST_CASE("retrying before the cause is fixed fails again and counts the attempt", "[runtime][incidents]") {
  HeldCase held;
  const Incident incident = held.open_incident();
  held.f.clock.advance(std::chrono::minutes(1));
  CHECK(error_kind_of([&] { held.f.engine->retry_incident("giessen", incident.id, "admin"); }) ==
        ErrorKind::ScriptFailure);
  const Incident again = held.open_incident();
  CHECK(again.status == IncidentStatus::Open);
  CHECK(again.attempts == 2);
  CHECK(again.updated_at == held.f.clock.now());
  CHECK(held.f.engine->find_case("giessen", held.c.id)->record.state == "waiting");
}

TEST_CASE("after the cause is fixed a retry moves the case on and resolves the incident", "[runtime][incidents]") {
  HeldCase held;
  auto& f = held.f;
  const Incident incident = held.open_incident();
  f.engine->set_tenant_params("giessen", "dunning", json::object{{"dunning_fee", 7}});
  const Incident resolved = f.engine->retry_incident("giessen", incident.id, "admin");
  CHECK(resolved.status == IncidentStatus::Resolved);
  CHECK(resolved.resolution == "retried");
  CHECK(resolved.resolved_by == "admin");
  f.reopen();  // durable
  const auto view = f.engine->find_case("giessen", held.c.id);
  CHECK(view->record.state == "dunned");
  CHECK(view->record.data.at("fee") == 7);
  CHECK(view->incidents.front().status == IncidentStatus::Resolved);
  CHECK(error_kind_of([&] { f.engine->retry_incident("giessen", incident.id, "admin"); }) == ErrorKind::Conflict);
  // The case takes events again.
  f.engine->deliver(EventRequest{"giessen", "p2", "paid", json::object{{"case", held.c.id}}, json::object{}, "bank"});
  CHECK(f.engine->find_case("giessen", held.c.id)->record.state == "done");
}

TEST_CASE("cancelling a held case resolves its incident", "[runtime][incidents]") {
  HeldCase held;
  held.f.engine->cancel_case("giessen", held.c.id, "admin", "wrong params");
  const Incident incident = held.open_incident();
  CHECK(incident.status == IncidentStatus::Resolved);
  CHECK(incident.resolution == "case cancelled");
  CHECK(held.f.engine->incidents(of_tenant("giessen", IncidentStatus::Open)).empty());
}

TEST_CASE("incidents are listed per tenant and invisible to other tenants", "[runtime][incidents]") {
  HeldCase held;
  const Incident incident = held.open_incident();
  const auto open = held.f.engine->incidents(of_tenant("giessen", IncidentStatus::Open));
  REQUIRE(open.size() == 1);
  CHECK(open[0].id == incident.id);
  CHECK(held.f.engine->incidents(of_tenant("giessen", IncidentStatus::Resolved)).empty());
  CHECK(held.f.engine->incidents(of_tenant("marburg")).empty());
  CHECK(error_kind_of([&] { held.f.engine->incident("marburg", incident.id); }) == ErrorKind::NotFound);
  CHECK(error_kind_of([&] { held.f.engine->retry_incident("marburg", incident.id, "admin"); }) == ErrorKind::NotFound);
  CHECK(held.open_incident().status == IncidentStatus::Open);
}
