// A tenant's working-day calendar: Monday to Friday except Hessian public holidays and the
// tenant's own closing days, counted in local dates of the tenant's time zone.
#pragma once

#include <chrono>
#include <set>

#include "engine/calendar/local_time.hpp"
#include "engine/clock.hpp"
#include "engine/model/definition.hpp"

namespace amtsweg {

// The most working days one count may span (about 40 years): keeps every count short.
inline constexpr int kMaxWorkingDays = 10000;

class WorkingCalendar {
 public:
  explicit WorkingCalendar(TimeZone zone = TimeZone::berlin(), std::set<std::chrono::local_days> closing_days = {})
      : zone_(std::move(zone)), closing_days_(std::move(closing_days)) {}

  const TimeZone& zone() const { return zone_; }
  const std::set<std::chrono::local_days>& closing_days() const { return closing_days_; }

  // Monday to Friday, not a Hessian public holiday, not one of the tenant's closing days.
  bool is_working_day(std::chrono::local_days day) const;

  // Counting as in a German Fristberechnung (§ 187 Abs. 1 BGB): `from` itself is not counted.
  // n > 0: the n-th working day after `from`; n < 0: the |n|-th working day before it;
  // n == 0: `from` if it is a working day, else the next working day.
  std::chrono::local_days add_working_days(std::chrono::local_days from, int n) const;

  // A deadline of n working days from the instant `from`: the end of the working day that
  // add_working_days() gives for from's local date, i.e. 23:59:59.999 local time (§ 188 Abs. 1
  // BGB: a period in days ends when its last day ends).
  Timestamp add_working_days(Timestamp from, int n) const;

  // The instant `duration` after / before `from`: a fixed ISO-8601 length, or working days counted
  // as add_working_days() does (so the result is the end of a working day).
  Timestamp after(const DurationSpec& duration, Timestamp from) const;
  Timestamp before(const DurationSpec& duration, Timestamp from) const;

 private:
  TimeZone zone_;
  std::set<std::chrono::local_days> closing_days_;
};

}  // namespace amtsweg
