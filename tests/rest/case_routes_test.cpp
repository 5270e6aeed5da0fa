// The case and event routes through the router over a real engine (no network): intake with
// idempotency, case view, history, lifecycle, events, and their failure paths; each test runs on
// SQLite and on PostgreSQL (tests/support/store_backends.hpp).
#include <catch2/catch.hpp>

#include "tests/rest/rest_fixture.hpp"

using namespace amtsweg::testing;
namespace json = boost::json;

namespace {
const std::string kIntake = "/api/v1/processes/certificate/cases";
const std::string kApplication = R"({"name": "Erika Muster", "copies": 2})";

std::string error_code(const amtsweg::rest::Response& response) {
  return std::string(RestFixture::json_of(response).at("error").at("code").as_string());
}
std::string error_message(const amtsweg::rest::Response& response) {
  return std::string(RestFixture::json_of(response).at("error").at("message").as_string());
}
}  // namespace

TEST_CASE("intake creates a case: 201 with the case and its Location", "[rest]") {
  RestFixture api(nullptr, nullptr, GENERATE(from_range(store_backends())));
  const auto response = api.call("POST", kIntake, "portal-giessen", kApplication);
  REQUIRE(response.status == 201);
  const auto body = RestFixture::json_of(response);
  CHECK(body.at("process") == "certificate");
  CHECK(body.at("tenant") == "giessen");
  CHECK(body.at("state") == "awaiting_payment");
  CHECK(body.at("data").at("fee").to_number<double>() == 18.0);
  CHECK(response.headers.at("Location") == "/api/v1/cases/" + std::string(body.at("id").as_string()));
}

TEST_CASE("intake with a retried Idempotency-Key returns the first case with 200", "[rest]") {
  RestFixture api(nullptr, nullptr, GENERATE(from_range(store_backends())));
  const amtsweg::rest::HeaderMap key{{"Idempotency-Key", "portal-4711"}};
  const auto first = api.call("POST", kIntake, "portal-giessen", kApplication, "application/json", key);
  const auto retry = api.call("POST", kIntake, "portal-giessen", kApplication, "application/json", key);
  REQUIRE(first.status == 201);
  REQUIRE(retry.status == 200);
  CHECK(RestFixture::json_of(first).at("id") == RestFixture::json_of(retry).at("id"));
  const auto other = api.call("POST", kIntake, "portal-giessen", kApplication, "application/json",
                              {{"Idempotency-Key", "portal-4712"}});
  CHECK(other.status == 201);
  CHECK(RestFixture::json_of(other).at("id") != RestFixture::json_of(first).at("id"));
}

TEST_CASE("intake refuses bad callers and bad applications precisely", "[rest]") {
  RestFixture api(nullptr, nullptr, GENERATE(from_range(store_backends())));
  SECTION("no token, unknown token, wrong role") {
    CHECK(api.call("POST", kIntake, "", kApplication).status == 401);
    CHECK(api.call("POST", kIntake, "stolen", kApplication).status == 401);
    CHECK(api.call("POST", kIntake, "anna-giessen", kApplication).status == 403);
  }
  SECTION("unknown process") {
    CHECK(api.call("POST", "/api/v1/processes/nope/cases", "portal-giessen", kApplication).status == 404);
  }
  SECTION("malformed JSON, wrong media type, not an object") {
    const auto malformed = api.call("POST", kIntake, "portal-giessen", R"({"name": )");
    CHECK(malformed.status == 400);
    CHECK_THAT(error_message(malformed), Catch::Contains("not valid JSON"));
    CHECK(api.call("POST", kIntake, "portal-giessen", "name=x", "application/x-www-form-urlencoded").status == 415);
    CHECK(api.call("POST", kIntake, "portal-giessen", "[]").status == 400);
  }
  SECTION("the form names the failing fields with 422") {
    const auto response = api.call("POST", kIntake, "portal-giessen", R"({"name": "Erika", "copies": 0})");
    CHECK(response.status == 422);
    CHECK(error_code(response) == "rule_violation");
    CHECK(RestFixture::json_of(response).at("error").at("details").at(0).at("field") == "/copies");
  }
  // A rejected request changes nothing.
  amtsweg::CaseQuery query;
  query.tenant = "giessen";
  CHECK(api.engine->cases(query).empty());
}

TEST_CASE("GET a case shows its tasks, other tenants and unknown ids are 404", "[rest]") {
  RestFixture api(nullptr, nullptr, GENERATE(from_range(store_backends())));
  std::string case_id;
  const std::string task_id = api.open_review_task(&case_id);
  const auto response = api.call("GET", "/api/v1/cases/" + case_id, "anna-giessen");
  REQUIRE(response.status == 200);
  const auto body = RestFixture::json_of(response);
  CHECK(body.at("state") == "review");
  CHECK(body.at("tasks").at(0).at("id").as_string() == task_id);
  CHECK(body.as_object().contains("timers"));
  CHECK(api.call("GET", "/api/v1/cases/" + case_id, "admin-marburg").status == 404);
  CHECK(api.call("GET", "/api/v1/cases/C-unknown", "anna-giessen").status == 404);
  CHECK(api.call("GET", "/api/v1/cases/" + case_id, "").status == 401);
}

TEST_CASE("GET a case's history lists who did what", "[rest]") {
  RestFixture api(nullptr, nullptr, GENERATE(from_range(store_backends())));
  std::string case_id;
  api.open_review_task(&case_id);
  const auto response = api.call("GET", "/api/v1/cases/" + case_id + "/history", "admin-giessen");
  REQUIRE(response.status == 200);
  const auto body = RestFixture::json_of(response);
  const auto& history = body.at("history").as_array();
  REQUIRE(history.size() >= 2);
  CHECK(history.at(0).at("event") == "case.started");
  CHECK(history.at(0).at("actor") == "portal");
  CHECK(api.call("GET", "/api/v1/cases/" + case_id + "/history", "admin-marburg").status == 404);
  CHECK(api.call("GET", "/api/v1/cases/C-unknown/history", "admin-giessen").status == 404);
}

TEST_CASE("cases can be suspended, resumed and cancelled, wrong states are 409", "[rest]") {
  RestFixture api(nullptr, nullptr, GENERATE(from_range(store_backends())));
  const std::string id = api.start_certificate();
  const std::string base = "/api/v1/cases/" + id;
  CHECK(api.call("POST", base + "/suspend", "anna-giessen").status == 403);
  const auto suspended = api.call("POST", base + "/suspend", "admin-giessen");
  REQUIRE(suspended.status == 200);
  CHECK(RestFixture::json_of(suspended).at("status") == "suspended");
  const auto resumed = api.call("POST", base + "/resume", "admin-giessen", "{}");
  REQUIRE(resumed.status == 200);
  CHECK(RestFixture::json_of(resumed).at("status") == "active");
  CHECK(api.call("POST", base + "/cancel", "admin-giessen", R"({"why": "x"})").status == 400);
  const auto cancelled = api.call("POST", base + "/cancel", "admin-giessen", R"({"reason": "withdrawn"})");
  REQUIRE(cancelled.status == 200);
  CHECK(RestFixture::json_of(cancelled).at("status") == "cancelled");
  CHECK(api.call("POST", base + "/resume", "admin-giessen").status == 409);
  CHECK(api.call("POST", "/api/v1/cases/C-unknown/cancel", "admin-giessen").status == 404);
  CHECK(api.call("POST", base + "/cancel", "admin-marburg").status == 404);
}

TEST_CASE("events move cases, are idempotent by id, and say when nothing matches", "[rest]") {
  RestFixture api(nullptr, nullptr, GENERATE(from_range(store_backends())));
  const std::string id = api.start_certificate();
  const std::string event = R"({"id": "pay-1", "type": "payment.confirmed", "correlation": {"case": ")" + id +
                            R"("}, "payload": {"amount": 12}})";
  const auto first = api.call("POST", "/api/v1/events", "portal-giessen", event);
  REQUIRE(first.status == 200);
  const auto delivered = RestFixture::json_of(first);
  CHECK(delivered.at("duplicate") == false);
  CHECK(delivered.at("cases").at(0).at("to") == "review");

  const auto repeated = api.call("POST", "/api/v1/events", "portal-giessen", event);
  REQUIRE(repeated.status == 200);
  CHECK(RestFixture::json_of(repeated).at("duplicate") == true);
  CHECK(RestFixture::json_of(repeated).at("cases") == delivered.at("cases"));

  SECTION("correlation by a declared key") {
    const std::string other = api.start_certificate();
    const auto by_key =
        api.call("POST", "/api/v1/events", "portal-giessen",
                 R"({"id": "pay-2", "type": "payment.confirmed", "correlation": {"payment_ref": "PAY-)" + other +
                     R"("}, "payload": {"amount": 12}})");
    REQUIRE(by_key.status == 200);
    CHECK(RestFixture::json_of(by_key).at("cases").at(0).at("case_id").as_string() == other);
  }
  SECTION("nothing matches: 404 that says so") {
    const auto none =
        api.call("POST", "/api/v1/events", "portal-giessen",
                 R"({"id": "pay-3", "type": "payment.confirmed", "correlation": {"payment_ref": "PAY-none"}})");
    CHECK(none.status == 404);
    CHECK_THAT(error_message(none), Catch::Contains("no active case matches"));
  }
  SECTION("malformed events name the problem") {
    const auto unknown = api.call("POST", "/api/v1/events", "portal-giessen",
                                  R"({"id": "e", "type": "t", "correlation": {}, "colour": 1})");
    CHECK(unknown.status == 400);
    CHECK_THAT(error_message(unknown), Catch::Contains("unknown field 'colour'"));
    CHECK_THAT(
        error_message(api.call("POST", "/api/v1/events", "portal-giessen", R"({"type": "t", "correlation": {}})")),
        Catch::Contains("'id' is required"));
    CHECK(
        api.call("POST", "/api/v1/events", "portal-giessen", R"({"id": "e", "type": "t", "correlation": 5})").status ==
        400);
    CHECK(api.call("POST", "/api/v1/events", "anna-giessen", event).status == 403);
  }
  SECTION("another tenant's case is not found") {
    CHECK(api.call("POST", "/api/v1/events", "admin-marburg",
                   R"({"id": "pay-9", "type": "payment.confirmed", "correlation": {"case": ")" + id + R"("}})")
              .status == 404);
  }
}

TEST_CASE("GET /processes/{id}/cases searches the tenant's cases with filters and paging", "[rest]") {
  RestFixture api(nullptr, nullptr, GENERATE(from_range(store_backends())));
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) ids.push_back(api.start_certificate());
  REQUIRE(api.call("POST", "/api/v1/cases/" + ids[0] + "/cancel", "admin-giessen").status == 200);
  auto listed = [&api](const std::string& query, const std::string& token = "admin-giessen") {
    const auto response = api.call("GET", "/api/v1/processes/certificate/cases" + query, token);
    REQUIRE(response.status == 200);
    return RestFixture::json_of(response);
  };
  CHECK(listed("").at("cases").as_array().size() == 3);
  CHECK(listed("?status=active").at("cases").as_array().size() == 2);
  CHECK(listed("?status=cancelled").at("cases").at(0).at("id").as_string() == ids[0]);
  CHECK(listed("?state=awaiting_payment&status=active").at("cases").as_array().size() == 2);
  const auto page = listed("?limit=2");
  REQUIRE(page.at("next").is_string());
  CHECK(listed("?limit=2&after=" + std::string(page.at("next").as_string())).at("cases").as_array().size() == 1);
  CHECK(listed("", "admin-marburg").at("cases").as_array().empty());
  CHECK(api.call("GET", "/api/v1/processes/certificate/cases?status=gone", "admin-giessen").status == 400);
  CHECK(api.call("GET", "/api/v1/processes/certificate/cases?colour=1", "admin-giessen").status == 400);
  CHECK(api.call("GET", "/api/v1/processes/nope/cases", "admin-giessen").status == 404);
  CHECK(api.call("GET", "/api/v1/processes/certificate/cases", "anna-giessen").status == 403);
}
