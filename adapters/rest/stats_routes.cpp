// GET /api/v1/stats: the dashboard's figures (Engine::statistics) for a tenant's administrator, or
// for the platform operator over any one tenant or all of them.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "adapters/rest/api_error.hpp"
#include "adapters/rest/api_routes.hpp"
#include "adapters/rest/query_params.hpp"
#include "engine/calendar/local_time.hpp"

namespace amtsweg::rest {
namespace {

namespace json = boost::json;
using std::chrono::local_days;

constexpr int kDefaultStalledDays = 30;

// Whose figures: an administrator's own tenant (naming another is forbidden); an operator's
// ?tenant=, or every tenant without it.
std::string stats_tenant(const Principal& caller, const Request& request) {
  const auto named = request.query("tenant");
  if (caller.has_role("operator")) return named.value_or("");
  if (named && *named != caller.tenant)
    throw HttpError(403, "forbidden", "an administrator sees the figures of their own tenant only");
  return caller.tenant;
}

std::optional<local_days> date_parameter(const Request& request, const std::string& name) {
  const auto text = request.query(name);
  if (!text) return std::nullopt;
  const auto day = parse_local_date(*text);
  if (!day) throw bad_parameter(name, "must be a date YYYY-MM-DD");
  return day;
}

StatsGrouping grouping(const Request& request) {
  const std::string text = request.query("group").value_or("month");
  if (text == "day") return StatsGrouping::Day;
  if (text == "week") return StatsGrouping::Week;
  if (text == "month") return StatsGrouping::Month;
  throw bad_parameter("group", "must be day, week or month");
}

// Without `to`: today; without `from`: the first day of the month eleven months before `to`'s.
StatisticsRequest stats_request(const ApiContext& context, const Principal& caller, const Request& request) {
  reject_unknown_parameters(request, {"tenant", "process", "from", "to", "group", "stalled_after_days"});
  StatisticsRequest stats;
  stats.tenant = stats_tenant(caller, request);
  stats.process_id = request.query("process").value_or("");
  stats.group = grouping(request);
  stats.to = date_parameter(request, "to").value_or(stats.zone.local_date(context.clock.now()));
  const std::chrono::year_month_day end(stats.to);
  stats.from =
      date_parameter(request, "from").value_or(local_days((end.year() / end.month() - std::chrono::months(11)) / 1));
  if (stats.to < stats.from) throw bad_parameter("to", "must not be before 'from'");
  stats.stalled_after_days = int_parameter(request, "stalled_after_days", 1, 3650).value_or(kDefaultStalledDays);
  return stats;
}

const char* grouping_name(StatsGrouping group) {
  return group == StatsGrouping::Day ? "day" : group == StatsGrouping::Week ? "week" : "month";
}

json::object counts(const std::map<std::string, std::int64_t>& by_name) {
  json::object out;
  for (const auto& [name, count] : by_name) out[name] = count;
  return out;
}

json::value optional_number(const std::optional<std::int64_t>& value) {
  return value ? json::value(*value) : json::value(nullptr);
}

json::object period_json(const PeriodFigures& period) {
  return {{"start", format_local_date(period.start)},
          {"started", period.started},
          {"completed", counts(period.completed)},
          {"cancelled", period.cancelled}};
}

json::object lead_time_json(const CaseStatistics& stats) {
  json::array days;
  for (const auto& [day, cases] : stats.lead_time_days) days.push_back(json::object{{"days", day}, {"cases", cases}});
  return {{"cases", stats.lead_time.count},
          {"median_hours", optional_number(stats.lead_time.median_hours)},
          {"p90_hours", optional_number(stats.lead_time.p90_hours)},
          {"days", std::move(days)}};
}

json::object tasks_json(const CaseStatistics& stats) {
  std::int64_t open = 0, overdue = 0, completed = 0;
  json::array groups, clerks;
  for (const auto& group : stats.task_groups) {
    open += group.open;
    overdue += group.overdue;
    completed += group.completed;
    groups.push_back(json::object{{"group", group.group},
                                  {"open", group.open},
                                  {"overdue", group.overdue},
                                  {"completed", group.completed},
                                  {"median_hours", optional_number(group.completion.median_hours)}});
  }
  for (const auto& clerk : stats.clerks)
    clerks.push_back(json::object{{"clerk", clerk.clerk},
                                  {"completed", clerk.completed},
                                  {"median_hours", optional_number(clerk.completion.median_hours)}});
  return {{"open", open},
          {"overdue", overdue},
          {"completed", completed},
          {"groups", std::move(groups)},
          {"clerks", std::move(clerks)}};
}

json::object dimensions_json(const CaseStatistics& stats) {
  json::object out;
  for (const auto& dimension : stats.dimensions) {
    auto& values = out[dimension.name];
    if (!values.is_array()) values = json::array();
    values.as_array().push_back(json::object{{"value", dimension.value},
                                             {"cases", dimension.cases},
                                             {"amount", dimension.amount},
                                             {"outcomes", counts(dimension.outcomes)}});
  }
  return out;
}

json::object stats_json(const CaseStatistics& stats) {
  const auto& request = stats.request;
  json::array periods, funnel;
  for (const auto& period : stats.periods) periods.push_back(period_json(period));
  for (const auto& step : stats.funnel)
    funnel.push_back(json::object{{"state", step.state}, {"dropped", step.dropped}, {"stalled", step.stalled}});
  json::object totals = period_json(stats.totals);
  totals.erase("start");
  totals["open"] = stats.open;
  return {{"tenant", request.tenant.empty() ? json::value(nullptr) : json::value(request.tenant)},
          {"process", request.process_id.empty() ? json::value(nullptr) : json::value(request.process_id)},
          {"from", format_local_date(request.from)},
          {"to", format_local_date(request.to)},
          {"group", grouping_name(request.group)},
          {"time_zone", request.zone.name()},
          {"stalled_after_days", request.stalled_after_days},
          {"totals", std::move(totals)},
          {"periods", std::move(periods)},
          {"funnel", std::move(funnel)},
          {"lead_time", lead_time_json(stats)},
          {"tasks", tasks_json(stats)},
          {"dimensions", dimensions_json(stats)}};
}

Response stats(const ApiContext& context, const Request& request, const PathParams&) {
  const Principal caller = context.principal_with_role(request, {"admin", "operator"});
  return json_response(200, stats_json(context.engine.statistics(stats_request(context, caller, request))));
}

}  // namespace

void add_stats_routes(Router& router, const ApiContext& context) {
  router.add("GET", "/api/v1/stats", bind_handler(context, stats));
}

}  // namespace amtsweg::rest
