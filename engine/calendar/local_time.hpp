// Local time in a tenant's time zone: "Europe/Berlin" (CET/CEST by the EU daylight-saving rule)
// or "UTC". g++ 12's libstdc++ has no time-zone database, so the EU rule is implemented here.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "engine/clock.hpp"

namespace amtsweg {

// A supported time zone. A plain value; every function is pure and thread-safe.
class TimeZone {
 public:
  // "Europe/Berlin" (the default of every tenant) or "UTC"; nullopt for any other name.
  static std::optional<TimeZone> named(std::string_view name);
  static TimeZone berlin();
  static TimeZone utc();
  // The names named() accepts, for messages: "Europe/Berlin, UTC".
  static std::string_view supported_names();

  const std::string& name() const { return name_; }

  // Offset from UTC at the instant `t`: +01:00 (CET) or +02:00 (CEST, from the last Sunday of
  // March 01:00 UTC to the last Sunday of October 01:00 UTC) in Europe/Berlin; 0 in UTC.
  std::chrono::minutes offset_at(Timestamp t) const;
  // The calendar date on a wall clock in this zone at the instant `t`.
  std::chrono::local_days local_date(Timestamp t) const;
  // The instant at which the wall clock shows `time_of_day` on `day`. A time that is skipped when
  // the clocks go forward is read with the offset before the change (02:30 becomes 03:30 CEST);
  // a time that occurs twice when they go back is the earlier instant.
  Timestamp to_utc(std::chrono::local_days day, std::chrono::milliseconds time_of_day) const;

 private:
  enum class Rule { Utc, CentralEuropean };
  TimeZone(std::string name, Rule rule) : name_(std::move(name)), rule_(rule) {}

  std::string name_;
  Rule rule_;
};

// "2026-12-04T17:00:00+01:00": the wall-clock time in `zone` with its offset (milliseconds only
// when not zero, as format_timestamp).
std::string format_local_timestamp(Timestamp t, const TimeZone& zone);

// "2026-12-04" for a local date.
std::string format_local_date(std::chrono::local_days day);
// Reads "YYYY-MM-DD" exactly; nullopt for anything else or an impossible date.
std::optional<std::chrono::local_days> parse_local_date(std::string_view text);

}  // namespace amtsweg
