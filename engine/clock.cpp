// System clock and the ISO-8601 timestamp text form used in history, JSON and scripts.
#include "engine/clock.hpp"

#include <cctype>
#include <cstdio>

namespace amtsweg {

using namespace std::chrono;

Timestamp SystemClock::now() const {
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string format_timestamp(Timestamp t) {
  const sys_time<milliseconds> tp{milliseconds{t}};
  const auto day = floor<days>(tp);
  const year_month_day ymd{day};
  const hh_mm_ss hms{tp - day};
  char buf[40];
  const int ms = static_cast<int>(hms.subseconds().count());
  if (ms == 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", int(ymd.year()), unsigned(ymd.month()),
                  unsigned(ymd.day()), int(hms.hours().count()), int(hms.minutes().count()),
                  int(hms.seconds().count()));
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", int(ymd.year()), unsigned(ymd.month()),
                  unsigned(ymd.day()), int(hms.hours().count()), int(hms.minutes().count()), int(hms.seconds().count()),
                  ms);
  }
  return buf;
}

std::optional<Timestamp> parse_timestamp(std::string_view text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, consumed = 0;
  const std::string str(text);
  if (std::sscanf(str.c_str(), "%4d-%2d-%2d%n", &y, &mo, &d, &consumed) != 3 || consumed != 10) return std::nullopt;
  const year_month_day ymd{year{y}, month{unsigned(mo)}, day{unsigned(d)}};
  if (!ymd.ok()) return std::nullopt;
  Timestamp result = duration_cast<milliseconds>(sys_days{ymd}.time_since_epoch()).count();
  std::size_t pos = 10;
  if (pos == str.size()) return result;
  if (str[pos] != 'T' && str[pos] != ' ') return std::nullopt;
  if (std::sscanf(str.c_str() + pos + 1, "%2d:%2d:%2d%n", &h, &mi, &s, &consumed) != 3 || consumed != 8 || h > 23 ||
      mi > 59 || s > 60)
    return std::nullopt;
  pos += 9;
  result += ((h * 60 + mi) * 60 + s) * 1000LL;
  if (pos < str.size() && str[pos] == '.') {
    int digits = 0, frac = 0;
    ++pos;
    while (pos < str.size() && std::isdigit(static_cast<unsigned char>(str[pos]))) {
      if (digits < 3) frac = frac * 10 + (str[pos] - '0'), ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    while (digits < 3) frac *= 10, ++digits;
    result += frac;
  }
  if (pos == str.size()) return result;  // no zone: read as UTC
  if (str[pos] == 'Z' && pos + 1 == str.size()) return result;
  if ((str[pos] == '+' || str[pos] == '-') && str.size() - pos == 6 && str[pos + 3] == ':') {
    const int oh = std::stoi(str.substr(pos + 1, 2)), om = std::stoi(str.substr(pos + 4, 2));
    const Timestamp offset = (oh * 60 + om) * 60000LL;
    return str[pos] == '+' ? result - offset : result + offset;
  }
  return std::nullopt;
}

}  // namespace amtsweg
