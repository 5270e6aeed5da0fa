// A definition's `summary` through the API over a real engine and SQLite store: rendered when a
// case starts and again when its data changes, returned with the case and with every task of the
// case in the inbox (no request per case), and found by the inbox's text search.
#include <catch2/catch.hpp>

#include "tests/rest/rest_fixture.hpp"

using namespace amtsweg::testing;

namespace {

const std::string kSummaryProcess = R"(id: summary-permit
title: Genehmigung
summary: "{{ data.applicant.name }}, {{ data.town }}"
start: review
form:
  type: object
  required: [applicant, town]
  properties:
    applicant: {type: object, required: [name], properties: {name: {type: string}}}
    town: {type: string}
states:
  review:
    task:
      title: Antrag prüfen
      role: standesamt
      form: {type: object, required: [town], properties: {town: {type: string}}}
    on:
      task.completed:
        to: decision
        do:
          - set: {town: "= event.payload.town"}
  decision:
    task: {title: Bescheid schreiben, role: standesamt}
    on: {task.completed: done}
  done: {final: true}
)";

boost::json::value first_task(RestFixture& api, const std::string& query) {
  const auto page = RestFixture::json_of(api.call("GET", "/api/v1/tasks" + query, "anna-giessen"));
  const auto& tasks = page.at("tasks").as_array();
  return tasks.empty() ? boost::json::value(nullptr) : tasks.at(0);
}

// The case of the first task the search `q` finds ("" when none).
std::string found_case(RestFixture& api, const std::string& q) {
  const auto task = first_task(api, "?q=" + q);
  return task.is_null() ? "" : std::string(task.at("case_id").as_string());
}

}  // namespace

TEST_CASE("a case's summary is rendered, kept current and listed with its tasks", "[rest]") {
  RestFixture api;
  REQUIRE(
      api.call("POST", "/api/v1/processes?scope=tenant", "admin-giessen", kSummaryProcess, "application/yaml").status ==
      201);
  const auto started = api.call("POST", "/api/v1/processes/summary-permit/cases", "portal-giessen",
                                R"({"applicant": {"name": "Zora <b>Quast</b>"}, "town": "Gießen"})");
  REQUIRE(started.status == 201);
  const std::string case_id(RestFixture::json_of(started).at("id").as_string());
  CHECK(RestFixture::json_of(started).at("summary") == "Zora <b>Quast</b>, Gießen");
  // A case of a definition without a summary has an empty one, and so have its tasks.
  api.open_review_task();

  const auto review = first_task(api, "?process=summary-permit");
  REQUIRE(review.is_object());
  CHECK(review.at("case_summary") == "Zora <b>Quast</b>, Gießen");
  CHECK(first_task(api, "?process=certificate").at("case_summary") == "");
  // Every listing carries it (the Postkorb's due order and the creation order).
  CHECK(first_task(api, "?process=summary-permit&sort=created").at("case_summary") == "Zora <b>Quast</b>, Gießen");

  // The text search finds the task by its case's summary, not only by title or case id.
  CHECK(found_case(api, "quast") == case_id);
  CHECK(found_case(api, "Zora%20%3Cb") == case_id);
  CHECK(found_case(api, "Nobody").empty());
  CHECK(found_case(api, "Antrag%20pr") == case_id);

  // The data changes: the summary follows, in the case and in the inbox.
  const std::string task_path = "/api/v1/tasks/" + std::string(review.at("id").as_string());
  REQUIRE(api.call("POST", task_path + "/claim", "anna-giessen").status == 200);
  REQUIRE(api.call("POST", task_path + "/complete", "anna-giessen", R"({"data": {"town": "Wetzlar"}})").status == 200);
  const auto moved = RestFixture::json_of(api.call("GET", "/api/v1/cases/" + case_id, "anna-giessen"));
  CHECK(moved.at("state") == "decision");
  CHECK(moved.at("summary") == "Zora <b>Quast</b>, Wetzlar");
  CHECK(first_task(api, "?process=summary-permit").at("case_summary") == "Zora <b>Quast</b>, Wetzlar");
  CHECK(found_case(api, "wetzlar") == case_id);
  CHECK(found_case(api, "Gie%C3%9Fen").empty());

  // Another tenant's clerk never sees the case's summary through the search.
  const auto marburg = RestFixture::json_of(api.call("GET", "/api/v1/tasks?q=Quast", "admin-marburg"));
  CHECK(marburg.at("tasks").as_array().empty());
}
