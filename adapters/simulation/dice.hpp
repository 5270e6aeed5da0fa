// The simulation's source of chance and of plausible moments: a seeded generator (same seed, same
// history) and times on working days in office hours, Europe/Berlin.
#pragma once

#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "engine/calendar/working_calendar.hpp"
#include "engine/clock.hpp"

namespace amtsweg::simulation {

class Dice {
 public:
  explicit Dice(std::uint64_t seed) : generator_(seed) {}

  int between(int low, int high);  // inclusive
  double real(double low, double high);
  bool chance(double probability);
  // An index drawn with the given weights.
  std::size_t weighted(const std::vector<double>& weights);
  template <class T>
  const T& pick(const std::vector<T>& items) {
    return items[static_cast<std::size_t>(between(0, int(items.size()) - 1))];
  }

  // A moment on `day` between `from_hour` and `to_hour` local time (minutes drawn too).
  Timestamp time_on(std::chrono::local_days day, int from_hour, int to_hour);
  // A moment in office hours (08:00-16:00) on the working day `working_days` after `t`'s day,
  // never before `t` itself.
  Timestamp office_time(Timestamp t, int working_days);

  const WorkingCalendar& calendar() const { return calendar_; }

 private:
  std::mt19937_64 generator_;
  WorkingCalendar calendar_;  // Europe/Berlin, Hessian holidays
};

std::chrono::local_days local_day(Timestamp t);       // Europe/Berlin
Timestamp start_of_day(std::chrono::local_days day);  // 00:00 Europe/Berlin

}  // namespace amtsweg::simulation
