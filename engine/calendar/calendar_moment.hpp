// Month and year arithmetic, day and month boundaries and weekdays on the moments scripts write:
// a date ("2026-08-31") or a time ("2026-08-31T10:00:00Z"), read on a tenant's wall clock.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "engine/calendar/local_time.hpp"

namespace amtsweg {

// The most months one step of month arithmetic may span (1,000 years): keeps every date valid.
inline constexpr int kMaxMonths = 12'000;

// `day` moved by `months` calendar months, keeping the day of the month or, where the target month
// is shorter, its last day: 2026-08-31 + 6 months = 2027-02-28; 2028-02-29 + 12 = 2029-02-28.
std::chrono::local_days add_months(std::chrono::local_days day, int months);

// A moment as a wall clock in one time zone shows it. A date is its day at 00:00 and stays a date.
class CalendarMoment {
 public:
  // "YYYY-MM-DD" (a date) or an ISO-8601 time (read in `zone`); nullopt for anything else.
  static std::optional<CalendarMoment> parse(std::string_view text, const TimeZone& zone);

  // `months` calendar months later (earlier when negative) at the same wall-clock time, clamped to
  // the end of a shorter month; a date stays a date. |months| <= kMaxMonths.
  CalendarMoment plus_months(int months) const;
  // Whole months from this moment to `other` (negative when `other` is earlier): the largest m
  // (in magnitude) for which plus_months(m) does not pass `other`.
  int months_until(const CalendarMoment& other) const;
  // ISO-8601 weekday of the local date: 1 Monday ... 7 Sunday.
  int weekday() const;

  // The first and the last instant (00:00:00.000 and 23:59:59.999 local time) of the local day and
  // of the local month; these are always times, also for a date.
  Timestamp start_of_day() const;
  Timestamp end_of_day() const;
  Timestamp start_of_month() const;
  Timestamp end_of_month() const;

  // A date as "YYYY-MM-DD", a time as UTC text (format_timestamp).
  std::string text() const;

 private:
  CalendarMoment(std::chrono::local_days day, std::chrono::milliseconds time_of_day, bool date_only, TimeZone zone)
      : day_(day), time_of_day_(time_of_day), date_only_(date_only), zone_(std::move(zone)) {}
  bool after(const CalendarMoment& other) const;

  std::chrono::local_days day_;
  std::chrono::milliseconds time_of_day_;
  bool date_only_;
  TimeZone zone_;
};

}  // namespace amtsweg
