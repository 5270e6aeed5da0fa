// A request rate limit per principal: one token bucket per key (refilled at `per_second`, holding
// at most `burst`), so a busy integrator is slowed down without affecting anyone else.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace amtsweg::rest {

struct RateLimit {
  double per_second = 50;  // sustained requests per second
  double burst = 100;      // requests allowed at once after a quiet period
};

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  using TimeSource = std::function<Clock::time_point()>;

  // Throws Error{InvalidArgument} unless per_second > 0 and burst >= 1.
  explicit RateLimiter(RateLimit limit, TimeSource now = &Clock::now);

  // Takes one request from `key`'s bucket (a new key starts full). nullopt: allowed; otherwise
  // refused, and the time until the bucket holds a request again. Thread-safe.
  std::optional<std::chrono::milliseconds> acquire(const std::string& key);

  const RateLimit& limit() const { return limit_; }

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point updated;
  };

  const RateLimit limit_;
  const TimeSource now_;
  std::mutex mutex_;
  // Keys are authenticated principals, so the table is bounded by the tokens issued.
  std::unordered_map<std::string, Bucket> buckets_;  // guarded by mutex_
};

}  // namespace amtsweg::rest
