// Chance and plausible moments for the simulation (see dice.hpp).
#include "adapters/simulation/dice.hpp"

#include <algorithm>

#include "engine/calendar/local_time.hpp"

namespace amtsweg::simulation {

int Dice::between(int low, int high) { return std::uniform_int_distribution<int>(low, high)(generator_); }

double Dice::real(double low, double high) { return std::uniform_real_distribution<double>(low, high)(generator_); }

bool Dice::chance(double probability) { return real(0, 1) < probability; }

std::size_t Dice::weighted(const std::vector<double>& weights) {
  double total = 0;
  for (double w : weights) total += w;
  double roll = real(0, total);
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (roll < weights[i]) return i;
    roll -= weights[i];
  }
  return weights.size() - 1;
}

Timestamp Dice::time_on(std::chrono::local_days day, int from_hour, int to_hour) {
  const int minute = between(from_hour * 60, to_hour * 60 - 1);
  return calendar_.zone().to_utc(day, std::chrono::minutes(minute)) + between(0, 59) * 1000;
}

Timestamp Dice::office_time(Timestamp t, int working_days) {
  const auto day = calendar_.add_working_days(local_day(t), std::max(working_days, 0));
  const Timestamp moment = time_on(day, 8, 16);
  return std::max(moment, t + between(5, 90) * 60 * 1000);
}

std::chrono::local_days local_day(Timestamp t) { return TimeZone::berlin().local_date(t); }

Timestamp start_of_day(std::chrono::local_days day) {
  return TimeZone::berlin().to_utc(day, std::chrono::milliseconds(0));
}

}  // namespace amtsweg::simulation
