// Counting working days: one local date at a time, skipping weekends, holidays and closing days.
#include "engine/calendar/working_calendar.hpp"

#include "engine/calendar/hessian_holidays.hpp"

namespace amtsweg {

using namespace std::chrono;

bool WorkingCalendar::is_working_day(local_days day) const {
  const weekday wd{day};
  if (wd == Saturday || wd == Sunday) return false;
  return !is_hessian_holiday(day) && !closing_days_.contains(day);
}

local_days WorkingCalendar::add_working_days(local_days from, int n) const {
  if (n == 0) {
    while (!is_working_day(from)) from += days{1};
    return from;
  }
  const days step{n > 0 ? 1 : -1};
  for (int remaining = n > 0 ? n : -n; remaining > 0;) {
    from += step;
    if (is_working_day(from)) --remaining;
  }
  return from;
}

Timestamp WorkingCalendar::add_working_days(Timestamp from, int n) const {
  const local_days last_day = add_working_days(zone_.local_date(from), n);
  return zone_.to_utc(last_day, days{1} - milliseconds{1});
}

Timestamp WorkingCalendar::after(const DurationSpec& duration, Timestamp from) const {
  return duration.in_working_days() ? add_working_days(from, duration.working_days) : from + duration.ms;
}

Timestamp WorkingCalendar::before(const DurationSpec& duration, Timestamp from) const {
  return duration.in_working_days() ? add_working_days(from, -duration.working_days) : from - duration.ms;
}

}  // namespace amtsweg
