// The injectable clock: the engine asks it for "now", so tests and simulations can move time.
// Timestamps are UTC milliseconds since the epoch throughout the engine (type Timestamp).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace amtsweg {

using Timestamp = std::int64_t;  // UTC milliseconds since 1970-01-01T00:00:00Z

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp now() const = 0;
};

// Wall-clock time. Thread-safe.
class SystemClock final : public Clock {
 public:
  Timestamp now() const override;
};

// A clock that only moves when told to. Thread-safe (tests move it while the writer reads it).
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start) : now_(start) {}
  Timestamp now() const override { return now_.load(); }
  void set(Timestamp t) { now_.store(t); }
  void advance(std::chrono::milliseconds d) { now_.fetch_add(d.count()); }

 private:
  std::atomic<Timestamp> now_;
};

// "2026-11-23T11:18:07.123Z"; milliseconds are omitted when zero.
std::string format_timestamp(Timestamp t);

// Parses "2026-11-23", "2026-11-23T11:18:07Z", "...07.123Z" and offsets "+01:00".
std::optional<Timestamp> parse_timestamp(std::string_view text);

}  // namespace amtsweg
