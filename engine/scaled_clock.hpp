// A clock for demonstrations only (`amtsweg serve --clock`): starts at a chosen time and runs a
// chosen number of times faster than the wall clock, so a procedure of days plays in minutes.
#pragma once

#include <chrono>

#include "engine/clock.hpp"

namespace amtsweg {

class ScaledClock final : public Clock {
 public:
  ScaledClock(Timestamp start, double speed)
      : start_(start), speed_(speed), origin_(std::chrono::steady_clock::now()) {}

  Timestamp now() const override {
    const auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - origin_);
    return start_ + static_cast<Timestamp>(elapsed.count() * speed_);
  }

 private:
  Timestamp start_;
  double speed_;
  std::chrono::steady_clock::time_point origin_;  // steady: immune to wall-clock adjustments
};

}  // namespace amtsweg
