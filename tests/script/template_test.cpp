// Templates ({{ expr }} in task titles and notifications) and check_syntax, which validation uses
// to reject broken Lua before anything runs.
#include <catch2/catch.hpp>

#include "engine/error.hpp"
#include "tests/script/script_test_support.hpp"

namespace amtsweg {
namespace {
namespace json = boost::json;
using script_test::CaseFixture;
using script_test::failure_message;

TEST_CASE("render replaces each {{ expr }} by the value's text", "[script]") {
  ScriptEngine engine;
  CaseFixture fixture;
  const auto b = fixture.bindings();
  CHECK(engine.render("Antrag {{ case.id }} von {{data.name}}", {1, 1}, b) == "Antrag c-42 von Erika Mustermann");
  CHECK(engine.render("Gebühr: {{ params.fee }} EUR, {{ data.fee }} EUR, {{ params.fee / 5 }} EUR", {1, 1}, b) ==
        "Gebühr: 25 EUR, 12.5 EUR, 5 EUR");
  CHECK(engine.render("[{{ data.missing }}][{{ null }}][{{ nil }}]", {1, 1}, b) == "[][][]");
  CHECK(engine.render("{{ data.age > 18 }}/{{ data.married }}", {1, 1}, b) == "true/false");
  CHECK(engine.render("{{ 1/3 }}", {1, 1}, b) == "0.33333333333333");
  CHECK(engine.render("{{ data.tags }} {{ data.address }}", {1, 1}, b) ==
        R"(["eilig","online"] {"city":"Köln","zip":"50667"})");
  CHECK(engine.render("{{ {a = 1.0, b = {}} }}", {1, 1}, b) == R"({"a":1,"b":{}})");
  CHECK(engine.render("{{ '}}' }} {{ \"{\" }}", {1, 1}, b) == "}} {");
  CHECK(engine.render("plain text", {1, 1}, b) == "plain text");
  CHECK(engine.render("", {1, 1}, b).empty());
  CHECK(engine.render("{{ 'a' }}{{ 'b' }}", {1, 1}, b) == "ab");
  CHECK(engine.render("open {{ without end", {1, 1}, b) == "open {{ without end");
  CHECK(engine.render("{{ 1 }} and {{ 2", {1, 1}, b) == "1 and {{ 2");
}

TEST_CASE("a failing template expression names its own position", "[script]") {
  ScriptEngine engine;
  CaseFixture fixture;
  auto b = fixture.bindings();
  b.source_name = "p.yaml";
  CHECK(failure_message([&] {
          engine.render("Hallo {{ data.x.y }}", {8, 12}, b);
        }) == "p.yaml:8:21: template expression failed: attempt to index a nil value (field 'x')");
  CHECK(failure_message([&] {
          engine.render("Zeile 1\nZeile {{ data.x.y }}", {8, 12}, b);
        }) == "p.yaml:9:10: template expression failed: attempt to index a nil value (field 'x')");
  CHECK_THAT(failure_message([&] { engine.render("{{ nope.x }}", {1, 1}, b); }), Catch::StartsWith("p.yaml:1:4: "));
  CHECK_THAT(failure_message([&] {
               engine.render("{{ type }}", {1, 1}, b);
             }),
             Catch::Contains("the value is a function"));
  CHECK_THAT(failure_message([&] { engine.render("x {{ }}", {1, 1}, b); }), Catch::Contains("syntax error"));
}

TEST_CASE("template_expressions lists the code inside {{ }} with its offset", "[script]") {
  const std::string text = "Hallo {{ data.name }},\nIhr Antrag {{case.id}} ist {{ unterminated";
  const auto expressions = template_expressions(text);
  REQUIRE(expressions.size() == 2);
  CHECK(expressions[0].code == "data.name");
  CHECK(expressions[0].offset == 9);
  CHECK(text.substr(expressions[0].offset, expressions[0].code.size()) == "data.name");
  CHECK(expressions[1].code == "case.id");
  CHECK(text.substr(expressions[1].offset, expressions[1].code.size()) == "case.id");
  CHECK(template_expressions("no expressions {{ here").empty());
  CHECK(template_expressions("").empty());
}

TEST_CASE("check_syntax accepts valid code and reports the line of an error", "[script]") {
  CHECK_FALSE(check_syntax("data.age >= 18 and data.city == 'Köln'", CodeKind::Expression));
  CHECK_FALSE(check_syntax("local x = 1\nif x then data.y = x end", CodeKind::Script));
  CHECK_FALSE(check_syntax("1 -- a comment at the end", CodeKind::Expression));

  const auto expression = check_syntax("data.age >=", CodeKind::Expression);
  REQUIRE(expression);
  CHECK(expression->line == 1);
  CHECK_THAT(expression->message, Catch::StartsWith("unexpected symbol"));

  const auto script = check_syntax("local a = 1\nlocal b = 2\nif a then\n  b = = 3\nend", CodeKind::Script);
  REQUIRE(script);
  CHECK(script->line == 4);
  CHECK(script->message == "unexpected symbol near '='");

  const auto unclosed = check_syntax("if true then\n  x = 1\n", CodeKind::Script);
  REQUIRE(unclosed);
  CHECK(unclosed->line == 3);
  CHECK_THAT(unclosed->message, Catch::Contains("'end' expected"));

  // A statement is not an expression.
  const auto statement = check_syntax("x = 1", CodeKind::Expression);
  REQUIRE(statement);
  CHECK(statement->line == 1);
  CHECK_FALSE(check_syntax("x = 1", CodeKind::Script));
}

}  // namespace
}  // namespace amtsweg
