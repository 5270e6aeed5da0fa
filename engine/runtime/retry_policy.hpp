// When a failed webhook delivery is tried again: exponential backoff with jitter, a cap on the
// delay, and a maximum number of attempts after which the delivery is dead-lettered.
#pragma once

#include <chrono>

namespace amtsweg {

struct RetryPolicy {
  std::chrono::milliseconds base{60'000};    // the delay after the first failed attempt
  std::chrono::milliseconds cap{3'600'000};  // no delay is longer than this
  int max_attempts = 8;                      // the delivery is dead after this many failed attempts
  double jitter = 0.2;                       // up to this fraction of a delay is randomly taken off
};

// The delay after `failed_attempts` (>= 1) failed attempts: min(cap, base * 2^(failed_attempts-1)),
// shortened by jitter * delay * `unit_random` (a random number in [0, 1)), so that deliveries
// that failed together do not all come back at the same moment. Never negative.
std::chrono::milliseconds retry_delay(const RetryPolicy& policy, int failed_attempts, double unit_random);

}  // namespace amtsweg
