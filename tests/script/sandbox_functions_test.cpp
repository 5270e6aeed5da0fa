// The helper functions scripts get for dates and lists: date, local_date, days_between, add_days,
// add_working_days, contains, count.
#include <catch2/catch.hpp>

#include "engine/calendar/working_calendar.hpp"
#include "engine/error.hpp"
#include "tests/script/script_test_support.hpp"

namespace amtsweg {
namespace {
namespace json = boost::json;
using script_test::CaseFixture;
using script_test::code;
using script_test::failure_message;

TEST_CASE("date helpers work on ISO timestamps", "[script]") {
  ScriptEngine engine;
  CaseFixture fixture;
  const auto b = fixture.bindings();
  CHECK(engine.evaluate(code("date(now)"), b) == "2026-03-15");
  CHECK(engine.evaluate(code("date('2026-03-01T23:30:00-02:00')"), b) == "2026-03-02");  // the UTC date
  CHECK(engine.evaluate(code("days_between(data.submitted, now)"), b) == 14);
  CHECK(engine.evaluate(code("days_between(now, data.submitted)"), b) == -14);
  CHECK(engine.evaluate(code("days_between('2026-03-01', '2026-03-01T23:59:59Z')"), b) == 0);
  CHECK(engine.test(code("days_between(data.submitted, now) >= params.deadline_days"), b));
  CHECK(engine.evaluate(code("add_days(now, 14)"), b) == "2026-03-29T10:30:00Z");
  CHECK(engine.evaluate(code("add_days('2026-02-27', 2)"), b) == "2026-03-01");
  CHECK(engine.evaluate(code("add_days('2026-03-01', -1)"), b) == "2026-02-28");
  CHECK_THAT(failure_message([&] { engine.evaluate(code("date('gestern')"), b); }),
             Catch::Contains("not an ISO-8601 date or timestamp: 'gestern'"));
  CHECK_THAT(failure_message([&] { engine.evaluate(code("add_days(now, 1.5)"), b); }), Catch::Contains("add_days"));
}

TEST_CASE("add_working_days counts in the calendar it is given, Berlin's by default", "[script]") {
  ScriptEngine engine;
  CaseFixture fixture;
  auto b = fixture.bindings();
  // Maundy Thursday 2026 + 1: Good Friday, the weekend and Easter Monday are skipped.
  CHECK(engine.evaluate(code("add_working_days('2026-04-02', 1)"), b) == "2026-04-07");
  CHECK(engine.evaluate(code("add_working_days('2026-04-07', -1)"), b) == "2026-04-02");
  CHECK(engine.evaluate(code("add_working_days('2026-04-04', 0)"), b) == "2026-04-07");
  // A timestamp gives the end of that working day, 23:59:59.999 in Berlin (CEST), as UTC.
  CHECK(engine.evaluate(code("add_working_days('2026-04-02T08:00:00Z', 1)"), b) == "2026-04-07T21:59:59.999Z");

  const WorkingCalendar utc_with_closing_day(TimeZone::utc(), {*parse_local_date("2026-04-07")});
  b.calendar = &utc_with_closing_day;
  CHECK(engine.evaluate(code("add_working_days('2026-04-02', 1)"), b) == "2026-04-08");
  CHECK(engine.evaluate(code("add_working_days('2026-04-02T08:00:00Z', 1)"), b) == "2026-04-08T23:59:59.999Z");

  CHECK_THAT(failure_message([&] { engine.evaluate(code("add_working_days('Ostern', 1)"), b); }),
             Catch::Contains("not an ISO-8601 date or timestamp: 'Ostern'"));
  CHECK_THAT(failure_message([&] { engine.evaluate(code("add_working_days(now, 20000)"), b); }),
             Catch::Contains("too many working days"));
  CHECK_THAT(failure_message([&] { engine.evaluate(code("add_working_days(now)"), b); }),
             Catch::Contains("add_working_days"));
}

TEST_CASE("local_date gives the calendar date in the case's time zone, Berlin's by default", "[script]") {
  ScriptEngine engine;
  CaseFixture fixture;
  auto b = fixture.bindings();
  CHECK(engine.evaluate(code("local_date('2022-12-31T22:59:59Z')"), b) == "2022-12-31");  // CET: 23:59:59
  CHECK(engine.evaluate(code("local_date('2022-12-31T23:00:00Z')"), b) == "2023-01-01");
  CHECK(engine.evaluate(code("local_date('2024-06-30T21:59:59Z')"), b) == "2024-06-30");  // CEST: 23:59:59
  CHECK(engine.evaluate(code("local_date('2024-06-30T22:00:00Z')"), b) == "2024-07-01");
  // Summer time starts on the last Sunday of March (2024-03-31) and ends on the last Sunday of
  // October (2024-10-27), both at 01:00 UTC.
  CHECK(engine.evaluate(code("local_date('2024-03-30T22:59:59Z')"), b) == "2024-03-30");  // CET
  CHECK(engine.evaluate(code("local_date('2024-03-31T22:00:00Z')"), b) == "2024-04-01");  // CEST
  CHECK(engine.evaluate(code("local_date('2024-10-26T22:00:00Z')"), b) == "2024-10-27");  // CEST
  CHECK(engine.evaluate(code("local_date('2024-10-27T22:59:59Z')"), b) == "2024-10-27");  // CET again
  CHECK(engine.evaluate(code("local_date('2024-10-27T23:00:00Z')"), b) == "2024-10-28");
  CHECK(engine.evaluate(code("local_date('2026-03-01')"), b) == "2026-03-01");
  CHECK_THAT(failure_message([&] { engine.evaluate(code("local_date('morgen')"), b); }),
             Catch::Contains("not an ISO-8601 date or timestamp: 'morgen'"));

  const WorkingCalendar utc(TimeZone::utc());
  b.calendar = &utc;
  CHECK(engine.evaluate(code("local_date('2022-12-31T23:00:00Z')"), b) == "2022-12-31");
}

TEST_CASE("list helpers contains and count", "[script]") {
  ScriptEngine engine;
  CaseFixture fixture;
  const auto b = fixture.bindings();
  CHECK(engine.test(code("contains(data.tags, 'eilig')"), b));
  CHECK_FALSE(engine.test(code("contains(data.tags, 'langsam')"), b));
  CHECK_FALSE(engine.test(code("contains(data.missing, 'x')"), b));
  CHECK(engine.evaluate(code("count(data.children, function(c) return c.age < 6 end)"), b) == 1);
  CHECK(engine.evaluate(code("count(related, function(r) return r.data.amount > 500 end)"), b) == 2);
  CHECK(engine.evaluate(code("count(data.tags)"), b) == 2);
  CHECK(engine.evaluate(code("count(nil)"), b) == 0);
  CHECK_THAT(failure_message([&] { engine.evaluate(code("count(data.tags, 5)"), b); }), Catch::Contains("count"));
  CHECK_THAT(failure_message([&] { engine.evaluate(code("contains('abc', 'b')"), b); }), Catch::Contains("contains"));
}

}  // namespace
}  // namespace amtsweg
