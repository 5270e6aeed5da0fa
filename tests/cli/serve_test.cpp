// `amtsweg serve` as a user runs it: a real process on a real port, its printed tokens used over
// HTTP, timers fired by its scheduler without any request, SIGTERM ending it with exit code 0, and
// what it acknowledged still there after a restart.
#include <catch2/catch.hpp>

#include <csignal>
#include <fstream>
#include <map>
#include <regex>
#include <thread>

#include "tests/rest/http_test_client.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace amtsweg::testing;

namespace {

const std::string kTimedProcess = R"(id: reminder
title: A case that moves on by itself after one second
start: waiting
states:
  waiting:
    after:
      - in: PT1S
        to: done
  done:
    final: true
    outcome: timed_out
)";

struct RunningServer {
  explicit RunningServer(const std::vector<std::string>& arguments) : process(AMTSWEG_CLI, arguments) {
    const auto serving = process.wait_for("Serving http://");
    if (!serving) FAIL("serve did not start:\n" << process.output());
    std::smatch match;
    REQUIRE(std::regex_search(*serving, match, std::regex(R"(http://127\.0\.0\.1:(\d+)/api/v1)")));
    port = static_cast<unsigned short>(std::stoi(match[1]));
    // Token lines: "  giessen  clerk      anna.schmidt   amtsweg_...".
    const std::regex token_line(R"(^\s+(\w+)\s+(admin|clerk|integrator|operator)\s+(\S+)\s+(amtsweg_\w+)$)");
    while (auto line = process.read_line(std::chrono::seconds(5))) {
      if (std::regex_match(*line, match, token_line))
        tokens[std::string(match[1]) + "/" + std::string(match[3])] = match[4];
      if (line->find("Ctrl-C") != std::string::npos) break;
    }
  }

  HttpReply get(const std::string& target, const std::string& who) {
    HttpTestClient client(port);
    return client.request("GET", target, "", "Authorization: Bearer " + tokens.at(who) + "\r\n");
  }
  HttpReply post(const std::string& target, const std::string& who, const std::string& body) {
    HttpTestClient client(port);
    return client.request("POST", target, body,
                          "Authorization: Bearer " + tokens.at(who) + "\r\nContent-Type: application/json\r\n");
  }
  int stop() {
    process.signal(SIGTERM);
    return process.wait();
  }

  ChildProcess process;
  unsigned short port = 0;
  std::map<std::string, std::string> tokens;  // "tenant/name" -> token
};

std::string case_id_of(const HttpReply& reply) {
  std::smatch match;
  REQUIRE(std::regex_search(reply.body, match, std::regex(R"re("id":"(C-[^"]+)")re")));
  return match[1];
}

}  // namespace

TEST_CASE("serve --demo prints working tokens, stops on SIGTERM with 0, and keeps what it acknowledged",
          "[cli][serve]") {
  TempDir dir;
  std::ofstream(dir.file("reminder.yaml")) << kTimedProcess;
  const std::vector<std::string> arguments{"serve",  "--demo", "--db",        dir.file("demo.db"),
                                           "--port", "0",      "--processes", dir.path().string()};
  std::string case_id;
  {
    RunningServer server(arguments);
    REQUIRE(server.tokens.size() == 13);  // giessen, marburg, ekom21 x (admin, 2 clerks, integrator), the operator
    CHECK_THAT(server.process.output(), Catch::Contains("reminder"));
    CHECK(server.get("/api/v1/processes", "giessen/anna.schmidt").status == 200);
    CHECK(server.get("/api/v1/tokens", "marburg/admin").status == 200);
    CHECK(server.get("/api/v1/tokens", "marburg/buergerportal").status == 403);

    const auto started = server.post("/api/v1/processes/reminder/cases", "giessen/buergerportal", "{}");
    REQUIRE(started.status == 201);
    case_id = case_id_of(started);
    CHECK(server.get("/api/v1/cases/" + case_id, "marburg/admin").status == 404);  // another tenant

    // The scheduler moves the case on its own once the timer is due (1 s, polled every 250 ms).
    bool moved = false;
    for (int attempt = 0; attempt < 40 && !moved; ++attempt) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      moved =
          server.get("/api/v1/cases/" + case_id, "giessen/admin").body.find("\"state\":\"done\"") != std::string::npos;
    }
    CHECK(moved);
    // The request log names the route, the principal and the case.
    CHECK(server.stop() == 0);
    CHECK_THAT(server.process.output(), Catch::Contains("\"principal\":\"giessen/buergerportal\""));
    CHECK_THAT(server.process.output(), Catch::Contains("\"route\":\"POST /api/v1/processes/{id}/cases\""));
    CHECK_THAT(server.process.output(), Catch::Contains("\"case_id\":\"" + case_id + "\""));
  }
  // A restart issues new demo tokens (the old ones are revoked) and finds the case as it was.
  RunningServer again(arguments);
  const auto shown = again.get("/api/v1/cases/" + case_id, "giessen/admin");
  CHECK(shown.status == 200);
  CHECK_THAT(shown.body, Catch::Contains("\"outcome\":\"timed_out\""));
  CHECK(again.stop() == 0);
}

TEST_CASE("serve refuses to start with an invalid definition and names its position", "[cli][serve]") {
  TempDir dir;
  std::ofstream(dir.file("broken.yaml"))
      << "id: broken\ntitle: Broken\nstart: nowhere\nstates:\n  a:\n    final: true\n";
  ChildProcess process(AMTSWEG_CLI,
                       {"serve", "--db", dir.file("x.db"), "--port", "0", "--processes", dir.path().string()});
  CHECK(process.wait() == 1);
  CHECK_THAT(process.output(), Catch::Contains("broken.yaml:3:8"));
  CHECK_THAT(process.output(), !Catch::Contains("Serving"));
}

TEST_CASE("serve checks its options before it opens anything", "[cli][serve]") {
  TempDir dir;
  ChildProcess process(AMTSWEG_CLI, {"serve", "--db", dir.file("x.db"), "--port", "70000"});
  CHECK(process.wait() == 2);
  CHECK_THAT(process.output(), Catch::Contains("--port must be a number from 0 to 65535"));
  ChildProcess clock(AMTSWEG_CLI, {"serve", "--db", dir.file("x.db"), "--clock", "tomorrow"});
  CHECK(clock.wait() == 2);
}

TEST_CASE("serve --rate-limit answers 429 per principal, and /metrics counts what it served, labelled by --node",
          "[cli][serve]") {
  TempDir dir;
  RunningServer server({"serve", "--demo", "--db", dir.file("demo.db"), "--port", "0", "--rate-limit", "1", "--node",
                        "knoten-1", "--processes", std::string(AMTSWEG_SOURCE_DIR) + "/processes/examples"});
  // A rate of 1 per second allows bursts of 2.
  CHECK(server.get("/api/v1/processes", "giessen/buergerportal").status == 200);
  CHECK(server.get("/api/v1/processes", "giessen/buergerportal").status == 200);
  const auto refused = server.get("/api/v1/processes", "giessen/buergerportal");
  CHECK(refused.status == 429);
  CHECK(refused.headers.count("Retry-After") == 1);
  CHECK(server.get("/api/v1/processes", "giessen/admin").status == 200);

  HttpTestClient client(server.port);
  CHECK(client.request("GET", "/metrics").status == 401);  // aggregates of every tenant: the operator's
  CHECK(server.get("/metrics", "giessen/admin").status == 403);
  const auto metrics = server.get("/metrics", "platform/betrieb");
  REQUIRE(metrics.status == 200);
  CHECK_THAT(
      metrics.body,
      Catch::Contains(R"(amtsweg_http_requests_total{node="knoten-1",route="GET /api/v1/processes",status="200"} 3)"));
  CHECK_THAT(
      metrics.body,
      Catch::Contains(R"(amtsweg_http_requests_total{node="knoten-1",route="GET /api/v1/processes",status="429"} 1)"));
  CHECK_THAT(metrics.body, Catch::Contains(R"(amtsweg_writer_groups_total{node="knoten-1"} )"));
  const auto health = client.request("GET", "/api/v1/health");
  CHECK(health.status == 200);
  CHECK_THAT(health.body, Catch::Contains(R"("store":"sqlite","node":"knoten-1")"));
  CHECK(server.stop() == 0);
}
