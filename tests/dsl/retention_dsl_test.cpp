// `retention:` in the process language: periods in calendar units, counted as calendar dates, and
// each mistake (a period that is none, an outcome no final state has) at its file:line:column.
#include <catch2/catch.hpp>

#include "engine/calendar/retention_period.hpp"
#include "engine/clock.hpp"
#include "engine/dsl/loader.hpp"
#include "tests/dsl/dsl_test_support.hpp"

using amtsweg::add_retention_period;
using amtsweg::load_definition;
using amtsweg::parse_retention_period;
using amtsweg::parse_timestamp;
using amtsweg::testing::findings;
using amtsweg::testing::yaml;
using Lines = std::vector<std::string>;

namespace {

amtsweg::Timestamp at(const char* text) { return *parse_timestamp(text); }

std::string plus(const char* from, const char* period) {
  return amtsweg::format_timestamp(add_retention_period(at(from), *parse_retention_period(period)));
}

}  // namespace

TEST_CASE("retention periods: ISO-8601 date durations in calendar units", "[dsl][retention]") {
  const auto period = parse_retention_period("P1Y6M2W3D");
  REQUIRE(period);
  CHECK(period->years == 1);
  CHECK(period->months == 6);
  CHECK(period->days == 17);
  CHECK(period->text == "P1Y6M2W3D");
  for (const char* bad :
       {"", "P", "P0D", "P0Y0M", "PT1H", "P1DT2H", "1Y", "P1M1Y", "P1Y1Y", "P-1Y", "P12345D", "P1.5Y", "p1y", "P1"})
    CHECK_FALSE(parse_retention_period(bad));
}

TEST_CASE("retention periods count calendar dates: months end, leap days, years", "[dsl][retention]") {
  CHECK(plus("2026-03-02T09:15:00Z", "P1Y") == "2027-03-02T09:15:00Z");
  CHECK(plus("2026-01-31T10:00:00Z", "P1M") == "2026-02-28T10:00:00Z");
  CHECK(plus("2028-02-29T10:00:00Z", "P1Y") == "2029-02-28T10:00:00Z");
  CHECK(plus("2028-02-29T10:00:00Z", "P4Y") == "2032-02-29T10:00:00Z");
  CHECK(plus("2026-08-31T00:00:00Z", "P6M") == "2027-02-28T00:00:00Z");
  CHECK(plus("2026-12-25T00:00:00Z", "P2W") == "2027-01-08T00:00:00Z");
  CHECK(plus("2026-01-31T00:00:00Z", "P1M1D") == "2026-03-01T00:00:00Z");
}

namespace {

constexpr const char* kHead = R"(
id: licence
title: Licence
start: review
states:
  review:
    on:
      decided: issued
      refused: refused
  issued:
    final: true
    outcome: issued
  refused:
    final: true
)";

}  // namespace

TEST_CASE("retention: rules per outcome, a final state without outcome by its name", "[dsl][retention]") {
  const auto result = load_definition(yaml(std::string(kHead) + "retention: {issued: P1Y, refused: P3Y, cancelled: "
                                                                "P1M, default: P6M}\n"),
                                      "t.yaml");
  REQUIRE(result.definition);
  const auto& rules = result.definition->retention;
  REQUIRE(rules.size() == 4);
  CHECK(rules[0].outcome == "issued");
  CHECK(rules[0].period.years == 1);
  CHECK(rules[1].outcome == "refused");
  CHECK(rules[3].outcome == "default");
  CHECK(rules[3].period.months == 6);
  CHECK(rules[0].pos.line == 14);
}

TEST_CASE("retention: mistakes are reported at their file:line:column", "[dsl][retention]") {
  CHECK(findings(std::string(kHead) + "retention: {isued: P1Y, refused: P1H}\n") ==
        Lines{"t.yaml:14:13: retention: no final state has outcome 'isued' (write one of: cancelled, default, issued, "
              "refused)",
              "t.yaml:14:34: 'P1H' is not a retention period: write an ISO-8601 date duration in years, months, weeks "
              "or days (e.g. P1Y, P6M, P1Y6M, P30D)"});
  CHECK(findings(std::string(kHead) + "retention: P1Y\n") ==
        Lines{"t.yaml:14:12: 'retention' must map outcomes to periods, e.g. {issued: P1Y, default: P6M}"});
  CHECK(findings(std::string(kHead) + "retention:\n  issued: [P1Y]\n") ==
        Lines{"t.yaml:15:11: 'issued' must be an ISO-8601 period such as P1Y, P6M or P30D"});
}
