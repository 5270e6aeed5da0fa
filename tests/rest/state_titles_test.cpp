// A state's `title` (what clerks call it) through the API: the form route gives it to UIs (the
// name when a state has none), and a case's drawing labels its states with their titles.
#include <catch2/catch.hpp>

#include "tests/rest/rest_fixture.hpp"

using namespace amtsweg::testing;
using Catch::Contains;

namespace {

const std::string kTitledProcess = R"(id: titled
title: Mit Zustandsnamen
start: review
states:
  review:
    title: In Prüfung
    description: Eine Sachbearbeiterin prüft den Antrag.
    task: {title: Antrag prüfen, role: standesamt}
    on: {task.completed: granted}
  granted:
    final: true
    outcome: granted
)";

}  // namespace

TEST_CASE("state titles reach the form route and label a case's drawing", "[rest]") {
  RestFixture api;
  REQUIRE(
      api.call("POST", "/api/v1/processes?scope=tenant", "admin-giessen", kTitledProcess, "application/yaml").status ==
      201);
  const auto form = RestFixture::json_of(api.call("GET", "/api/v1/processes/titled/form", "anna-giessen"));
  const auto& states = form.at("states").as_array();
  REQUIRE(states.size() == 2);
  CHECK(states.at(0).at("state") == "review");
  CHECK(states.at(0).at("title") == "In Prüfung");
  CHECK(states.at(1).at("title") == "granted");  // no title: the name

  const auto started = api.call("POST", "/api/v1/processes/titled/cases", "portal-giessen", "{}");
  REQUIRE(started.status == 201);
  const std::string case_id(RestFixture::json_of(started).at("id").as_string());
  const auto drawing = api.call("GET", "/api/v1/cases/" + case_id + "/diagram.svg", "anna-giessen");
  REQUIRE(drawing.status == 200);
  CHECK_THAT(drawing.body, Contains(">In Prüfung</text>"));
  CHECK_THAT(drawing.body, Contains(">Ergebnis: granted</text>"));
  // The process's drawing (for administrators) keeps the names.
  const auto process = api.call("GET", "/api/v1/processes/titled/diagram.svg", "anna-giessen");
  CHECK_THAT(process.body, Contains(">review (1)</text>"));
  CHECK_THAT(process.body, !Contains("In Prüfung"));
}
