// GET /api/v1/processes/{id}/diagram.svg through the router over a real engine: the drawing holds
// every state and the caller's tenant's live counts; unknown processes and versions, another
// tenant's own definitions and bad parameters are refused.
#include <catch2/catch.hpp>

#include "engine/dsl/loader.hpp"
#include "tests/rest/rest_fixture.hpp"
#include "tests/runtime/certificate_process.hpp"

using namespace amtsweg::testing;
using Catch::Contains;

TEST_CASE("diagram.svg draws every state with the tenant's live counts", "[rest]") {
  RestFixture api;
  for (int i = 0; i < 3; ++i) api.start_certificate();
  api.open_review_task();
  api.start("certificate", R"({"name": "Other", "copies": 1})", "marburg");

  const auto response = api.call("GET", "/api/v1/processes/certificate/diagram.svg", "anna-giessen");
  REQUIRE(response.status == 200);
  CHECK(response.content_type == "image/svg+xml");
  CHECK(response.route == "GET /api/v1/processes/{id}/diagram.svg");
  CHECK_THAT(response.body, Contains("<svg"));
  const auto definition = amtsweg::load_definition(kCertificateYaml, "certificate.yaml").definition;
  REQUIRE(definition);
  for (const auto& state : definition->states) CHECK_THAT(response.body, Contains(">" + state.name));
  // Giessen's four cases: three wait for payment, one is in review. Marburg's case is not counted.
  CHECK_THAT(response.body, Contains("awaiting_payment (3)"));
  CHECK_THAT(response.body, Contains("review (1)"));

  const auto marburg = api.call("GET", "/api/v1/processes/certificate/diagram.svg", "admin-marburg");
  REQUIRE(marburg.status == 200);
  CHECK_THAT(marburg.body, Contains("awaiting_payment (1)"));
  CHECK_THAT(marburg.body, !Contains("review ("));
}

TEST_CASE("diagram.svg draws the version asked for and refuses what does not exist", "[rest]") {
  RestFixture api;
  CHECK(api.call("GET", "/api/v1/processes/certificate/diagram.svg?version=1", "anna-giessen").status == 200);
  CHECK(api.call("GET", "/api/v1/processes/certificate/diagram.svg?version=2", "anna-giessen").status == 404);
  CHECK(api.call("GET", "/api/v1/processes/nowhere/diagram.svg", "anna-giessen").status == 404);
  const auto bad = api.call("GET", "/api/v1/processes/certificate/diagram.svg?version=latest", "anna-giessen");
  CHECK(bad.status == 400);
  CHECK(RestFixture::json_of(bad).at("error").at("details").at("parameter") == "version");
  CHECK(api.call("GET", "/api/v1/processes/certificate/diagram.svg?size=big", "anna-giessen").status == 400);
  CHECK(api.call("GET", "/api/v1/processes/certificate/diagram.svg", "").status == 401);
}

TEST_CASE("diagram.svg of a tenant's own definition is 404 for every other tenant", "[rest]") {
  RestFixture api;
  const std::string& own = kMarburgOnlyProcess;
  REQUIRE(api.call("POST", "/api/v1/processes?scope=tenant", "admin-marburg", own, "application/yaml").status == 201);
  const auto mine = api.call("GET", "/api/v1/processes/marburg-only/diagram.svg", "admin-marburg");
  REQUIRE(mine.status == 200);
  CHECK_THAT(mine.body, Contains("Nur &quot;Marburg&quot;"));
  const auto other = api.call("GET", "/api/v1/processes/marburg-only/diagram.svg", "anna-giessen");
  CHECK(other.status == 404);
  CHECK(RestFixture::json_of(other).at("error").at("code") == "not_found");
}

TEST_CASE("a case's diagram.svg marks the state the case is in, and only its tenant sees it", "[rest]") {
  RestFixture api;
  std::string case_id;
  api.open_review_task(&case_id);
  const std::string waiting = api.start_certificate();

  const auto review = api.call("GET", "/api/v1/cases/" + case_id + "/diagram.svg", "anna-giessen");
  REQUIRE(review.status == 200);
  CHECK(review.content_type == "image/svg+xml");
  CHECK(review.route == "GET /api/v1/cases/{id}/diagram.svg");
  // One node is marked, in text and with a thick outline; no case counts in a case's drawing.
  const auto marks = [](const std::string& svg) {
    std::size_t count = 0;
    for (auto at = svg.find("(aktuell)"); at != std::string::npos; at = svg.find("(aktuell)", at + 1)) ++count;
    return count;
  };
  CHECK(marks(review.body) == 1);
  const auto review_node = review.body.find(">review</text>");
  REQUIRE(review_node != std::string::npos);
  CHECK(review.body.find(">(aktuell)</text>", review_node) < review.body.find("</g>", review_node));
  CHECK_THAT(review.body, Contains("stroke-width=\"3\""));
  CHECK_THAT(review.body, Contains(">Aufgabe: standesamt</text>"));
  CHECK_THAT(review.body, !Contains("review (1)"));

  const auto other = api.call("GET", "/api/v1/cases/" + waiting + "/diagram.svg", "anna-giessen");
  REQUIRE(other.status == 200);
  CHECK(marks(other.body) == 1);
  const auto waiting_node = other.body.find(">awaiting_payment</text>");
  REQUIRE(waiting_node != std::string::npos);
  CHECK(other.body.find(">(aktuell)</text>", waiting_node) < other.body.find("</g>", waiting_node));

  CHECK(api.call("GET", "/api/v1/cases/" + case_id + "/diagram.svg", "admin-marburg").status == 404);
  CHECK(api.call("GET", "/api/v1/cases/C-nowhere/diagram.svg", "anna-giessen").status == 404);
  CHECK(api.call("GET", "/api/v1/cases/" + case_id + "/diagram.svg?version=1", "anna-giessen").status == 400);
  CHECK(api.call("GET", "/api/v1/cases/" + case_id + "/diagram.svg", "").status == 401);
}
