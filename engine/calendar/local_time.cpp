// The EU daylight-saving rule for Europe/Berlin, local dates of instants and instants of local
// wall-clock times, and the ISO-8601 text of a local time with its offset.
#include "engine/calendar/local_time.hpp"

#include <cstdio>
#include <cstdlib>

namespace amtsweg {

using namespace std::chrono;

namespace {

constexpr minutes kCentralEuropean{60};  // CET, UTC+1
constexpr minutes kSummer{120};          // CEST, UTC+2

Timestamp to_ms(sys_time<milliseconds> t) { return t.time_since_epoch().count(); }

// 01:00 UTC on the last Sunday of `m` in `y`: when the EU's clocks change (Directive 2000/84/EC).
Timestamp change_instant(year y, month m) {
  const sys_days last_sunday{y / m / Sunday[last]};
  return to_ms(sys_time<milliseconds>{last_sunday + hours{1}});
}

}  // namespace

std::optional<TimeZone> TimeZone::named(std::string_view name) {
  if (name == "Europe/Berlin") return berlin();
  if (name == "UTC") return utc();
  return std::nullopt;
}

TimeZone TimeZone::berlin() { return TimeZone("Europe/Berlin", Rule::CentralEuropean); }
TimeZone TimeZone::utc() { return TimeZone("UTC", Rule::Utc); }
std::string_view TimeZone::supported_names() { return "Europe/Berlin, UTC"; }

minutes TimeZone::offset_at(Timestamp t) const {
  if (rule_ == Rule::Utc) return minutes{0};
  const year y = year_month_day{floor<days>(sys_time<milliseconds>{milliseconds{t}})}.year();
  const bool summer = t >= change_instant(y, March) && t < change_instant(y, October);
  return summer ? kSummer : kCentralEuropean;
}

local_days TimeZone::local_date(Timestamp t) const {
  const milliseconds wall{t + duration_cast<milliseconds>(offset_at(t)).count()};
  return floor<days>(local_time<milliseconds>{wall});
}

Timestamp TimeZone::to_utc(local_days day, milliseconds time_of_day) const {
  const Timestamp wall = duration_cast<milliseconds>(day.time_since_epoch()).count() + time_of_day.count();
  if (rule_ == Rule::Utc) return wall;
  // Summer time first: when the wall clock shows a time twice, the earlier instant is meant.
  for (const minutes offset : {kSummer, kCentralEuropean}) {
    const Timestamp candidate = wall - duration_cast<milliseconds>(offset).count();
    if (offset_at(candidate) == offset) return candidate;
  }
  // The wall clock skips this time (spring forward): read it with the offset before the change.
  return wall - duration_cast<milliseconds>(kCentralEuropean).count();
}

std::string format_local_timestamp(Timestamp t, const TimeZone& zone) {
  const minutes offset = zone.offset_at(t);
  std::string text = format_timestamp(t + duration_cast<milliseconds>(offset).count());
  text.pop_back();  // the 'Z' of the UTC form
  const long total = offset.count();
  char suffix[8];
  std::snprintf(suffix, sizeof suffix, "%c%02ld:%02ld", total < 0 ? '-' : '+', std::labs(total) / 60,
                std::labs(total) % 60);
  return text + suffix;
}

std::string format_local_date(local_days day) {
  return format_timestamp(duration_cast<milliseconds>(day.time_since_epoch()).count()).substr(0, 10);
}

std::optional<local_days> parse_local_date(std::string_view text) {
  if (text.size() != 10) return std::nullopt;
  const auto midnight = parse_timestamp(text);
  if (!midnight) return std::nullopt;
  return local_days{floor<days>(milliseconds{*midnight})};
}

}  // namespace amtsweg
