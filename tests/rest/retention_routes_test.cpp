// Personal data and records over the REST API: ?redact=personal on a case and its history hides
// every personal value (and the salts of their commitments), GET /deletions shows a tenant's
// deletion protocol to its admins only, GET /cases/{id}/export the case file as a ZIP.
#include <catch2/catch.hpp>

#include "engine/archive/zip_file.hpp"
#include "tests/rest/rest_fixture.hpp"

using namespace amtsweg;
using namespace amtsweg::testing;
namespace json = boost::json;

namespace {

constexpr const char* kRegistrationYaml = R"(id: registration
title: Registration
start: registered
retention: {default: P6M}
form:
  type: object
  properties:
    name: {type: string, personal: true}
    district: {type: string}
states:
  registered:
    final: true
)";

}  // namespace

TEST_CASE("?redact=personal hides personal values in a case and its history", "[rest][retention]") {
  RestFixture api;
  const std::string id = api.start_certificate(R"({"name": "Erika Muster", "copies": 2})");
  const std::string base = "/api/v1/cases/" + id;
  REQUIRE(api.call("GET", base, "admin-giessen").body.find("Erika Muster") != std::string::npos);

  const auto redacted = api.call("GET", base + "?redact=personal", "admin-giessen");
  REQUIRE(redacted.status == 200);
  CHECK(redacted.body.find("Erika Muster") == std::string::npos);
  const auto view = RestFixture::json_of(redacted);
  CHECK(view.at("redacted") == "personal");
  CHECK_FALSE(view.at("data").as_object().contains("name"));
  CHECK(view.at("data").at("copies") == 2);

  const auto history = api.call("GET", base + "/history?redact=personal", "admin-giessen");
  REQUIRE(history.status == 200);
  CHECK(history.body.find("Erika Muster") == std::string::npos);
  CHECK(history.body.find("\"salt\"") == std::string::npos);

  const auto wrong = api.call("GET", base + "?redact=all", "admin-giessen");
  CHECK(wrong.status == 400);
  CHECK(RestFixture::json_of(wrong).at("error").at("details").at("parameter") == "redact");
  CHECK(api.call("GET", base + "?redcat=personal", "admin-giessen").status == 400);
}

TEST_CASE("GET /cases/{id}/export: the case file as a ZIP archive package, for admins", "[rest][retention]") {
  RestFixture api;
  const std::string id = api.start_certificate(R"({"name": "Erika Muster", "copies": 2})");
  const auto response = api.call("GET", "/api/v1/cases/" + id + "/export", "admin-giessen");
  REQUIRE(response.status == 200);
  CHECK(response.content_type == "application/zip");
  CHECK(response.headers.at("Content-Disposition") == "attachment; filename=\"" + id + ".zip\"");
  std::vector<std::string> names;
  for (const auto& [name, bytes] : read_zip(response.body)) names.push_back(name);
  CHECK(std::find(names.begin(), names.end(), id + "/history.jsonl") != names.end());
  CHECK(std::find(names.begin(), names.end(), id + "/xdomea.xml") != names.end());
  CHECK(api.call("GET", "/api/v1/cases/" + id + "/export", "portal-giessen").status == 403);
  CHECK(api.call("GET", "/api/v1/cases/" + id + "/export", "admin-marburg").status == 404);
  CHECK(api.call("GET", "/api/v1/cases/" + id + "/export?redact=personal", "admin-giessen").status == 400);
}

TEST_CASE("GET /deletions: a tenant's deletion protocol, for its admins", "[rest][retention]") {
  RestFixture api;
  api.deploy(kRegistrationYaml, "registration.yaml");
  const auto started = api.call("POST", "/api/v1/processes/registration/cases", "portal-giessen",
                                R"({"name": "Max Muster", "district": "Wieseck"})");
  REQUIRE(started.status == 201);
  const std::string id(RestFixture::json_of(started).at("id").as_string());
  CHECK(RestFixture::json_of(api.call("GET", "/api/v1/deletions", "admin-giessen")).at("deletions").as_array().empty());

  api.clock.advance(std::chrono::hours(24 * 184));  // beyond six months from any day
  REQUIRE(api.engine->apply_retention().deleted.size() == 1);

  const auto response = api.call("GET", "/api/v1/deletions", "admin-giessen");
  REQUIRE(response.status == 200);
  CHECK(response.body.find("Max Muster") == std::string::npos);
  const auto protocol = RestFixture::json_of(response);
  const auto& lines = protocol.at("deletions").as_array();
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].at("case_id").as_string() == id);
  CHECK(lines[0].at("rule") == "default: P6M");
  CHECK(lines[0].at("deleted").at("fields") == json::array{"name"});
  CHECK(lines[0].at("deleted").at("data_fields") == 1);
  const auto view = RestFixture::json_of(api.call("GET", "/api/v1/cases/" + id, "admin-giessen"));
  CHECK(view.at("data") == json::object{{"district", "Wieseck"}});

  CHECK(RestFixture::json_of(api.call("GET", "/api/v1/deletions", "admin-marburg")).at("deletions").as_array().empty());
  CHECK(api.call("GET", "/api/v1/deletions", "anna-giessen").status == 403);
  CHECK(api.call("GET", "/api/v1/deletions?limit=0", "admin-giessen").status == 400);
}
