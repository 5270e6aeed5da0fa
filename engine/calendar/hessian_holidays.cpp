// Hessian public holidays: four fixed dates plus those that move with Easter.
#include "engine/calendar/hessian_holidays.hpp"

#include <algorithm>

namespace amtsweg {

using namespace std::chrono;

year_month_day easter_sunday(year y) {
  const int year_number = int(y);
  const int a = year_number % 19;  // position in the 19-year Metonic cycle
  const int b = year_number / 100;
  const int c = year_number % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;  // days from 21 March to the Paschal full moon
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;  // days from the full moon to the Sunday after
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month_number = (h + l - 7 * m + 114) / 31;
  const int day_number = (h + l - 7 * m + 114) % 31 + 1;
  return year_month_day{y, month{unsigned(month_number)}, day{unsigned(day_number)}};
}

std::vector<Holiday> hessian_holidays(year y) {
  const local_days easter{easter_sunday(y)};
  std::vector<Holiday> holidays{
      {local_days{y / January / 1}, "Neujahr"},
      {easter - days{2}, "Karfreitag"},
      {easter + days{1}, "Ostermontag"},
      {local_days{y / May / 1}, "Tag der Arbeit"},
      {easter + days{39}, "Christi Himmelfahrt"},
      {easter + days{50}, "Pfingstmontag"},
      {easter + days{60}, "Fronleichnam"},
      {local_days{y / October / 3}, "Tag der Deutschen Einheit"},
      {local_days{y / December / 25}, "1. Weihnachtstag"},
      {local_days{y / December / 26}, "2. Weihnachtstag"},
  };
  // Ascension may come before 1 May (Easter on 22 March gives 30 April).
  std::stable_sort(holidays.begin(), holidays.end(),
                   [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
  return holidays;
}

bool is_hessian_holiday(local_days day) {
  const auto holidays = hessian_holidays(year_month_day{day}.year());
  return std::any_of(holidays.begin(), holidays.end(), [&](const Holiday& h) { return h.date == day; });
}

}  // namespace amtsweg
