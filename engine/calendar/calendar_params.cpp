// Reading and checking the calendar params: each malformed value is refused naming its field.
#include "engine/calendar/calendar_params.hpp"

#include <boost/json.hpp>

#include "engine/error.hpp"

namespace amtsweg {

namespace json = boost::json;

namespace {

[[noreturn]] void refuse(const std::string& field, const std::string& problem) {
  throw Error(ErrorKind::InvalidArgument, field + ": " + problem, json::object{{"field", field}});
}

std::set<std::chrono::local_days> read_closing_days(const json::value& value) {
  const std::string name(kClosingDaysParam);
  if (!value.is_array()) refuse(name, "must be a list of dates (YYYY-MM-DD)");
  std::set<std::chrono::local_days> days;
  const json::array& list = value.as_array();
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string field = name + "[" + std::to_string(i) + "]";
    if (!list[i].is_string()) refuse(field, "must be a date as text (YYYY-MM-DD)");
    const auto day = parse_local_date(list[i].as_string());
    if (!day) refuse(field, "'" + std::string(list[i].as_string()) + "' is not a date (YYYY-MM-DD)");
    days.insert(*day);
  }
  return days;
}

TimeZone read_time_zone(const json::value& value) {
  const std::string name(kTimeZoneParam);
  if (!value.is_string())
    refuse(name, "must be the name of a time zone (" + std::string(TimeZone::supported_names()) + ")");
  auto zone = TimeZone::named(value.as_string());
  if (!zone)
    refuse(name, "unknown time zone '" + std::string(value.as_string()) +
                     "' (supported: " + std::string(TimeZone::supported_names()) + ")");
  return *zone;
}

}  // namespace

std::vector<ParamDef> calendar_params() {
  return {
      ParamDef{std::string(kClosingDaysParam),
               json::array{},
               "the municipality's own closing days (YYYY-MM-DD), not counted as working days",
               {}},
      ParamDef{std::string(kTimeZoneParam),
               json::string(TimeZone::berlin().name()),
               "the time zone in which working days are counted and due dates are shown",
               {}},
  };
}

WorkingCalendar calendar_from_params(const json::object& params) {
  TimeZone zone = TimeZone::berlin();
  std::set<std::chrono::local_days> closing_days;
  if (const auto* value = params.if_contains(kTimeZoneParam)) zone = read_time_zone(*value);
  if (const auto* value = params.if_contains(kClosingDaysParam)) closing_days = read_closing_days(*value);
  return WorkingCalendar(std::move(zone), std::move(closing_days));
}

}  // namespace amtsweg
