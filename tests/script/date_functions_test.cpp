// The scripts' calendar functions: add_months and add_years with end-of-month clamping, day and
// month boundaries in the case's time zone, months_between and weekday, and their refusals.
#include <catch2/catch.hpp>

#include "engine/calendar/working_calendar.hpp"
#include "engine/error.hpp"
#include "tests/script/script_test_support.hpp"

namespace amtsweg {
namespace {
using script_test::CaseFixture;
using script_test::code;
using script_test::failure_message;

TEST_CASE("add_months and add_years keep the day or clamp it to the end of a shorter month", "[script][dates]") {
  ScriptEngine engine;
  CaseFixture fixture;
  const auto b = fixture.bindings();
  CHECK(engine.evaluate(code("add_months('2026-08-31', 6)"), b) == "2027-02-28");
  CHECK(engine.evaluate(code("add_months('2027-08-31', 6)"), b) == "2028-02-29");  // a leap year
  CHECK(engine.evaluate(code("add_months('2026-01-31', 1)"), b) == "2026-02-28");
  CHECK(engine.evaluate(code("add_months('2026-03-31', -1)"), b) == "2026-02-28");
  CHECK(engine.evaluate(code("add_months('2026-01-15', 25)"), b) == "2028-02-15");
  CHECK(engine.evaluate(code("add_months('2026-05-10', 0)"), b) == "2026-05-10");
  CHECK(engine.evaluate(code("add_years('2028-02-29', 1)"), b) == "2029-02-28");
  CHECK(engine.evaluate(code("add_years('2028-02-29', 4)"), b) == "2032-02-29");
  CHECK(engine.evaluate(code("add_years('2026-07-01', -3)"), b) == "2023-07-01");
  // A time keeps its wall-clock time in Berlin: 12:00 CEST in August is 12:00 CET in February.
  CHECK(engine.evaluate(code("add_months('2026-08-31T10:00:00Z', 6)"), b) == "2027-02-28T11:00:00Z");
  CHECK(engine.evaluate(code("add_months(now, 1)"), b) == "2026-04-15T09:30:00Z");  // 11:30 CET -> 11:30 CEST
}

TEST_CASE("day and month boundaries are local times of the case's time zone, as UTC text", "[script][dates]") {
  ScriptEngine engine;
  CaseFixture fixture;
  auto b = fixture.bindings();
  CHECK(engine.evaluate(code("start_of_day(now)"), b) == "2026-03-14T23:00:00Z");
  CHECK(engine.evaluate(code("end_of_day(now)"), b) == "2026-03-15T22:59:59.999Z");
  CHECK(engine.evaluate(code("start_of_month(now)"), b) == "2026-02-28T23:00:00Z");
  CHECK(engine.evaluate(code("end_of_month(now)"), b) == "2026-03-31T21:59:59.999Z");  // CEST from 29 March
  CHECK(engine.evaluate(code("end_of_month('2028-02-10')"), b) == "2028-02-29T22:59:59.999Z");
  CHECK(engine.evaluate(code("start_of_day('2026-07-01')"), b) == "2026-06-30T22:00:00Z");
  // 23:30 UTC on New Year's Eve is already the 1st of January in Berlin.
  CHECK(engine.evaluate(code("start_of_month('2026-12-31T23:30:00Z')"), b) == "2026-12-31T23:00:00Z");
  const WorkingCalendar utc(TimeZone::utc());
  b.calendar = &utc;
  CHECK(engine.evaluate(code("start_of_month('2026-12-31T23:30:00Z')"), b) == "2026-12-01T00:00:00Z");
  CHECK(engine.evaluate(code("end_of_day(now)"), b) == "2026-03-15T23:59:59.999Z");
}

TEST_CASE("months_between counts whole calendar months, weekday the ISO day of the week", "[script][dates]") {
  ScriptEngine engine;
  CaseFixture fixture;
  const auto b = fixture.bindings();
  CHECK(engine.evaluate(code("months_between('2026-01-15', '2026-03-15')"), b) == 2);
  CHECK(engine.evaluate(code("months_between('2026-01-15', '2026-03-14')"), b) == 1);
  CHECK(engine.evaluate(code("months_between('2026-08-31', '2027-02-28')"), b) == 6);  // as add_months counts
  CHECK(engine.evaluate(code("months_between('2026-03-15', '2026-01-16')"), b) == -1);
  CHECK(engine.evaluate(code("months_between('1990-05-20', '2026-05-19') // 12"), b) == 35);  // an age in years
  CHECK(engine.evaluate(code("months_between('2026-02-15T12:00:00Z', '2026-03-15T11:00:00Z')"), b) == 0);
  CHECK(engine.evaluate(code("weekday('2026-03-16')"), b) == 1);            // a Monday
  CHECK(engine.evaluate(code("weekday(now)"), b) == 7);                     // Sunday, 15 March 2026
  CHECK(engine.evaluate(code("weekday('2026-03-15T23:30:00Z')"), b) == 1);  // Monday in Berlin
}

TEST_CASE("the date functions refuse what is not a date or time, and counts beyond 1000 years", "[script][dates]") {
  ScriptEngine engine;
  CaseFixture fixture;
  const auto b = fixture.bindings();
  CHECK_THAT(failure_message([&] { engine.evaluate(code("add_months('31.08.2026', 6)"), b); }),
             Catch::Contains("not an ISO-8601 date or timestamp: '31.08.2026'"));
  CHECK_THAT(failure_message([&] { engine.evaluate(code("end_of_month('2026-02-30')"), b); }),
             Catch::Contains("not an ISO-8601 date or timestamp: '2026-02-30'"));
  CHECK_THAT(failure_message([&] { engine.evaluate(code("add_years(now, 2000)"), b); }),
             Catch::Contains("at most 1000 years"));
  CHECK_THAT(failure_message([&] { engine.evaluate(code("add_months(now, 1.5)"), b); }), Catch::Contains("add_months"));
  CHECK_THAT(failure_message([&] { engine.evaluate(code("weekday(nil)"), b); }), Catch::Contains("weekday"));
  CHECK_THAT(failure_message([&] { engine.evaluate(code("months_between(now, 'morgen')"), b); }),
             Catch::Contains("'morgen'"));
}

}  // namespace
}  // namespace amtsweg
