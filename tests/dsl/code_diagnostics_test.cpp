// Findings about code and forms: Lua syntax errors at the file position of the offending line,
// and forms that are not valid JSON Schema, reported at the offending node.
#include <catch2/catch.hpp>

#include "engine/dsl/loader.hpp"
#include "tests/dsl/dsl_test_support.hpp"

using amtsweg::testing::findings;
using Lines = std::vector<std::string>;

// The Lua messages below come from Lua's own parser (through script/check_syntax); the errors
// are chosen at the start of the code, so they do not depend on how expressions are wrapped.

TEST_CASE("a Lua syntax error in a guard", "[dsl]") {
  REQUIRE(findings(R"(
id: t
title: T
start: a
states:
  a:
    on:
      go:
        - to: b
          when: "@data.ok"
  b: {final: true}
)") == Lines{"t.yaml:9:18: Lua syntax error in guard: unexpected symbol near '@'"});
}

TEST_CASE("a Lua syntax error in an '=' expression, in a timer's at, in a correlation key", "[dsl]") {
  REQUIRE(findings(R"(
id: t
title: T
start: a
correlate:
  keys:
    reference: "@data.reference"
states:
  a:
    entry:
      - set: {fee: "=  @params.fee"}
    after:
      - at: "@data.deadline"
        to: b
  b: {final: true}
)") == Lines{"t.yaml:6:17: Lua syntax error in correlation key: unexpected symbol near '@'",
             "t.yaml:10:24: Lua syntax error in expression: unexpected symbol near '@'",
             "t.yaml:12:14: Lua syntax error in expression: unexpected symbol near '@'"});
}

TEST_CASE("a Lua syntax error on a later line of a script names that line", "[dsl]") {
  REQUIRE(findings(R"(
id: t
title: T
start: a
states:
  a:
    entry:
      - script: |
          local total = 0
            total = total + @
    always: [b]
  b: {final: true}
)") == Lines{"t.yaml:9:13: Lua syntax error in script: unexpected symbol near '@'"});
}

TEST_CASE("a Lua syntax error inside a template's {{ }}", "[dsl]") {
  REQUIRE(findings(R"(
id: t
title: T
start: a
states:
  a:
    task:
      title: "Antrag von {{ @data.name }}"
      role: clerk
    on:
      task.completed:
        to: b
        do:
          - notify:
              text: |
                Guten Tag,
                Ihr Antrag {{ data.id }} ist {{ @data.state }}.
  b: {final: true}
)") == Lines{"t.yaml:7:29: Lua syntax error in template: unexpected symbol near '@'",
             "t.yaml:16:49: Lua syntax error in template: unexpected symbol near '@'"});
}

TEST_CASE("a Lua syntax error inside the summary's {{ }}", "[dsl]") {
  REQUIRE(findings(R"(
id: t
title: T
summary: "Antrag {{ @data.name }}"
start: a
states:
  a: {final: true}
)") == Lines{"t.yaml:3:21: Lua syntax error in template: unexpected symbol near '@'"});
}

TEST_CASE("a form whose keywords have the wrong type", "[dsl]") {
  REQUIRE(findings(R"(
id: t
title: T
start: a
form:
  type: object
  required: name
  properties:
    name: {type: text, minLength: two}
    age: integer
    tags: {type: array, items: [string]}
    kind: {type: [string, nothing], enum: a}
states:
  a: {final: true}
)") == Lines{"t.yaml:6:13: 'required' must be a list of field names",
             "t.yaml:8:18: 'type' must be one of object, array, string, number, integer, "
             "boolean, null (or a list of them)",
             "t.yaml:8:35: 'minLength' must be a number",
             "t.yaml:9:10: the schema of field 'age' must be a mapping (e.g. {type: string})",
             "t.yaml:10:32: 'items' must be the schema of each item (a mapping)",
             "t.yaml:11:27: 'type' must be one of object, array, string, number, integer, "
             "boolean, null (or a list of them)",
             "t.yaml:11:43: 'enum' must be a list of allowed values"});
}

TEST_CASE("a form with an invalid regular expression in pattern", "[dsl]") {
  auto lines = findings(R"(
id: t
title: T
start: a
form:
  properties:
    zip: {type: string, pattern: "[0-9{5"}
states:
  a: {final: true}
)");
  REQUIRE(lines.size() == 1);
  // The text after the colon is the standard library's; the position and prefix are ours.
  REQUIRE(lines[0].rfind("t.yaml:6:35: invalid regular expression in 'pattern': ", 0) == 0);
}

TEST_CASE("a form that valijson refuses is reported at the form", "[dsl]") {
  REQUIRE(findings(R"(
id: t
title: T
start: a
form:
  type: object
  properties:
    name: {type: string, minLength: -1}
states:
  a: {final: true}
)") == Lines{"t.yaml:5:3: invalid JSON Schema: Expected a non-negative integer value for "
             "'minLength' constraint."});
}

TEST_CASE("personal marks a property, and must be a boolean", "[dsl]") {
  REQUIRE(findings(R"(
id: t
title: T
start: a
form:
  personal: true
  properties:
    name: {type: string, personal: "yes"}
states:
  a: {final: true}
)") == Lines{"t.yaml:5:3: 'personal' marks a field: put it on a property under 'properties'",
             "t.yaml:7:36: 'personal' must be true or false"});
}

TEST_CASE("a task's form is checked like the application form", "[dsl]") {
  REQUIRE(findings(R"(
id: t
title: T
start: a
states:
  a:
    task:
      title: A
      role: r
      form:
        properties:
          decision: {type: choice}
    on: {task.completed: b}
  b: {final: true}
)") == Lines{"t.yaml:11:28: 'type' must be one of object, array, string, number, integer, "
             "boolean, null (or a list of them)"});
}
