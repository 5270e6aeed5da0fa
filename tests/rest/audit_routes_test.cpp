// GET /api/v1/audit: every administrative action through the API leaves exactly one entry in its
// tenant's log (who, when, what, target, never a secret), a refused one leaves none, another
// tenant's admin sees nothing of it, and only admins read it.
#include <catch2/catch.hpp>

#include "engine/runtime/history_chain.hpp"
#include "tests/rest/rest_fixture.hpp"

using namespace amtsweg;
using namespace amtsweg::testing;

namespace {

// The caller's entries of `action` (the fixture's own setup leaves entries too: tokens issued on the host).
boost::json::array entries(RestFixture& api, const std::string& who, const std::string& query) {
  const auto response = api.call("GET", "/api/v1/audit" + query, who);
  REQUIRE(response.status == 200);
  return RestFixture::json_of(response).at("entries").as_array();
}

std::size_t count_of(RestFixture& api, const std::string& who, const std::string& action) {
  return entries(api, who, "?action=" + action).size();
}

boost::json::object only(const boost::json::array& list) {
  REQUIRE(list.size() == 1);
  return list.front().as_object();
}

}  // namespace

TEST_CASE("audit: each administrative action leaves one entry naming who, what and the target", "[rest][audit]") {
  RestFixture api;
  api.clock.set(kMonday + 3600 * 1000);

  // A deployment of the tenant's own definition, then a new version of it.
  REQUIRE(api.call("POST", "/api/v1/processes", "admin-giessen", kOwnProcess, "application/yaml").status == 201);
  const auto deployed = only(entries(api, "admin-giessen", "?action=definition.deployed"));
  CHECK(deployed.at("actor") == "alice");
  CHECK(deployed.at("target") == "own-permit");
  CHECK(deployed.at("at") == "2026-03-02T10:00:00Z");
  CHECK(deployed.at("detail").at("version") == 1);
  CHECK(deployed.at("detail").at("shared") == false);
  // The same text again is no new version and no entry.
  REQUIRE(api.call("POST", "/api/v1/processes", "admin-giessen", kOwnProcess, "application/yaml").status == 200);
  CHECK(count_of(api, "admin-giessen", "definition.deployed") == 1);

  REQUIRE(api.call("PUT", "/api/v1/processes/own-permit/params", "admin-giessen",
                   R"({"overrides": {"office": "Bürgerbüro"}})")
              .status == 200);
  const auto params = only(entries(api, "admin-giessen", "?action=params.changed"));
  CHECK(params.at("target") == "own-permit");
  CHECK(params.at("detail").at("overrides").at("office") == "Bürgerbüro");

  const auto issued =
      api.call("POST", "/api/v1/tokens", "admin-giessen", R"({"name": "dora", "roles": ["clerk:standesamt"]})");
  REQUIRE(issued.status == 201);
  const std::string token(RestFixture::json_of(issued).at("token").as_string());
  REQUIRE(api.call("DELETE", "/api/v1/tokens/dora", "admin-giessen").status == 204);

  const auto subscribed = api.call("POST", "/api/v1/webhooks", "portal-giessen",
                                   R"({"url": "https://crm.example/hook?key=s3cret", "events": ["case.*"],
                                       "secret": "whsec_0123456789abcdef"})");
  REQUIRE(subscribed.status == 201);
  const std::string webhook_id(RestFixture::json_of(subscribed).at("id").as_string());
  REQUIRE(api.call("DELETE", "/api/v1/webhooks/" + webhook_id, "portal-giessen").status == 204);

  const std::string case_id = api.start_certificate();
  REQUIRE(api.call("POST", "/api/v1/cases/" + case_id + "/suspend", "admin-giessen").status == 200);
  REQUIRE(api.call("POST", "/api/v1/cases/" + case_id + "/resume", "admin-giessen").status == 200);
  REQUIRE(
      api.call("POST", "/api/v1/cases/" + case_id + "/cancel", "admin-giessen", R"({"reason": "duplicate"})").status ==
      200);

  // Everything the API did, in order, after the fixture's own entries (tokens issued on the host).
  boost::json::array mine;
  for (const auto& entry : entries(api, "admin-giessen", ""))
    if (entry.at("actor") != kHostActor) mine.push_back(entry);
  std::vector<std::string> actions, targets, actors;
  for (const auto& entry : mine) {
    actions.emplace_back(entry.at("action").as_string());
    targets.emplace_back(entry.at("target").as_string());
    actors.emplace_back(entry.at("actor").as_string());
  }
  CHECK(actions == std::vector<std::string>{"definition.deployed", "params.changed", "token.issued", "token.revoked",
                                            "webhook.subscribed", "webhook.unsubscribed", "case.suspended",
                                            "case.resumed", "case.cancelled"});
  CHECK(targets == std::vector<std::string>{"own-permit", "own-permit", "dora", "dora", webhook_id, webhook_id, case_id,
                                            case_id, case_id});
  CHECK(actors ==
        std::vector<std::string>{"alice", "alice", "alice", "alice", "portal", "portal", "alice", "alice", "alice"});
  CHECK(mine.at(2).at("detail").at("roles") == boost::json::array{"clerk:standesamt"});
  CHECK(mine.at(4).at("detail").at("url") == "https://crm.example/hook");
  CHECK(mine.at(8).at("detail").at("reason") == "duplicate");

  // No secret anywhere: not the token, not its hash, not the webhook secret, not the URL's key.
  const std::string log = api.call("GET", "/api/v1/audit?limit=500", "admin-giessen").body;
  CHECK_THAT(log, !Catch::Contains(token.substr(8)));
  CHECK_THAT(log, !Catch::Contains(sha256_hex(token)));
  CHECK_THAT(log, !Catch::Contains("whsec_0123456789abcdef"));
  CHECK_THAT(log, !Catch::Contains("s3cret"));
}

TEST_CASE("audit: a refused action leaves no entry", "[rest][audit]") {
  RestFixture api;
  const auto before = entries(api, "admin-giessen", "?limit=500").size();
  // Invalid YAML, an unknown param, a duplicate token name, a bad webhook URL, a case of nobody,
  // a clerk trying what only admins may, and an operator's shared id taken by a tenant.
  CHECK(api.call("POST", "/api/v1/processes", "admin-giessen", "id: broken\nstates: [", "application/yaml").status ==
        422);
  CHECK(api.call("PUT", "/api/v1/processes/certificate/params", "admin-giessen", R"({"overrides": {"nope": 1}})")
            .status == 400);
  CHECK(api.call("POST", "/api/v1/tokens", "admin-giessen", R"({"name": "anna", "roles": ["clerk:x"]})").status == 409);
  CHECK(api.call("DELETE", "/api/v1/tokens/nobody", "admin-giessen").status == 404);
  CHECK(api.call("POST", "/api/v1/webhooks", "admin-giessen", R"({"url": "ftp://x", "events": ["*"]})").status == 400);
  CHECK(api.call("DELETE", "/api/v1/webhooks/W-0000000000000000", "admin-giessen").status == 404);
  CHECK(api.call("POST", "/api/v1/cases/C-none/suspend", "admin-giessen").status == 404);
  CHECK(api.call("POST", "/api/v1/tokens", "anna-giessen", R"({"name": "x", "roles": ["admin"]})").status == 403);
  const std::string case_id = api.start_certificate();
  CHECK(api.call("POST", "/api/v1/cases/" + case_id + "/resume", "admin-giessen").status == 409);  // not suspended
  CHECK(entries(api, "admin-giessen", "?limit=500").size() == before);
}

TEST_CASE("audit: another tenant's admin sees none of it, clerks and integrators are refused", "[rest][audit]") {
  RestFixture api;
  REQUIRE(api.call("POST", "/api/v1/tokens", "admin-giessen", R"({"name": "dora", "roles": ["clerk:standesamt"]})")
              .status == 201);
  CHECK(count_of(api, "admin-giessen", "token.issued") == 6);  // five by the fixture on the host, dora by alice
  const auto marburg = api.call("GET", "/api/v1/audit?limit=500", "admin-marburg");
  REQUIRE(marburg.status == 200);
  CHECK_THAT(marburg.body, !Catch::Contains("dora"));
  CHECK_THAT(marburg.body, !Catch::Contains("alice"));
  CHECK(entries(api, "admin-marburg", "?action=token.issued").size() == 1);  // mara's own token, on the host

  CHECK(api.call("GET", "/api/v1/audit", "anna-giessen").status == 403);
  CHECK(api.call("GET", "/api/v1/audit", "portal-giessen").status == 403);
  CHECK(api.call("GET", "/api/v1/audit", "").status == 401);
}

TEST_CASE("audit: filters by time and action, pages with a cursor, refuses bad parameters", "[rest][audit]") {
  RestFixture api;
  for (int i = 0; i < 5; ++i) {
    api.clock.set(kMonday + i * kDay);
    REQUIRE(api.call("POST", "/api/v1/tokens", "admin-giessen",
                     R"({"name": "t)" + std::to_string(i) + R"(", "roles": ["integrator"]})")
                .status == 201);
  }
  const auto mine = [&](const std::string& query) {
    std::vector<std::string> names;
    for (const auto& entry : entries(api, "admin-giessen", query))
      if (entry.at("actor") == "alice") names.emplace_back(entry.at("target").as_string());
    return names;
  };
  CHECK(mine("?from=2026-03-03T09:00:00Z&to=2026-03-05T09:00:00Z") == std::vector<std::string>{"t1", "t2"});
  CHECK(mine("?from=2026-03-05T00:00:00Z") == std::vector<std::string>{"t3", "t4"});
  CHECK(mine("?action=token.revoked").empty());

  // Pages of two, following `next`, give every entry once, in order.
  std::vector<std::string> paged;
  std::string query = "?limit=2&from=2026-03-02T09:00:00Z";
  for (int pages = 0; pages < 10; ++pages) {
    const auto page = RestFixture::json_of(api.call("GET", "/api/v1/audit" + query, "admin-giessen"));
    for (const auto& entry : page.at("entries").as_array())
      if (entry.at("actor") == "alice") paged.emplace_back(entry.at("target").as_string());
    if (page.at("next").is_null()) break;
    query = "?limit=2&from=2026-03-02T09:00:00Z&after=" + std::string(page.at("next").as_string());
  }
  CHECK(paged == std::vector<std::string>{"t0", "t1", "t2", "t3", "t4"});

  const auto bad_time = api.call("GET", "/api/v1/audit?from=yesterday", "admin-giessen");
  CHECK(bad_time.status == 400);
  CHECK_THAT(bad_time.body, Catch::Contains("'from'"));
  CHECK(api.call("GET", "/api/v1/audit?after=x", "admin-giessen").status == 400);
  CHECK(api.call("GET", "/api/v1/audit?limit=0", "admin-giessen").status == 400);
  CHECK(api.call("GET", "/api/v1/audit?tenant=marburg", "admin-giessen").status == 400);
}

TEST_CASE("audit: a shared deployment by the operator is in the operator's tenant's log", "[rest][audit]") {
  RestFixture api;
  const std::string shared =
      "id: shared-permit\ntitle: Shared\nstart: open\nstates:\n  open:\n    final: true\n"
      "    outcome: done\n";
  REQUIRE(api.call("POST", "/api/v1/processes", "operator", shared, "application/yaml").status == 201);
  CHECK(entries(api, "admin-giessen", "?action=definition.deployed").empty());
  const auto platform = api.engine->audit_log(AuditQuery{"platform", {}, {}, "definition.deployed"});
  REQUIRE(platform.size() == 1);
  CHECK(platform.front().actor == "ops");
  CHECK(platform.front().detail.at("shared") == true);
}
