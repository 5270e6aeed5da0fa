// Structural findings of the loader, one broken definition each, asserting the exact
// "file:line:column: message": YAML syntax, unknown/missing/repeated keys, wrong types, bad names.
#include <catch2/catch.hpp>

#include "engine/dsl/loader.hpp"
#include "tests/dsl/dsl_test_support.hpp"

using amtsweg::load_definition;
using amtsweg::testing::findings;
using amtsweg::testing::yaml;
using Lines = std::vector<std::string>;

TEST_CASE("a YAML syntax error names yaml-cpp's position and message", "[dsl]") {
  auto result = load_definition(yaml(R"(
id: t
title: [unclosed
start: a
)"),
                                "t.yaml");
  REQUIRE_FALSE(result.ok());
  REQUIRE(amtsweg::testing::formatted(result.diagnostics) ==
          Lines{"t.yaml:3:6: YAML syntax error: end of sequence flow not found"});
}

TEST_CASE("an unknown top-level key suggests the nearest allowed key", "[dsl]") {
  auto result = load_definition(yaml(R"(
id: t
title: T
stat: a
start: a
states:
  a: {final: true}
)"),
                                "t.yaml");
  REQUIRE_FALSE(result.ok());
  REQUIRE(amtsweg::testing::formatted(result.diagnostics) ==
          Lines{"t.yaml:3:1: unknown key 'stat'; did you mean 'start'?"});
}

TEST_CASE("an unknown key far from every allowed key lists the allowed ones", "[dsl]") {
  REQUIRE(findings(R"(
id: t
title: T
start: a
states:
  a:
    final: true
    colour: green
)") == Lines{"t.yaml:7:5: unknown key 'colour' (allowed: title, description, entry, exit, on, "
             "always, after, task, final, outcome, parallel, join)"});
}

TEST_CASE("unknown keys are found in transitions, timers, tasks, actions and the rest", "[dsl]") {
  REQUIRE(findings(R"(
id: t
title: T
start: a
params:
  fee: {default: 1, descripton: x}
correlate:
  kyes: {ref: data.ref}
states:
  a:
    task: {title: A, role: r, rol: s}
    entry:
      - emitt: x.y
      - notify: {text: hi, subjct: s}
    on:
      go: {to: b, wen: "true"}
    after:
      - {in: P1D, to: b, delay: x}
  b:
    parallel:
      r1: {start: s, states: {s: {final: true}}, strat: s}
    join: c
  c: {final: true}
)") == Lines{
           "t.yaml:5:21: unknown key 'descripton'; did you mean 'description'?",
           "t.yaml:7:3: unknown key 'kyes'; did you mean 'keys'?",
           "t.yaml:10:31: unknown key 'rol'; did you mean 'role'?",
           "t.yaml:12:9: unknown key 'emitt'; did you mean 'emit'?",
           "t.yaml:13:28: unknown key 'subjct'; did you mean 'subject'?",
           "t.yaml:15:19: unknown key 'wen'; did you mean 'when'?",
           "t.yaml:17:26: unknown key 'delay' (allowed: in, at, to, when, do)",
           "t.yaml:20:50: unknown key 'strat'; did you mean 'start'?",
       });
}

TEST_CASE("missing id, title, start and states are reported where the document starts", "[dsl]") {
  auto result = load_definition("description: nothing else\n", "t.yaml");
  REQUIRE_FALSE(result.ok());
  REQUIRE(amtsweg::testing::formatted(result.diagnostics) ==
          Lines{"t.yaml:1:1: missing 'id': the process id, e.g. meldebescheinigung",
                "t.yaml:1:1: missing 'title': the name of the procedure as people know it",
                "t.yaml:1:1: missing 'start': the state a new case begins in",
                "t.yaml:1:1: missing 'states': the states a case can be in"});
}

TEST_CASE("missing start alone", "[dsl]") {
  REQUIRE(findings(R"(
# a comment first: the mapping starts on line 2
id: t
title: T
states:
  a: {final: true}
)") == Lines{"t.yaml:2:1: missing 'start': the state a new case begins in"});
}

TEST_CASE("an empty file and a file that is not a mapping", "[dsl]") {
  REQUIRE(findings("") == Lines{"t.yaml:1:1: the definition is empty: it needs at least id, title, start and "
                                "states"});
  REQUIRE(findings("- a\n- b\n") ==
          Lines{"t.yaml:1:1: a process definition must be a mapping of keys (id, title, start, "
                "states, ...)"});
}

TEST_CASE("wrong node types: final must be a boolean, entry a list of actions", "[dsl]") {
  REQUIRE(findings(R"(
id: t
title: T
start: a
states:
  a:
    entry: {set: {x: 1}}
    on: {go: b}
  b:
    final: yes
)") == Lines{"t.yaml:6:12: 'entry' must be a list of actions", "t.yaml:8:3: state 'b' is not final and has no way out",
             "t.yaml:9:12: 'final' must be true or false"});
}

TEST_CASE("more wrong types: version, on, task, to, four_eyes, a transition", "[dsl]") {
  REQUIRE(findings(R"(
id: t
version: 0
title: T
start: a
states:
  a:
    on: [b]
    always:
      - to: [b]
      - 42
    task:
      title: A
      role: r
      four_eyes: "true"
  b: {final: true}
)") == Lines{"t.yaml:2:10: 'version' must be a positive whole number",
             "t.yaml:7:9: 'on' must map event types to transitions "
             "(e.g. {payment.confirmed: paid})",
             "t.yaml:9:9: an 'always' transition needs 'to': it decides where to go",
             "t.yaml:9:13: 'to' must be the name of a state", "t.yaml:10:9: transition to unknown state '42'",
             "t.yaml:14:18: 'four_eyes' must be true or false",
             "t.yaml:15:3: state 'b' is unreachable from start 'a'"});
}

TEST_CASE("a repeated key in any mapping is reported at its second occurrence", "[dsl]") {
  REQUIRE(findings(R"(
id: t
title: T
start: a
states:
  a:
    on:
      go:
        to: b
        when: data.ok
        to: c
  b: {final: true}
  c: {final: true}
title: U
)") == Lines{"t.yaml:10:9: duplicate key 'to' (first at line 8)",
             "t.yaml:12:3: state 'c' is unreachable from start 'a'",
             "t.yaml:13:1: duplicate key 'title' (first at line 2)"});
}

TEST_CASE("a repeated state name is a duplicate state", "[dsl]") {
  auto result = load_definition(yaml(R"(
id: t
title: T
start: review
states:
  review:
    on: {done: closed}
  closed: {final: true}
  review:
    final: true
)"),
                                "t.yaml");
  REQUIRE_FALSE(result.ok());
  REQUIRE(amtsweg::testing::formatted(result.diagnostics) ==
          Lines{"t.yaml:8:3: duplicate state 'review' (first defined at line 5)"});
}

TEST_CASE("invalid process id, state name and event type", "[dsl]") {
  REQUIRE(findings(R"(
id: Melde Bescheinigung
title: T
start: a
states:
  a:
    on: {"payment confirmed": 2nd}
  2nd: {final: true}
)") == Lines{"t.yaml:1:5: invalid process id 'Melde Bescheinigung': use lower-case letters, "
             "digits, '-' and '_', starting with a letter",
             "t.yaml:6:10: invalid event type 'payment confirmed': use letters, digits, '.', "
             "':', '-' and '_'",
             "t.yaml:7:3: invalid state name '2nd': use letters, digits and '_', not starting "
             "with a digit"});
}

TEST_CASE("an invalid duration in a timer and in a task's due date", "[dsl]") {
  REQUIRE(findings(R"(
id: t
title: T
start: a
states:
  a:
    task: {title: A, role: r, due: 5 days}
    after:
      - in: P14X
        to: b
  b: {final: true}
)") == Lines{"t.yaml:6:36: '5 days' is not a duration: write ISO-8601 (e.g. P14D, PT2H) or working days "
             "(e.g. 10 working days)",
             "t.yaml:8:13: 'P14X' is not an ISO-8601 duration (e.g. P14D, PT2H)"});
}

TEST_CASE("a timer needs exactly one of in and at", "[dsl]") {
  REQUIRE(findings(R"(
id: t
title: T
start: a
states:
  a:
    after:
      - to: b
      - in: P1D
        at: data.deadline
        to: b
  b: {final: true}
)") == Lines{"t.yaml:7:9: a timer needs 'in' (a duration such as P14D) or 'at' (an expression "
             "giving the time)",
             "t.yaml:9:9: a timer has either 'in' (a duration) or 'at' (a time), not both"});
}

TEST_CASE("a final state may not have transitions, a task or regions", "[dsl]") {
  REQUIRE(findings(R"(
id: t
title: T
start: a
states:
  a:
    final: true
    on: {again: a}
    after: [{in: P1D, to: a}]
    task: {title: A, role: r}
)") == Lines{"t.yaml:7:5: final state 'a' may not have 'on': a case ends in its final state",
             "t.yaml:8:5: final state 'a' may not have 'after': a case ends in its final state",
             "t.yaml:9:5: final state 'a' may not have 'task': a case ends in its final state"});
}

TEST_CASE("an outcome needs a final state, join needs parallel", "[dsl]") {
  REQUIRE(findings(R"(
id: t
title: T
start: a
states:
  a:
    outcome: approved
    join: b
  b: {final: true}
)") == Lines{"t.yaml:6:5: 'outcome' is only for final states: add 'final: true' to state 'a'",
             "t.yaml:7:5: 'join' belongs to a parallel state, but state 'a' has no 'parallel'"});
}

TEST_CASE("actions: one key each, assign needs user or role, notify needs text", "[dsl]") {
  REQUIRE(findings(R"(
id: t
title: T
start: a
states:
  a:
    entry:
      - set: {fee: 1}
        emit: fee.set
      - assign: {}
      - notify: {subject: Hallo}
      - set: {"bad path": 1}
      - script: [x]
    on: {go: b}
  b: {final: true}
)") == Lines{"t.yaml:8:9: an action has exactly one key: put 'emit' in a list item of its own "
             "('- emit: ...')",
             "t.yaml:9:17: 'assign' needs 'user' or 'role'", "t.yaml:10:17: missing 'text': the message to send",
             "t.yaml:11:15: invalid data path 'bad path': use names of letters, digits and '_' "
             "joined by '.'",
             "t.yaml:12:17: 'script' must be Lua code"});
}

TEST_CASE("a parameter's long form needs its default", "[dsl]") {
  REQUIRE(findings(R"(
id: t
title: T
start: a
params:
  fee:
    description: the fee in euros
states:
  a: {final: true}
)") == Lines{"t.yaml:6:5: missing 'default': the value used when a municipality sets none"});
}

TEST_CASE("a file holds one YAML document", "[dsl]") {
  REQUIRE(findings(R"(
id: t
title: T
start: a
states:
  a: {final: true}
---
id: u
)") == Lines{"t.yaml:7:1: a definition file holds one YAML document; this is a second one"});
}

TEST_CASE("a parallel state moves on by join, not always", "[dsl]") {
  REQUIRE(findings(R"(
id: t
title: T
start: a
states:
  a:
    parallel:
      r: {start: s, states: {s: {final: true}}}
    always: [b]
    join: [b]
  b: {final: true}
)") == Lines{"t.yaml:8:5: parallel state 'a' moves on with 'join' or 'on'; its 'always' would "
             "never be evaluated"});
}
