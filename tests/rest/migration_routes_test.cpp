// POST /api/v1/processes/{id}/migrations: only a tenant's admin moves its own running cases,
// bad bodies are refused naming the field, a dry run changes nothing, GET /cases/{id} shows the version.
#include <catch2/catch.hpp>

#include "tests/rest/rest_fixture.hpp"
#include "tests/runtime/licence_versions.hpp"

using namespace amtsweg;
using namespace amtsweg::testing;
namespace json = boost::json;

namespace {

json::value error_parameter(const rest::Response& response) {
  return RestFixture::json_of(response).at("error").at("details").at("parameter");
}

}  // namespace

TEST_CASE("migrations: admins only, bad bodies name the field, dry run, then the move", "[rest][migration]") {
  RestFixture api;
  api.deploy(kLicenceV1, "licence.yaml");
  const CaseRecord giessen = api.start("licence", "{}", "giessen");
  api.engine->complete("giessen", api.open_task("giessen", giessen.id).id, "anna", json::object{});  // to review
  const CaseRecord marburg = api.start("licence", "{}", "marburg");
  api.deploy(kLicenceV2, "licence.yaml");
  const std::string target = "/api/v1/processes/licence/migrations";
  const std::string body = R"({"from": 1, "to": 2, "map": {"review": "checking"}})";

  CHECK(api.call("POST", target, "anna-giessen", body).status == 403);
  CHECK(api.call("POST", target, "portal-giessen", body).status == 403);

  const auto bad_from = api.call("POST", target, "admin-giessen", R"({"from": "one", "to": 2})");
  CHECK(bad_from.status == 400);
  CHECK(error_parameter(bad_from) == "from");
  const auto no_to = api.call("POST", target, "admin-giessen", R"({"from": 1})");
  CHECK(no_to.status == 400);
  CHECK(error_parameter(no_to) == "to");
  const auto bad_key =
      api.call("POST", target, "admin-giessen", R"({"from": 1, "to": 2, "map": {"reviw": "checking"}})");
  CHECK(bad_key.status == 400);
  CHECK(error_parameter(bad_key) == "map.reviw");
  const auto bad_dry = api.call("POST", target, "admin-giessen", R"({"from": 1, "to": 2, "dry_run": "yes"})");
  CHECK(bad_dry.status == 400);
  CHECK(error_parameter(bad_dry) == "dry_run");
  CHECK(api.call("POST", target, "admin-giessen", R"({"from": 1, "to": 2, "force": true})").status == 400);
  CHECK(api.call("POST", "/api/v1/processes/licence/migrations", "admin-giessen", R"({"from": 1, "to": 7})").status ==
        404);
  CHECK(api.call("POST", "/api/v1/processes/nosuch/migrations", "admin-giessen", body).status == 404);

  // Without the map the case is refused; a dry run with it reports and changes nothing.
  const auto refused = api.call("POST", target, "admin-giessen", R"({"from": 1, "to": 2, "dry_run": true})");
  REQUIRE(refused.status == 200);
  const json::value refused_report = RestFixture::json_of(refused);
  CHECK(refused_report.at("counts").at("refused") == 1);
  CHECK(refused_report.at("cases").at(0).at("case_id") == json::value(giessen.id));
  CHECK_THAT(std::string(refused_report.at("cases").at(0).at("reason").as_string()), Catch::Contains("review"));
  const auto dry = api.call("POST", target, "admin-giessen",
                            R"({"from": 1, "to": 2, "map": {"review": "checking"}, "dry_run": true})");
  REQUIRE(dry.status == 200);
  const json::value dry_report = RestFixture::json_of(dry);
  CHECK(dry_report.at("counts").at("would_migrate") == 1);
  CHECK(dry_report.at("plan").at(1).at("from") == "review");
  CHECK(dry_report.at("plan").at(1).at("task") == "recreated");
  CHECK(RestFixture::json_of(api.call("GET", "/api/v1/cases/" + giessen.id, "admin-giessen")).at("version") == 1);

  const auto moved = api.call("POST", target, "admin-giessen", body);
  REQUIRE(moved.status == 200);
  const json::value report = RestFixture::json_of(moved);
  CHECK(report.at("counts").at("migrated") == 1);
  CHECK(report.at("cases").at(0).at("to_state") == "checking");
  const json::value view = RestFixture::json_of(api.call("GET", "/api/v1/cases/" + giessen.id, "admin-giessen"));
  CHECK(view.at("version") == 2);
  CHECK(view.at("state") == "checking");
  // Marburg's case is not giessen's to move.
  CHECK(api.engine->find_case("marburg", marburg.id)->record.process_version == 1);
  const auto audit = api.call("GET", "/api/v1/audit?action=case.migrated", "admin-giessen");
  REQUIRE(audit.status == 200);
  CHECK_THAT(audit.body, Catch::Contains(giessen.id));
  CHECK(api.engine->verify().empty());
}
