// The scenario step `attach`: a document added to the case's file, read with its defaults and
// checked keys, satisfying a task's requires_document, and refused by the definition's rules.
#include <catch2/catch.hpp>

#include "tests/scenario/scenario_fixture.hpp"

using namespace amtsweg;
using namespace amtsweg::testing;

namespace {

const std::string kPermitYaml = R"(
id: permit
title: Permit
start: review
documents: {types: [application/pdf]}
states:
  review:
    task: {title: Check the evidence, role: amt, requires_document: nachweis}
    on: {task.completed: granted}
  granted: {final: true}
)";

}  // namespace

TEST_CASE("attach steps are read with their defaults, their keys are checked", "[scenario]") {
  ScenarioFixture f(kPermitYaml);
  const auto load = f.load(R"(
process: certificate.yaml
scenarios:
  documents:
    application: {}
    steps:
      - attach: {kind: nachweis}
      - attach: {case: main, kind: foto, name: hund.png, type: image/png, content: PNG, by: anna}
)");
  REQUIRE(load.ok());
  const auto& steps = load.file->scenarios[0].steps;
  REQUIRE(steps.size() == 3);
  const auto& plain = std::get<AttachStep>(steps[1].body);
  CHECK(steps[1].kind == "attach");
  CHECK(plain.kind == "nachweis");
  CHECK(plain.name == "nachweis.pdf");
  CHECK(plain.content_type == "application/pdf");
  CHECK_FALSE(plain.content.empty());
  CHECK(plain.by.empty());
  const auto& full = std::get<AttachStep>(steps[2].body);
  CHECK(steps[2].case_name == "main");
  CHECK(full.name == "hund.png");
  CHECK(full.content_type == "image/png");
  CHECK(full.content == "PNG");
  CHECK(full.by == "anna");

  const auto bad = f.load(R"(
process: certificate.yaml
scenarios:
  documents:
    application: {}
    steps:
      - attach: {knd: nachweis, case: other}
      - attach: nachweis
)");
  CHECK(findings_of(bad, f.dir) ==
        std::vector<std::string>{
            "certificate.scenarios.yaml:6:18: unknown key 'knd'; did you mean 'kind'?",
            "certificate.scenarios.yaml:6:39: unknown case 'other' (the application is case 'main'; 'start' steps "
            "name further cases)",
            "certificate.scenarios.yaml:7:17: 'attach' must be a mapping (see the scenario format)",
        });
}

TEST_CASE("an attached document lets the clerk complete a task that requires it", "[scenario]") {
  ScenarioFixture f(kPermitYaml);
  const auto results = f.run(R"(
process: certificate.yaml
scenarios:
  evidence first:
    application: {}
    steps:
      - complete: {by: anna}
      - expect: {error: {kind: rule_violation, message: "requires a document of kind 'nachweis'"}, state: review}
      - attach: {kind: other}
      - complete: {by: anna}
      - expect: {error: {kind: rule_violation}}
      - attach: {kind: nachweis, by: portal}
      - complete: {by: anna}
      - expect: {state: granted, outcome: granted}
  a media type the definition refuses:
    application: {}
    steps:
      - attach: {kind: nachweis, name: scan.png, type: image/png}
      - expect: {error: {kind: unsupported_media_type}}
      - complete: {by: anna}
      - expect: {error: {kind: rule_violation}}
  a refused attach names its field:
    application: {}
    steps:
      - attach: {kind: "Nicht Gültig"}
      - expect: {error: {kind: invalid_argument, field: kind}}
  an unexpected refusal of an attach fails the scenario:
    application: {}
    steps:
      - attach: {kind: "Nicht Gültig"}
      - expect: {state: review}
)");
  INFO(f.report(results));
  REQUIRE(results.size() == 4);
  CHECK(results[0].passed());
  CHECK(results[1].passed());
  CHECK(results[2].passed());
  CHECK_FALSE(results[3].passed());
  CHECK_THAT(f.report({results[3]}), Catch::Matchers::Contains("attach was refused"));
}
