// Retention periods (`retention: {issued: P1Y, default: P6M}`): ISO-8601 durations in calendar
// units, years, months, weeks and days, added to the time a case was closed.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/clock.hpp"

namespace amtsweg {

// A period in calendar units: P1Y is one calendar year, not 365 days (a leap year counts).
struct RetentionPeriod {
  std::string text;  // as written, e.g. "P1Y6M"
  int years = 0;
  int months = 0;
  int days = 0;  // weeks count as 7 days
};

// The period of an ISO-8601 date duration with at least one non-zero part and no time part
// (PnYnMnWnD, e.g. P1Y, P6M, P1Y6M, P30D, P2W); nullopt for anything else. Each part is at most
// 9999 so that no sum can overflow.
std::optional<RetentionPeriod> parse_retention_period(std::string_view text);

// `from` plus the period, counted in UTC calendar dates: years and months first (a day past the
// end of the month becomes its last day, 29 February plus P1Y is 28 February), then days.
Timestamp add_retention_period(Timestamp from, const RetentionPeriod& period);

}  // namespace amtsweg
