// The two params every definition has implicitly, which tenants override like any param:
// `closing_days` (a list of ISO dates, default []) and `time_zone` (default "Europe/Berlin").
#pragma once

#include <boost/json/object.hpp>
#include <string_view>
#include <vector>

#include "engine/calendar/working_calendar.hpp"
#include "engine/model/definition.hpp"

namespace amtsweg {

inline constexpr std::string_view kClosingDaysParam = "closing_days";
inline constexpr std::string_view kTimeZoneParam = "time_zone";

// The implicit params with their defaults and descriptions (no source position).
std::vector<ParamDef> calendar_params();

// The calendar that `params` describe; a param that is absent takes its default. Throws
// Error{InvalidArgument} whose message starts with the field ("closing_days[1]: '2026-02-30' is not
// a date (YYYY-MM-DD)", "time_zone: unknown time zone ...") and whose details are {"field": ...}.
WorkingCalendar calendar_from_params(const boost::json::object& params);

}  // namespace amtsweg
