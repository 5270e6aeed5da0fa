// Guards around the string and table functions whose loops run in C (see metered_functions.hpp):
// a catastrophic pattern, string.rep("", 2^62) or table.move over 2^50 indices ends with
// "instruction budget exceeded" instead of running for hours under a hook that never fires.
#include "engine/script/metered_functions.hpp"

extern "C" {
#include <lauxlib.h>
#include <lualib.h>
}

#include <algorithm>
#include <cmath>

#include "engine/script/sandbox.hpp"

namespace amtsweg::script {
namespace {

// Pattern steps and visited table elements per instruction of the budget: a pattern step is a
// byte comparison, far cheaper than an instruction; a visited element costs about as much as one.
constexpr double kPatternStepsPerInstruction = 1000;
constexpr double kElementsPerInstruction = 1;

// The index just past the set "[...]" that starts at `open` (as Lua's classEnd reads it: a ']'
// right after '[' or '[^' is a member, '%' escapes the next character).
std::size_t end_of_set(std::string_view pattern, std::size_t open) {
  std::size_t i = open + 1;
  if (i < pattern.size() && pattern[i] == '^') ++i;
  do {
    if (i >= pattern.size()) return pattern.size();
    if (pattern[i++] == '%') ++i;
  } while (i < pattern.size() && pattern[i] != ']');
  return std::min(i + 1, pattern.size());
}

// Calls the wrapped library function (upvalue 1) with this call's arguments and returns its results.
int call_original(lua_State* L) {
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

constexpr const char* kPatternTooCostly = "the pattern may take too many steps on a subject of this length";

// Charges the worst case of matching argument 2 (the pattern) in argument 1 (the subject).
void charge_pattern(lua_State* L, bool plain) {
  std::size_t subject_length = 0, pattern_length = 0;
  luaL_checklstring(L, 1, &subject_length);
  const char* pattern = luaL_checklstring(L, 2, &pattern_length);
  const double steps = pattern_worst_case(std::string_view(pattern, pattern_length), subject_length, plain);
  LuaSandbox::charge(L, steps / kPatternStepsPerInstruction, kPatternTooCostly);
}

int metered_find(lua_State* L) {
  charge_pattern(L, lua_toboolean(L, 4));
  return call_original(L);
}

// match, gmatch (whose iterations together scan the subject once) and gsub.
int metered_match(lua_State* L) {
  charge_pattern(L, false);
  return call_original(L);
}

int metered_rep(lua_State* L) {
  std::size_t length = 0, separator_length = 0;
  luaL_checklstring(L, 1, &length);
  const lua_Integer count = luaL_checkinteger(L, 2);
  luaL_optlstring(L, 3, "", &separator_length);
  // Lua's loop would copy zero bytes count - 1 times: for 2^62 copies it never ends. Any other
  // result is as large as its loop is long, so the memory limit bounds it.
  if (count <= 0 || length + separator_length == 0) {
    lua_pushliteral(L, "");
    return 1;
  }
  return call_original(L);
}

// The length the table functions loop to. A __len metamethod could answer the charge with 0 and
// the function with 2^50, so such tables are refused.
lua_Integer plain_length(lua_State* L, const char* function) {
  luaL_checktype(L, 1, LUA_TTABLE);
  if (luaL_getmetafield(L, 1, "__len") != LUA_TNIL)
    luaL_error(L, "%s does not take a table with a __len metamethod", function);
  return static_cast<lua_Integer>(lua_rawlen(L, 1));
}

constexpr const char* kTooManyElements = "the table function would visit too many elements";

void charge_elements(lua_State* L, double elements) {
  LuaSandbox::charge(L, std::max(elements, 0.0) / kElementsPerInstruction, kTooManyElements);
}

int metered_insert(lua_State* L) {  // insert(t, [pos,] value) shifts the elements after pos
  const lua_Integer length = plain_length(L, "table.insert");
  if (lua_gettop(L) >= 3) charge_elements(L, static_cast<double>(length));
  return call_original(L);
}

int metered_remove(lua_State* L) {
  charge_elements(L, static_cast<double>(plain_length(L, "table.remove")));
  return call_original(L);
}

int metered_sort(lua_State* L) {
  const double n = static_cast<double>(plain_length(L, "table.sort"));
  charge_elements(L, n * std::log2(n + 1) + n);
  return call_original(L);
}

int metered_concat(lua_State* L) {  // concat(t, sep, i, j)
  const lua_Integer length = plain_length(L, "table.concat");
  const lua_Integer first = luaL_optinteger(L, 3, 1);
  const lua_Integer last = luaL_optinteger(L, 4, length);
  charge_elements(L, static_cast<double>(last) - static_cast<double>(first) + 1);
  return call_original(L);
}

int metered_move(lua_State* L) {  // move(a1, f, e, t [, a2]) visits f..e
  const lua_Integer first = luaL_checkinteger(L, 2);
  const lua_Integer last = luaL_checkinteger(L, 3);
  charge_elements(L, static_cast<double>(last) - static_cast<double>(first) + 1);
  return call_original(L);
}

// Replaces library[name] by `wrapper` around it.
void wrap(lua_State* L, int library, const char* name, lua_CFunction wrapper) {
  lua_getfield(L, library, name);
  lua_pushcclosure(L, wrapper, 1);
  lua_setfield(L, library, name);
}

}  // namespace

double pattern_worst_case(std::string_view pattern, std::size_t subject_length, bool plain) {
  const double positions = static_cast<double>(subject_length) + 1;
  const double attempt = static_cast<double>(pattern.size()) + 1;
  if (plain) return positions * attempt;
  int unbounded = 0;  // *, +, - and %b: each may try every position
  int optional = 0;   // ?: two choices
  std::size_t i = 0;
  while (i < pattern.size()) {
    const char c = pattern[i];
    if (c == '%' && i + 1 < pattern.size() && pattern[i + 1] == 'b') {
      ++unbounded;
      i += 4;
      continue;
    }
    if (c == '(' || c == ')') {
      ++i;
      continue;
    }
    // One single-character class, then perhaps its quantifier.
    i = c == '%' ? i + 2 : c == '[' ? end_of_set(pattern, i) : i + 1;
    if (i >= pattern.size()) break;
    const char quantifier = pattern[i];
    if (quantifier == '*' || quantifier == '+' || quantifier == '-') {
      ++unbounded;
      ++i;
    } else if (quantifier == '?') {
      ++optional;
      ++i;
    }
  }
  return std::pow(positions, unbounded + 1) * std::pow(2.0, optional) * attempt;
}

void install_metered_functions(lua_State* L, int globals) {
  globals = lua_absindex(L, globals);
  lua_getfield(L, globals, LUA_STRLIBNAME);
  const int strings = lua_gettop(L);
  wrap(L, strings, "find", metered_find);
  for (const char* name : {"match", "gmatch", "gsub"}) wrap(L, strings, name, metered_match);
  wrap(L, strings, "rep", metered_rep);
  lua_getfield(L, globals, LUA_TABLIBNAME);
  const int tables = lua_gettop(L);
  wrap(L, tables, "insert", metered_insert);
  wrap(L, tables, "remove", metered_remove);
  wrap(L, tables, "sort", metered_sort);
  wrap(L, tables, "concat", metered_concat);
  wrap(L, tables, "move", metered_move);
  lua_pop(L, 2);
}

}  // namespace amtsweg::script
