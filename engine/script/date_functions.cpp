// The calendar functions scripts call (guards, `=` values and templates alike): Lua arguments are
// checked here, the arithmetic is CalendarMoment's, in the time zone of the case's calendar.
#include "engine/script/date_functions.hpp"

extern "C" {
#include <lauxlib.h>
}

#include <cstring>
#include <optional>
#include <string_view>

#include "engine/calendar/calendar_moment.hpp"
#include "engine/calendar/working_calendar.hpp"
#include "engine/script/sandbox.hpp"

namespace amtsweg::script {
namespace {

// The lua_CFunctions below may raise Lua errors, which longjmp: no object with a destructor may be
// alive then, so every C++ step runs in the noexcept helpers, which write into caller buffers.

constexpr std::size_t kTextSize = 40;
constexpr const char* kNotAMoment = "not an ISO-8601 date or timestamp: '%s'";

enum class Boundary { None, StartOfDay, EndOfDay, StartOfMonth, EndOfMonth };

TimeZone zone_of(lua_State* L) {
  const WorkingCalendar* calendar = LuaSandbox::context_of(L).calendar;
  return calendar ? calendar->zone() : TimeZone::berlin();
}

// The text of `moment` moved by `months`, or of one of its boundaries; false for a bad moment.
bool moment_text(lua_State* L, std::string_view moment, int months, Boundary boundary,
                 char (&out)[kTextSize]) noexcept {
  try {
    const auto parsed = CalendarMoment::parse(moment, zone_of(L));
    if (!parsed) return false;
    std::string text;
    switch (boundary) {
      case Boundary::None:
        text = parsed->plus_months(months).text();
        break;
      case Boundary::StartOfDay:
        text = format_timestamp(parsed->start_of_day());
        break;
      case Boundary::EndOfDay:
        text = format_timestamp(parsed->end_of_day());
        break;
      case Boundary::StartOfMonth:
        text = format_timestamp(parsed->start_of_month());
        break;
      case Boundary::EndOfMonth:
        text = format_timestamp(parsed->end_of_month());
        break;
    }
    if (text.size() >= kTextSize) return false;
    std::memcpy(out, text.c_str(), text.size() + 1);
    return true;
  } catch (...) {
    return false;
  }
}

// months_between(from, to) when `to` is given, else the weekday of `from`; nullopt for a bad moment.
std::optional<int> moment_number(lua_State* L, std::string_view from, std::optional<std::string_view> to) noexcept {
  try {
    const TimeZone zone = zone_of(L);
    const auto a = CalendarMoment::parse(from, zone);
    if (!a) return std::nullopt;
    if (!to) return a->weekday();
    const auto b = CalendarMoment::parse(*to, zone);
    if (!b) return std::nullopt;
    return a->months_until(*b);
  } catch (...) {
    return std::nullopt;
  }
}

std::string_view check_moment(lua_State* L, int arg) {
  std::size_t length = 0;
  const char* text = luaL_checklstring(L, arg, &length);
  return {text, length};
}

int check_months(lua_State* L, int arg, lua_Integer per_unit) {
  const lua_Integer n = luaL_checkinteger(L, arg);
  if (n > kMaxMonths / per_unit || n < -kMaxMonths / per_unit) luaL_argerror(L, arg, "too far: at most 1000 years");
  return static_cast<int>(n * per_unit);
}

int push_moment(lua_State* L, std::string_view moment, int months, Boundary boundary) {
  char out[kTextSize];
  if (!moment_text(L, moment, months, boundary, out))
    return luaL_argerror(L, 1, lua_pushfstring(L, kNotAMoment, moment.data()));
  lua_pushstring(L, out);
  return 1;
}

// add_months(t, n) / add_years(t, n): n calendar months / years later, clamped to a shorter
// month's last day; a date gives a date, a time the same wall-clock time as UTC text.
int add_months_of(lua_State* L) { return push_moment(L, check_moment(L, 1), check_months(L, 2, 1), Boundary::None); }
int add_years_of(lua_State* L) { return push_moment(L, check_moment(L, 1), check_months(L, 2, 12), Boundary::None); }

// start_of_day(t), end_of_day(t), start_of_month(t), end_of_month(t): UTC times of the first and
// the last millisecond of t's local day or month.
int start_of_day(lua_State* L) { return push_moment(L, check_moment(L, 1), 0, Boundary::StartOfDay); }
int end_of_day(lua_State* L) { return push_moment(L, check_moment(L, 1), 0, Boundary::EndOfDay); }
int start_of_month(lua_State* L) { return push_moment(L, check_moment(L, 1), 0, Boundary::StartOfMonth); }
int end_of_month(lua_State* L) { return push_moment(L, check_moment(L, 1), 0, Boundary::EndOfMonth); }

// months_between(a, b): whole calendar months from a to b (negative when b is earlier).
int months_between(lua_State* L) {
  const std::string_view from = check_moment(L, 1);
  const std::string_view to = check_moment(L, 2);
  const auto months = moment_number(L, from, to);
  if (!months)
    return luaL_error(L, "months_between: not an ISO-8601 date or timestamp: '%s' or '%s'", from.data(), to.data());
  lua_pushinteger(L, *months);
  return 1;
}

// weekday(t): 1 (Monday) to 7 (Sunday), of t's local date.
int weekday_of(lua_State* L) {
  const std::string_view moment = check_moment(L, 1);
  const auto day = moment_number(L, moment, std::nullopt);
  if (!day) return luaL_argerror(L, 1, lua_pushfstring(L, kNotAMoment, moment.data()));
  lua_pushinteger(L, *day);
  return 1;
}

}  // namespace

void install_date_functions(lua_State* L, int globals) {
  globals = lua_absindex(L, globals);
  const luaL_Reg functions[] = {
      {"add_months", add_months_of},      {"add_years", add_years_of},
      {"months_between", months_between}, {"weekday", weekday_of},
      {"start_of_day", start_of_day},     {"end_of_day", end_of_day},
      {"start_of_month", start_of_month}, {"end_of_month", end_of_month},
  };
  for (const auto& function : functions) {
    lua_pushcfunction(L, function.func);
    lua_setfield(L, globals, function.name);
  }
}

}  // namespace amtsweg::script
