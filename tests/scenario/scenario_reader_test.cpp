// Reading scenario files: every problem is reported at file:line:column, names are checked
// against the definition, and a broken definition's own findings are passed on.
#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>

#include "tests/scenario/scenario_fixture.hpp"

using namespace amtsweg;
using namespace amtsweg::testing;

using Catch::Matchers::Equals;

TEST_CASE("a scenario file is read into scenarios with their steps in order", "[scenario]") {
  ScenarioFixture f;
  const auto load = f.load(R"(
process: certificate.yaml
tenant: giessen
params: {fee_first: 10.0, fee_more: 5.0}
clock: 2026-03-02
scenarios:
  first:
    steps:
      - start: {case: a, application: {name: A, copies: 1}}
      - advance: P1DT2H
  second:
    tenant: marburg
    params: {fee_more: 1.0}
    clock: 2026-04-01T10:00:00Z
    steps:
      - expect: {state: review}
    application: {name: B, copies: 1}
)");
  REQUIRE(load.ok());
  const auto& file = *load.file;
  CHECK(file.definition.id == "certificate");
  CHECK(file.process_path == f.dir.file("certificate.yaml"));
  REQUIRE(file.scenarios.size() == 2);
  const auto& first = file.scenarios[0];
  CHECK(first.tenant == "giessen");
  CHECK(first.clock == *parse_timestamp("2026-03-02T00:00:00Z"));
  REQUIRE(first.steps.size() == 2);
  CHECK(first.steps[0].case_name == "a");
  CHECK(std::get<ClockStep>(first.steps[1].body).advance_ms == 26 * 3600 * 1000);
  const auto& second = file.scenarios[1];
  CHECK(second.tenant == "marburg");
  CHECK(second.params == boost::json::object{{"fee_first", 10.0}, {"fee_more", 1.0}});
  REQUIRE(second.steps.size() == 2);  // the application comes first, wherever it is written
  CHECK(second.steps[0].kind == "application");
  CHECK(second.steps[0].case_name == "main");
  CHECK(second.steps[1].kind == "expect");
}

TEST_CASE("applications are written as changes of the file's application (JSON Merge Patch)", "[scenario]") {
  ScenarioFixture f;
  const auto load = f.load(R"(
process: certificate.yaml
application: {name: Erika, copies: 1, address: {street: Hauptstr. 1, city: Gießen}}
scenarios:
  as is:
    application: {}
  changed:
    application: {copies: 3, purpose: ~, address: {city: Marburg}, name: ~}
    steps:
      - start: {case: second, application: {address: ~}}
)");
  REQUIRE(load.ok());
  const auto application = [&](std::size_t scenario, std::size_t step) {
    return std::get<StartStep>(load.file->scenarios[scenario].steps[step].body).application;
  };
  CHECK(application(0, 0) == boost::json::parse(R"({"name": "Erika", "copies": 1,
                                                    "address": {"street": "Hauptstr. 1", "city": "Gießen"}})"));
  CHECK(application(1, 0) ==
        boost::json::parse(R"({"copies": 3, "address": {"street": "Hauptstr. 1", "city": "Marburg"}})"));
  CHECK(application(1, 1) == boost::json::parse(R"({"name": "Erika", "copies": 1})"));
}

TEST_CASE("bad scenario files are reported with positions, names checked against the definition", "[scenario]") {
  ScenarioFixture f;
  const auto load = f.load(R"(
process: certificate.yaml
params: {fee_frist: 3}
scenarios:
  everything wrong:
    application: {name: A, copies: 1}
    expect:
      state: reveiw
      status: done
      data: {"bad path": 1, note: "${date.x}"}
      tasks: [{stat: x, stage: third, due: tomorrow}]
      messages: {type: x}
      error: {kind: nope}
    steps:
      - advance: P1X
      - clock: yesterday
      - event: {payload: {}}
      - complete: {task: {state: reviw}, by: anna}
      - expect: {case: other}
      - complete: {by: anna}
        expect: {}
      - bogus: 1
      - start: {case: main, application: {}}
  empty: {}
)");
  CHECK_FALSE(load.ok());
  CHECK_THAT(
      findings_of(load, f.dir),
      Equals(std::vector<std::string>{
          "certificate.scenarios.yaml:2:10: the definition has no param 'fee_frist'; did you mean 'fee_first'? "
          "(params: fee_first, fee_more, closing_days, time_zone)",
          "certificate.scenarios.yaml:7:14: unknown state 'reveiw'; did you mean 'review'?",
          "certificate.scenarios.yaml:8:15: 'status' must be one of active, suspended, completed, cancelled",
          "certificate.scenarios.yaml:9:14: invalid data path 'bad path': use names of letters, digits and '_' "
          "joined by '.'",
          "certificate.scenarios.yaml:9:35: unknown reference '${date.x}': use ${case.id}, ${data.PATH} or ${now}",
          "certificate.scenarios.yaml:10:16: unknown key 'stat'; did you mean 'state'?",
          "certificate.scenarios.yaml:10:32: 'stage' must be one of prepare, approve",
          "certificate.scenarios.yaml:10:44: 'due' must be an ISO-8601 date or time (e.g. 2026-03-09 or "
          "2026-03-09T09:00:00Z)",
          "certificate.scenarios.yaml:11:17: 'messages' must be a list of mappings ([] for none)",
          "certificate.scenarios.yaml:12:21: 'kind' must be one of invalid_argument, not_found, conflict, "
          "rule_violation, script_failure, invalid_definition, corruption, storage_unavailable, storage_full, "
          "timer_failed, "
          "unsupported_media_type, payload_too_large",
          "certificate.scenarios.yaml:14:18: 'advance' must be an ISO-8601 duration (e.g. P14D, PT2H)",
          "certificate.scenarios.yaml:15:16: 'clock' must be an ISO-8601 time (e.g. 2026-03-02T09:00:00Z)",
          "certificate.scenarios.yaml:16:16: missing 'type': the event type, e.g. payment.confirmed",
          "certificate.scenarios.yaml:17:34: unknown state 'reviw'; did you mean 'review'?",
          "certificate.scenarios.yaml:18:24: unknown case 'other' (the application is case 'main'; 'start' "
          "steps name further cases)",
          "certificate.scenarios.yaml:20:9: a step has exactly one key: put 'expect' in a list item of its own "
          "('- expect: ...')",
          "certificate.scenarios.yaml:21:9: unknown key 'bogus' (allowed: start, event, claim, unclaim, delegate, "
          "complete, attach, advance, clock, expect)",
          "certificate.scenarios.yaml:22:23: case 'main' was already started",
          "certificate.scenarios.yaml:23:3: scenario 'empty' does nothing: give it an 'application' and 'steps'",
      }));
}

TEST_CASE("the file's shape, YAML syntax and missing files are reported like the validator's", "[scenario]") {
  ScenarioFixture f;
  CHECK_THAT(findings_of(f.load("process: [certificate.yaml\n"), f.dir),
             Equals(std::vector<std::string>{
                 "certificate.scenarios.yaml:2:1: YAML syntax error: end of sequence flow not found"}));
  CHECK_THAT(findings_of(f.load("- a\n"), f.dir),
             Equals(std::vector<std::string>{"certificate.scenarios.yaml:1:1: a scenario file must be a mapping of "
                                             "keys (process, tenant, params, clock, application, scenarios)"}));
  CHECK_THAT(
      findings_of(f.load("proces: x.yaml\nscenarios: {}\n"), f.dir),
      Equals(std::vector<std::string>{
          "certificate.scenarios.yaml:1:1: unknown key 'proces'; did you mean 'process'?",
          "certificate.scenarios.yaml:1:1: missing 'process': the definition the scenarios test, e.g. urkunde.yaml",
          "certificate.scenarios.yaml:2:12: 'scenarios' must map scenario names to scenarios"}));
  CHECK_THAT(findings_of(f.load("process: missing.yaml\nscenarios: {a: {application: {}}}\n"), f.dir),
             Equals(std::vector<std::string>{"certificate.scenarios.yaml:1:10: cannot read the definition " +
                                             f.dir.file("missing.yaml") + ": No such file or directory"}));
  CHECK_THAT(
      findings_of(load_scenario_file(f.dir.file("nowhere.scenarios.yaml")), f.dir),
      Equals(std::vector<std::string>{"nowhere.scenarios.yaml:0:0: cannot read the file: No such file or directory"}));
}

TEST_CASE("an invalid definition fails the scenario file with the definition's own findings", "[scenario]") {
  ScenarioFixture f("id: broken\ntitle: Broken\nstart: a\nstates:\n  a:\n    on:\n      go: nowhere\n");
  const auto load = f.load("process: certificate.yaml\nscenarios:\n  a:\n    application: {}\n");
  CHECK_THAT(
      findings_of(load, f.dir),
      Equals(std::vector<std::string>{"certificate.scenarios.yaml:1:10: the definition " +
                                          f.dir.file("certificate.yaml") + " is not valid (1 problem, listed below)",
                                      "certificate.yaml:7:11: transition to unknown state 'nowhere'"}));
}
