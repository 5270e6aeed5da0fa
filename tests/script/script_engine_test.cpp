// ScriptEngine: guards, computed values and scripts over the case bindings, write-back of data,
// conversion between JSON and Lua, and error messages that point into the definition's source.
#include <catch2/catch.hpp>

#include "engine/error.hpp"
#include "tests/script/script_test_support.hpp"

namespace amtsweg {
namespace {
namespace json = boost::json;
using script_test::CaseFixture;
using script_test::code;
using script_test::failure_message;

TEST_CASE("guards see data, task, event, params, case, related and now", "[script]") {
  ScriptEngine engine;
  CaseFixture fixture;
  const auto b = fixture.bindings();
  CHECK(engine.test(code("data.age >= 18 and data.address.city == 'Köln'"), b));
  CHECK_FALSE(engine.test(code("data.age < 18"), b));
  CHECK(engine.test(code("#data.children == 2 and data.children[2].name == 'Ben'"), b));
  CHECK(engine.test(code("task.decision == 'approve' and task.form.note == 'ok'"), b));
  CHECK(engine.test(code("event.type == 'payment.received' and event.payload.amount == params.fee"), b));
  CHECK_FALSE(engine.test(code("event.payload.amount > params.fee"), b));
  CHECK(engine.test(code("case.id == 'c-42' and case.state == 'review'"), b));
  CHECK(engine.test(code("#related == 2 and related[1].data.amount + related[2].data.amount == 4000"), b));
  CHECK(engine.test(code("now == '2026-03-15T10:30:00Z'"), b));
  CHECK_FALSE(engine.test(code("data.married"), b));
}

TEST_CASE("a guard is false for nil and null, true for every other value", "[script]") {
  ScriptEngine engine;
  CaseFixture fixture;
  const auto b = fixture.bindings();
  CHECK_FALSE(engine.test(code("nil"), b));
  CHECK_FALSE(engine.test(code("data.missing"), b));
  CHECK_FALSE(engine.test(code("null"), b));
  CHECK(engine.test(code("0"), b));
  CHECK(engine.test(code("''"), b));
  CHECK(engine.test(code("data.tags"), b));
}

TEST_CASE("bindings that are not given are nil", "[script]") {
  ScriptEngine engine;
  json::object data{{"x", 1}};
  ScriptBindings b;
  b.data = &data;
  CHECK(engine.test(code("event == nil and task == nil and related == nil and case == nil"), b));
  CHECK(engine.test(code("data.x == 1"), b));
  ScriptBindings none;
  CHECK(engine.test(code("data == nil"), none));
}

TEST_CASE("JSON null reads as nil in objects and as null in arrays", "[script]") {
  ScriptEngine engine;
  json::object data = json::parse(R"({"gone": null, "list": [1, null, 3]})").as_object();
  ScriptBindings b;
  b.data = &data;
  CHECK(engine.test(code("data.gone == nil"), b));
  CHECK(engine.test(code("#data.list == 3 and data.list[2] == null and data.list[3] == 3"), b));
  CHECK(engine.evaluate(code("data.list"), b) == json::parse("[1, null, 3]"));
}

TEST_CASE("evaluate converts Lua values to JSON", "[script]") {
  ScriptEngine engine;
  CaseFixture fixture;
  const auto b = fixture.bindings();
  const json::value integer = engine.evaluate(code("params.fee * 2"), b);
  CHECK(integer.is_int64());
  CHECK(integer.as_int64() == 50);
  const json::value real = engine.evaluate(code("data.fee * 2"), b);
  CHECK(real.is_double());
  CHECK(real.as_double() == 25.0);
  CHECK(engine.evaluate(code("10 / 4"), b) == json::value(2.5));
  const json::value integral_float = engine.evaluate(code("10 / 2"), b);
  CHECK(integral_float.is_double());  // a float stays a float, even when integral
  CHECK(engine.evaluate(code("data.name .. '!'"), b) == json::value("Erika Mustermann!"));
  CHECK(engine.evaluate(code("data.age > 30"), b) == json::value(true));
  CHECK(engine.evaluate(code("data.nothing"), b).is_null());
  CHECK(engine.evaluate(code("{1, 'two', 3.5}"), b) == json::parse(R"([1, "two", 3.5])"));
  CHECK(engine.evaluate(code("{ok = true, n = 2, nested = {a = {}}}"), b) ==
        json::parse(R"({"n": 2, "nested": {"a": {}}, "ok": true})"));
  CHECK(engine.evaluate(code("{}"), b) == json::object{});
  CHECK(engine.evaluate(code("{[1] = 'a', [3] = 'c'}"), b) == json::parse(R"({"1": "a", "3": "c"})"));
  CHECK(engine.evaluate(code("{'a', x = 1}"), b) == json::parse(R"({"1": "a", "x": 1})"));
  CHECK(engine.evaluate(code("data.children[1]"), b) == json::parse(R"({"name": "Anna", "age": 4})"));
  CHECK(engine.evaluate(code("{a = null}"), b) == json::parse(R"({"a": null})"));
}

TEST_CASE("object keys come out sorted, independent of Lua's hash order", "[script]") {
  ScriptEngine engine;
  ScriptBindings b;
  const json::value value = engine.evaluate(code("{zeta = 1, alpha = 2, mu = 3, beta = 4}"), b);
  std::vector<std::string> keys;
  for (const auto& member : value.as_object()) keys.emplace_back(member.key());
  CHECK(keys == std::vector<std::string>{"alpha", "beta", "mu", "zeta"});
}

TEST_CASE("values without a JSON form fail with the path that holds them", "[script]") {
  ScriptEngine engine;
  json::object data{{"x", 1}};
  ScriptBindings b;
  b.data = &data;
  b.source_name = "p.yaml";
  const std::string function = failure_message([&] {
    engine.evaluate(code("{list = {1, print or type}}", {4, 9}), b);
  });
  CHECK_THAT(function, Catch::StartsWith("p.yaml:4:9: expression failed: value.list[2] is a function"));
  const std::string cycle =
      failure_message([&] { engine.evaluate(code("(function() local t = {} t.me = t return t end)()"), b); });
  CHECK_THAT(cycle, Catch::Contains("value.me contains itself"));
  const std::string infinite = failure_message([&] { engine.evaluate(code("1/0"), b); });
  CHECK_THAT(infinite, Catch::Contains("value is inf"));
  const std::string script = failure_message([&] { engine.run(code("data.handler = function() end"), b); });
  CHECK_THAT(script, Catch::Contains("script failed: data.handler is a function"));
  CHECK(data == json::object{{"x", 1}});  // a failed run writes nothing back
}

TEST_CASE("run writes changes of data back, nested and new fields included", "[script]") {
  ScriptEngine engine;
  CaseFixture fixture;
  const auto b = fixture.bindings();
  engine.run(code(R"(
    data.address.city = 'Bonn'
    data.children[1].age = data.children[1].age + 1
    data.fee_due = params.fee
    data.decision = {by = task.id, at = now}
    table.insert(data.tags, 'geprüft')
    data.married = nil
  )"),
             b);
  CHECK(fixture.data.at("address") == json::parse(R"({"city": "Bonn", "zip": "50667"})"));
  CHECK(fixture.data.at("children").at(0).at("age") == 5);
  CHECK(fixture.data.at("fee_due") == 25);
  CHECK(fixture.data.at("decision") == json::parse(R"({"by": "t-1", "at": "2026-03-15T10:30:00Z"})"));
  CHECK(fixture.data.at("tags") == json::parse(R"(["eilig", "online", "geprüft"])"));
  CHECK_FALSE(fixture.data.contains("married"));
  CHECK(fixture.data.at("name") == "Erika Mustermann");
  // The original member order survives; new members follow.
  std::vector<std::string> keys;
  for (const auto& member : fixture.data) keys.emplace_back(member.key());
  CHECK(keys == std::vector<std::string>{"name", "age", "fee", "address", "children", "tags", "submitted", "decision",
                                         "fee_due"});
}

TEST_CASE("run keeps emptied arrays as arrays and explicit nulls", "[script]") {
  ScriptEngine engine;
  json::object data = json::parse(R"({"docs": ["a"], "note": null, "n": 1})").as_object();
  ScriptBindings b;
  b.data = &data;
  engine.run(code("table.remove(data.docs) data.n = 2 data.extra = null"), b);
  CHECK(data == json::parse(R"({"docs": [], "note": null, "n": 2, "extra": null})"));
}

TEST_CASE("run replaces data when the script assigns a new table, and refuses a non-object", "[script]") {
  ScriptEngine engine;
  json::object data{{"old", true}};
  ScriptBindings b;
  b.data = &data;
  engine.run(code("data = {fresh = 1}"), b);
  CHECK(data == json::object{{"fresh", 1}});
  CHECK_THAT(failure_message([&] { engine.run(code("data = {1, 2}"), b); }),
             Catch::Contains("data must stay an object, but the script made it an array"));
  CHECK_THAT(failure_message([&] { engine.run(code("local x = data.fresh data = nil"), b); }),
             Catch::Contains("data must stay an object"));
  CHECK(data == json::object{{"fresh", 1}});
}

TEST_CASE("run leaves data alone when the script does not touch it", "[script]") {
  ScriptEngine engine;
  json::object data = json::parse(R"({"b": 1, "a": {"x": null}})").as_object();
  const std::string before = json::serialize(data);
  ScriptBindings b;
  b.data = &data;
  json::value event = json::parse(R"({"n": 1})");
  b.event = &event;
  engine.run(code("local n = event.n + 1"), b);
  CHECK(json::serialize(data) == before);
}

TEST_CASE("test and evaluate never write data back", "[script]") {
  ScriptEngine engine;
  CaseFixture fixture;
  const auto b = fixture.bindings();
  const json::object before = fixture.data;
  CHECK(engine.test(code("(function() data.age = 99 data.hacked = true return true end)()"), b));
  CHECK(engine.evaluate(code("(function() data.name = 'x' return data.name end)()"), b) == "x");
  CHECK(fixture.data == before);
  CHECK(engine.test(code("data.age == 34 and data.hacked == nil"), b));
}

TEST_CASE("run-time errors name source, mapped line and column", "[script]") {
  ScriptEngine engine;
  CaseFixture fixture;
  auto b = fixture.bindings();
  b.source_name = "processes/x.yaml";
  const std::string guard = failure_message([&] { engine.test(code("data.payment.amount > 0", {12, 11}), b); });
  CHECK(guard == "processes/x.yaml:12:11: guard failed: attempt to index a nil value (field 'payment')");
  const std::string third_line = failure_message([&] {
    engine.run(code("local a = 1\nlocal b = 2\nlocal c = data.nope.deeper\n", {10, 5}), b);
  });
  CHECK(third_line == "processes/x.yaml:12:1: script failed: attempt to index a nil value (field 'nope')");
  // Errors raised by C functions carry no Lua position; the message handler finds the line.
  const std::string c_error = failure_message([&] {
    engine.run(code("local x = 1\nlocal s = string.rep()", {3, 7}), b);
  });
  CHECK_THAT(c_error, Catch::StartsWith("processes/x.yaml:4:1: script failed: bad argument #1 to 'rep'"));
  const std::string thrown = failure_message([&] { engine.run(code("\n\nerror('kaputt')", {20, 3}), b); });
  CHECK(thrown == "processes/x.yaml:22:1: script failed: kaputt");
  const std::string table_error = failure_message([&] { engine.run(code("error({code = 1})", {1, 1}), b); });
  CHECK(table_error == "processes/x.yaml:1:1: script failed: (error object is a table value)");
  const std::string evaluated = failure_message([&] { engine.evaluate(code("1 + {}", {7, 2}), b); });
  CHECK_THAT(evaluated, Catch::StartsWith("processes/x.yaml:7:2: expression failed: attempt to perform arithmetic"));
}

TEST_CASE("syntax errors at run time name the line of the code", "[script]") {
  ScriptEngine engine;
  ScriptBindings b;
  b.source_name = "p.yaml";
  const std::string script = failure_message([&] {
    engine.run(code("local a = 1\nif a then\n  a = = 2\nend", {5, 9}), b);
  });
  CHECK_THAT(script, Catch::StartsWith("p.yaml:7:1: script failed: syntax error: unexpected symbol near '='"));
  const std::string guard = failure_message([&] { engine.test(code("data.x >", {3, 14}), b); });
  CHECK_THAT(guard, Catch::StartsWith("p.yaml:3:14: guard failed: syntax error: unexpected symbol"));
  // The engine keeps working.
  CHECK(engine.evaluate(code("1 + 1"), b) == 2);
}

TEST_CASE("an expression ending in a comment still compiles", "[script]") {
  ScriptEngine engine;
  ScriptBindings b;
  CHECK(engine.evaluate(code("40 + 2 -- the answer"), b) == 42);
}

TEST_CASE("bindings are converted only when the code reads them", "[script]") {
  ScriptEngine engine;
  json::object data{{"x", 1}};
  // Deeper than the converter accepts: reading `related` fails, so a guard that succeeds never
  // converted it.
  json::value related = json::array{};
  json::value* innermost = &related;
  for (int i = 0; i < 300; ++i) {
    innermost->as_array().push_back(json::array{});
    innermost = &innermost->as_array().back();
  }
  ScriptBindings b;
  b.data = &data;
  b.related = &related;
  CHECK(engine.test(code("data.x == 1"), b));
  CHECK_THAT(failure_message([&] { engine.test(code("related ~= nil"), b); }), Catch::Contains("nested more than"));
  CHECK(engine.test(code("data.x == 1"), b));
}

TEST_CASE("many distinct expressions stay correct across cache evictions", "[script]") {
  ScriptEngine engine;
  json::object data{{"base", 1000}};
  ScriptBindings b;
  b.data = &data;
  for (int round = 0; round < 2; ++round)
    for (int i = 0; i < 1500; i += 7) REQUIRE(engine.evaluate(code("data.base + " + std::to_string(i)), b) == 1000 + i);
}

}  // namespace
}  // namespace amtsweg
