// The definition and health routes through the router over a real engine (no network): listing,
// deploying YAML (201 new, 200 unchanged, 422 with positioned diagnostics), and liveness.
#include <catch2/catch.hpp>

#include "tests/rest/rest_fixture.hpp"
#include "tests/runtime/certificate_process.hpp"

using namespace amtsweg::testing;

namespace {
const std::string kTinyProcess = R"(id: tiny
title: Tiny
start: open
states:
  open:
    on:
      close.requested:
        - to: closed
  closed:
    final: true
    outcome: done
)";
}  // namespace

TEST_CASE("GET /processes lists deployed definitions", "[rest]") {
  RestFixture api;
  const auto response = api.call("GET", "/api/v1/processes", "anna-giessen");
  REQUIRE(response.status == 200);
  const auto body = RestFixture::json_of(response);
  const auto& list = body.at("processes").as_array();
  REQUIRE(list.size() == 1);
  CHECK(list.at(0).at("process") == "certificate");
  CHECK(list.at(0).at("version") == 1);
  CHECK(api.call("GET", "/api/v1/processes", "").status == 401);
}

TEST_CASE("POST /processes deploys YAML as admin", "[rest]") {
  RestFixture api;
  const auto created =
      api.call("POST", "/api/v1/processes?name=tiny.yaml", "admin-giessen", kTinyProcess, "application/yaml");
  REQUIRE(created.status == 201);
  CHECK(RestFixture::json_of(created).at("process_id") == "tiny");
  CHECK(RestFixture::json_of(created).at("version") == 1);
  CHECK(created.headers.at("Location") == "/api/v1/processes/tiny");

  const auto same = api.call("POST", "/api/v1/processes", "operator", amtsweg::testing::kCertificateYaml, "text/yaml");
  REQUIRE(same.status == 200);
  CHECK(RestFixture::json_of(same).at("created") == false);

  CHECK(api.call("POST", "/api/v1/processes", "anna-giessen", kTinyProcess, "application/yaml").status == 403);
  CHECK(api.call("POST", "/api/v1/processes", "admin-giessen", kTinyProcess, "application/json").status == 415);
  CHECK(api.call("POST", "/api/v1/processes", "admin-giessen", "", "", {{"Content-Type", "application/yaml"}}).status ==
        400);
}

TEST_CASE("POST /processes answers 422 with the validator's positioned errors", "[rest]") {
  RestFixture api;
  const std::string broken = R"(id: broken
title: Broken
start: nowhere
states:
  open:
    final: true
)";
  const auto response =
      api.call("POST", "/api/v1/processes?name=broken.yaml", "admin-giessen", broken, "application/yaml");
  REQUIRE(response.status == 422);
  const auto error = RestFixture::json_of(response).at("error");
  CHECK(error.at("code") == "invalid_definition");
  const auto& first = error.at("details").at(0);
  CHECK(first.at("file") == "broken.yaml");
  CHECK(first.at("line").to_number<int>() > 0);
  CHECK(first.at("column").to_number<int>() > 0);
  CHECK(first.as_object().contains("message"));
}

TEST_CASE("GET /health needs no token and reports the database", "[rest]") {
  RestFixture api;
  const auto response = api.call("GET", "/api/v1/health", "");
  REQUIRE(response.status == 200);
  CHECK(RestFixture::json_of(response).at("database") == "reachable");
  CHECK(api.call("POST", "/api/v1/health", "").status == 405);
}

TEST_CASE("GET /processes/{id} shows versions and the tenant's live counts per state", "[rest]") {
  RestFixture api;
  api.start_certificate();
  api.start_certificate();
  const auto response = api.call("GET", "/api/v1/processes/certificate", "admin-giessen");
  REQUIRE(response.status == 200);
  const auto body = RestFixture::json_of(response);
  CHECK(body.at("title") == "Certificate request");
  CHECK(body.at("versions").as_array().size() == 1);
  const auto& counts = body.at("counts").as_array();
  REQUIRE(counts.size() == 1);
  CHECK(counts.at(0).at("state") == "awaiting_payment");
  CHECK(counts.at(0).at("count") == 2);
  // Another tenant sees the shared definition but none of giessen's cases.
  CHECK(RestFixture::json_of(api.call("GET", "/api/v1/processes/certificate", "admin-marburg"))
            .at("counts")
            .as_array()
            .empty());
  CHECK(api.call("GET", "/api/v1/processes/nope", "admin-giessen").status == 404);
}

// The route table itself is kept true by tests/rest/openapi_test.cpp, against the OpenAPI document.
TEST_CASE("the scheme name of Authorization is case-insensitive", "[rest]") {
  RestFixture api;
  const std::string token = api.tokens.at("anna-giessen");
  CHECK(api.call("GET", "/api/v1/processes", "", "", "", {{"Authorization", "bearer " + token}}).status == 200);
}
