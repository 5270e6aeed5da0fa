// The webhook routes through the router over a real engine (no network): subscribing with the
// secret shown once, listing, deleting, roles and tenants, deliveries with paging and redelivery.
#include <catch2/catch.hpp>

#include "tests/rest/rest_fixture.hpp"

using namespace amtsweg::testing;
namespace json = boost::json;

namespace {

const std::string kHooks = "/api/v1/webhooks";

std::string error_field(const amtsweg::rest::Response& response) {
  return std::string(RestFixture::json_of(response).at("error").at("details").at("field").as_string());
}

std::string subscribe(RestFixture& api, const std::string& events = R"(["*"])") {
  const auto response =
      api.call("POST", kHooks, "portal-giessen", R"({"url": "https://crm.example.org/in", "events": )" + events + "}");
  REQUIRE(response.status == 201);
  return std::string(RestFixture::json_of(response).at("id").as_string());
}

}  // namespace

TEST_CASE("POST /webhooks subscribes: 201 with the secret, shown only then", "[rest]") {
  RestFixture api;
  const auto created = api.call("POST", kHooks, "portal-giessen",
                                R"({"url": "https://crm.example.org/in", "events": ["case.completed", "task.*"]})");
  REQUIRE(created.status == 201);
  const auto body = RestFixture::json_of(created);
  const std::string id(body.at("id").as_string());
  CHECK(created.headers.at("Location") == kHooks + "/" + id);
  CHECK(body.at("url") == "https://crm.example.org/in");
  CHECK(body.at("events") == json::array{"case.completed", "task.*"});
  CHECK(body.at("secret").as_string().starts_with("whsec_"));

  const auto shown = api.call("GET", kHooks + "/" + id, "admin-giessen");
  REQUIRE(shown.status == 200);
  CHECK(RestFixture::json_of(shown).at("id").as_string() == id);
  CHECK_FALSE(RestFixture::json_of(shown).as_object().contains("secret"));
  const auto listed = RestFixture::json_of(api.call("GET", kHooks, "portal-giessen"));
  REQUIRE(listed.at("webhooks").as_array().size() == 1);
  CHECK_FALSE(listed.at("webhooks").at(0).as_object().contains("secret"));

  const auto own_secret =
      api.call("POST", kHooks, "admin-giessen",
               R"({"url": "http://93.184.216.34:8080/x", "events": ["*"], "secret": "a-secret-of-our-own"})");
  REQUIRE(own_secret.status == 201);
  CHECK(RestFixture::json_of(own_secret).at("secret") == "a-secret-of-our-own");
}

TEST_CASE("POST /webhooks refuses bad input with 400 naming the field", "[rest]") {
  RestFixture api;
  auto post = [&](const std::string& body) { return api.call("POST", kHooks, "portal-giessen", body); };
  CHECK(error_field(post(R"({"url": "ftp://crm.example.org", "events": ["*"]})")) == "url");
  CHECK(error_field(post(R"({"url": "https://", "events": ["*"]})")) == "url");
  CHECK(error_field(post(R"({"events": ["*"]})")) == "url");
  CHECK(error_field(post(R"({"url": "https://crm.example.org"})")) == "events");
  CHECK(error_field(post(R"({"url": "https://crm.example.org", "events": "*"})")) == "events");
  CHECK(error_field(post(R"({"url": "https://crm.example.org", "events": ["*", 7]})")) == "events[1]");
  CHECK(error_field(post(R"({"url": "https://crm.example.org", "events": ["no spaces"]})")) == "events[0]");
  CHECK(error_field(post(R"({"url": "https://crm.example.org", "events": ["*"], "secret": ""})")) == "secret");
  CHECK(error_field(post(R"({"url": "https://crm.example.org", "events": ["*"], "colour": 1})")) == "colour");
  const auto bad = post(R"({"url": "ftp://crm.example.org", "events": ["*"]})");
  CHECK(bad.status == 400);
  CHECK_THAT(std::string(RestFixture::json_of(bad).at("error").at("message").as_string()),
             Catch::Contains("http or https"));
  CHECK(RestFixture::json_of(api.call("GET", kHooks, "portal-giessen")).at("webhooks").as_array().empty());
}

TEST_CASE("webhooks need admin or integrator and stay within the tenant", "[rest]") {
  RestFixture api;
  const std::string id = subscribe(api);
  CHECK(api.call("GET", kHooks, "").status == 401);
  CHECK(api.call("GET", kHooks, "anna-giessen").status == 403);
  CHECK(api.call("POST", kHooks, "anna-giessen", R"({"url": "https://x.org", "events": ["*"]})").status == 403);
  CHECK(api.call("GET", kHooks + "/" + id, "admin-marburg").status == 404);
  CHECK(api.call("DELETE", kHooks + "/" + id, "admin-marburg").status == 404);
  CHECK(api.call("GET", kHooks + "/" + id + "/deliveries", "admin-marburg").status == 404);
  CHECK(RestFixture::json_of(api.call("GET", kHooks, "admin-marburg")).at("webhooks").as_array().empty());

  const auto deleted = api.call("DELETE", kHooks + "/" + id, "admin-giessen");
  CHECK(deleted.status == 204);
  CHECK(deleted.body.empty());
  CHECK(api.call("GET", kHooks + "/" + id, "admin-giessen").status == 404);
  CHECK(api.call("DELETE", kHooks + "/" + id, "admin-giessen").status == 404);
}

TEST_CASE("GET /webhooks/{id}/deliveries pages and filters, POST /deliveries/{id}/redeliver", "[rest]") {
  RestFixture api;
  const std::string id = subscribe(api);
  api.start_certificate();  // case.started
  api.start_certificate();
  api.engine->fan_out_webhooks(500);
  const std::string base = kHooks + "/" + id + "/deliveries";

  const auto page1 = RestFixture::json_of(api.call("GET", base + "?limit=1", "portal-giessen"));
  REQUIRE(page1.at("deliveries").as_array().size() == 1);
  const json::value& first = page1.at("deliveries").at(0);
  CHECK(first.at("status") == "pending");
  CHECK(first.at("type") == "case.started");
  CHECK(first.at("attempts") == 0);
  CHECK(first.at("subscription_id").as_string() == id);
  CHECK(page1.at("next") == first.at("id"));
  const auto page2 = RestFixture::json_of(
      api.call("GET", base + "?limit=1&after=" + std::string(first.at("id").as_string()), "portal-giessen"));
  REQUIRE(page2.at("deliveries").as_array().size() == 1);
  CHECK(page2.at("deliveries").at(0).at("id") != first.at("id"));
  CHECK(api.call("GET", base + "?status=lost", "portal-giessen").status == 400);
  CHECK(api.call("GET", base + "?sort=id", "portal-giessen").status == 400);
  CHECK(RestFixture::json_of(api.call("GET", base + "?status=dead", "portal-giessen"))
            .at("deliveries")
            .as_array()
            .empty());

  // Pending: refused. Dead (one failed attempt allowed): goes out again.
  const std::string delivery_id(first.at("id").as_string());
  const std::string redeliver = "/api/v1/deliveries/" + delivery_id + "/redeliver";
  CHECK(api.call("POST", redeliver, "portal-giessen").status == 409);
  amtsweg::DeliveryClaim claim;
  const auto due = api.engine->claim_webhook_deliveries(claim);
  REQUIRE(due.size() == 2);
  std::vector<amtsweg::WebhookAttempt> failures;
  for (const auto& d : due) failures.push_back({d.delivery.id, false, 502, "HTTP 502 Bad Gateway"});
  amtsweg::RetryPolicy once;
  once.max_attempts = 1;
  api.engine->record_webhook_attempts(failures, once);
  const auto dead = RestFixture::json_of(api.call("GET", base + "?status=dead", "portal-giessen"));
  REQUIRE(dead.at("deliveries").as_array().size() == 2);
  CHECK(dead.at("deliveries").at(0).at("last_status") == 502);
  CHECK(dead.at("deliveries").at(0).at("last_error") == "HTTP 502 Bad Gateway");
  CHECK(dead.at("deliveries").at(0).at("next_attempt_at").is_null());

  CHECK(api.call("POST", redeliver, "admin-marburg").status == 404);
  const auto again = api.call("POST", redeliver, "portal-giessen");
  REQUIRE(again.status == 200);
  CHECK(RestFixture::json_of(again).at("status") == "pending");
  CHECK(RestFixture::json_of(again).at("attempts") == 0);
  CHECK(api.call("POST", "/api/v1/deliveries/D-unknown/redeliver", "portal-giessen").status == 404);
}

TEST_CASE("DELETE /webhooks/{id} cancels its pending deliveries, which stay listed as cancelled", "[rest]") {
  RestFixture api;
  const std::string id = subscribe(api);
  api.start_certificate();
  api.engine->fan_out_webhooks(500);
  const std::string base = kHooks + "/" + id + "/deliveries";
  REQUIRE(RestFixture::json_of(api.call("GET", base + "?status=pending", "portal-giessen"))
              .at("deliveries")
              .as_array()
              .size() == 1);

  REQUIRE(api.call("DELETE", kHooks + "/" + id, "portal-giessen").status == 204);
  CHECK(api.call("GET", kHooks + "/" + id, "portal-giessen").status == 404);
  const auto cancelled = RestFixture::json_of(api.call("GET", base + "?status=cancelled", "portal-giessen"));
  REQUIRE(cancelled.at("deliveries").as_array().size() == 1);
  const json::value& delivery = cancelled.at("deliveries").at(0);
  CHECK(delivery.at("status") == "cancelled");
  CHECK(delivery.at("cancelled_at").is_string());
  CHECK(delivery.at("next_attempt_at").is_null());
  CHECK(RestFixture::json_of(api.call("GET", base + "?status=pending", "portal-giessen"))
            .at("deliveries")
            .as_array()
            .empty());
  CHECK(api.call("GET", base, "admin-marburg").status == 404);
  const std::string redeliver = "/api/v1/deliveries/" + std::string(delivery.at("id").as_string()) + "/redeliver";
  CHECK(api.call("POST", redeliver, "portal-giessen").status == 404);
  CHECK(api.engine->claim_webhook_deliveries(amtsweg::DeliveryClaim{}).empty());
}

TEST_CASE("POST /webhooks refuses internal targets: loopback, private, link-local, numeric tricks", "[rest][ssrf]") {
  RestFixture api;  // no --webhook-allow
  for (const std::string url : {"http://0x7f000001/hook", "http://169.254.169.254/latest/meta-data/",
                                "http://[::ffff:10.0.0.1]/", "http://localhost:8080/", "http://0177.0.0.1/"}) {
    INFO(url);
    const auto refused = api.call("POST", kHooks, "portal-giessen", R"({"url": ")" + url + R"(", "events": ["*"]})");
    CHECK(refused.status == 400);
    const auto error = RestFixture::json_of(refused).at("error");
    CHECK(error.at("code") == "invalid_argument");
    CHECK(error.at("details").at("field") == "url");
    CHECK_THAT(std::string(error.at("message").as_string()), Catch::Contains("--webhook-allow"));
  }
  CHECK(RestFixture::json_of(api.call("GET", kHooks, "portal-giessen")).at("webhooks").as_array().empty());
}
