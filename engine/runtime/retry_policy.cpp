// The backoff schedule of webhook deliveries (see retry_policy.hpp).
#include "engine/runtime/retry_policy.hpp"

#include <algorithm>
#include <cmath>

namespace amtsweg {

std::chrono::milliseconds retry_delay(const RetryPolicy& policy, int failed_attempts, double unit_random) {
  const double base = static_cast<double>(std::max<std::int64_t>(0, policy.base.count()));
  const double cap = static_cast<double>(std::max<std::int64_t>(0, policy.cap.count()));
  // 2^62 ms outlasts every cap; clamping the exponent keeps the double finite.
  const int exponent = std::clamp(failed_attempts - 1, 0, 62);
  const double delay = std::min(cap, base * std::ldexp(1.0, exponent));
  const double jitter = std::clamp(policy.jitter, 0.0, 1.0) * std::clamp(unit_random, 0.0, 1.0);
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(delay * (1.0 - jitter))));
}

}  // namespace amtsweg
