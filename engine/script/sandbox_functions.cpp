// Pure helper functions for scripts (dates, lists) and safe replacements of base functions whose
// standard versions would break determinism or the limits.
#include "engine/script/sandbox_functions.hpp"

extern "C" {
#include <lauxlib.h>
}

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>
#include <string_view>

#include "engine/calendar/working_calendar.hpp"
#include "engine/clock.hpp"
#include "engine/script/lua_json.hpp"
#include "engine/script/sandbox.hpp"

namespace amtsweg::script {
namespace {

// These lua_CFunctions may raise Lua errors, which longjmp: no object with a destructor may be
// alive at that point, so all C++ work with std::string happens in the noexcept helpers below,
// which write into caller-provided buffers.

constexpr std::int64_t kDayMs = 86'400'000;
constexpr const char* kLongList = "the table is too long for the budget left";
constexpr std::size_t kIsoBufferSize = 40;

std::optional<Timestamp> parse_iso(std::string_view text) noexcept {
  try {
    return parse_timestamp(text);
  } catch (...) {
    return std::nullopt;
  }
}

// Writes format_timestamp(t) (or only its date part) into `out`; false if that failed.
bool write_iso(Timestamp t, bool date_only, char (&out)[kIsoBufferSize]) noexcept {
  try {
    const std::string text = format_timestamp(t);
    const std::size_t length = date_only ? std::min<std::size_t>(10, text.size()) : text.size();
    if (length >= kIsoBufferSize) return false;
    std::memcpy(out, text.data(), length);
    out[length] = '\0';
    return true;
  } catch (...) {
    return false;
  }
}

Timestamp check_timestamp(lua_State* L, int arg) {
  std::size_t length = 0;
  const char* text = luaL_checklstring(L, arg, &length);
  const auto parsed = parse_iso(std::string_view(text, length));
  if (!parsed) luaL_argerror(L, arg, lua_pushfstring(L, "not an ISO-8601 date or timestamp: '%s'", text));
  return *parsed;
}

// date(iso) -> "YYYY-MM-DD" (the UTC date)
int date_of(lua_State* L) {
  const Timestamp t = check_timestamp(L, 1);
  char out[kIsoBufferSize];
  if (!write_iso(t, true, out)) return luaL_error(L, "cannot format date");
  lua_pushstring(L, out);
  return 1;
}

// Writes the local date of `t` in the calendar's time zone (Berlin without a calendar) into `out`.
bool write_local_date(const WorkingCalendar* calendar, Timestamp t, char (&out)[kIsoBufferSize]) noexcept {
  try {
    const std::string text = format_local_date((calendar ? calendar->zone() : TimeZone::berlin()).local_date(t));
    if (text.size() >= kIsoBufferSize) return false;
    std::memcpy(out, text.c_str(), text.size() + 1);
    return true;
  } catch (...) {
    return false;
  }
}

// local_date(iso) -> "YYYY-MM-DD": the calendar date at that moment in the case's time zone (the
// municipality's time_zone param): deadlines end at local midnight, not at midnight UTC.
int local_date_of(lua_State* L) {
  const Timestamp t = check_timestamp(L, 1);
  char out[kIsoBufferSize];
  if (!write_local_date(LuaSandbox::context_of(L).calendar, t, out)) return luaL_error(L, "cannot format date");
  lua_pushstring(L, out);
  return 1;
}

// days_between(a, b) -> whole days from a to b (negative when b is earlier), truncated to zero.
int days_between(lua_State* L) {
  const Timestamp from = check_timestamp(L, 1);
  const Timestamp to = check_timestamp(L, 2);
  lua_pushinteger(L, (to - from) / kDayMs);
  return 1;
}

// add_days(iso, n) -> the timestamp n days later; a date-only input gives a date-only result.
int add_days(lua_State* L) {
  const Timestamp t = check_timestamp(L, 1);
  const lua_Integer days = luaL_checkinteger(L, 2);
  if (days > 1'000'000 || days < -1'000'000) return luaL_argerror(L, 2, "too many days");
  char out[kIsoBufferSize];
  const bool date_only = lua_rawlen(L, 1) == 10;
  if (!write_iso(t + days * kDayMs, date_only, out)) return luaL_error(L, "cannot format date");
  lua_pushstring(L, out);
  return 1;
}

enum class CountResult { Ok, BadInput, Failed };

// Writes the n-th working day after `text` (see add_working_days below) into `out`.
CountResult count_working_days(const WorkingCalendar* calendar, std::string_view text, int n,
                               char (&out)[kIsoBufferSize]) noexcept {
  try {
    const WorkingCalendar fallback;
    const WorkingCalendar& in = calendar ? *calendar : fallback;
    std::string result;
    if (const auto day = parse_local_date(text)) {
      result = format_local_date(in.add_working_days(*day, n));
    } else if (const auto t = parse_timestamp(text)) {
      result = format_timestamp(in.add_working_days(*t, n));
    } else {
      return CountResult::BadInput;
    }
    if (result.size() >= kIsoBufferSize) return CountResult::Failed;
    std::memcpy(out, result.c_str(), result.size() + 1);
    return CountResult::Ok;
  } catch (...) {
    return CountResult::Failed;
  }
}

// add_working_days(iso, n) -> the n-th working day after the date (n < 0: before it; n = 0: the
// date itself if it is a working day, else the next one), in the case's calendar (the tenant's
// closing days and time zone). A date gives a date; a timestamp gives the end of that working
// day (23:59:59.999 local time) as UTC text.
int add_working_days(lua_State* L) {
  std::size_t length = 0;
  const char* text = luaL_checklstring(L, 1, &length);
  const lua_Integer n = luaL_checkinteger(L, 2);
  if (n > kMaxWorkingDays || n < -kMaxWorkingDays) return luaL_argerror(L, 2, "too many working days");
  char out[kIsoBufferSize];
  const WorkingCalendar* calendar = LuaSandbox::context_of(L).calendar;
  switch (count_working_days(calendar, std::string_view(text, length), static_cast<int>(n), out)) {
    case CountResult::Ok:
      lua_pushstring(L, out);
      return 1;
    case CountResult::BadInput:
      return luaL_argerror(L, 1, lua_pushfstring(L, "not an ISO-8601 date or timestamp: '%s'", text));
    case CountResult::Failed:
      break;
  }
  return luaL_error(L, "cannot count working days");
}

// contains(list, value) -> whether an element of the list equals value; false for a nil list.
int contains(lua_State* L) {
  if (lua_isnoneornil(L, 1)) {
    lua_pushboolean(L, 0);
    return 1;
  }
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 2);
  const lua_Integer length = static_cast<lua_Integer>(lua_rawlen(L, 1));
  LuaSandbox::charge(L, static_cast<double>(length), kLongList);
  for (lua_Integer i = 1; i <= length; ++i) {
    lua_rawgeti(L, 1, i);
    const bool equal = lua_compare(L, -1, 2, LUA_OPEQ);
    lua_pop(L, 1);
    if (equal) {
      lua_pushboolean(L, 1);
      return 1;
    }
  }
  lua_pushboolean(L, 0);
  return 1;
}

// count(list, predicate) -> how many elements satisfy predicate (all elements without one);
// 0 for a nil list.
int count(lua_State* L) {
  if (lua_isnoneornil(L, 1)) {
    lua_pushinteger(L, 0);
    return 1;
  }
  luaL_checktype(L, 1, LUA_TTABLE);
  const bool has_predicate = !lua_isnoneornil(L, 2);
  if (has_predicate) luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_settop(L, 2);
  const lua_Integer length = static_cast<lua_Integer>(lua_rawlen(L, 1));
  LuaSandbox::charge(L, static_cast<double>(length), kLongList);
  lua_Integer matches = 0;
  for (lua_Integer i = 1; i <= length; ++i) {
    if (!has_predicate) {
      ++matches;
      continue;
    }
    lua_pushvalue(L, 2);
    lua_rawgeti(L, 1, i);
    lua_call(L, 1, 1);
    if (lua_toboolean(L, -1) && !is_null(L, -1)) ++matches;
    lua_pop(L, 1);
  }
  lua_pushinteger(L, matches);
  return 1;
}

int key_rank(lua_State* L, int index) {
  switch (lua_type(L, index)) {
    case LUA_TNUMBER:
      return 0;
    case LUA_TSTRING:
      return 1;
    case LUA_TBOOLEAN:
      return 2;
    default:
      return 3;
  }
}

// A total order on keys that does not depend on the string hash seed (which Lua randomizes per
// state): numbers, then strings byte-wise, then false < true; other keys compare equal.
bool key_less(lua_State* L, int a, int b) {
  const int rank_a = key_rank(L, a), rank_b = key_rank(L, b);
  if (rank_a != rank_b) return rank_a < rank_b;
  switch (rank_a) {
    case 0:
      return lua_compare(L, a, b, LUA_OPLT);
    case 1: {
      std::size_t length_a = 0, length_b = 0;
      const char* text_a = lua_tolstring(L, a, &length_a);
      const char* text_b = lua_tolstring(L, b, &length_b);
      const int order = std::memcmp(text_a, text_b, std::min(length_a, length_b));
      return order < 0 || (order == 0 && length_a < length_b);
    }
    case 2:
      return !lua_toboolean(L, a) && lua_toboolean(L, b);
    default:
      return false;
  }
}

int compare_keys(lua_State* L) {
  lua_pushboolean(L, key_less(L, 1, 2));
  return 1;
}

// The iterator of sorted_pairs: upvalues are the sorted keys and the position reached.
int next_sorted(lua_State* L) {
  const lua_Integer count = static_cast<lua_Integer>(lua_rawlen(L, lua_upvalueindex(1)));
  lua_Integer position = lua_tointeger(L, lua_upvalueindex(2));
  while (position < count) {
    ++position;
    lua_rawgeti(L, lua_upvalueindex(1), position);  // key
    lua_pushvalue(L, -1);
    if (lua_rawget(L, 1) != LUA_TNIL) {  // skip keys removed during the traversal
      lua_pushinteger(L, position);
      lua_replace(L, lua_upvalueindex(2));
      return 2;
    }
    lua_pop(L, 2);
  }
  lua_pushinteger(L, position);
  lua_replace(L, lua_upvalueindex(2));
  lua_pushnil(L);
  return 1;
}

// pairs() visiting keys in a fixed order, so that scripts iterating over case data behave the same
// in every run (the standard order follows hashes that Lua seeds randomly). Upvalue: table.sort.
int sorted_pairs(lua_State* L) {
  if (luaL_getmetafield(L, 1, "__pairs") != LUA_TNIL) {  // honour __pairs like the standard pairs
    lua_pushvalue(L, 1);
    lua_call(L, 1, 3);
    return 3;
  }
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  lua_newtable(L);  // 2: the keys
  lua_Integer key_count = 0;
  bool sorted = true;
  lua_pushnil(L);
  while (lua_next(L, 1)) {
    lua_pop(L, 1);
    if (key_count > 0) {
      lua_rawgeti(L, 2, key_count);
      if (key_less(L, -2, -1)) sorted = false;
      lua_pop(L, 1);
    }
    lua_pushvalue(L, -1);
    lua_rawseti(L, 2, ++key_count);
  }
  // Collecting and sorting the keys loops in C, where the count hook does not fire.
  const double keys = static_cast<double>(key_count);
  LuaSandbox::charge(L, sorted ? keys : keys * std::log2(keys + 1) + keys, kLongList);
  if (!sorted) {
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 2);
    lua_pushcfunction(L, compare_keys);
    lua_call(L, 2, 0);
  }
  lua_pushvalue(L, 2);
  lua_pushinteger(L, 0);
  lua_pushcclosure(L, next_sorted, 2);
  lua_pushvalue(L, 1);
  lua_pushnil(L);
  return 3;
}

// setmetatable() that refuses __gc: finalizers run later, at any allocation of any evaluation,
// with hooks disabled (so outside the instruction budget) and with another evaluation's globals.
int setmetatable_without_finalizers(lua_State* L) {
  const int metatable_type = lua_type(L, 2);
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_argexpected(L, metatable_type == LUA_TNIL || metatable_type == LUA_TTABLE, 2, "nil or table");
  if (metatable_type == LUA_TTABLE) {
    lua_pushliteral(L, "__gc");
    const bool has_finalizer = lua_rawget(L, 2) != LUA_TNIL;
    lua_pop(L, 1);
    if (has_finalizer) return luaL_error(L, "finalizers (__gc) are not allowed in scripts");
  }
  if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL) return luaL_error(L, "cannot change a protected metatable");
  lua_settop(L, 2);
  lua_setmetatable(L, 1);
  return 1;
}

// xpcall(f, handler, ...) that calls the handler after the stack is unwound. The standard xpcall
// runs the handler at the point of the error, where hooks are disabled if the error came from the
// budget hook: a looping handler would then never be stopped.
int xpcall_after_unwind(lua_State* L) {
  const int argument_count = lua_gettop(L);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_pushboolean(L, 1);  // the status, first result on success
  lua_pushvalue(L, 1);
  for (int i = 3; i <= argument_count; ++i) lua_pushvalue(L, i);
  if (lua_pcall(L, argument_count - 2, LUA_MULTRET, 0) == LUA_OK) return lua_gettop(L) - argument_count;
  lua_pushvalue(L, 2);
  lua_insert(L, -2);
  lua_call(L, 1, 1);
  lua_pushboolean(L, 0);
  lua_insert(L, -2);
  return 2;
}

}  // namespace

void install_sandbox_functions(lua_State* L, int globals) {
  globals = lua_absindex(L, globals);
  const luaL_Reg helpers[] = {
      {"date", date_of},
      {"local_date", local_date_of},
      {"days_between", days_between},
      {"add_days", add_days},
      {"add_working_days", add_working_days},
      {"contains", contains},
      {"count", count},
      {"setmetatable", setmetatable_without_finalizers},
      {"xpcall", xpcall_after_unwind},
  };
  for (const auto& helper : helpers) {
    lua_pushcfunction(L, helper.func);
    lua_setfield(L, globals, helper.name);
  }
  lua_getfield(L, globals, "table");
  lua_getfield(L, -1, "sort");
  lua_pushcclosure(L, sorted_pairs, 1);
  lua_setfield(L, globals, "pairs");
  lua_pop(L, 1);
  push_null(L);
  lua_setfield(L, globals, "null");
}

}  // namespace amtsweg::script
