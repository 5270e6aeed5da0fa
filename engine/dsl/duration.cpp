// ISO-8601 durations: P[nW][nD][T[nH][nM][nS]], fractions only on seconds, no years or months
// (their length varies, so a deadline in them would not be a fixed number of milliseconds);
// and "N working days", whose length depends on the calendar it is counted in.
#include "engine/dsl/duration.hpp"

#include <cctype>
#include <limits>
#include <regex>

#include "engine/calendar/working_calendar.hpp"

namespace amtsweg {
namespace {

constexpr std::int64_t kSecond = 1000;
constexpr std::int64_t kMinute = 60 * kSecond;
constexpr std::int64_t kHour = 60 * kMinute;
constexpr std::int64_t kDay = 24 * kHour;
constexpr std::int64_t kWeek = 7 * kDay;

struct Unit {
  char designator;
  std::int64_t ms;
  bool after_t;  // written after the 'T' separator
};
constexpr Unit kUnits[] = {
    {'W', kWeek, false}, {'D', kDay, false}, {'H', kHour, true}, {'M', kMinute, true}, {'S', kSecond, true}};

}  // namespace

std::optional<std::int64_t> parse_iso_duration(std::string_view text) {
  if (text.size() < 2 || text[0] != 'P') return std::nullopt;
  std::size_t i = 1;
  std::size_t next_unit = 0;  // units must appear in order, each at most once
  bool in_time = false;
  bool any_component = false;
  std::int64_t total = 0;
  while (i < text.size()) {
    if (text[i] == 'T') {
      if (in_time) return std::nullopt;
      in_time = true;
      ++i;
      if (i == text.size()) return std::nullopt;  // "P1DT" names no time component
      continue;
    }
    std::int64_t whole = 0;
    std::size_t digits = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      if (whole > (std::numeric_limits<std::int64_t>::max() - 9) / 10) return std::nullopt;
      whole = whole * 10 + (text[i] - '0');
      ++i;
      ++digits;
    }
    std::int64_t fraction_ms = 0;
    bool has_fraction = false;
    if (i < text.size() && (text[i] == '.' || text[i] == ',')) {
      has_fraction = true;
      ++i;
      std::int64_t scale = 100;
      std::size_t fraction_digits = 0;
      while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
        fraction_ms += (text[i] - '0') * scale;  // digits below a millisecond are dropped
        scale /= 10;
        ++i;
        ++fraction_digits;
      }
      if (fraction_digits == 0) return std::nullopt;
    }
    if (digits == 0 || i == text.size()) return std::nullopt;
    char designator = text[i++];
    std::size_t unit = next_unit;
    while (unit < std::size(kUnits) && kUnits[unit].designator != designator) ++unit;
    if (unit == std::size(kUnits) || kUnits[unit].after_t != in_time) return std::nullopt;
    if (has_fraction && designator != 'S') return std::nullopt;
    next_unit = unit + 1;
    std::int64_t ms = kUnits[unit].ms;
    if (whole > (std::numeric_limits<std::int64_t>::max() - total - fraction_ms) / ms) return std::nullopt;
    total += whole * ms + fraction_ms;
    any_component = true;
  }
  if (!any_component) return std::nullopt;
  return total;
}

DurationParse parse_duration(std::string_view text) {
  const std::string quoted = "'" + std::string(text) + "'";
  if (text.starts_with("P")) {
    if (auto ms = parse_iso_duration(text)) return {DurationSpec{std::string(text), *ms, 0, {}}, ""};
    return {std::nullopt, quoted + " is not an ISO-8601 duration (e.g. P14D, PT2H)"};
  }
  static const std::regex working_days{"([0-9]+) +working +days?"};
  std::match_results<std::string_view::const_iterator> match;
  if (std::regex_match(text.begin(), text.end(), match, working_days)) {
    const std::string digits = match[1].str();
    const std::size_t significant = digits.find_first_not_of('0');
    if (significant == std::string::npos)
      return {std::nullopt, quoted + ": the number of working days must be at least 1"};
    if (digits.size() - significant > 5 || std::stoi(digits) > kMaxWorkingDays)
      return {std::nullopt, quoted + " is too long: at most " + std::to_string(kMaxWorkingDays) + " working days"};
    return {DurationSpec{std::string(text), 0, std::stoi(digits), {}}, ""};
  }
  if (text.find("work") != std::string_view::npos)
    return {std::nullopt, quoted + " is not a number of working days (e.g. 10 working days, 1 working day)"};
  return {std::nullopt,
          quoted + " is not a duration: write ISO-8601 (e.g. P14D, PT2H) or working days (e.g. 10 working days)"};
}

}  // namespace amtsweg
