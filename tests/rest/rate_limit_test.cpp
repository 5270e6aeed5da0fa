// The per-principal rate limit: token buckets on a test clock (burst, refill, the wait until the
// next request), and on the real server 429 with Retry-After that changes nothing, leaves other
// principals alone, is counted in the metrics and passes once the bucket has refilled.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "adapters/rest/rate_limiter.hpp"
#include "engine/error.hpp"
#include "tests/rest/http_test_client.hpp"
#include "tests/rest/prometheus_parse.hpp"
#include "tests/rest/server_fixture.hpp"

using namespace amtsweg::testing;
using amtsweg::rest::RateLimit;
using amtsweg::rest::RateLimiter;
using std::chrono::milliseconds;

TEST_CASE("rate limiter: a burst passes, then one request per refill interval", "[rest]") {
  RateLimiter::Clock::time_point now{};
  RateLimiter limiter(RateLimit{2, 3}, [&now] { return now; });
  for (int i = 0; i < 3; ++i) CHECK_FALSE(limiter.acquire("giessen\nportal"));
  const auto wait = limiter.acquire("giessen\nportal");
  REQUIRE(wait);
  CHECK(*wait == milliseconds(500));              // 2 per second: the next one in half a second
  CHECK_FALSE(limiter.acquire("giessen\nanna"));  // another principal has its own bucket

  now += milliseconds(250);
  CHECK(limiter.acquire("giessen\nportal") == milliseconds(250));
  now += milliseconds(250);
  CHECK_FALSE(limiter.acquire("giessen\nportal"));
  CHECK(limiter.acquire("giessen\nportal"));

  // A long pause refills up to the burst, not beyond.
  now += std::chrono::hours(1);
  for (int i = 0; i < 3; ++i) CHECK_FALSE(limiter.acquire("giessen\nportal"));
  CHECK(limiter.acquire("giessen\nportal"));
}

TEST_CASE("rate limiter: a rate of zero or a burst below one is refused", "[rest]") {
  CHECK_THROWS_AS(RateLimiter(RateLimit{0, 10}), amtsweg::Error);
  CHECK_THROWS_AS(RateLimiter(RateLimit{5, 0.5}), amtsweg::Error);
}

TEST_CASE("server: 429 with Retry-After after the burst, nothing changes, others go on", "[rest]") {
  ServerFixture fixture({}, std::make_shared<RateLimiter>(RateLimit{1, 2}));
  HttpTestClient client(fixture.server.port());
  const std::string intake = R"({"name": "Erika", "copies": 1})";
  const std::string as_portal = fixture.bearer("portal-giessen") + "Content-Type: application/json\r\n";
  CHECK(client.request("POST", "/api/v1/processes/certificate/cases", intake, as_portal).status == 201);
  CHECK(client.request("GET", "/api/v1/processes", "", fixture.bearer("portal-giessen")).status == 200);

  const auto refused = client.request("POST", "/api/v1/processes/certificate/cases", intake, as_portal);
  REQUIRE(refused.status == 429);
  CHECK(refused.headers.at("Retry-After") == "1");
  const auto error = boost::json::parse(refused.body).at("error");
  CHECK(error.at("code") == "too_many_requests");
  CHECK(error.at("details").at("retry_after_seconds") == 1);
  amtsweg::CaseQuery all;
  all.tenant = "giessen";
  CHECK(fixture.engine->cases(all).size() == 1);  // the refused intake started nothing

  // Other principals, and requests without a principal, are not limited by the portal's use.
  CHECK(client.request("GET", "/api/v1/processes", "", fixture.bearer("anna-giessen")).status == 200);
  CHECK(client.request("GET", "/api/v1/health").status == 200);
  const auto samples = parse_prometheus_text(client.request("GET", "/metrics", "", fixture.bearer("operator")).body);
  CHECK(samples.at(R"(amtsweg_http_requests_total{route="POST /api/v1/processes/{id}/cases",status="429"})") == 1);

  // After the Retry-After interval the bucket holds a request again.
  std::this_thread::sleep_for(milliseconds(1050));
  CHECK(client.request("POST", "/api/v1/processes/certificate/cases", intake, as_portal).status == 201);
}
