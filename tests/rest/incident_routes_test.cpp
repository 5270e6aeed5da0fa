// The incident and event-buffer routes through the router over a real engine (no network):
// listing and retrying incidents (admins only, per tenant), and events answered 202 when buffered.
#include <catch2/catch.hpp>

#include "tests/rest/rest_fixture.hpp"
#include "tests/runtime/incident_processes.hpp"

using namespace amtsweg;
using namespace amtsweg::testing;
namespace json = boost::json;

namespace {

// A case of giessen held by an open incident; returns the incident's id.
std::string held_case(RestFixture& api, std::string* case_id) {
  api.engine->deploy(kDunningYaml, "dunning.yaml", "ops");
  api.engine->set_tenant_params("giessen", "dunning", json::object{{"dunning_fee", -5}});
  *case_id = api.start("dunning", "{}").id;
  api.clock.advance(std::chrono::milliseconds(kDay + 1));
  REQUIRE(api.engine->fire_due_timers().failed == 1);
  const auto listed = RestFixture::json_of(api.call("GET", "/api/v1/incidents?status=open", "admin-giessen"));
  REQUIRE(listed.at("incidents").as_array().size() == 1);
  return std::string(listed.at("incidents").at(0).at("id").as_string());
}

}  // namespace

TEST_CASE("GET /incidents lists a tenant's incidents for its admins, and the case view shows them",
          "[rest][incidents]") {
  RestFixture api;
  std::string case_id;
  const std::string id = held_case(api, &case_id);
  const auto shown = RestFixture::json_of(api.call("GET", "/api/v1/incidents/" + id, "admin-giessen"));
  CHECK(shown.at("case_id") == json::value(case_id));
  CHECK(shown.at("status") == "open");
  CHECK(shown.at("source") == "timer");
  CHECK(shown.at("error").as_string().find("dunning_fee must not be negative") != json::string::npos);
  CHECK(shown.at("resolved_at").is_null());
  const auto view = RestFixture::json_of(api.call("GET", "/api/v1/cases/" + case_id, "admin-giessen"));
  CHECK(view.at("incidents").at(0).at("id") == json::value(id));

  CHECK(api.call("GET", "/api/v1/incidents", "portal-giessen").status == 403);
  CHECK(api.call("GET", "/api/v1/incidents", "anna-giessen").status == 403);
  CHECK(api.call("GET", "/api/v1/incidents", "").status == 401);
  CHECK(RestFixture::json_of(api.call("GET", "/api/v1/incidents", "admin-marburg")).at("incidents").as_array().empty());
  CHECK(api.call("GET", "/api/v1/incidents/" + id, "admin-marburg").status == 404);
  CHECK(api.call("POST", "/api/v1/incidents/" + id + "/retry", "admin-marburg").status == 404);
  CHECK(api.call("GET", "/api/v1/incidents?status=closed", "admin-giessen").status == 400);
  CHECK(api.call("GET", "/api/v1/incidents?after=I-none", "admin-giessen").status == 400);
  CHECK(RestFixture::json_of(api.call("GET", "/api/v1/incidents?status=resolved", "admin-giessen"))
            .at("incidents")
            .as_array()
            .empty());
}

TEST_CASE("POST /incidents/{id}/retry: 422 while the cause remains, 200 once fixed, then 409", "[rest][incidents]") {
  RestFixture api;
  std::string case_id;
  const std::string id = held_case(api, &case_id);
  const auto failed = api.call("POST", "/api/v1/incidents/" + id + "/retry", "admin-giessen");
  CHECK(failed.status == 422);
  CHECK(RestFixture::json_of(failed).at("error").at("code") == "script_failure");
  CHECK(RestFixture::json_of(api.call("GET", "/api/v1/incidents/" + id, "admin-giessen")).at("attempts") == 2);

  REQUIRE(api.call("PUT", "/api/v1/processes/dunning/params", "admin-giessen", R"({"overrides": {"dunning_fee": 9}})")
              .status == 200);
  const auto retried = api.call("POST", "/api/v1/incidents/" + id + "/retry", "admin-giessen", "{}");
  REQUIRE(retried.status == 200);
  CHECK(RestFixture::json_of(retried).at("status") == "resolved");
  CHECK(RestFixture::json_of(retried).at("resolution") == "retried");
  CHECK(RestFixture::json_of(retried).at("resolved_by") == "alice");
  const auto view = RestFixture::json_of(api.call("GET", "/api/v1/cases/" + case_id, "admin-giessen"));
  CHECK(view.at("state") == "dunned");
  CHECK(api.call("POST", "/api/v1/incidents/" + id + "/retry", "admin-giessen").status == 409);
  CHECK(api.call("POST", "/api/v1/incidents/" + id + "/retry", "admin-giessen", R"({"force": true})").status == 400);
}

TEST_CASE("POST /events answers 202 when the event is buffered, and GET /events/buffered lists it", "[rest][buffer]") {
  RestFixture api;
  api.engine->deploy(kPermitYaml, "permit.yaml", "ops");
  const std::string body =
      R"({"id": "pay-1", "type": "payment.confirmed", "correlation": {"ref": "R-1"}, "payload": {"amount": 12}})";
  const auto accepted = api.call("POST", "/api/v1/events", "portal-giessen", body);
  REQUIRE(accepted.status == 202);
  CHECK(RestFixture::json_of(accepted).at("buffered").at("expires_at") ==
        json::value(format_timestamp(api.clock.now() + 7 * kDay)));
  const auto repeated = api.call("POST", "/api/v1/events", "portal-giessen", body);
  CHECK(repeated.status == 202);
  CHECK(RestFixture::json_of(repeated).at("duplicate") == true);

  const auto listed =
      RestFixture::json_of(api.call("GET", "/api/v1/events/buffered?status=buffered", "portal-giessen"));
  REQUIRE(listed.at("events").as_array().size() == 1);
  CHECK(listed.at("events").at(0).at("event_id") == "pay-1");
  CHECK(listed.at("events").at(0).at("payload").at("amount") == 12);
  CHECK(RestFixture::json_of(api.call("GET", "/api/v1/events/buffered?status=delivered", "admin-giessen"))
            .at("events")
            .as_array()
            .empty());
  CHECK(RestFixture::json_of(api.call("GET", "/api/v1/events/buffered", "admin-marburg"))
            .at("events")
            .as_array()
            .empty());
  CHECK(api.call("GET", "/api/v1/events/buffered", "anna-giessen").status == 403);
  CHECK(api.call("GET", "/api/v1/events/buffered?status=late", "admin-giessen").status == 400);
  CHECK(api.call("GET", "/api/v1/events/buffered?after=x", "admin-giessen").status == 400);

  // An undeclared type still finds no case: 404, and nothing is kept.
  CHECK(api.call("POST", "/api/v1/events", "portal-giessen",
                 R"({"id": "x-1", "type": "permit.revoked", "correlation": {"ref": "R-1"}})")
            .status == 404);
}
