// The public holidays of Hesse (Hessisches Feiertagsgesetz), computed per year: fixed dates and
// the Easter-based ones, with Easter Sunday by the Gregorian computus.
#pragma once

#include <chrono>
#include <string_view>
#include <vector>

namespace amtsweg {

struct Holiday {
  std::chrono::local_days date;
  std::string_view name;  // German name, e.g. "Karfreitag"
};

// Easter Sunday of a Gregorian year (anonymous Gregorian algorithm, Meeus/Jones/Butcher).
std::chrono::year_month_day easter_sunday(std::chrono::year year);

// The holidays of `year` that can fall on a working day, in date order: Neujahr, Karfreitag,
// Ostermontag, Tag der Arbeit, Christi Himmelfahrt, Pfingstmontag, Fronleichnam, Tag der Deutschen
// Einheit, 1. and 2. Weihnachtstag. (Easter Sunday and Whit Sunday are holidays in Hesse too, but
// always Sundays.)
std::vector<Holiday> hessian_holidays(std::chrono::year year);

bool is_hessian_holiday(std::chrono::local_days day);

}  // namespace amtsweg
