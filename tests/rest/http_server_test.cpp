// The real server on an ephemeral port, in-process, over a real engine and SQLite file, talked to
// over TCP: keep-alive, pipelining, limits, timeouts, concurrent clerks, and graceful stop.
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <latch>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "tests/rest/http_test_client.hpp"
#include "tests/rest/server_fixture.hpp"

using namespace amtsweg::testing;
using amtsweg::rest::HttpServer;
using amtsweg::rest::ServerOptions;

namespace {

const std::string kJson = "Content-Type: application/json\r\n";

std::size_t certificate_cases(ServerFixture& fixture, const std::string& tenant) {
  amtsweg::CaseQuery query;
  query.tenant = tenant;
  query.process_id = "certificate";
  return fixture.engine->cases(query).size();
}

}  // namespace

TEST_CASE("server: keep-alive serves two requests on one connection, and pipelined ones in order", "[rest]") {
  ServerFixture fixture;
  HttpTestClient client(fixture.server.port());
  const auto health = client.request("GET", "/api/v1/health");
  CHECK(health.status == 200);
  CHECK(health.headers.at("Content-Type") == "application/json");
  const auto processes = client.request("GET", "/api/v1/processes", "", fixture.bearer("anna-giessen"));
  CHECK(processes.status == 200);
  CHECK_THAT(processes.body, Catch::Contains("certificate"));

  // Three requests in one write: the answers come back in request order.
  client.send_raw(HttpTestClient::format_request("GET", "/api/v1/health", "", "") +
                  HttpTestClient::format_request("GET", "/api/v1/nowhere", "", "") +
                  HttpTestClient::format_request("GET", "/api/v1/processes", "", ""));
  CHECK(client.read_reply().status == 200);
  CHECK(client.read_reply().status == 404);
  CHECK(client.read_reply().status == 401);
}

TEST_CASE("server: a 204 has neither a body nor a Content-Type, and the connection goes on", "[rest]") {
  ServerFixture fixture;
  HttpTestClient client(fixture.server.port());
  const auto created =
      client.request("POST", "/api/v1/webhooks", R"({"url": "https://crm.example.org/hook", "events": ["*"]})",
                     fixture.bearer("admin-giessen") + kJson);
  REQUIRE(created.status == 201);
  const std::string location = created.headers.at("Location");
  const auto deleted = client.request("DELETE", location, "", fixture.bearer("admin-giessen"));
  CHECK(deleted.status == 204);
  CHECK(deleted.headers.count("Content-Type") == 0);
  CHECK(deleted.body.empty());
  CHECK(client.request("GET", location, "", fixture.bearer("admin-giessen")).status == 404);  // same connection
}

TEST_CASE("server: an oversize body is answered 413 and the connection closed", "[rest]") {
  ServerFixture fixture;
  HttpTestClient client(fixture.server.port());
  // Announce 2 MiB (the default limit is 1 MiB) but send only a little: the header decides.
  client.send_raw("POST /api/v1/processes/certificate/cases HTTP/1.1\r\nHost: x\r\n" +
                  fixture.bearer("portal-giessen") + kJson + "Content-Length: 2097152\r\n\r\n{\"name\": ");
  const auto reply = client.read_reply();
  CHECK(reply.status == 413);
  CHECK_THAT(reply.body, Catch::Contains("payload_too_large"));
  CHECK(client.closed_by_server());
}

TEST_CASE("server: the body limit is configurable", "[rest]") {
  ServerOptions small;
  small.body_limit = 16;
  ServerFixture limited(small);
  HttpTestClient client(limited.server.port());
  const auto refused = client.request("POST", "/api/v1/events", R"({"id": "e1", "type": "t", "correlation": {}})",
                                      limited.bearer("portal-giessen") + kJson);
  CHECK(refused.status == 413);
  HttpTestClient again(limited.server.port());
  CHECK(again.request("GET", "/api/v1/health").status == 200);
}

TEST_CASE("server: malformed JSON is 400 and the connection stays usable", "[rest]") {
  ServerFixture fixture;
  HttpTestClient client(fixture.server.port());
  const auto reply = client.request("POST", "/api/v1/processes/certificate/cases", R"({"name": "Erika", )",
                                    fixture.bearer("portal-giessen") + kJson);
  CHECK(reply.status == 400);
  CHECK_THAT(reply.body, Catch::Contains("not valid JSON"));
  CHECK(client.request("GET", "/api/v1/health").status == 200);
}

TEST_CASE("server: a malformed request line is 400 and closes the connection", "[rest]") {
  ServerFixture fixture;
  HttpTestClient client(fixture.server.port());
  client.send_raw("GARBAGE\r\n\r\n");
  CHECK(client.read_reply().status == 400);
  CHECK(client.closed_by_server());
}

TEST_CASE("server: two clerks completing the same task concurrently get one 200 and one 409", "[rest]") {
  ServerFixture fixture;
  const std::string task = fixture.open_review_task();
  const std::string target = "/api/v1/tasks/" + task + "/complete";
  std::atomic<int> ok{0}, conflict{0}, other{0};
  std::latch ready(2);
  auto clerk = [&](const std::string& token, const std::string& decision) {
    HttpTestClient client(fixture.server.port());
    ready.arrive_and_wait();
    const auto reply = client.request("POST", target, R"({"data": {"decision": ")" + decision + R"("}})",
                                      fixture.bearer(token) + kJson);
    (reply.status == 200 ? ok : reply.status == 409 ? conflict : other)++;
  };
  std::thread anna(clerk, "anna-giessen", "approve");
  std::thread bert(clerk, "bert-giessen", "reject");
  anna.join();
  bert.join();
  CHECK(ok == 1);
  CHECK(conflict == 1);
  CHECK(other == 0);
  amtsweg::TaskQuery done;
  done.tenant = "giessen";
  done.statuses = {amtsweg::TaskStatus::Completed};
  CHECK(fixture.engine->tasks(done).size() == 1);
}

TEST_CASE("server: a client too slow to send its header is disconnected", "[rest]") {
  ServerOptions options;
  options.header_timeout = std::chrono::milliseconds(200);
  ServerFixture fixture(options);
  HttpTestClient slow(fixture.server.port());
  slow.send_raw("GET /api/v1/hea");
  const auto started = std::chrono::steady_clock::now();
  CHECK(slow.closed_by_server());
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
  // Other clients are not disturbed.
  HttpTestClient fast(fixture.server.port());
  CHECK(fast.request("GET", "/api/v1/health").status == 200);
}

TEST_CASE("server: stop closes idle connections and returns promptly", "[rest]") {
  ServerFixture fixture;
  HttpTestClient idle(fixture.server.port());
  CHECK(idle.request("GET", "/api/v1/health").status == 200);
  const auto started = std::chrono::steady_clock::now();
  fixture.server.stop();
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(3));
  CHECK(idle.closed_by_server());
}

TEST_CASE("server: concurrent intakes on several connections all commit, and each is logged", "[rest]") {
  std::mutex log_mutex;
  std::vector<std::string> log;
  ServerOptions options;
  options.request_log = [&](const std::string& line) {
    std::lock_guard lock(log_mutex);
    log.push_back(line);
  };
  ServerFixture fixture(options);
  constexpr int kClients = 6, kEach = 5;
  std::mutex ids_mutex;
  std::set<std::string> ids;
  std::atomic<int> failures{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&] {
      HttpTestClient client(fixture.server.port());
      for (int i = 0; i < kEach; ++i) {
        const auto reply =
            client.request("POST", "/api/v1/processes/certificate/cases", R"({"name": "Erika", "copies": 1})",
                           fixture.bearer("portal-giessen") + kJson);
        if (reply.status != 201) {
          ++failures;
          continue;
        }
        std::lock_guard lock(ids_mutex);
        ids.insert(std::string(boost::json::parse(reply.body).at("id").as_string()));
      }
    });
  }
  for (auto& client : clients) client.join();
  CHECK(failures == 0);
  CHECK(ids.size() == kClients * kEach);
  std::lock_guard lock(log_mutex);
  REQUIRE(log.size() == kClients * kEach);
  const auto line = boost::json::parse(log.front());
  CHECK(line.at("route") == "POST /api/v1/processes/{id}/cases");
  CHECK(line.at("status") == 201);
}

TEST_CASE("server: a client too slow to send its body is disconnected", "[rest]") {
  ServerOptions options;
  options.body_timeout = std::chrono::milliseconds(200);
  ServerFixture fixture(options);
  HttpTestClient slow(fixture.server.port());
  slow.send_raw("POST /api/v1/events HTTP/1.1\r\nHost: x\r\nContent-Length: 40\r\n" + kJson + "\r\n{\"id\"");
  const auto started = std::chrono::steady_clock::now();
  CHECK(slow.closed_by_server());
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
}

TEST_CASE("server: an oversize header is answered 431", "[rest]") {
  ServerFixture fixture;
  HttpTestClient client(fixture.server.port());
  client.send_raw("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Padding: " + std::string(20 * 1024, 'a') + "\r\n\r\n");
  CHECK(client.read_reply().status == 431);
}

TEST_CASE("server: stop lets a request in flight finish and answers it with Connection: close", "[rest]") {
  std::latch handler_entered(1);
  HttpServer server(
      [&handler_entered](const amtsweg::rest::Request&) {
        handler_entered.count_down();
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        amtsweg::rest::Response response;
        response.body = R"({"slow": true})";
        return response;
      },
      ServerOptions{});
  server.start();
  HttpTestClient client(server.port());
  client.send_raw(HttpTestClient::format_request("GET", "/slow", "", ""));
  handler_entered.wait();
  std::thread stopper([&server] { server.stop(); });
  amtsweg::testing::HttpReply reply;
  std::string failure;
  try {
    reply = client.read_reply();
  } catch (const std::exception& error) {
    failure = error.what();
  }
  stopper.join();
  CHECK(failure == "");
  CHECK(reply.status == 200);
  CHECK(reply.body == R"({"slow": true})");
  CHECK(reply.headers.at("Connection") == "close");
  CHECK(client.closed_by_server());
  // Nobody is accepted any more.
  CHECK_THROWS(HttpTestClient(server.port()).request("GET", "/slow"));
}

TEST_CASE("server: a request with two Authorization headers is refused before authentication", "[rest]") {
  ServerFixture fixture;
  // Marburg's own process: with Giessen's token first and Marburg's second, the last header would
  // win and the request would see Marburg's data.
  REQUIRE(
      fixture.call("POST", "/api/v1/processes?scope=tenant", "admin-marburg", kMarburgOnlyProcess, "application/yaml")
          .status == 201);
  const std::string both = fixture.bearer("admin-giessen") + fixture.bearer("admin-marburg");
  HttpTestClient single(fixture.server.port());
  REQUIRE(single.request("GET", "/api/v1/processes/marburg-only", "", fixture.bearer("admin-marburg")).status == 200);

  for (const std::string& headers : {both, fixture.bearer("admin-marburg") + fixture.bearer("admin-giessen"),
                                     fixture.bearer("admin-marburg") + fixture.bearer("admin-marburg")}) {
    HttpTestClient client(fixture.server.port());
    const auto reply = client.request("GET", "/api/v1/processes/marburg-only", "", headers);
    CHECK(reply.status == 400);
    const auto error = boost::json::parse(reply.body).at("error");
    CHECK(error.at("code") == "duplicate_header");
    CHECK(error.at("details").at("header") == "Authorization");
    CHECK_THAT(std::string(error.at("message").as_string()), Catch::Contains("more than one Authorization header"));
    CHECK_THAT(reply.body, !Catch::Contains("marburg-only"));
    CHECK(client.closed_by_server());
  }
  // Spelled differently, still the same header; and nothing was done for the refused request.
  HttpTestClient lower(fixture.server.port());
  const auto cases_before = certificate_cases(fixture, "giessen");
  const auto intake = lower.request("POST", "/api/v1/processes/certificate/cases", R"({"name": "Erika", "copies": 1})",
                                    kJson + fixture.bearer("portal-giessen") + "authorization: Bearer " +
                                        fixture.tokens.at("admin-marburg") + "\r\n");
  CHECK(intake.status == 400);
  CHECK(certificate_cases(fixture, "giessen") == cases_before);
  CHECK(certificate_cases(fixture, "marburg") == 0);
}

TEST_CASE("server: other headers that must come once are refused when repeated", "[rest]") {
  ServerFixture fixture;
  const std::string body = R"({"name": "Erika Muster", "copies": 1})";
  for (const auto& [name, twice] : std::vector<std::pair<std::string, std::string>>{
           {"Content-Type", kJson + "Content-Type: text/plain\r\n"},
           {"Idempotency-Key", "Idempotency-Key: a\r\nIdempotency-Key: b\r\n" + kJson},
           {"Host", "Host: other.example\r\n" + kJson},  // the client sends a Host header of its own
       }) {
    INFO(name);
    HttpTestClient client(fixture.server.port());
    const auto reply =
        client.request("POST", "/api/v1/processes/certificate/cases", body, fixture.bearer("portal-giessen") + twice);
    CHECK(reply.status == 400);
    CHECK_THAT(reply.body, Catch::Contains("duplicate_header") && Catch::Contains("\"header\":\"" + name + "\""));
  }
  CHECK(certificate_cases(fixture, "giessen") == 0);
  HttpTestClient client(fixture.server.port());  // sent once each, the same request is fine
  CHECK(client
            .request("POST", "/api/v1/processes/certificate/cases", body,
                     fixture.bearer("portal-giessen") + kJson + "Idempotency-Key: a\r\n")
            .status == 201);
}
