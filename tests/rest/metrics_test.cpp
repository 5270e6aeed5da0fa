// GET /metrics on the real server: requests by route pattern and status, latency histograms,
// requests in flight, group commits and cases by state, all in a format a strict parser accepts;
// and the exposition format's escaping and histogram lines on their own.
#include <catch2/catch.hpp>

#include <array>
#include <limits>

#include "adapters/rest/prometheus_text.hpp"
#include "tests/rest/http_test_client.hpp"
#include "tests/rest/prometheus_parse.hpp"
#include "tests/rest/server_fixture.hpp"

using namespace amtsweg::testing;
using amtsweg::rest::PrometheusText;
using Catch::Contains;

namespace {

double value_of(const PrometheusSamples& samples, const std::string& series) {
  const auto found = samples.find(series);
  INFO("series " << series);
  REQUIRE(found != samples.end());
  return found->second;
}

PrometheusSamples scrape(HttpTestClient& client, const ServerFixture& fixture) {
  const auto reply = client.request("GET", "/metrics", "", fixture.bearer("operator"));
  REQUIRE(reply.status == 200);
  CHECK(reply.headers.at("Content-Type").starts_with("text/plain; version=0.0.4"));
  return parse_prometheus_text(reply.body);
}

}  // namespace

TEST_CASE("metrics: requests by route pattern and status, latency, in flight", "[rest]") {
  ServerFixture fixture;
  HttpTestClient client(fixture.server.port());
  CHECK(client.request("GET", "/api/v1/health").status == 200);
  CHECK(client.request("GET", "/api/v1/health").status == 200);
  CHECK(client.request("GET", "/api/v1/nowhere/n-123").status == 404);
  CHECK(client.request("DELETE", "/api/v1/health").status == 405);
  CHECK(client.request("GET", "/api/v1/cases/c-4711", "", fixture.bearer("anna-giessen")).status == 404);
  CHECK(client
            .request("POST", "/api/v1/processes/certificate/cases", R"({"name": "Erika", "copies": 1})",
                     fixture.bearer("portal-giessen") + "Content-Type: application/json\r\n")
            .status == 201);

  const auto samples = scrape(client, fixture);
  CHECK(value_of(samples, R"(amtsweg_http_requests_total{route="GET /api/v1/health",status="200"})") == 2);
  CHECK(value_of(samples, R"(amtsweg_http_requests_total{route="unmatched",status="404"})") == 1);
  CHECK(value_of(samples, R"(amtsweg_http_requests_total{route="unmatched",status="405"})") == 1);
  CHECK(value_of(samples, R"(amtsweg_http_requests_total{route="GET /api/v1/cases/{id}",status="404"})") == 1);
  CHECK(value_of(samples, R"(amtsweg_http_requests_total{route="POST /api/v1/processes/{id}/cases",status="201"})") ==
        1);
  // Raw paths never become label values.
  for (const auto& [series, value] : samples) {
    CHECK_THAT(series, !Contains("n-123"));
    CHECK_THAT(series, !Contains("c-4711"));
  }

  const std::string health = R"(route="GET /api/v1/health")";
  CHECK(value_of(samples, "amtsweg_http_request_duration_seconds_count{" + health + "}") == 2);
  CHECK(value_of(samples, "amtsweg_http_request_duration_seconds_bucket{" + health + R"(,le="+Inf"})") == 2);
  CHECK(value_of(samples, "amtsweg_http_request_duration_seconds_sum{" + health + "}") >= 0);
  double previous = 0;
  for (const char* bound : {"0.001", "0.01", "0.1", "1", "10"}) {
    const double cumulative =
        value_of(samples, "amtsweg_http_request_duration_seconds_bucket{" + health + ",le=\"" + bound + "\"}");
    CHECK(cumulative >= previous);
    previous = cumulative;
  }
  // The scrape itself is the one request in flight.
  CHECK(value_of(samples, "amtsweg_http_requests_in_flight") == 1);

  // The first scrape is counted once it has been answered.
  const auto again = scrape(client, fixture);
  CHECK(value_of(again, R"(amtsweg_http_requests_total{route="GET /metrics",status="200"})") == 1);
}

TEST_CASE("metrics: group commits, writer queue and cases by process and state of all tenants", "[rest]") {
  ServerFixture fixture;
  fixture.start_certificate();
  fixture.start_certificate();
  fixture.open_review_task();
  fixture.start("certificate", R"({"name": "Other", "copies": 1})", "marburg");
  HttpTestClient client(fixture.server.port());
  const auto samples = scrape(client, fixture);

  CHECK(value_of(samples, R"(amtsweg_cases{process="certificate",state="awaiting_payment",status="active"})") == 3);
  CHECK(value_of(samples, R"(amtsweg_cases{process="certificate",state="review",status="active"})") == 1);

  const double groups = value_of(samples, "amtsweg_writer_groups_total");
  const double commands = value_of(samples, "amtsweg_writer_commands_total");
  CHECK(commands >= 6);  // deployment, four starts, one payment
  CHECK(groups >= 1);
  CHECK(groups <= commands);
  CHECK(value_of(samples, "amtsweg_writer_largest_group") >= 1);
  CHECK(value_of(samples, "amtsweg_writer_queue_depth") == 0);
  CHECK(value_of(samples, "amtsweg_writer_redecisions_total") == 0);  // one caller: nothing goes stale
  CHECK(value_of(samples, "amtsweg_writer_group_size_count") == groups);
  CHECK(value_of(samples, "amtsweg_writer_group_size_sum") == commands);
  CHECK(value_of(samples, R"(amtsweg_writer_group_size_bucket{le="+Inf"})") == groups);
}

TEST_CASE("metrics: only the platform operator may scrape (the figures span every tenant)", "[rest]") {
  ServerFixture fixture;
  HttpTestClient client(fixture.server.port());
  const auto anonymous = client.request("GET", "/metrics");
  CHECK(anonymous.status == 401);
  CHECK_THAT(anonymous.body, !Contains("amtsweg_"));
  CHECK(client.request("GET", "/metrics", "", "Authorization: Bearer not-a-token\r\n").status == 401);
  const auto admin = client.request("GET", "/metrics", "", fixture.bearer("admin-giessen"));
  CHECK(admin.status == 403);
  CHECK_THAT(admin.body, !Contains("amtsweg_cases"));
  CHECK(client.request("GET", "/metrics", "", fixture.bearer("portal-giessen")).status == 403);
  CHECK(client.request("GET", "/metrics", "", fixture.bearer("operator")).status == 200);
}

TEST_CASE("prometheus text: label values are escaped, histograms are cumulative", "[rest]") {
  CHECK(amtsweg::rest::escape_label_value("a\"b\\c\nd") == R"(a\"b\\c\nd)");
  CHECK(amtsweg::rest::format_sample_value(3) == "3");
  CHECK(amtsweg::rest::format_sample_value(0.25) == "0.25");
  CHECK(amtsweg::rest::format_sample_value(std::numeric_limits<double>::infinity()) == "+Inf");

  PrometheusText out;
  out.family("x_seconds", "histogram", "A test histogram.\nSecond line.");
  const std::array<double, 2> bounds{0.5, 1};
  const std::array<std::uint64_t, 3> counts{2, 0, 1};
  out.histogram("x_seconds", {{"route", "GET /a/{id} \"q\""}}, bounds, counts, 2.5);
  out.family("y", "gauge", "A gauge.");
  out.sample("y", {}, 7);
  CHECK(out.text() ==
        "# HELP x_seconds A test histogram.\\nSecond line.\n"
        "# TYPE x_seconds histogram\n"
        "x_seconds_bucket{route=\"GET /a/{id} \\\"q\\\"\",le=\"0.5\"} 2\n"
        "x_seconds_bucket{route=\"GET /a/{id} \\\"q\\\"\",le=\"1\"} 2\n"
        "x_seconds_bucket{route=\"GET /a/{id} \\\"q\\\"\",le=\"+Inf\"} 3\n"
        "x_seconds_sum{route=\"GET /a/{id} \\\"q\\\"\"} 2.5\n"
        "x_seconds_count{route=\"GET /a/{id} \\\"q\\\"\"} 3\n"
        "# HELP y A gauge.\n"
        "# TYPE y gauge\n"
        "y 7\n");
  const auto samples = parse_prometheus_text(out.text());
  CHECK(samples.size() == 6);
  CHECK_THROWS(parse_prometheus_text("y{route=\"unterminated} 1\n"));
  CHECK_THROWS(parse_prometheus_text("y 1 2 3\n"));
}

TEST_CASE("metrics: open incidents and buffered events of all tenants", "[rest][incidents]") {
  ServerFixture fixture;
  HttpTestClient client(fixture.server.port());
  auto samples = scrape(client, fixture);
  CHECK(value_of(samples, "amtsweg_incidents_open") == 0);
  CHECK(value_of(samples, "amtsweg_buffered_events") == 0);
  fixture.engine->deploy(R"(id: stuck
title: Stuck
start: waiting
events:
  nudge: {buffer: P1D}
states:
  waiting:
    after:
      - in: PT1M
        to: done
        do:
          - script: error("broken on purpose")
    on:
      nudge: done
  done:
    final: true
)",
                         "stuck.yaml", "ops");
  fixture.start("stuck", "{}");
  fixture.clock.advance(std::chrono::minutes(2));
  REQUIRE(fixture.engine->fire_due_timers().failed == 1);
  fixture.engine->deliver(amtsweg::EventRequest{"marburg", "n-1", "nudge", boost::json::object{{"ref", "R-1"}},
                                                boost::json::object{}, "x"});
  samples = scrape(client, fixture);
  CHECK(value_of(samples, "amtsweg_incidents_open") == 1);
  CHECK(value_of(samples, "amtsweg_buffered_events") == 1);
}
