// ISO-8601 durations of `after: in:` and task `due:`: what is accepted and what each is worth.
// Years and months are refused because their length varies.
#include <catch2/catch.hpp>

#include "engine/dsl/duration.hpp"

using amtsweg::parse_iso_duration;

namespace {
constexpr std::int64_t kSecond = 1000, kMinute = 60 * kSecond, kHour = 60 * kMinute, kDay = 24 * kHour;
}

TEST_CASE("durations in days, weeks, hours, minutes and seconds", "[dsl]") {
  CHECK(parse_iso_duration("P14D") == 14 * kDay);
  CHECK(parse_iso_duration("P2W") == 14 * kDay);
  CHECK(parse_iso_duration("PT2H") == 2 * kHour);
  CHECK(parse_iso_duration("PT90M") == 90 * kMinute);
  CHECK(parse_iso_duration("PT30S") == 30 * kSecond);
  CHECK(parse_iso_duration("P1DT12H") == kDay + 12 * kHour);
  CHECK(parse_iso_duration("P1W2DT3H4M5S") == 7 * kDay + 2 * kDay + 3 * kHour + 4 * kMinute + 5 * kSecond);
  CHECK(parse_iso_duration("PT0S") == 0);
}

TEST_CASE("fractions are allowed on seconds only", "[dsl]") {
  CHECK(parse_iso_duration("PT1.5S") == 1500);
  CHECK(parse_iso_duration("PT0,25S") == 250);
  CHECK(parse_iso_duration("PT0.0019S") == 1);  // below a millisecond is dropped
  CHECK_FALSE(parse_iso_duration("PT1.5H"));
  CHECK_FALSE(parse_iso_duration("P1.5D"));
  CHECK_FALSE(parse_iso_duration("PT1.S"));
}

TEST_CASE("malformed durations, years and months are refused", "[dsl]") {
  for (const char* text : {"", "P", "PT", "P1DT", "14D", "P14", "P14X", "P1Y", "P1M", "PT1D", "P1H", "P1D2W", "PT1S2M",
                           "P1D1D", "p14d", "P 1D", "P-1D", "PTT1H", "P99999999999999999999D"}) {
    INFO(text);
    CHECK_FALSE(parse_iso_duration(text));
  }
}
