// Storage faults seen over a real socket: a full database and a commit failing for I/O are
// answered 503 with a clear JSON error, nothing is half-applied, and the server stays up.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <string>

#include "tests/rest/http_test_client.hpp"
#include "tests/rest/server_fixture.hpp"

namespace amtsweg::testing {
namespace {

const std::string kJson = "Content-Type: application/json\r\n";
const std::string kApplication = R"({"name": "Erika Muster", "copies": 1})";
const std::string kIntake = "/api/v1/processes/certificate/cases";

boost::json::value error_of(const HttpReply& reply) { return boost::json::parse(reply.body).at("error"); }

std::size_t case_count(ServerFixture& fixture, HttpTestClient& client) {
  const auto listed = client.request("GET", kIntake + "?limit=500", "", fixture.bearer("portal-giessen"));
  REQUIRE(listed.status == 200);
  return boost::json::parse(listed.body).at("cases").as_array().size();
}

TEST_CASE("storage faults: a full database answers 503 storage_full and recovers when room is made", "[rest][faults]") {
  ServerFixture fixture;
  HttpTestClient client(fixture.server.port());
  const std::string portal = fixture.bearer("portal-giessen") + kJson;
  // The database may not grow beyond its present size (SQLite's max_page_count, as a full disk).
  fixture.store->set_size_limit(1);
  int accepted = 0;
  HttpReply refused;
  for (int attempt = 0; attempt < 500 && refused.status == 0; ++attempt) {
    auto reply = client.request("POST", kIntake, kApplication,
                                portal + "Idempotency-Key: k-" + std::to_string(attempt) + "\r\n");
    if (reply.status == 201) {
      ++accepted;
    } else {
      refused = reply;
    }
  }
  INFO(refused.body);
  REQUIRE(refused.status == 503);
  CHECK(error_of(refused).at("code") == "storage_full");
  CHECK_THAT(std::string(error_of(refused).at("message").as_string()), Catch::Contains("no room left"));
  CHECK(refused.headers.at("Retry-After") == "5");

  // The server is up and reads work; the refused intake left nothing behind.
  CHECK(client.request("GET", "/api/v1/health").status == 200);
  CHECK(case_count(fixture, client) == static_cast<std::size_t>(accepted));
  CHECK(client.request("POST", kIntake, kApplication, portal).status == 503);

  // Room again: the same submission (same Idempotency-Key) now starts its case, as a new one.
  fixture.store->set_size_limit(0);
  const std::string retried_key = "Idempotency-Key: k-" + std::to_string(accepted) + "\r\n";
  CHECK(client.request("POST", kIntake, kApplication, portal + retried_key).status == 201);
  CHECK(case_count(fixture, client) == static_cast<std::size_t>(accepted) + 1);
  CHECK(fixture.engine->verify().empty());
}

TEST_CASE("storage faults: a commit failing for I/O answers 503 until restart, reads go on", "[rest][faults]") {
  auto faults = std::make_shared<StoreFaults>();
  ServerFixture fixture({}, nullptr, faults);
  HttpTestClient client(fixture.server.port());
  const std::string portal = fixture.bearer("portal-giessen") + kJson;
  REQUIRE(client.request("POST", kIntake, kApplication, portal).status == 201);

  faults->fail_next("commit", ErrorKind::Io);
  const auto failed = client.request("POST", kIntake, kApplication, portal);
  CHECK(failed.status == 503);
  CHECK(error_of(failed).at("code") == "storage_unavailable");
  CHECK(failed.body.find("store:") == std::string::npos);  // no internals for the client
  // Sticky: the writer refuses every later write, and readiness says so.
  CHECK(client.request("POST", kIntake, kApplication, portal).status == 503);
  const auto health = client.request("GET", "/api/v1/health");
  CHECK(health.status == 503);
  CHECK(boost::json::parse(health.body).at("database") == "refusing_writes");
  CHECK(case_count(fixture, client) == 1);
}

}  // namespace
}  // namespace amtsweg::testing
