// Month arithmetic with end-of-month clamping, and the wall-clock reading of dates and times that
// the scripts' date functions (add_months, start_of_month, weekday, ...) are made of.
#include "engine/calendar/calendar_moment.hpp"

#include <algorithm>

namespace amtsweg {

using namespace std::chrono;

namespace {

constexpr milliseconds kLastMillisecond = days{1} - milliseconds{1};

}  // namespace

local_days add_months(local_days day, int months) {
  const year_month_day date{day};
  const year_month shifted = year_month{date.year(), date.month()} + std::chrono::months{months};
  const auto last = year_month_day_last{shifted.year(), month_day_last{shifted.month()}}.day();
  return local_days{year_month_day{shifted.year(), shifted.month(), std::min(date.day(), last)}};
}

std::optional<CalendarMoment> CalendarMoment::parse(std::string_view text, const TimeZone& zone) {
  if (const auto day = parse_local_date(text)) return CalendarMoment(*day, milliseconds{0}, true, zone);
  const auto t = parse_timestamp(text);
  if (!t) return std::nullopt;
  const local_days day = zone.local_date(*t);
  const Timestamp wall = *t + duration_cast<milliseconds>(zone.offset_at(*t)).count();
  const milliseconds time_of_day{wall - duration_cast<milliseconds>(day.time_since_epoch()).count()};
  return CalendarMoment(day, time_of_day, false, zone);
}

CalendarMoment CalendarMoment::plus_months(int months) const {
  return CalendarMoment(add_months(day_, months), time_of_day_, date_only_, zone_);
}

bool CalendarMoment::after(const CalendarMoment& other) const {
  return day_ != other.day_ ? day_ > other.day_ : time_of_day_ > other.time_of_day_;
}

int CalendarMoment::months_until(const CalendarMoment& other) const {
  const year_month_day from{day_}, to{other.day_};
  int months =
      (static_cast<int>(to.year()) - static_cast<int>(from.year())) * 12 +
      (static_cast<int>(static_cast<unsigned>(to.month())) - static_cast<int>(static_cast<unsigned>(from.month())));
  if (months > 0 && plus_months(months).after(other)) --months;
  if (months < 0 && other.after(plus_months(months))) ++months;
  return months;
}

int CalendarMoment::weekday() const { return static_cast<int>(std::chrono::weekday{day_}.iso_encoding()); }

Timestamp CalendarMoment::start_of_day() const { return zone_.to_utc(day_, milliseconds{0}); }
Timestamp CalendarMoment::end_of_day() const { return zone_.to_utc(day_, kLastMillisecond); }

Timestamp CalendarMoment::start_of_month() const {
  const year_month_day date{day_};
  return zone_.to_utc(local_days{date.year() / date.month() / 1}, milliseconds{0});
}

Timestamp CalendarMoment::end_of_month() const {
  const year_month_day date{day_};
  return zone_.to_utc(local_days{date.year() / date.month() / last}, kLastMillisecond);
}

std::string CalendarMoment::text() const {
  if (date_only_) return format_local_date(day_);
  return format_timestamp(zone_.to_utc(day_, time_of_day_));
}

}  // namespace amtsweg
