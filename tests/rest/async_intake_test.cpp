// Intake over real sockets answered from the engine's completion (no worker waits for a commit):
// many concurrent requests are each answered once and durable, and share commits beyond the
// number of worker threads; a failing command answers its error; stopping the server with
// requests in flight loses nothing it acknowledged.
#include <catch2/catch.hpp>

#include <atomic>
#include <boost/json.hpp>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/rest/http_test_client.hpp"
#include "tests/rest/server_fixture.hpp"

namespace amtsweg::testing {
namespace {

namespace json = boost::json;

rest::ServerOptions two_workers() {
  rest::ServerOptions options;
  options.worker_threads = 2;
  return options;
}

std::string application(int i) { return R"({"name": "Person )" + std::to_string(i) + R"(", "copies": 1})"; }

// Case ids of the 201 answers, from `clients` connections each posting until `keep_going` is false
// or it has posted `per_client`; any other answer or a lost connection ends that client.
struct IntakeRun {
  std::mutex mutex;
  std::vector<std::string> created;
  std::atomic<int> other{0};
  std::atomic<bool> keep_going{true};

  void run(ServerFixture& f, int clients, int per_client) {
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c)
      threads.emplace_back([this, &f, c, per_client] {
        try {
          HttpTestClient client(f.server.port(), 30);
          for (int i = 0; i < per_client && keep_going; ++i) {
            const auto reply = client.request("POST", "/api/v1/processes/certificate/cases", application(c * 1000 + i),
                                              f.bearer("portal-giessen"));
            if (reply.status != 201) {
              ++other;
              return;
            }
            std::lock_guard lock(mutex);
            created.push_back(std::string(json::parse(reply.body).at("id").as_string()));
          }
        } catch (const std::exception&) {
          ++other;  // the server closed the connection (stopping)
        }
      });
    for (auto& thread : threads) thread.join();
  }
};

TEST_CASE("rest: concurrent intakes are each answered once, durable, and share commits", "[rest][async]") {
  ServerFixture f(two_workers());
  const auto before = f.engine->writer_stats();
  IntakeRun run;
  run.run(f, 32, 12);
  CHECK(run.other == 0);
  REQUIRE(run.created.size() == 32 * 12);
  CHECK(std::set<std::string>(run.created.begin(), run.created.end()).size() == run.created.size());
  const auto after = f.engine->writer_stats();
  CHECK(after.commands - before.commands == run.created.size());
  // Two workers blocked on their commits could never put more than two intakes into one group.
  CHECK(after.largest_group > 2);
  f.server.stop();
  f.reopen();
  for (const auto& id : run.created) CHECK(f.engine->find_case("giessen", id));
}

TEST_CASE("rest: an intake that fails in the engine answers its error over the socket", "[rest][async]") {
  ServerFixture f(two_workers());
  HttpTestClient client(f.server.port());
  auto reply =
      client.request("POST", "/api/v1/processes/certificate/cases", R"({"name": "X"})", f.bearer("portal-giessen"));
  CHECK(reply.status == 422);
  CHECK(json::parse(reply.body).at("error").at("code") == "rule_violation");
  reply = client.request("POST", "/api/v1/processes/nothing/cases", application(1), f.bearer("portal-giessen"));
  CHECK(reply.status == 404);
  reply = client.request("POST", "/api/v1/events",
                         R"({"id": "E-1", "type": "payment.confirmed", "correlation": {"payment_ref": "none"}})",
                         f.bearer("portal-giessen"));
  CHECK(reply.status == 404);
  CHECK(json::parse(reply.body).at("error").at("code") == "not_found");
  CHECK(f.engine->state_counts("giessen", "").empty());
}

TEST_CASE("rest: stopping with intakes in flight loses nothing that was acknowledged", "[rest][async]") {
  ServerFixture f(two_workers());
  IntakeRun run;
  std::thread clients([&] { run.run(f, 24, 1000); });
  for (int waited = 0; waited < 200; ++waited) {
    {
      std::lock_guard lock(run.mutex);
      if (run.created.size() >= 50) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  f.server.stop();  // requests in flight are answered; then the connections close
  run.keep_going = false;
  clients.join();
  REQUIRE(run.created.size() >= 50);
  f.reopen();
  for (const auto& id : run.created) CHECK(f.engine->find_case("giessen", id));
}

}  // namespace
}  // namespace amtsweg::testing
