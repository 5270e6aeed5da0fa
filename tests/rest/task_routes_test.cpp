// The inbox and task lifecycle routes through the router over a real engine (no network): who
// sees which tasks, filters and paging, claim/unclaim/delegate/complete and their refusals; each
// test runs on SQLite and on PostgreSQL (tests/support/store_backends.hpp).
#include <algorithm>
#include <catch2/catch.hpp>

#include "tests/rest/rest_fixture.hpp"

using namespace amtsweg::testing;
namespace json = boost::json;

namespace {
std::vector<std::string> task_ids(const amtsweg::rest::Response& response) {
  std::vector<std::string> ids;
  const auto body = RestFixture::json_of(response);
  for (const auto& task : body.at("tasks").as_array()) ids.emplace_back(task.at("id").as_string());
  return ids;
}
}  // namespace

TEST_CASE("the inbox shows a clerk the tasks of the clerk's groups only", "[rest]") {
  RestFixture api(nullptr, nullptr, GENERATE(from_range(store_backends())));
  const std::string task = api.open_review_task();
  CHECK(task_ids(api.call("GET", "/api/v1/tasks", "anna-giessen")) == std::vector<std::string>{task});
  CHECK(task_ids(api.call("GET", "/api/v1/tasks", "carl-giessen")).empty());
  CHECK(task_ids(api.call("GET", "/api/v1/tasks", "admin-giessen")) == std::vector<std::string>{task});
  CHECK(task_ids(api.call("GET", "/api/v1/tasks", "admin-marburg")).empty());
  CHECK(api.call("GET", "/api/v1/tasks", "portal-giessen").status == 403);
  CHECK(api.call("GET", "/api/v1/tasks", "").status == 401);
  CHECK(api.call("GET", "/api/v1/tasks?role=buergerbuero", "anna-giessen").status == 403);
}

TEST_CASE("inbox filters: state, process, role, assignee, overdue, due_before", "[rest]") {
  RestFixture api(nullptr, nullptr, GENERATE(from_range(store_backends())));
  const std::string task = api.open_review_task();
  const std::vector<std::string> just_it{task};
  CHECK(task_ids(api.call("GET", "/api/v1/tasks?state=open", "anna-giessen")) == just_it);
  CHECK(task_ids(api.call("GET", "/api/v1/tasks?state=completed", "anna-giessen")).empty());
  CHECK(task_ids(api.call("GET", "/api/v1/tasks?process=certificate", "anna-giessen")) == just_it);
  CHECK(task_ids(api.call("GET", "/api/v1/tasks?process=other", "anna-giessen")).empty());
  CHECK(task_ids(api.call("GET", "/api/v1/tasks?role=standesamt", "anna-giessen")) == just_it);
  CHECK(task_ids(api.call("GET", "/api/v1/tasks?overdue=true", "anna-giessen")).empty());
  CHECK(task_ids(api.call("GET", "/api/v1/tasks?due_before=2026-03-31", "anna-giessen")) == just_it);
  CHECK(task_ids(api.call("GET", "/api/v1/tasks?due_before=2026-03-03", "anna-giessen")).empty());

  REQUIRE(api.call("POST", "/api/v1/tasks/" + task + "/claim", "anna-giessen").status == 200);
  CHECK(task_ids(api.call("GET", "/api/v1/tasks?state=claimed&assignee=anna", "anna-giessen")) == just_it);
  CHECK(task_ids(api.call("GET", "/api/v1/tasks?assignee=bert", "anna-giessen")).empty());

  CHECK(task_ids(api.call("GET", "/api/v1/tasks?overdue=false", "anna-giessen")) == just_it);
  const auto before = RestFixture::json_of(api.call("GET", "/api/v1/tasks", "anna-giessen")).at("tasks").at(0);
  CHECK(before.at("overdue") == false);

  api.clock.advance(std::chrono::hours(24 * 6));  // the review is due in 5 days
  CHECK(task_ids(api.call("GET", "/api/v1/tasks?overdue=true", "anna-giessen")) == just_it);
  CHECK(task_ids(api.call("GET", "/api/v1/tasks?overdue=false", "anna-giessen")).empty());
  const auto after = RestFixture::json_of(api.call("GET", "/api/v1/tasks", "anna-giessen")).at("tasks").at(0);
  CHECK(after.at("overdue") == true);
  // The due date also in the municipality's time zone (Europe/Berlin by default).
  CHECK(after.at("due_local").as_string().ends_with("+01:00"));
}

TEST_CASE("inbox paging follows the next cursor, bad parameters are 400 by name", "[rest]") {
  RestFixture api(nullptr, nullptr, GENERATE(from_range(store_backends())));
  std::vector<std::string> all;
  for (int i = 0; i < 3; ++i) all.push_back(api.open_review_task());
  const auto first = api.call("GET", "/api/v1/tasks?limit=2&sort=created", "anna-giessen");
  REQUIRE(first.status == 200);
  const auto first_ids = task_ids(first);
  REQUIRE(first_ids.size() == 2);
  const auto next = RestFixture::json_of(first).at("next");
  REQUIRE(next.is_string());
  const auto second =
      api.call("GET", "/api/v1/tasks?limit=2&sort=created&after=" + std::string(next.as_string()), "anna-giessen");
  const auto second_ids = task_ids(second);
  REQUIRE(second_ids.size() == 1);
  CHECK(RestFixture::json_of(second).at("next").is_null());
  std::vector<std::string> seen = first_ids;
  seen.push_back(second_ids.front());
  std::sort(seen.begin(), seen.end());
  std::sort(all.begin(), all.end());
  CHECK(seen == all);

  for (const char* bad : {"?limit=0", "?limit=abc", "?limit=501", "?state=done", "?overdue=yes", "?due_before=soon",
                          "?sort=size", "?colour=red"}) {
    INFO(bad);
    const auto response = api.call("GET", std::string("/api/v1/tasks") + bad, "anna-giessen");
    CHECK(response.status == 400);
    CHECK(RestFixture::json_of(response).at("error").at("details").as_object().contains("parameter"));
  }
}

TEST_CASE("claim, unclaim, delegate: the caller acts, lost races are 409", "[rest]") {
  RestFixture api(nullptr, nullptr, GENERATE(from_range(store_backends())));
  const std::string task = api.open_review_task();
  const std::string base = "/api/v1/tasks/" + task;
  const auto claimed = api.call("POST", base + "/claim", "anna-giessen");
  REQUIRE(claimed.status == 200);
  CHECK(RestFixture::json_of(claimed).at("assignee") == "anna");
  CHECK(RestFixture::json_of(claimed).at("status") == "claimed");
  CHECK(api.call("POST", base + "/claim", "bert-giessen").status == 409);
  CHECK(api.call("POST", base + "/unclaim", "bert-giessen").status == 409);
  CHECK(api.call("POST", base + "/claim", "anna-giessen", R"({"extra": 1})").status == 400);

  const auto unclaimed = api.call("POST", base + "/unclaim", "anna-giessen");
  REQUIRE(unclaimed.status == 200);
  CHECK(RestFixture::json_of(unclaimed).at("status") == "open");

  const auto delegated = api.call("POST", base + "/delegate", "anna-giessen", R"({"to": "bert"})");
  REQUIRE(delegated.status == 200);
  CHECK(RestFixture::json_of(delegated).at("assignee") == "bert");
  CHECK(api.call("POST", base + "/delegate", "anna-giessen", "{}").status == 400);

  CHECK(api.call("POST", "/api/v1/tasks/T-unknown/claim", "anna-giessen").status == 404);
  CHECK(api.call("POST", base + "/claim", "admin-marburg").status == 404);
  CHECK(api.call("POST", base + "/claim", "portal-giessen").status == 403);
}

TEST_CASE("complete validates the clerk's form and moves the case", "[rest]") {
  RestFixture api(nullptr, nullptr, GENERATE(from_range(store_backends())));
  std::string case_id;
  const std::string task = api.open_review_task(&case_id);
  const std::string base = "/api/v1/tasks/" + task;
  const auto invalid = api.call("POST", base + "/complete", "anna-giessen", R"({"data": {"decision": "maybe"}})");
  CHECK(invalid.status == 422);
  CHECK(RestFixture::json_of(invalid).at("error").at("details").at(0).at("field") == "/decision");
  CHECK(api.call("POST", base + "/complete", "anna-giessen", R"({"decision": "approve"})").status == 400);
  CHECK(api.call("POST", base + "/complete", "anna-giessen", R"({"data": "approve"})").status == 400);

  const auto done = api.call("POST", base + "/complete", "anna-giessen", R"({"data": {"decision": "approve"}})");
  REQUIRE(done.status == 200);
  CHECK(RestFixture::json_of(done).at("status") == "completed");
  CHECK(RestFixture::json_of(api.call("GET", "/api/v1/cases/" + case_id, "anna-giessen")).at("state") == "issued");
  CHECK(api.call("POST", base + "/complete", "bert-giessen", R"({"data": {"decision": "reject"}})").status == 409);
}

TEST_CASE("a rejected task command changes nothing", "[rest]") {
  RestFixture api(nullptr, nullptr, GENERATE(from_range(store_backends())));
  std::string case_id;
  const std::string task = api.open_review_task(&case_id);
  const auto before = api.engine->history("giessen", case_id).size();
  CHECK(api.call("POST", "/api/v1/tasks/" + task + "/complete", "anna-giessen", R"({"data": {}})").status == 422);
  CHECK(api.call("POST", "/api/v1/tasks/" + task + "/complete", "anna-giessen", R"({"data": 1})").status == 400);
  CHECK(api.call("POST", "/api/v1/tasks/" + task + "/claim", "admin-marburg").status == 404);
  CHECK(api.engine->history("giessen", case_id).size() == before);
  CHECK(api.open_task("giessen", case_id).status == amtsweg::TaskStatus::Open);
  CHECK(api.open_task("giessen", case_id).assignee.empty());
}
