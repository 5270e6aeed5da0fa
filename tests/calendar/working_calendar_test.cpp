// The working-day calendar: Easter by the computus, the Hessian holidays of a year, counting
// working days across Easter, Christmas/New Year and closing days, local time around the EU
// daylight-saving changes, and the checks of the calendar params.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "engine/calendar/calendar_params.hpp"
#include "engine/calendar/hessian_holidays.hpp"
#include "engine/calendar/local_time.hpp"
#include "engine/calendar/working_calendar.hpp"
#include "engine/error.hpp"

namespace amtsweg {
namespace {

using namespace std::chrono;

local_days date(const char* text) { return *parse_local_date(text); }
Timestamp at(const char* text) { return *parse_timestamp(text); }

std::vector<std::string> holiday_lines(int y) {
  std::vector<std::string> lines;
  for (const auto& h : hessian_holidays(year{y}))
    lines.push_back(format_local_date(h.date) + " " + std::string(h.name));
  return lines;
}

}  // namespace

TEST_CASE("Easter Sunday by the Gregorian computus", "[calendar]") {
  CHECK(easter_sunday(year{2024}) == year{2024} / March / 31);
  CHECK(easter_sunday(year{2025}) == year{2025} / April / 20);
  CHECK(easter_sunday(year{2026}) == year{2026} / April / 5);
  CHECK(easter_sunday(year{2027}) == year{2027} / March / 28);
  CHECK(easter_sunday(year{2000}) == year{2000} / April / 23);
  CHECK(easter_sunday(year{2019}) == year{2019} / April / 21);
  // The extremes: as early as 22 March, as late as 25 April.
  CHECK(easter_sunday(year{2285}) == year{2285} / March / 22);
  CHECK(easter_sunday(year{2038}) == year{2038} / April / 25);
}

TEST_CASE("the Hessian holidays of 2026 and 2027", "[calendar]") {
  CHECK(holiday_lines(2026) == std::vector<std::string>{
                                   "2026-01-01 Neujahr",
                                   "2026-04-03 Karfreitag",
                                   "2026-04-06 Ostermontag",
                                   "2026-05-01 Tag der Arbeit",
                                   "2026-05-14 Christi Himmelfahrt",
                                   "2026-05-25 Pfingstmontag",
                                   "2026-06-04 Fronleichnam",
                                   "2026-10-03 Tag der Deutschen Einheit",
                                   "2026-12-25 1. Weihnachtstag",
                                   "2026-12-26 2. Weihnachtstag",
                               });
  CHECK(holiday_lines(2027) == std::vector<std::string>{
                                   "2027-01-01 Neujahr",
                                   "2027-03-26 Karfreitag",
                                   "2027-03-29 Ostermontag",
                                   "2027-05-01 Tag der Arbeit",
                                   "2027-05-06 Christi Himmelfahrt",
                                   "2027-05-17 Pfingstmontag",
                                   "2027-05-27 Fronleichnam",
                                   "2027-10-03 Tag der Deutschen Einheit",
                                   "2027-12-25 1. Weihnachtstag",
                                   "2027-12-26 2. Weihnachtstag",
                               });
  // Ascension before 1 May (Easter on 22 March 2285) stays in date order.
  CHECK(holiday_lines(2285)[3] == "2285-04-30 Christi Himmelfahrt");
  CHECK(is_hessian_holiday(date("2026-06-04")));
  CHECK_FALSE(is_hessian_holiday(date("2026-12-24")));  // Heiligabend is a working day by law
  CHECK_FALSE(is_hessian_holiday(date("2027-01-06")));  // Epiphany is not a holiday in Hesse
}

TEST_CASE("working days skip weekends and holidays across Easter", "[calendar]") {
  const WorkingCalendar calendar;
  CHECK(calendar.is_working_day(date("2026-04-02")));        // Maundy Thursday
  CHECK_FALSE(calendar.is_working_day(date("2026-04-03")));  // Good Friday
  CHECK_FALSE(calendar.is_working_day(date("2026-04-04")));  // Saturday
  CHECK_FALSE(calendar.is_working_day(date("2026-04-06")));  // Easter Monday
  // The start day is not counted; Good Friday to Easter Monday are skipped.
  CHECK(calendar.add_working_days(date("2026-04-02"), 1) == date("2026-04-07"));
  CHECK(calendar.add_working_days(date("2026-04-02"), 3) == date("2026-04-09"));
  CHECK(calendar.add_working_days(date("2026-04-07"), -1) == date("2026-04-02"));
  // Starting on a day off: the count begins with the next working day.
  CHECK(calendar.add_working_days(date("2026-04-04"), 1) == date("2026-04-07"));
  CHECK(calendar.add_working_days(date("2026-04-04"), 0) == date("2026-04-07"));
  CHECK(calendar.add_working_days(date("2026-04-02"), 0) == date("2026-04-02"));
  // As a deadline: the end of the last day, 23:59:59.999 in Berlin (CEST in April).
  CHECK(format_timestamp(calendar.add_working_days(at("2026-04-02T08:00:00Z"), 1)) == "2026-04-07T21:59:59.999Z");
}

TEST_CASE("working days across Christmas and New Year, and across a tenant's closing days", "[calendar]") {
  const WorkingCalendar plain;
  // 24 and 31 December are working days; 25/26 December and 1 January are not.
  CHECK(plain.add_working_days(date("2026-12-23"), 1) == date("2026-12-24"));
  CHECK(plain.add_working_days(date("2026-12-23"), 2) == date("2026-12-28"));
  CHECK(plain.add_working_days(date("2026-12-23"), 6) == date("2027-01-04"));
  CHECK(plain.add_working_days(date("2026-12-23"), 10) == date("2027-01-08"));
  CHECK(format_timestamp(plain.add_working_days(at("2026-12-23T09:00:00Z"), 10)) == "2027-01-08T22:59:59.999Z");

  const WorkingCalendar closing(TimeZone::berlin(), {date("2026-12-24"), date("2026-12-31")});
  CHECK_FALSE(closing.is_working_day(date("2026-12-24")));
  CHECK(closing.add_working_days(date("2026-12-23"), 1) == date("2026-12-28"));
  CHECK(closing.add_working_days(date("2026-12-23"), 4) == date("2027-01-04"));
  CHECK(closing.add_working_days(date("2026-12-23"), 10) == date("2027-01-12"));
  CHECK(closing.add_working_days(date("2027-01-04"), -4) == date("2026-12-23"));
}

TEST_CASE("Europe/Berlin follows the EU daylight-saving rule", "[calendar]") {
  const TimeZone berlin = TimeZone::berlin();
  // Summer time from the last Sunday of March, 01:00 UTC, to the last Sunday of October, 01:00 UTC.
  CHECK(berlin.offset_at(at("2026-03-29T00:59:59.999Z")) == minutes{60});
  CHECK(berlin.offset_at(at("2026-03-29T01:00:00Z")) == minutes{120});
  CHECK(berlin.offset_at(at("2026-10-25T00:59:59.999Z")) == minutes{120});
  CHECK(berlin.offset_at(at("2026-10-25T01:00:00Z")) == minutes{60});
  CHECK(berlin.offset_at(at("2027-03-28T01:00:00Z")) == minutes{120});
  CHECK(TimeZone::utc().offset_at(at("2026-07-01T00:00:00Z")) == minutes{0});

  CHECK(format_local_timestamp(at("2026-12-04T16:00:00Z"), berlin) == "2026-12-04T17:00:00+01:00");
  CHECK(format_local_timestamp(at("2026-07-01T10:00:00.5Z"), berlin) == "2026-07-01T12:00:00.500+02:00");
  CHECK(format_local_timestamp(at("2026-07-01T10:00:00Z"), TimeZone::utc()) == "2026-07-01T10:00:00+00:00");

  // 02:30 does not exist on 29 March (read as 03:30 CEST) and exists twice on 25 October (the first).
  CHECK(format_timestamp(berlin.to_utc(date("2026-03-29"), hours{2} + minutes{30})) == "2026-03-29T01:30:00Z");
  CHECK(format_timestamp(berlin.to_utc(date("2026-10-25"), hours{2} + minutes{30})) == "2026-10-25T00:30:00Z");
  CHECK(format_timestamp(berlin.to_utc(date("2026-10-25"), hours{3})) == "2026-10-25T02:00:00Z");

  // Half past midnight on Sunday in Berlin is still Saturday in UTC.
  CHECK(berlin.local_date(at("2026-03-28T23:30:00Z")) == date("2026-03-29"));
  CHECK(TimeZone::utc().local_date(at("2026-03-28T23:30:00Z")) == date("2026-03-28"));
}

TEST_CASE("a deadline across the change to summer time, in Berlin and in UTC", "[calendar]") {
  const WorkingCalendar berlin;
  const WorkingCalendar utc(TimeZone::utc());
  // Friday before the change (CET) to Monday after it (CEST): the day ends two hours before UTC's.
  CHECK(format_timestamp(berlin.add_working_days(at("2026-03-27T09:00:00Z"), 0)) == "2026-03-27T22:59:59.999Z");
  CHECK(format_timestamp(berlin.add_working_days(at("2026-03-27T09:00:00Z"), 1)) == "2026-03-30T21:59:59.999Z");
  CHECK(format_timestamp(utc.add_working_days(at("2026-03-27T09:00:00Z"), 1)) == "2026-03-30T23:59:59.999Z");
  // 23:30 UTC on Thursday is already Friday in Berlin: the count starts a day later there.
  CHECK(format_timestamp(berlin.add_working_days(at("2026-03-26T23:30:00Z"), 1)) == "2026-03-30T21:59:59.999Z");
  CHECK(format_timestamp(utc.add_working_days(at("2026-03-26T23:30:00Z"), 1)) == "2026-03-27T23:59:59.999Z");
  // And back to winter time in October: Friday 23 (CEST) + 1 = Monday 26 (CET).
  CHECK(format_timestamp(berlin.add_working_days(at("2026-10-23T09:00:00Z"), 1)) == "2026-10-26T22:59:59.999Z");
}

TEST_CASE("durations: fixed ISO lengths or working days", "[calendar]") {
  const WorkingCalendar calendar;
  const DurationSpec fixed{"PT2H", 2 * 3600 * 1000, 0, {}};
  const DurationSpec two_days{"2 working days", 0, 2, {}};
  CHECK(format_timestamp(calendar.after(fixed, at("2026-04-02T08:00:00Z"))) == "2026-04-02T10:00:00Z");
  CHECK(format_timestamp(calendar.before(fixed, at("2026-04-02T08:00:00Z"))) == "2026-04-02T06:00:00Z");
  CHECK(format_timestamp(calendar.after(two_days, at("2026-04-02T08:00:00Z"))) == "2026-04-08T21:59:59.999Z");
  CHECK(format_timestamp(calendar.before(two_days, at("2026-04-08T21:59:59.999Z"))) == "2026-04-02T21:59:59.999Z");
}

TEST_CASE("calendar params: defaults, overrides, and each bad value named", "[calendar]") {
  const WorkingCalendar defaults = calendar_from_params(boost::json::object{});
  CHECK(defaults.zone().name() == "Europe/Berlin");
  CHECK(defaults.closing_days().empty());
  const WorkingCalendar set = calendar_from_params(
      boost::json::parse(R"({"time_zone": "UTC", "closing_days": ["2026-12-24", "2026-12-31"], "fee": 3})")
          .as_object());
  CHECK(set.zone().name() == "UTC");
  CHECK(set.closing_days() == std::set<local_days>{date("2026-12-24"), date("2026-12-31")});

  auto refusal = [](const char* params) {
    try {
      calendar_from_params(boost::json::parse(params).as_object());
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::InvalidArgument);
      return std::string(e.what()) + " | " + boost::json::serialize(e.details());
    }
    return std::string("accepted");
  };
  CHECK(refusal(R"({"time_zone": "Europe/Paris"})") ==
        "time_zone: unknown time zone 'Europe/Paris' (supported: Europe/Berlin, UTC) | {\"field\":\"time_zone\"}");
  CHECK(refusal(R"({"time_zone": 1})") ==
        "time_zone: must be the name of a time zone (Europe/Berlin, UTC) | {\"field\":\"time_zone\"}");
  CHECK(refusal(R"({"closing_days": "2026-12-24"})") ==
        "closing_days: must be a list of dates (YYYY-MM-DD) | {\"field\":\"closing_days\"}");
  CHECK(refusal(R"({"closing_days": ["2026-12-24", "2026-02-30"]})") ==
        "closing_days[1]: '2026-02-30' is not a date (YYYY-MM-DD) | {\"field\":\"closing_days[1]\"}");
  CHECK(refusal(R"({"closing_days": ["2026-12-24T10:00:00Z"]})") ==
        "closing_days[0]: '2026-12-24T10:00:00Z' is not a date (YYYY-MM-DD) | {\"field\":\"closing_days[0]\"}");
  CHECK(refusal(R"({"closing_days": [20261224]})") ==
        "closing_days[0]: must be a date as text (YYYY-MM-DD) | {\"field\":\"closing_days[0]\"}");
}

}  // namespace amtsweg
