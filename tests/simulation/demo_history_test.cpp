// The simulated demo history (adapters/simulation) run into real SQLite files: the published
// consultation figures on the snapshot day, counted through the engine's case search; the same
// seed giving the same history; the registry office mix; `serve --demo` not simulating twice.
#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>
#include <csignal>
#include <map>
#include <regex>
#include <set>

#include "adapters/rest/api_routes.hpp"
#include "adapters/simulation/demo_history.hpp"
#include "engine/calendar/local_time.hpp"
#include "engine/error.hpp"
#include "engine/runtime/engine.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace amtsweg;
using namespace amtsweg::testing;

namespace {

const std::string kProcesses = std::string(AMTSWEG_SOURCE_DIR) + "/processes";

Timestamp end_of(const std::string& day) {
  return simulation::start_of_day(*parse_local_date(day) + std::chrono::days(1)) - 1;
}

simulation::DemoHistoryOptions options_until(const std::string& day, bool consultation, bool registry) {
  simulation::DemoHistoryOptions options;
  options.processes_dir = kProcesses;
  options.until = end_of(day);
  options.consultation = consultation;
  options.registry = registry;
  return options;
}

// Every case of a tenant's process, read back through the engine's case search, page by page.
std::vector<CaseRecord> all_cases(const std::string& db, const std::string& tenant, const std::string& process) {
  const auto store = SqliteStore::open(db);
  SystemClock clock;
  Engine engine(*store, clock);
  std::vector<CaseRecord> cases;
  CaseQuery query{tenant, process, "", std::nullopt, "", 100};
  for (;;) {
    auto page = engine.cases(query);
    cases.insert(cases.end(), page.begin(), page.end());
    if (page.size() < 100) return cases;
    query.after_id = page.back().id;
  }
}

std::string text(const boost::json::object& data, const std::string& key) {
  const auto* value = data.if_contains(key);
  return value && value->is_string() ? std::string(value->as_string()) : "";
}

// (ags, module, state) of every case, sorted: what the same seed must reproduce.
std::multiset<std::string> fingerprint(const std::vector<CaseRecord>& cases) {
  std::multiset<std::string> prints;
  for (const auto& c : cases)
    prints.insert(std::string(c.data.at("municipality").as_object().at("ags").as_string()) + " m" +
                  std::to_string(c.data.at("module").to_number<int>()) + " " + c.state + " " +
                  text(c.data, "received_on"));
  return prints;
}

}  // namespace

TEST_CASE("the consultation history has the published figures on 2021-08-04, counted through the engine",
          "[simulate]") {
  TempDir dir;
  const auto summary = simulation::simulate_demo_history(dir.file("demo.db"), options_until("2021-08-04", true, false));
  const auto cases = all_cases(dir.file("demo.db"), "ekom21", "digitalisierungsberatung");

  int completed = 0, module2 = 0, module2_completed = 0;
  std::set<std::string> fundings;
  const std::regex ags("^06[4-6][0-9]{2}([0-9]{3})?$");
  for (const auto& c : cases) {
    const bool done = c.outcome == "completed";
    const bool second = c.data.at("module").to_number<int>() == 2;
    completed += done;
    module2 += second;
    module2_completed += second && done;
    fundings.insert(text(c.data, "funding"));
    CHECK(text(c.data, "received_on") >= "2020-10-01");
    CHECK(text(c.data, "received_on") <= "2021-08-04");
    CHECK(std::regex_match(std::string(c.data.at("municipality").as_object().at("ags").as_string()), ags));
  }
  // Seed 004: "385 Anträge eingegangen, davon 108 abgeschlossen (Stand 04.08.2021)"; module 2
  // "mit 194 Anträgen und 77 abgeschlossenen Fällen".
  CHECK(cases.size() == 385);
  CHECK(completed == 108);
  CHECK(module2 == 194);
  CHECK(module2_completed == 77);
  // The engine decided funding by its rules: both funding bodies, and a few not fundable.
  CHECK(fundings.count("hmdis") == 1);
  CHECK(fundings.count("shh") == 1);
  CHECK(fundings.count("none") == 1);
  // The summary counted the same at the snapshot.
  REQUIRE(summary.snapshot);
  CHECK(summary.snapshot->applications == 385);
  CHECK(summary.snapshot->module2_completed == 77);
  CHECK(*summary.snapshot == simulation::ConsultationTargets{}.figures);  // all four published figures
}

TEST_CASE("GET /stats answers the published figures for 2021-08-04 on a history that went on", "[simulate][stats]") {
  TempDir dir;
  simulation::simulate_demo_history(dir.file("demo.db"), options_until("2021-10-31", true, false));
  const auto store = SqliteStore::open(dir.file("demo.db"));
  SystemClock clock;
  Engine engine(*store, clock);
  const auto token = engine.issue_token("ekom21", "statistik", {"admin"}).token;
  const auto router = rest::make_api_router({engine, clock, rest::engine_authenticator(engine)});
  auto stats = [&](const std::string& query) {
    rest::Request request;
    request.method = "GET";
    request.target = "/api/v1/stats?process=digitalisierungsberatung&from=2020-10-01&" + query;
    request.headers["Authorization"] = "Bearer " + token;
    const auto response = router.handle(request);
    REQUIRE(response.status == 200);
    return boost::json::parse(response.body);
  };
  // Seed 004 again, now from the statistics API, with completions after the day not counted.
  const auto snapshot = stats("to=2021-08-04");
  CHECK(snapshot.at("totals").at("started") == 385);
  CHECK(snapshot.at("totals").at("completed").at("completed") == 108);
  bool module2 = false;
  for (const auto& value : snapshot.at("dimensions").at("module").as_array()) {
    if (value.at("value") != "2") continue;
    module2 = true;
    CHECK(value.at("cases") == 194);
    CHECK(value.at("outcomes").at("completed") == 77);
  }
  CHECK(module2);
  // The history went on: by the end of October there were more of both.
  const auto later = stats("to=2021-10-31");
  CHECK(later.at("totals").at("started").as_int64() > 385);
  CHECK(later.at("totals").at("completed").at("completed").as_int64() > 108);
}

TEST_CASE("the same seed gives the same history, another seed another one", "[simulate]") {
  TempDir dir;
  auto options = options_until("2020-12-15", true, false);
  simulation::simulate_demo_history(dir.file("a.db"), options);
  simulation::simulate_demo_history(dir.file("b.db"), options);
  options.seed = 7;
  simulation::simulate_demo_history(dir.file("c.db"), options);

  const auto a = fingerprint(all_cases(dir.file("a.db"), "ekom21", "digitalisierungsberatung"));
  REQUIRE(a.size() > 50);
  CHECK(a == fingerprint(all_cases(dir.file("b.db"), "ekom21", "digitalisierungsberatung")));
  CHECK(a != fingerprint(all_cases(dir.file("c.db"), "ekom21", "digitalisierungsberatung")));
}

TEST_CASE("registry office requests: kinds, relations, payments abandoned and cancelled by the timer, rejections",
          "[simulate]") {
  TempDir dir;
  auto options = options_until("2021-08-04", false, true);
  options.registry_days = 30;
  simulation::simulate_demo_history(dir.file("demo.db"), options);

  std::map<std::string, int> kinds, relations, states, deliveries, methods;
  int fee_free = 0, proven = 0, released_by_second = 0;
  for (const std::string tenant : {"giessen", "marburg"}) {
    const auto cases = all_cases(dir.file("demo.db"), tenant, "personenstandsurkunde");
    CHECK(cases.size() > 60);
    for (const auto& c : cases) {
      ++kinds[text(c.data, "certificate")];
      ++relations[text(c.data, "relation")];
      ++states[c.state];
      ++deliveries[text(c.data, "delivery")];
      if (c.data.contains("payment_method")) ++methods[text(c.data, "payment_method")];
      fee_free += c.data.at("fee").to_number<double>() == 0;
      proven += c.data.contains("fee_free_proven_by");
      // The demo offices chose four eyes: a second registrar released each issued certificate.
      if (c.state == "issued") {
        CHECK(text(c.data, "prepared_by") != text(c.data, "released_by"));
        released_by_second += !text(c.data, "prepared_by").empty();
      }
      CHECK(c.created_at >= options.until - 31LL * 24 * 3600 * 1000);
      // The registered event lies before the request (ISO dates compare as text).
      const std::string event_date = text(c.data.at("register_entry").as_object(), "event_date");
      REQUIRE_FALSE(event_date.empty());
      CHECK(event_date < format_timestamp(c.created_at).substr(0, 10));
    }
  }
  CHECK(kinds["birth"] > kinds["civil_partnership"]);
  CHECK(kinds["death"] > 0);
  CHECK(kinds["marriage"] > 0);
  CHECK(relations["self"] > relations["sibling"]);
  CHECK(relations["other"] > 0);
  CHECK(states["issued"] > states["cancelled"]);
  CHECK(states["cancelled"] > 0);  // unpaid: the 14-day timer fired in simulated time
  CHECK(states["rejected"] > 0);
  CHECK(deliveries["post"] > deliveries["digital"]);
  CHECK(deliveries["digital"] > 0);
  CHECK(methods.size() >= 3);
  CHECK(fee_free > 0);
  CHECK(proven > 0);  // fee-free purposes went through the proof check, with an uploaded document
  CHECK(released_by_second == states["issued"]);
}

TEST_CASE("simulate refuses a database that already holds cases", "[simulate]") {
  TempDir dir;
  const auto options = options_until("2020-10-09", true, false);
  simulation::simulate_demo_history(dir.file("demo.db"), options);
  try {
    simulation::simulate_demo_history(dir.file("demo.db"), options);
    FAIL("expected a refusal");
  } catch (const amtsweg::Error& e) {
    CHECK(e.kind() == amtsweg::ErrorKind::Conflict);
    CHECK_THAT(e.what(), Catch::Matchers::Contains("already holds cases"));
  }
}

TEST_CASE("serve --demo on a database with cases does not simulate again", "[simulate]") {
  TempDir dir;
  simulation::simulate_demo_history(dir.file("demo.db"), options_until("2020-10-31", true, false));
  const auto before = all_cases(dir.file("demo.db"), "ekom21", "digitalisierungsberatung").size();
  REQUIRE(before > 0);

  ChildProcess server(AMTSWEG_CLI, {"serve", "--demo", "--db", dir.file("demo.db"), "--port", "0", "--processes",
                                    kProcesses, "--request-log", "off"});
  REQUIRE(server.wait_for("Serving http://"));
  CHECK_THAT(server.output(), Catch::Contains("not simulated again"));
  server.signal(SIGTERM);
  CHECK(server.wait() == 0);
  CHECK(all_cases(dir.file("demo.db"), "ekom21", "digitalisierungsberatung").size() == before);
  CHECK(all_cases(dir.file("demo.db"), "giessen", "personenstandsurkunde").empty());
}
