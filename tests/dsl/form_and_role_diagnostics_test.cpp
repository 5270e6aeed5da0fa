// Findings of the second language round: a task role written as a token's role, fields whose
// allowed values name a param (x-enum-param), and x-message beside a pattern.
#include <catch2/catch.hpp>

#include "engine/dsl/loader.hpp"
#include "tests/dsl/dsl_test_support.hpp"

using amtsweg::testing::findings;
using Lines = std::vector<std::string>;

TEST_CASE("a task role written as the token's clerk:<group> is refused with the group to write", "[dsl]") {
  REQUIRE(findings(R"(
id: t
title: T
start: a
states:
  a:
    task:
      title: Prüfen
      role: clerk:parking
      due: P5D
      escalate: {notify: "clerk:leitung"}
    on: {task.completed: b}
  b: {final: true}
)") == Lines{"t.yaml:8:13: role 'clerk:parking' is how a token names the group; did you mean 'parking'? (a task of "
             "role 'parking' is served to tokens with the role 'clerk:parking')",
             "t.yaml:10:26: role 'clerk:leitung' is how a token names the group; did you mean 'leitung'? (a task of "
             "role 'leitung' is served to tokens with the role 'clerk:leitung')"});
}

TEST_CASE("x-enum-param names a declared param whose default is a list, on a property", "[dsl]") {
  REQUIRE(findings(R"(
id: t
title: T
params:
  zones: [A, B]
  office: Bürgerbüro
form:
  type: object
  x-enum-param: zones
  properties:
    zone: {type: string, x-enum-param: zonen}
    office: {type: string, x-enum-param: office}
    other: {type: string, x-enum-param: [zones]}
start: a
states:
  a:
    task:
      title: Prüfen
      role: parking
      form:
        properties:
          result: {type: string, x-enum-param: results}
    on: {task.completed: b}
  b: {final: true}
)") == Lines{"t.yaml:8:3: 'x-enum-param' restricts a field: put it on a property under 'properties'",
             "t.yaml:10:40: 'x-enum-param' names unknown param 'zonen'; did you mean 'zones'?",
             "t.yaml:11:42: param 'office' must have a list of the allowed values as its default, as field 'office' "
             "takes its allowed values from it",
             "t.yaml:12:41: 'x-enum-param' must be the name of a param whose value lists the allowed values",
             "t.yaml:21:48: 'x-enum-param' names unknown param 'results' (declare it under 'params' with the list of "
             "allowed values as its default)"});
}

TEST_CASE("x-message says in text what a pattern expects", "[dsl]") {
  REQUIRE(findings(R"(
id: t
title: T
form:
  properties:
    plate: {type: string, pattern: "^[A-Z]+$", x-message: {de: Kennzeichen}}
    email: {type: string, pattern: "@", errorMessage: eine E-Mail-Adresse}
start: a
states:
  a: {final: true}
)") == Lines{"t.yaml:5:59: 'x-message' must be text (what the field expects)"});
}
