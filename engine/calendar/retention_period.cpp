// Parsing and calendar arithmetic of retention periods (see retention_period.hpp).
#include "engine/calendar/retention_period.hpp"

#include <cctype>
#include <chrono>

namespace amtsweg {

std::optional<RetentionPeriod> parse_retention_period(std::string_view text) {
  if (text.size() < 3 || text[0] != 'P') return std::nullopt;
  RetentionPeriod period;
  period.text = std::string(text);
  // Units must come in this order, each at most once.
  static constexpr std::string_view kUnits = "YMWD";
  std::size_t next_unit = 0, i = 1;
  bool any = false;
  while (i < text.size()) {
    int number = 0, digits = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      if (++digits > 4) return std::nullopt;
      number = number * 10 + (text[i++] - '0');
    }
    if (digits == 0 || i >= text.size()) return std::nullopt;
    const auto unit = kUnits.find(text[i++], next_unit);
    if (unit == std::string_view::npos) return std::nullopt;
    next_unit = unit + 1;
    if (kUnits[unit] == 'Y') period.years = number;
    if (kUnits[unit] == 'M') period.months = number;
    if (kUnits[unit] == 'W') period.days += 7 * number;
    if (kUnits[unit] == 'D') period.days += number;
    any = any || number > 0;
  }
  if (!any) return std::nullopt;
  return period;
}

Timestamp add_retention_period(Timestamp from, const RetentionPeriod& period) {
  using namespace std::chrono;
  const sys_time<milliseconds> moment{milliseconds(from)};
  const sys_days day = floor<days>(moment);
  const milliseconds time_of_day = moment - day;
  year_month_day date{day};
  date += years(period.years);
  date += months(period.months);
  if (!date.ok()) date = year_month_day{date.year() / date.month() / last};
  const sys_days shifted = sys_days(date) + days(period.days);
  return (shifted + time_of_day).time_since_epoch().count();
}

}  // namespace amtsweg
