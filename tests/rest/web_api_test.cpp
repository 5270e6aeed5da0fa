// The API additions the web UI is built on, through the router over a real engine: who am I
// (GET /me), a process's forms and states (GET /processes/{id}/form, with the tenant's values of
// x-enum-param fields), the inbox's text search,
// unassigned filter and ETag (If-None-Match -> 304 until a task changes).
#include <catch2/catch.hpp>

#include "tests/rest/rest_fixture.hpp"

using namespace amtsweg::testing;
namespace json = boost::json;

namespace {
std::size_t task_count(const amtsweg::rest::Response& response) {
  return RestFixture::json_of(response).at("tasks").as_array().size();
}
}  // namespace

TEST_CASE("web API: GET /me names the caller, its roles and clerk groups", "[rest][web]") {
  RestFixture api;
  const auto me = RestFixture::json_of(api.call("GET", "/api/v1/me", "anna-giessen"));
  CHECK(me.at("tenant") == "giessen");
  CHECK(me.at("name") == "anna");
  CHECK(me.at("roles") == json::array{"clerk:standesamt"});
  CHECK(me.at("clerk_groups") == json::array{"standesamt"});
  CHECK(api.call("GET", "/api/v1/me", "").status == 401);
  CHECK(api.call("GET", "/api/v1/me", "amtsweg_not-a-token").status == 401);
}

TEST_CASE("web API: GET /processes/{id}/form gives the form schema, documents and states", "[rest][web]") {
  RestFixture api;
  const auto response = api.call("GET", "/api/v1/processes/certificate/form", "portal-giessen");
  REQUIRE(response.status == 200);
  const auto body = RestFixture::json_of(response);
  CHECK(body.at("title") == "Certificate request");
  CHECK(body.at("form").at("required") == json::array{"name", "copies"});
  CHECK(body.at("personal_fields") == json::array{"name"});
  CHECK(body.at("documents").at("max_size").as_int64() > 0);
  const auto& states = body.at("states").as_array();
  const auto review =
      std::find_if(states.begin(), states.end(), [](const json::value& s) { return s.at("state") == "review"; });
  REQUIRE(review != states.end());
  CHECK(review->at("task").at("role") == "standesamt");
  CHECK(review->at("task").at("form").at("required") == json::array{"decision"});
  CHECK(api.call("GET", "/api/v1/processes/nothing/form", "portal-giessen").status == 404);
  CHECK(api.call("GET", "/api/v1/processes/certificate/form?version=99", "portal-giessen").status == 404);
  CHECK(api.call("GET", "/api/v1/processes/certificate/form?x=1", "portal-giessen").status == 400);
  CHECK(api.call("GET", "/api/v1/processes/certificate/form", "").status == 401);
}

namespace {
// A tenant's own process whose zones come from a param (`x-enum-param`), in the application and
// in the clerk's form.
const std::string kZonesProcess = R"(id: parking
title: Bewohnerparkausweis
params:
  zones:
    default: [A, B]
start: review
form:
  type: object
  required: [zone]
  properties:
    zone: {type: string, x-enum-param: zones}
    vehicles:
      type: array
      items:
        type: object
        properties:
          zone: {type: string, x-enum-param: zones}
states:
  review:
    task:
      title: Antrag prüfen
      role: standesamt
      form:
        type: object
        properties:
          zone: {type: string, x-enum-param: zones}
    on:
      task.completed: done
  done:
    final: true
)";
}  // namespace

TEST_CASE("web API: GET /processes/{id}/form writes the tenant's values of x-enum-param fields in as enum",
          "[rest][web]") {
  RestFixture api;
  REQUIRE(api.call("POST", "/api/v1/processes?name=parking.yaml", "admin-giessen", kZonesProcess, "application/yaml")
              .status == 201);
  const auto form = [&] {
    const auto response = api.call("GET", "/api/v1/processes/parking/form", "portal-giessen");
    REQUIRE(response.status == 200);
    return RestFixture::json_of(response);
  };
  CHECK(form().at("form").at("properties").at("zone").at("enum") == json::array{"A", "B"});

  REQUIRE(api.call("PUT", "/api/v1/processes/parking/params", "admin-giessen",
                   R"({"overrides": {"zones": ["Nord", "Süd", "Altstadt"]}})")
              .status == 200);
  const auto body = form();
  const json::array zones{"Nord", "Süd", "Altstadt"};
  CHECK(body.at("form").at("properties").at("zone").at("enum") == zones);
  CHECK(body.at("form").at("properties").at("vehicles").at("items").at("properties").at("zone").at("enum") == zones);
  CHECK(body.at("states").at(0).at("task").at("form").at("properties").at("zone").at("enum") == zones);
  CHECK(body.at("form").at("properties").at("zone").at("x-enum-param") == "zones");

  // What the form offers is what intake accepts: a value outside it is refused at its field.
  CHECK(api.call("POST", "/api/v1/processes/parking/cases", "portal-giessen", R"({"zone": "Nord"})").status == 201);
  const auto refused = api.call("POST", "/api/v1/processes/parking/cases", "portal-giessen", R"({"zone": "A"})");
  REQUIRE(refused.status == 422);
  const auto details = RestFixture::json_of(refused).at("error").at("details");
  CHECK(details.at(0).at("field") == "/zone");
  CHECK(details.at(0).at("allowed") == zones);
}

TEST_CASE("web API: the inbox searches titles and case ids, and filters unassigned tasks", "[rest][web]") {
  RestFixture api;
  std::string case_id;
  const std::string task = api.open_review_task(&case_id);
  CHECK(task_count(api.call("GET", "/api/v1/tasks?q=Erika", "anna-giessen")) == 1);
  CHECK(task_count(api.call("GET", "/api/v1/tasks?q=erika%20muster", "anna-giessen")) == 1);  // ASCII case ignored
  CHECK(task_count(api.call("GET", "/api/v1/tasks?q=" + case_id.substr(2), "anna-giessen")) == 1);
  CHECK(task_count(api.call("GET", "/api/v1/tasks?q=Nobody", "anna-giessen")) == 0);
  // LIKE's wildcards are plain characters in a search.
  CHECK(task_count(api.call("GET", "/api/v1/tasks?q=%25", "anna-giessen")) == 0);
  CHECK(task_count(api.call("GET", "/api/v1/tasks?q=_", "anna-giessen")) == 0);
  CHECK(api.call("GET", "/api/v1/tasks?q=" + std::string(201, 'x'), "anna-giessen").status == 400);

  CHECK(task_count(api.call("GET", "/api/v1/tasks?unassigned=true", "anna-giessen")) == 1);
  REQUIRE(api.call("POST", "/api/v1/tasks/" + task + "/claim", "anna-giessen").status == 200);
  CHECK(task_count(api.call("GET", "/api/v1/tasks?unassigned=true", "anna-giessen")) == 0);
  CHECK(task_count(api.call("GET", "/api/v1/tasks?unassigned=false", "anna-giessen")) == 1);
  CHECK(api.call("GET", "/api/v1/tasks?unassigned=maybe", "anna-giessen").status == 400);
}

TEST_CASE("web API: the inbox answers 304 to its own ETag until a task changes", "[rest][web]") {
  RestFixture api;
  const std::string task = api.open_review_task();
  const auto first = api.call("GET", "/api/v1/tasks", "anna-giessen");
  const std::string etag = first.headers.at("ETag");
  CHECK(first.headers.at("Cache-Control") == "no-cache");
  const auto same = api.call("GET", "/api/v1/tasks", "anna-giessen", "", "application/json", {{"If-None-Match", etag}});
  CHECK(same.status == 304);
  CHECK(same.body.empty());
  CHECK(api.call("GET", "/api/v1/tasks", "anna-giessen", "", "application/json", {{"If-None-Match", "W/" + etag}})
            .status == 304);
  CHECK(api.call("GET", "/api/v1/tasks", "anna-giessen", "", "application/json", {{"If-None-Match", "\"x\""}}).status ==
        200);

  REQUIRE(api.call("POST", "/api/v1/tasks/" + task + "/claim", "anna-giessen").status == 200);
  const auto changed =
      api.call("GET", "/api/v1/tasks", "anna-giessen", "", "application/json", {{"If-None-Match", etag}});
  CHECK(changed.status == 200);
  CHECK(changed.headers.at("ETag") != etag);
}
