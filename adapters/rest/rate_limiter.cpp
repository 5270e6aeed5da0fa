// Token buckets refilled lazily: each acquire() adds what the elapsed time earned, capped at the
// burst, and takes one if there is one (see rate_limiter.hpp).
#include "adapters/rest/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

#include "engine/error.hpp"

namespace amtsweg::rest {

RateLimiter::RateLimiter(RateLimit limit, TimeSource now) : limit_(limit), now_(std::move(now)) {
  if (!(limit_.per_second > 0) || !(limit_.burst >= 1))
    throw Error(ErrorKind::InvalidArgument, "a rate limit needs a rate above 0 per second and a burst of at least 1");
}

std::optional<std::chrono::milliseconds> RateLimiter::acquire(const std::string& key) {
  const Clock::time_point now = now_();
  std::lock_guard lock(mutex_);
  auto [found, created] = buckets_.try_emplace(key, Bucket{limit_.burst, now});
  Bucket& bucket = found->second;
  if (!created) {
    const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
    bucket.tokens = std::min(limit_.burst, bucket.tokens + std::max(0.0, elapsed) * limit_.per_second);
    bucket.updated = std::max(bucket.updated, now);
  }
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return std::nullopt;
  }
  const double wait_seconds = (1 - bucket.tokens) / limit_.per_second;
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::ceil(wait_seconds * 1000)));
}

}  // namespace amtsweg::rest
