// The sandbox: unsafe functions are absent, evaluations cannot leak globals into each other, and
// runaway scripts (endless loops, memory bombs, deep recursion) fail cleanly without harming the
// engine.
#include <catch2/catch.hpp>

#include "engine/error.hpp"
#include "tests/script/script_test_support.hpp"

namespace amtsweg {
namespace {
namespace json = boost::json;
using script_test::CaseFixture;
using script_test::code;
using script_test::failure_message;

TEST_CASE("the sandbox denies io, os, require, load, dofile, loadfile, string.dump, debug, math.random", "[script]") {
  ScriptEngine engine;
  CaseFixture fixture;
  const auto b = fixture.bindings();
  struct Probe {
    const char* code;
    const char* name;
  };
  const Probe probes[] = {
      {"io.open('/etc/passwd')", "io"},
      {"os.execute('true')", "os"},
      {"os.time()", "os"},
      {"require('io')", "require"},
      {"load('return 1')()", "load"},
      {"loadstring('return 1')()", "loadstring"},
      {"dofile('/etc/passwd')", "dofile"},
      {"loadfile('/etc/passwd')()", "loadfile"},
      {"string.dump(function() end)", "dump"},
      {"('x').dump(function() end)", "dump"},
      {"debug.getinfo(1)", "debug"},
      {"math.random(1, 6)", "random"},
      {"math.randomseed(42)", "randomseed"},
      {"print('x')", "print"},
      {"collectgarbage('count')", "collectgarbage"},
      {"local loaded = package.loaded", "package"},
      {"coroutine.create(print)", "coroutine"},
      {"rawset(string, 'x', 1)", "rawset"},
  };
  for (const auto& probe : probes) {
    INFO(probe.code);
    const std::string message = failure_message([&] { engine.run(code(probe.code), b); });
    CHECK_THAT(message, Catch::StartsWith("processes/test.yaml:1:1: script failed: "));
    const bool names_it =
        message.find(probe.name) != std::string::npos || message.find("nil value") != std::string::npos;
    CHECK(names_it);
  }
  CHECK(engine.test(code("io == nil and os == nil and debug == nil and load == nil and string.dump == nil"), b));
}

TEST_CASE("bytecode is never loaded", "[script]") {
  ScriptEngine engine;
  ScriptBindings b;
  const std::string message = failure_message([&] {
    engine.run(code("\x1b"
                    "Lua junk"),
               b);
  });
  CHECK_THAT(message, Catch::Contains("binary chunk"));
  const auto syntax = check_syntax(
      "\x1b"
      "Lua",
      CodeKind::Script);
  REQUIRE(syntax);
  CHECK_THAT(syntax->message, Catch::Contains("binary chunk"));
}

TEST_CASE("a global assigned in one evaluation is not visible in the next", "[script]") {
  ScriptEngine engine;
  CaseFixture fixture;
  const auto b = fixture.bindings();
  engine.run(code("leaked = 42 _G.also = 1"), b);
  CHECK(engine.test(code("leaked == nil and also == nil"), b));
  // Shadowing a binding or a safe global does not outlive the evaluation either.
  engine.run(code("params = {fee = 0} tostring = nil date = 'x'"), b);
  CHECK(engine.test(code("params.fee == 25 and tostring(1) == '1' and type(date) == 'function'"), b));
}

TEST_CASE("shared library tables are read-only", "[script]") {
  ScriptEngine engine;
  ScriptBindings b;
  CHECK_THAT(failure_message([&] { engine.run(code("string.upper = function() return 'pwned' end"), b); }),
             Catch::Contains("'string' is read-only"));
  CHECK_THAT(failure_message([&] { engine.run(code("math.pi = 3"), b); }), Catch::Contains("'math' is read-only"));
  CHECK_THAT(failure_message([&] { engine.run(code("setmetatable(table, {})"), b); }),
             Catch::Contains("protected metatable"));
  CHECK(engine.evaluate(code("getmetatable('')"), b) == false);
  CHECK(engine.evaluate(code("string.upper('ok') .. ('x'):rep(2)"), b) == "OKxx");
}

TEST_CASE("finalizers are refused", "[script]") {
  ScriptEngine engine;
  ScriptBindings b;
  CHECK_THAT(failure_message([&] { engine.run(code("setmetatable({}, {__gc = function() end})"), b); }),
             Catch::Contains("__gc"));
  CHECK(engine.evaluate(code("getmetatable(setmetatable({}, {__index = {a = 1}})).__index.a"), b) == 1);
}

TEST_CASE("an endless loop exceeds the instruction budget and the engine keeps working", "[script]") {
  ScriptEngine engine(ScriptLimits{.max_instructions = 100'000});
  ScriptBindings b;
  b.source_name = "loop.yaml";
  const std::string message = failure_message([&] {
    engine.run(code("local x = 0\nwhile true do x = x + 1 end", {3, 4}), b);
  });
  CHECK(message == "loop.yaml:4:1: script failed: instruction budget exceeded (100000 instructions)");
  CHECK(engine.evaluate(code("1 + 2"), b) == 3);
  // A loop below the budget runs to the end.
  CHECK(engine.evaluate(code("(function() local s = 0 for i = 1, 1000 do s = s + i end return s end)()"), b) == 500500);
}

TEST_CASE("catching the budget error with pcall or xpcall does not keep a script alive", "[script]") {
  ScriptEngine engine(ScriptLimits{.max_instructions = 50'000});
  ScriptBindings b;
  CHECK_THAT(failure_message([&] { engine.run(code("while true do pcall(function() while true do end end) end"), b); }),
             Catch::Contains("instruction budget exceeded"));
  CHECK_THAT(failure_message([&] {
               engine.run(code("xpcall(function() while true do end end, function() while true do end end)"), b);
             }),
             Catch::Contains("instruction budget exceeded"));
  // xpcall still works as usual for ordinary errors.
  CHECK(engine.evaluate(code("select(2, xpcall(function() error('e', 0) end, function(m) return 'handled ' .. m end))"),
                        b) == "handled e");
  CHECK(engine.test(code("true"), b));
}

TEST_CASE("a memory bomb exceeds the memory limit and the engine keeps working", "[script]") {
  ScriptEngine engine(ScriptLimits{.max_instructions = 1'000'000'000, .max_memory_bytes = 8u << 20});
  CaseFixture fixture;
  auto b = fixture.bindings();
  b.source_name = "bomb.yaml";
  const std::string message = failure_message([&] {
    engine.run(code("local t = {} for i=1,1e9 do t[i] = string.rep('x', 1000) .. i end", {2, 7}), b);
  });
  CHECK(message == "bomb.yaml:2:7: script failed: memory limit exceeded (8388608 bytes)");
  CHECK_THAT(failure_message([&] { engine.evaluate(code("('x'):rep(1e9)"), b); }),
             Catch::Contains("memory limit exceeded"));
  CHECK_THAT(failure_message([&] { engine.run(code("local s = 'x' while true do s = s .. s end"), b); }),
             Catch::Contains("memory limit exceeded"));
  // Caught memory errors are reported as such when they end the script.
  CHECK_THAT(failure_message([&] { engine.run(code("local ok, e = pcall(string.rep, 'x', 1e9) error(e, 0)"), b); }),
             Catch::Contains("memory limit exceeded"));
  CHECK(engine.test(code("data.age == 34"), b));
  engine.run(code("data.after = 'bomb'"), b);
  CHECK(fixture.data.at("after") == "bomb");
}

TEST_CASE("infinite recursion fails cleanly", "[script]") {
  ScriptEngine engine;
  ScriptBindings b;
  const std::string lua_recursion =
      failure_message([&] { engine.run(code("local function f(n) return 1 + f(n + 1) end\nf(1)"), b); });
  const bool clean = lua_recursion.find("stack overflow") != std::string::npos ||
                     lua_recursion.find("memory limit exceeded") != std::string::npos;
  INFO(lua_recursion);
  CHECK(clean);
  const std::string metamethod_recursion = failure_message(
      [&] { engine.evaluate(code("setmetatable({}, {__index = function(t, k) return t[k] end}).x"), b); });
  CHECK_THAT(metamethod_recursion, Catch::Contains("stack overflow"));
  CHECK_THAT(failure_message([&] { engine.run(code("local function f() return f() end f()"), b); }),
             Catch::Contains("instruction budget exceeded"));
  CHECK(engine.evaluate(code("'still ' .. 'alive'"), b) == "still alive");
}

TEST_CASE("a memory limit too small for the sandbox itself is reported", "[script]") {
  CHECK_THROWS_WITH(ScriptEngine(ScriptLimits{.max_memory_bytes = 4096}),
                    Catch::Contains("memory limit exceeded (4096 bytes)"));
}

TEST_CASE("pairs visits keys in a fixed order", "[script]") {
  ScriptEngine engine;
  ScriptBindings b;
  json::object data = json::parse(R"({"zeta": 1, "alpha": 2, "mu": 3, "beta": 4})").as_object();
  b.data = &data;
  CHECK(engine.evaluate(code("(function() local out = {} for k in pairs(data) do out[#out + 1] = k end "
                             "return table.concat(out, ',') end)()"),
                        b) == "alpha,beta,mu,zeta");
  CHECK(engine.evaluate(code("(function() local out = {} for k, v in pairs({10, 20, x = 1, [0.5] = 2, [true] = 3}) do "
                             "out[#out + 1] = tostring(k) end return table.concat(out, ',') end)()"),
                        b) == "0.5,1,2,x,true");
  // Fields removed during the traversal are skipped, as with the standard next.
  CHECK(engine.evaluate(code("(function() local t = {a = 1, b = 2, c = 3} local n = 0 "
                             "for k in pairs(t) do n = n + 1 t.c = nil end return n end)()"),
                        b) == 2);
}

}  // namespace
}  // namespace amtsweg
