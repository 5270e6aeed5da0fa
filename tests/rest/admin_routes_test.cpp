// Authentication through the engine's persisted tokens, a tenant's token and params routes, one
// task, a version's source, and definition ownership: shared (operator) versus a tenant's own (admin).
#include <catch2/catch.hpp>

#include <algorithm>

#include "tests/rest/rest_fixture.hpp"

using namespace amtsweg::testing;

namespace {

boost::json::value body_of(const amtsweg::rest::Response& response) { return RestFixture::json_of(response); }

}  // namespace

TEST_CASE("tokens: unknown, malformed and revoked tokens are 401, a revoked token stops working at once", "[rest]") {
  RestFixture api;
  CHECK(api.call("GET", "/api/v1/processes", "amtsweg_unknown").status == 401);
  CHECK(api.call("GET", "/api/v1/processes", "", "", "", {{"Authorization", "Basic YWxpY2U6c2VjcmV0"}}).status == 401);
  REQUIRE(api.call("GET", "/api/v1/processes", "portal-giessen").status == 200);
  api.engine->revoke_token("giessen", "portal");
  const auto refused = api.call("GET", "/api/v1/processes", "portal-giessen");
  CHECK(refused.status == 401);
  CHECK_THAT(refused.body, Catch::Contains("unknown or revoked"));
}

TEST_CASE("tokens: an admin issues, lists and revokes its tenant's tokens, the token is shown once", "[rest]") {
  RestFixture api;
  const auto created =
      api.call("POST", "/api/v1/tokens", "admin-giessen", R"({"name": "dora", "roles": ["clerk:standesamt"]})");
  REQUIRE(created.status == 201);
  const std::string token(body_of(created).at("token").as_string());
  CHECK(token.starts_with("amtsweg_"));
  CHECK(created.headers.at("Cache-Control") == "no-store");

  // The new token works, and no listing ever shows a token or its hash.
  CHECK(api.call("GET", "/api/v1/tasks", token).status == 200);
  const auto listed = api.call("GET", "/api/v1/tokens", "admin-giessen");
  REQUIRE(listed.status == 200);
  CHECK_THAT(listed.body, Catch::Contains("\"dora\""));
  CHECK_THAT(listed.body, !Catch::Contains(token.substr(8)));
  CHECK_THAT(listed.body, !Catch::Contains("hash"));
  // Another tenant's admin sees none of them and cannot revoke them.
  CHECK_THAT(api.call("GET", "/api/v1/tokens", "admin-marburg").body, !Catch::Contains("dora"));
  CHECK(api.call("DELETE", "/api/v1/tokens/dora", "admin-marburg").status == 404);

  CHECK(api.call("DELETE", "/api/v1/tokens/dora", "admin-giessen").status == 204);
  CHECK(api.call("GET", "/api/v1/tasks", token).status == 401);
  CHECK(api.call("DELETE", "/api/v1/tokens/dora", "admin-giessen").status == 404);
}

TEST_CASE("tokens: bad requests are refused naming the field, and only admins manage tokens", "[rest]") {
  RestFixture api;
  CHECK(api.call("GET", "/api/v1/tokens", "anna-giessen").status == 403);
  CHECK(api.call("POST", "/api/v1/tokens", "portal-giessen", R"({"name": "x", "roles": ["admin"]})").status == 403);
  const auto no_roles = api.call("POST", "/api/v1/tokens", "admin-giessen", R"({"name": "x", "roles": []})");
  CHECK(no_roles.status == 400);
  CHECK_THAT(no_roles.body, Catch::Contains("roles"));
  const auto bad_role = api.call("POST", "/api/v1/tokens", "admin-giessen", R"({"name": "x", "roles": ["root"]})");
  CHECK(bad_role.status == 400);
  CHECK_THAT(bad_role.body, Catch::Contains("unknown role 'root'"));
  CHECK(api.call("POST", "/api/v1/tokens", "admin-giessen", R"({"name": "x", "roles": ["operator"]})").status == 400);
  CHECK(
      api.call("POST", "/api/v1/tokens", "admin-giessen", R"({"name": "x", "roles": ["admin"], "extra": 1})").status ==
      400);
  // A live name is taken: 409.
  CHECK(api.call("POST", "/api/v1/tokens", "admin-giessen", R"({"name": "anna", "roles": ["admin"]})").status == 409);
  CHECK(api.engine->tokens("giessen").size() == 5);  // nothing was added by the refusals
}

TEST_CASE("definitions: an admin's own process is invisible and unusable for other tenants", "[rest]") {
  RestFixture api;
  const auto deployed =
      api.call("POST", "/api/v1/processes?name=own.yaml", "admin-giessen", kOwnProcess, "application/yaml");
  REQUIRE(deployed.status == 201);
  CHECK_THAT(api.call("GET", "/api/v1/processes", "portal-giessen").body, Catch::Contains("own-permit"));
  CHECK(api.call("GET", "/api/v1/processes/own-permit", "anna-giessen").status == 200);
  CHECK(api.call("POST", "/api/v1/processes/own-permit/cases", "portal-giessen", "{}").status == 201);

  // Marburg: not listed, 404 everywhere, and the id cannot be taken over.
  CHECK_THAT(api.call("GET", "/api/v1/processes", "admin-marburg").body, !Catch::Contains("own-permit"));
  CHECK(api.call("GET", "/api/v1/processes/own-permit", "admin-marburg").status == 404);
  CHECK(api.call("GET", "/api/v1/processes/own-permit/versions/1", "admin-marburg").status == 404);
  CHECK(api.call("GET", "/api/v1/processes/own-permit/params", "admin-marburg").status == 404);
  CHECK(api.call("POST", "/api/v1/processes/own-permit/cases", "admin-marburg", "{}").status == 404);
  const auto taken = api.call("POST", "/api/v1/processes", "admin-marburg", kOwnProcess, "application/yaml");
  CHECK(taken.status == 409);
  CHECK_THAT(taken.body, !Catch::Contains("giessen"));
}

TEST_CASE("definitions: only the operator deploys shared ones, admins cannot overwrite them", "[rest]") {
  RestFixture api;
  const auto shared = api.call("POST", "/api/v1/processes?name=own.yaml", "operator", kOwnProcess, "application/yaml");
  REQUIRE(shared.status == 201);
  CHECK_THAT(api.call("GET", "/api/v1/processes", "admin-marburg").body, Catch::Contains("own-permit"));
  std::string changed = kOwnProcess;
  changed.replace(changed.find("Ordnungsamt"), 11, "Bauamt");
  const auto overwrite = api.call("POST", "/api/v1/processes", "admin-giessen", changed, "application/yaml");
  CHECK(overwrite.status == 409);
  CHECK_THAT(overwrite.body, Catch::Contains("shared definition"));
  CHECK(api.call("POST", "/api/v1/processes?scope=shared", "admin-giessen", changed, "application/yaml").status == 403);
  CHECK(api.call("POST", "/api/v1/processes?scope=everyone", "operator", changed, "application/yaml").status == 400);
  CHECK(api.call("POST", "/api/v1/processes", "operator", changed, "application/yaml").status == 201);
}

TEST_CASE("definitions: a version's YAML source is served as deployed", "[rest]") {
  RestFixture api;
  const auto source = api.call("GET", "/api/v1/processes/certificate/versions/1", "anna-giessen");
  REQUIRE(source.status == 200);
  CHECK(source.content_type.starts_with("application/yaml"));
  CHECK_THAT(source.body, Catch::Contains("id: certificate"));
  CHECK(api.call("GET", "/api/v1/processes/certificate/versions/2", "anna-giessen").status == 404);
  CHECK(api.call("GET", "/api/v1/processes/certificate/versions/first", "anna-giessen").status == 400);
}

TEST_CASE("params: an admin reads and replaces its tenant's overrides, other tenants are unaffected", "[rest]") {
  RestFixture api;
  REQUIRE(api.call("POST", "/api/v1/processes", "operator", kOwnProcess, "application/yaml").status == 201);
  const auto before = api.call("GET", "/api/v1/processes/own-permit/params", "admin-giessen");
  REQUIRE(before.status == 200);
  CHECK(body_of(before).at("effective").at("office") == "Ordnungsamt");

  const auto put = api.call("PUT", "/api/v1/processes/own-permit/params", "admin-giessen",
                            R"({"overrides": {"office": "Standesamt Gießen"}})");
  REQUIRE(put.status == 200);
  CHECK(body_of(put).at("effective").at("office") == "Standesamt Gießen");
  CHECK(body_of(put).at("overrides").at("office") == "Standesamt Gießen");
  CHECK(body_of(api.call("GET", "/api/v1/processes/own-permit/params", "admin-marburg")).at("effective").at("office") ==
        "Ordnungsamt");

  const auto unknown =
      api.call("PUT", "/api/v1/processes/own-permit/params", "admin-giessen", R"({"overrides": {"fee": 3}})");
  CHECK(unknown.status == 400);
  CHECK_THAT(unknown.body, Catch::Contains("no param 'fee'"));
  // An override of another kind than the default is refused by name, and changes nothing.
  const auto wrong_kind =
      api.call("PUT", "/api/v1/processes/own-permit/params", "admin-giessen", R"({"overrides": {"office": 12}})");
  CHECK(wrong_kind.status == 400);
  CHECK(body_of(wrong_kind).at("error").at("details").at("field") == "office");
  CHECK_THAT(wrong_kind.body, Catch::Contains(R"(office: must be a string like its default \"Ordnungsamt\", not 12)"));
  CHECK(api.call("PUT", "/api/v1/processes/own-permit/params", "anna-giessen", R"({"overrides": {}})").status == 403);
  CHECK(body_of(api.call("GET", "/api/v1/processes/own-permit/params", "admin-giessen")).at("effective").at("office") ==
        "Standesamt Gießen");
}

TEST_CASE("tasks: GET /tasks/{id} shows a task to its clerks and admins only", "[rest]") {
  RestFixture api;
  const std::string task = api.open_review_task();
  const auto shown = api.call("GET", "/api/v1/tasks/" + task, "anna-giessen");
  REQUIRE(shown.status == 200);
  CHECK(body_of(shown).at("id") == boost::json::value(task));
  CHECK(api.call("GET", "/api/v1/tasks/" + task, "admin-giessen").status == 200);
  CHECK(api.call("GET", "/api/v1/tasks/" + task, "carl-giessen").status == 404);  // another group
  CHECK(api.call("GET", "/api/v1/tasks/" + task, "admin-marburg").status == 404);
  CHECK(api.call("GET", "/api/v1/tasks/" + task, "portal-giessen").status == 403);
}

TEST_CASE("tasks: a clerk of another group cannot act on a task by its id", "[rest]") {
  RestFixture api;
  const std::string task = api.open_review_task();
  const std::string base = "/api/v1/tasks/" + task;
  CHECK(api.call("POST", base + "/claim", "carl-giessen", "{}").status == 404);
  CHECK(api.call("POST", base + "/delegate", "carl-giessen", R"({"to": "carl"})").status == 404);
  CHECK(api.call("POST", base + "/complete", "carl-giessen", R"({"data": {"decision": "approve"}})").status == 404);
  // Untouched: still open and unassigned, and its own group's clerk can take it.
  const auto shown = body_of(api.call("GET", base, "anna-giessen"));
  CHECK(shown.at("status") == "open");
  CHECK(api.call("POST", base + "/claim", "anna-giessen", "{}").status == 200);
}

// Every route under /processes/{id}, taken from the router itself (a route added later is walked
// too), with another tenant's private process and with an id never deployed: each caller gets the
// same status and, but for the id, the same body, so nothing tells the two apart.
TEST_CASE("definitions: another tenant's own process answers exactly like an unknown id on every route", "[rest]") {
  RestFixture api;
  REQUIRE(api.call("POST", "/api/v1/processes?scope=tenant", "admin-marburg", kOwnProcess, "application/yaml").status ==
          201);
  REQUIRE(api.call("POST", "/api/v1/processes/own-permit/cases", "admin-marburg", "{}").status == 201);
  const std::string foreign = "own-permit", unknown = "not-deployed";
  const auto replace_all = [](std::string text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
      text.replace(at, from.size(), to);
    return text;
  };
  int walked = 0;
  for (const std::string& route : api.router.routes()) {
    const auto space = route.find(' ');
    const std::string method = route.substr(0, space);
    const std::string pattern = route.substr(space + 1);
    if (!pattern.starts_with("/api/v1/processes/{id}")) continue;
    ++walked;
    const std::string body = method == "PUT" ? R"({"overrides": {}})" : method == "POST" ? "{}" : "";
    for (const std::string query : {"", "?version=1"}) {
      if (!query.empty() && !pattern.ends_with("diagram.svg")) continue;
      for (const std::string caller : {"admin-giessen", "portal-giessen", "anna-giessen", "operator"}) {
        const auto target = [&](const std::string& id) {
          return replace_all(replace_all(pattern, "{id}", id), "{version}", "1") + query;
        };
        INFO(method << " " << target(foreign) << " as " << caller);
        const auto of_foreign = api.call(method, target(foreign), caller, body);
        const auto of_unknown = api.call(method, target(unknown), caller, body);
        CHECK(of_foreign.status >= 400);
        CHECK(of_foreign.status == of_unknown.status);
        CHECK(replace_all(of_foreign.body, foreign, unknown) == of_unknown.body);
        CHECK(of_foreign.content_type == of_unknown.content_type);
      }
    }
  }
  CHECK(walked >= 7);  // the process, a version, params (GET, PUT), cases (POST, GET), the diagram
  // Marburg's process is there (for Marburg), and Giessen's walk changed nothing of it.
  CHECK(api.call("GET", "/api/v1/processes/own-permit/cases", "admin-marburg").status == 200);
  amtsweg::CaseQuery giessen_cases;
  giessen_cases.tenant = "giessen";
  giessen_cases.process_id = foreign;
  CHECK(api.engine->cases(giessen_cases).empty());
  CHECK(body_of(api.call("GET", "/api/v1/processes/own-permit/params", "admin-marburg"))
            .at("overrides")
            .as_object()
            .empty());
}
