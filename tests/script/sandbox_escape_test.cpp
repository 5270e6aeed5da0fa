// Escape attempts against the Lua sandbox: bytecode, the debug library, metatable and raw-access
// tricks, and work hidden in C loops where the instruction hook never fires (catastrophic
// patterns, string.rep of nothing, table functions over huge ranges, long string comparisons).
// Each must end within its budget with a clear error, and the engine must keep working.
#include <catch2/catch.hpp>

#include <time.h>

#include <chrono>

#include "engine/error.hpp"
#include "engine/script/metered_functions.hpp"
#include "tests/script/script_test_support.hpp"

namespace amtsweg {
namespace {
using script_test::CaseFixture;
using script_test::code;
using script_test::failure_message;
// CPU time of this thread: what the sandbox's time limit counts, and unlike the wall clock the
// same on a loaded machine.
std::chrono::milliseconds cpu_time() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return std::chrono::milliseconds(now.tv_sec * 1000 + now.tv_nsec / 1'000'000);
}

// The failure message of running `text`, and the CPU time it took to fail.
struct Timed {
  std::string message;
  std::chrono::milliseconds took;
};
Timed timed_failure(ScriptEngine& engine, const ScriptBindings& b, const std::string& text) {
  const auto start = cpu_time();
  std::string message = failure_message([&] { engine.run(code(text), b); });
  return {message, cpu_time() - start};
}

// Every attempt fails as a script failure naming the cause, within a second of CPU, and afterwards the
// same engine still evaluates ordinary code.
void check_stopped(ScriptEngine& engine, const ScriptBindings& b, const std::string& text, const std::string& cause) {
  INFO(text);
  const Timed result = timed_failure(engine, b, text);
  CHECK_THAT(result.message, Catch::Contains("script failed: ") && Catch::Contains(cause));
  CHECK(result.took < std::chrono::seconds(1));
  CHECK(engine.evaluate(code("1 + 1"), b) == 2);
}

TEST_CASE("no route leads to loading bytecode or to the debug library", "[script][sandbox]") {
  ScriptEngine engine;
  CaseFixture fixture;
  const auto b = fixture.bindings();
  for (const char* probe : {
           "return load == nil and _G.load == nil and _ENV.load == nil and rawget(_G, 'load') == nil",
           "return string.dump == nil and ('').dump == nil",
           "return debug == nil and _G.debug == nil and coroutine == nil and require == nil",
           "return io == nil and os == nil and package == nil and collectgarbage == nil and rawset == nil",
       }) {
    INFO(probe);
    CHECK(engine.evaluate(code(std::string("(function() ") + probe + " end)()"), b) == true);
  }
  // A binary chunk given as code text is refused by the compiler itself.
  check_stopped(engine, b, "\x1bLuaT\x00\x19\x93\r\n\x1a\n", "binary chunk");
  check_stopped(engine, b, "local f = load or loadstring or dofile f('return 1')", "nil value");
}

TEST_CASE("metatables and raw access do not reach the real library tables", "[script][sandbox]") {
  ScriptEngine engine;
  CaseFixture fixture;
  const auto b = fixture.bindings();
  // The string metatable is hidden, so its __index (the real string table) is out of reach.
  check_stopped(engine, b, "getmetatable('').__index.rep = nil", "index a boolean value");
  check_stopped(engine, b, "setmetatable(string, nil)", "protected metatable");
  // The library tables are empty proxies: raw reads find nothing, writes through table functions
  // meet the proxy's __newindex.
  CHECK(engine.evaluate(code("rawget(string, 'rep') == nil and next(math) == nil and getmetatable(table) == false"),
                        b) == true);
  check_stopped(engine, b, "table.insert(string, 'x')", "'string' is read-only");
  check_stopped(engine, b, "table.move({print}, 1, 1, 1, math)", "'math' is read-only");
  // Nothing a script did survives into the next evaluation.
  CHECK(engine.evaluate(code("string.rep('ab', 2) .. math.floor(2.5)"), b) == "abab2");
}

TEST_CASE("catastrophic patterns are stopped by the instruction budget before they run", "[script][sandbox]") {
  ScriptEngine engine;
  CaseFixture fixture;
  const auto b = fixture.bindings();
  const std::string cause = "instruction budget exceeded (1000000 instructions): the pattern may take too many steps";
  // Without the charge the first of these runs for about 10 s, the others for hours.
  check_stopped(engine, b, "string.find(string.rep('a', 400), 'a*a*a*b')", cause);
  check_stopped(engine, b, "local s = string.rep('a', 5000) s:match('(a-)(a-)(a-)(a-)b')", cause);
  check_stopped(engine, b, "string.gsub(string.rep('(', 100000), '%b()', '')", cause);
  check_stopped(engine, b, "for x in string.rep('a', 3000):gmatch('a*a*a*a*$') do end", cause);
  // Catching the error does not buy more: the budget stays spent.
  check_stopped(engine, b, "local s = string.rep('a', 400) while true do pcall(string.find, s, 'a*a*a*b') end",
                "instruction budget exceeded");
  // Ordinary patterns on ordinary data still work.
  CHECK(engine.evaluate(code("table.concat({('2026-03-15'):match('^(%d+)-(%d+)-(%d+)$')}, '.')"), b) == "2026.03.15");
  CHECK(engine.evaluate(code("(string.gsub('  Erika   Mustermann ', '%s+', ' '))"), b) == " Erika Mustermann ");
  CHECK(engine.evaluate(code("select(2, string.gsub(string.rep('a b ', 2000), '%a+', ''))"), b) == 4000);
  CHECK(engine.evaluate(code("string.find('x.y', '.', 1, true)"), b) == 2);
}

TEST_CASE("the worst case of a pattern grows with each quantifier", "[script][sandbox]") {
  using script::pattern_worst_case;
  CHECK(pattern_worst_case("abc", 9, false) == 10.0 * 4);
  CHECK(pattern_worst_case("a.c", 9, true) == 10.0 * 4);
  CHECK(pattern_worst_case("%d+", 9, false) == 10.0 * 10 * 4);
  CHECK(pattern_worst_case("a*a-[%]*]+", 9, false) == 1e4 * 11);  // ']' inside the set is no quantifier
  CHECK(pattern_worst_case("%b()x", 9, false) == 100.0 * 6);
  CHECK(pattern_worst_case("a?b?", 9, false) == 10.0 * 4 * 5);
  CHECK(pattern_worst_case("%*%+", 9, false) == 10.0 * 5);  // escaped, not quantifiers
}

TEST_CASE("string.rep of nothing returns at once", "[script][sandbox]") {
  ScriptEngine engine;
  ScriptBindings b;
  const auto start = cpu_time();
  // Lua's own loop copies zero bytes 2^62 times: hours under a hook that never fires.
  CHECK(engine.evaluate(code("#string.rep('', 2^62) + #('').rep('', math.maxinteger, '')"), b) == 0);
  CHECK(cpu_time() - start < std::chrono::seconds(1));
  CHECK(engine.evaluate(code("string.rep('ab', 3, '-')"), b) == "ab-ab-ab");
  CHECK_THAT(failure_message([&] { engine.evaluate(code("string.rep('x', 1e9)"), b); }),
             Catch::Contains("memory limit exceeded"));
}

TEST_CASE("table functions are charged for the elements they visit", "[script][sandbox]") {
  ScriptEngine engine;
  CaseFixture fixture;
  const auto b = fixture.bindings();
  const std::string cause = "instruction budget exceeded (1000000 instructions): the table function would visit";
  check_stopped(engine, b, "table.move({}, 1, 2^50, 1, {})", cause);
  check_stopped(engine, b, "table.concat(setmetatable({}, {__index = rawlen}), '', 1, 2^40)", cause);
  // Each call below is fast; the loops around them would take minutes without the charge.
  check_stopped(engine, b, "local t = {} for i = 1, 100000 do t[i] = i end while true do table.sort(t) end", cause);
  check_stopped(engine, b, "local t = {} for i = 1, 200000 do t[i] = i end while true do contains(t, -1) end",
                "instruction budget exceeded (1000000 instructions): the table is too long");
  check_stopped(engine, b, "local t = {} for i = 1, 200000 do t[i] = i end while true do pairs(t) end",
                "instruction budget exceeded");
  // A __len could answer the charge with 0 and the loop with 2^50.
  check_stopped(engine, b, "table.insert(setmetatable({}, {__len = function() return 2^50 end}), 1, 'x')",
                "__len metamethod");
  check_stopped(engine, b, "table.remove(setmetatable({}, {__len = function() return 2^50 end}), 1)",
                "__len metamethod");
  // Ordinary lists work as before.
  CHECK(engine.evaluate(code(R"((function()
    local t = {3, 1, 2}
    table.sort(t)
    table.insert(t, 1, 0)
    table.remove(t)
    local u = table.move(t, 1, 3, 2, {9})
    return table.concat(u, ',')
  end)())"),
                        b) == "9,0,1,2");
}

TEST_CASE("the time limit stops work that counts as a single instruction", "[script][sandbox]") {
  ScriptEngine engine;
  ScriptBindings b;
  // Comparing two distinct strings of 8 MB is one instruction and a memcmp of 8 MB: the
  // instruction budget alone would allow minutes of this.
  const Timed result = timed_failure(
      engine, b, "local a, c = string.rep('x', 8e6), string.rep('x', 8e6) while true do local same = a == c end");
  CHECK_THAT(result.message, Catch::EndsWith("script failed: time limit exceeded (1000 ms)"));
  CHECK(result.took < std::chrono::seconds(4));
  CHECK(engine.evaluate(code("'alive'"), b) == "alive");
}

TEST_CASE("recursion through C functions and deep nesting fail cleanly", "[script][sandbox]") {
  ScriptEngine engine;
  CaseFixture fixture;
  const auto b = fixture.bindings();
  check_stopped(engine, b, "local function f() string.gsub('a', 'a', f) end f()", "stack overflow");
  check_stopped(engine, b, "local function f() return tostring(setmetatable({}, {__tostring = f})) end f()",
                "stack overflow");
  check_stopped(engine, b, "local t = {} for i = 1, 100000 do t = {t} end data.deep = t", "levels deep");
  CHECK_FALSE(fixture.data.contains("deep"));
}

}  // namespace
}  // namespace amtsweg
