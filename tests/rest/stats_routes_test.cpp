// GET /api/v1/stats through the router over a real engine on SQLite and PostgreSQL (no network): figures of a
// small fixture with known times, computed by hand; two tenants that never see each other's
// figures; who may ask (admins, operators) and the refusal of bad parameters.
#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>

#include "engine/store/sqlite/sqlite_schema.hpp"
#include "tests/rest/rest_fixture.hpp"

using namespace amtsweg;
using namespace amtsweg::testing;
namespace json = boost::json;

namespace {

constexpr Timestamp kHourMs = 3600'000;

const std::string kPermitYaml = R"(id: permit
title: Permit
stats:
  success: [approved]
  amount: data.fee
  dimensions:
    payment_method: data.payment.method
start: received
states:
  received:
    on:
      payment.confirmed:
        - to: review
          do:
            - set: {payment.method: "= event.payload.method"}
      application.withdrawn: withdrawn
  review:
    task:
      title: Prüfen
      role: permits
      due: P2D
      form:
        type: object
        required: [decision]
        properties:
          decision: {enum: [approve, reject]}
    on:
      task.completed:
        - to: approved
          when: event.payload.decision == 'approve'
        - to: rejected
  approved:
    final: true
    outcome: approved
  rejected:
    final: true
    outcome: rejected
  withdrawn:
    final: true
    outcome: withdrawn
)";

// The fixture's clock starts on Monday 2026-03-02 09:00 UTC (10:00 in Gießen and Marburg).
struct StatsFixture : RestFixture {
  explicit StatsFixture(StoreBackend backend = StoreBackend::Sqlite) : RestFixture(nullptr, nullptr, backend) {
    deploy(kPermitYaml, "permit.yaml");
    tokens["clerk-permits"] = engine->issue_token("giessen", "petra", {"clerk:permits"}).token;
  }

  std::string start_at(Timestamp at, double fee, const std::string& tenant = "giessen") {
    clock.set(at);
    return start("permit", R"({"fee": )" + std::to_string(fee) + "}", tenant).id;
  }
  void event_at(Timestamp at, const std::string& tenant, const std::string& case_id, const std::string& type,
                json::object payload = {}) {
    clock.set(at);
    engine->deliver({tenant, type + "-" + case_id, type, {{"case", case_id}}, std::move(payload), "portal"});
  }
  void decide_at(Timestamp at, const std::string& case_id, const std::string& clerk, const std::string& decision) {
    clock.set(at);
    const auto task = open_task("giessen", case_id);
    engine->claim("giessen", task.id, clerk);
    engine->complete("giessen", task.id, clerk, json::object{{"decision", decision}});
  }
  json::value stats(const std::string& query, const std::string& token = "admin-giessen") {
    const auto response = call("GET", "/api/v1/stats" + query, token);
    INFO(response.body);
    REQUIRE(response.status == 200);
    return json_of(response);
  }

  // Gießen: A approved after 25 h (task 24 h, anna), B rejected after 74 h (task 72 h, bert),
  // C withdrawn after 24 h, D waiting at review since 03-09 (task overdue), E cancelled.
  // Marburg: M started at 00:30 local time on Tuesday 03-03, paid, waiting at review.
  void fill() {
    const Timestamp monday = kMonday;
    const auto a = start_at(monday, 40);
    event_at(monday + kHourMs, "giessen", a, "payment.confirmed", {{"method", "card"}});
    const auto b = start_at(monday + 3 * kHourMs, 25);
    event_at(monday + 5 * kHourMs, "giessen", b, "payment.confirmed", {{"method", "invoice"}});
    const auto m = start_at(monday + 14 * kHourMs + 30 * 60'000, 100, "marburg");
    event_at(monday + 15 * kHourMs, "marburg", m, "payment.confirmed", {{"method", "card"}});
    const auto c = start_at(monday + kDay, 10);
    decide_at(monday + 25 * kHourMs, a, "anna", "approve");
    event_at(monday + 2 * kDay, "giessen", c, "application.withdrawn");
    decide_at(monday + 3 * kDay + 5 * kHourMs, b, "bert", "reject");
    const auto d = start_at(monday + 7 * kDay, 40);
    event_at(monday + 7 * kDay + kHourMs, "giessen", d, "payment.confirmed", {{"method", "card"}});
    const auto e = start_at(monday + 8 * kDay, 30);
    clock.set(monday + 8 * kDay + kHourMs);
    engine->cancel_case("giessen", e, "alice", "duplicate");
    clock.set(monday + 18 * kDay);  // Friday 03-20
  }
};

json::value by_key(const json::value& list, const std::string& key, const std::string& value) {
  for (const auto& item : list.as_array())
    if (item.at(key) == json::value(value)) return item;
  FAIL("no entry with " << key << " = " << value << " in " << json::serialize(list));
  return nullptr;
}

}  // namespace

TEST_CASE("GET /stats: a tenant's figures of a process, computed by hand", "[rest][stats]") {
  StatsFixture api(GENERATE(from_range(store_backends())));
  api.fill();
  const auto body = api.stats("?process=permit&from=2026-03-01&to=2026-03-31&group=week&stalled_after_days=7");
  CHECK(body.at("tenant") == "giessen");
  CHECK(body.at("time_zone") == "Europe/Berlin");
  CHECK(body.at("totals") == json::parse(R"({"started": 5, "completed": {"approved": 1, "rejected": 1,
      "withdrawn": 1}, "cancelled": 1, "open": 1})"));
  // Weeks start on Monday: 03-01 (a Sunday) lies in the week of 02-23.
  CHECK(body.at("periods") == json::parse(R"([
      {"start": "2026-02-23", "started": 0, "completed": {}, "cancelled": 0},
      {"start": "2026-03-02", "started": 3, "completed": {"approved": 1, "rejected": 1, "withdrawn": 1}, "cancelled": 0},
      {"start": "2026-03-09", "started": 2, "completed": {}, "cancelled": 1},
      {"start": "2026-03-16", "started": 0, "completed": {}, "cancelled": 0},
      {"start": "2026-03-23", "started": 0, "completed": {}, "cancelled": 0},
      {"start": "2026-03-30", "started": 0, "completed": {}, "cancelled": 0}])"));
  // C withdrew and E was cancelled at intake, B was rejected at review, D waits there (11 days);
  // final states are where cases end, not where they stop.
  CHECK(body.at("funnel") == json::parse(R"([
      {"state": "received", "dropped": 2, "stalled": 0}, {"state": "review", "dropped": 1, "stalled": 1}])"));
  // Lead times 24, 25 and 74 hours: median the second, 90th percentile the third, which counts
  // in whole days from 48 hours on (the aggregates' buckets): 72.
  CHECK(body.at("lead_time") == json::parse(R"({"cases": 3, "median_hours": 25, "p90_hours": 72,
      "days": [{"days": 1, "cases": 2}, {"days": 3, "cases": 1}]})"));
  CHECK(body.at("tasks") == json::parse(R"({"open": 1, "overdue": 1, "completed": 2,
      "groups": [{"group": "permits", "open": 1, "overdue": 1, "completed": 2, "median_hours": 24}],
      "clerks": [{"clerk": "anna", "completed": 1, "median_hours": 24},
                 {"clerk": "bert", "completed": 1, "median_hours": 72}]})"));
  CHECK(body.at("dimensions") == json::parse(R"({"payment_method": [
      {"value": "card", "cases": 2, "amount": 80.0, "outcomes": {"approved": 1}},
      {"value": "invoice", "cases": 1, "amount": 25.0, "outcomes": {"rejected": 1}}]})"));

  // A shorter range: what happened after its end does not count (B's rejection on 03-05).
  const auto early = api.stats("?process=permit&from=2026-03-02&to=2026-03-04&group=day");
  CHECK(early.at("totals") == json::parse(R"({"started": 3, "completed": {"approved": 1, "withdrawn": 1},
      "cancelled": 0, "open": 1})"));
  CHECK(early.at("periods").as_array().size() == 3);
  CHECK(early.at("periods").at(1) == json::parse(R"({"start": "2026-03-03", "started": 1,
      "completed": {"approved": 1}, "cancelled": 0})"));
  CHECK(by_key(early.at("dimensions").at("payment_method"), "value", "invoice").at("outcomes") == json::object{});
}

TEST_CASE("GET /stats: no tenant sees another's figures, operators see one tenant or all", "[rest][stats]") {
  StatsFixture api(GENERATE(from_range(store_backends())));
  api.fill();
  const std::string range = "?process=permit&from=2026-03-01&to=2026-03-31&group=day";
  const auto marburg = api.stats(range, "admin-marburg");
  CHECK(marburg.at("tenant") == "marburg");
  CHECK(marburg.at("totals") == json::parse(R"({"started": 1, "completed": {}, "cancelled": 0, "open": 1})"));
  // 23:30 UTC on Monday is 00:30 on Tuesday in Marburg: the case counts on 03-03.
  CHECK(marburg.at("periods").at(1).at("started") == 0);
  CHECK(marburg.at("periods").at(2) ==
        json::parse(R"({"start": "2026-03-03", "started": 1, "completed": {}, "cancelled": 0})"));
  CHECK(marburg.at("dimensions") ==
        json::parse(R"({"payment_method": [{"value": "card", "cases": 1, "amount": 100.0, "outcomes": {}}]})"));
  CHECK(marburg.at("tasks").at("clerks").as_array().empty());

  CHECK(api.stats(range + "&tenant=marburg", "operator").at("totals").at("started") == 1);
  const auto all = api.stats(range, "operator");
  CHECK(all.at("tenant").is_null());
  CHECK(all.at("totals").at("started") == 6);
  CHECK(all.at("tasks").at("open") == 2);

  const auto forbidden = api.call("GET", "/api/v1/stats" + range + "&tenant=marburg", "admin-giessen");
  CHECK(forbidden.status == 403);
  CHECK(api.call("GET", "/api/v1/stats" + range + "&tenant=giessen", "admin-giessen").status == 200);
  CHECK(api.call("GET", "/api/v1/stats", "anna-giessen").status == 403);
  CHECK(api.call("GET", "/api/v1/stats", "clerk-permits").status == 403);
  CHECK(api.call("GET", "/api/v1/stats", "portal-giessen").status == 403);
  CHECK(api.call("GET", "/api/v1/stats", "").status == 401);
}

TEST_CASE("GET /stats: defaults, every process, and bad parameters", "[rest][stats]") {
  StatsFixture api;
  api.fill();
  // Without dates: the twelve months up to today (2026-03-20), by month; without a process no funnel.
  const auto body = api.stats("");
  CHECK(body.at("from") == "2025-04-01");
  CHECK(body.at("to") == "2026-03-20");
  CHECK(body.at("group") == "month");
  CHECK(body.at("stalled_after_days") == 30);
  CHECK(body.at("process").is_null());
  CHECK(body.at("periods").as_array().size() == 12);
  CHECK(body.at("totals").at("started") == 5);
  CHECK(body.at("funnel").as_array().empty());

  auto error_of = [&](const std::string& query) {
    const auto response = api.call("GET", "/api/v1/stats" + query, "admin-giessen");
    INFO(response.body);
    CHECK(response.status == 400);
    return json::value_to<std::string>(RestFixture::json_of(response).at("error").at("message"));
  };
  CHECK(error_of("?group=year") == "query parameter 'group' must be day, week or month");
  CHECK(error_of("?from=2026-02-30") == "query parameter 'from' must be a date YYYY-MM-DD");
  CHECK(error_of("?from=2026-03-02&to=2026-03-01") == "query parameter 'to' must not be before 'from'");
  CHECK(error_of("?stalled_after_days=0").find("stalled_after_days") != std::string::npos);
  CHECK(error_of("?colour=red").find("colour") != std::string::npos);
  CHECK(error_of("?from=2000-01-01&to=2026-01-01&group=day").find("more than 1000 periods") != std::string::npos);
  CHECK(api.call("GET", "/api/v1/stats?process=nope", "admin-giessen").status == 404);
}

TEST_CASE("GET /stats: the aggregates the writer keeps equal a count of the rows", "[rest][stats]") {
  StatsFixture api;
  api.fill();
  const auto rows = [](SQLite::Database& database) {
    std::vector<std::string> out;
    SQLite::Statement query(
        database,
        "SELECT kind || ' ' || tenant || ' ' || process_id || ' ' || hour || ' ' || since || ' ' || "
        "state || ' ' || status || ' ' || outcome || ' ' || name || ' ' || value || ' ' || bucket "
        "|| ': ' || n || ' ' || amount FROM stats_counts WHERE n <> 0 OR amount <> 0 ORDER BY 1");
    while (query.executeStep()) out.push_back(query.getColumn(0).getString());
    return out;
  };
  SQLite::Database database(api.db_path(), SQLite::OPEN_READWRITE);
  const auto kept = rows(database);
  CHECK(kept.size() > 10);
  database.exec("BEGIN");
  rebuild_sqlite_statistics(database);
  CHECK(rows(database) == kept);
  database.exec("ROLLBACK");
}

TEST_CASE("statistics in UTC count started and closed cases per UTC hour", "[rest][stats]") {
  StatsFixture api;
  api.fill();
  StatisticsRequest request;
  request.tenant = "marburg";
  request.process_id = "permit";
  request.from = std::chrono::local_days{std::chrono::year{2026} / 3 / 2};
  request.to = request.from + std::chrono::days(1);
  request.group = StatsGrouping::Day;
  // M started at 23:30 UTC on Monday: 03-02 in UTC (03-03 in Marburg, as the Berlin test shows).
  request.zone = TimeZone::utc();
  const auto utc = api.engine->statistics(request);
  REQUIRE(utc.periods.size() == 2);
  CHECK(utc.periods[0].started == 1);
  CHECK(utc.periods[1].started == 0);
  request.zone = TimeZone::berlin();
  const auto berlin = api.engine->statistics(request);
  CHECK(berlin.periods[0].started == 0);
  CHECK(berlin.periods[1].started == 1);
}
