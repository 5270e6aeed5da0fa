// The language's conditional actions: `when:` beside an action's key, read into the model, and
// every misuse reported at its position (a lone condition, a non-text guard, a Lua syntax error).
#include <catch2/catch.hpp>

#include "engine/dsl/loader.hpp"
#include "tests/dsl/dsl_test_support.hpp"

using namespace amtsweg;
using amtsweg::testing::findings;
using amtsweg::testing::yaml;
using Lines = std::vector<std::string>;

TEST_CASE("when: beside an action makes it conditional, actions without it have no guard", "[dsl]") {
  auto result = load_definition(yaml(R"(
id: t
title: T
start: a
states:
  a:
    entry:
      - notify: {text: always}
      - when: data.urgent
        notify: {text: only when urgent}
      - emit: {type: x.happened}
        when: "data.copies > 1"
    on:
      go:
        to: b
        do:
          - {set: {late: true}, when: event.payload.late}
  b: {final: true}
)"),
                                "t.yaml");
  CAPTURE(amtsweg::testing::formatted(result.diagnostics));
  REQUIRE(result.ok());
  const auto& entry = result.definition->find_state("a")->entry;
  REQUIRE(entry.size() == 3);
  CHECK_FALSE(entry[0].guard);
  REQUIRE(entry[1].guard);
  CHECK(entry[1].guard->code == "data.urgent");
  CHECK(entry[1].guard->pos.line == 8);
  CHECK(entry[1].guard->pos.column == 15);
  CHECK(std::holds_alternative<NotifyAction>(entry[1].body));
  REQUIRE(entry[2].guard);
  CHECK(entry[2].guard->code == "data.copies > 1");
  CHECK(std::holds_alternative<EmitAction>(entry[2].body));
  const auto& transition = result.definition->find_state("a")->on.front().second.front();
  REQUIRE(transition.actions.size() == 1);
  REQUIRE(transition.actions[0].guard);
  CHECK(transition.actions[0].guard->code == "event.payload.late");
}

TEST_CASE("a condition needs an action, a guard must be text, and one action per item still holds", "[dsl]") {
  CHECK(findings(R"(
id: t
title: T
start: a
states:
  a:
    entry:
      - when: data.urgent
      - when: [data.urgent]
        notify: {text: x}
      - when: data.urgent
        set: {a: 1}
        emit: b.c
      - whne: data.urgent
        set: {a: 1}
    on: {go: b}
  b: {final: true}
)") == Lines{
           "t.yaml:7:9: 'when' makes an action conditional, but this item has no action: add set, emit, "
           "notify, script or assign beside it",
           "t.yaml:8:15: 'when' must be a Lua expression (the guard)",
           "t.yaml:12:9: an action has exactly one key: put 'emit' in a list item of its own ('- emit: ...')",
           "t.yaml:13:9: unknown key 'whne'; did you mean 'when'?",
       });
}

TEST_CASE("a Lua syntax error in an action's condition is a guard error at its position", "[dsl]") {
  CHECK(findings(R"(
id: t
title: T
start: a
states:
  a:
    exit:
      - when: data.x @ 2
        set: {a: 1}
    on: {go: b}
  b: {final: true}
)") == Lines{
           "t.yaml:7:15: Lua syntax error in guard: ')' expected near '@'",
       });
}
