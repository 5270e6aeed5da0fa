// Folding the store's hourly rows into a tenant's calendar periods (see case_statistics.hpp).
// Europe/Berlin's offsets are whole hours, so every UTC hour lies in exactly one local day.
#include "engine/runtime/case_statistics.hpp"

#include <algorithm>
#include <deque>
#include <set>

#include "engine/error.hpp"

namespace amtsweg {
namespace {

using std::chrono::days;
using std::chrono::local_days;

constexpr int kMaxPeriods = 1000;

// The top-level states breadth-first from the start (each state's transitions in source order),
// the order cases pass them; unreachable ones last.
std::vector<std::string> state_order(const ProcessDefinition& definition) {
  std::vector<std::string> order;
  std::set<std::string> seen{definition.start};
  std::deque<std::string> next{definition.start};
  while (!next.empty()) {
    order.push_back(next.front());
    next.pop_front();
    const StateDef* state = definition.find_state(order.back());
    if (!state) continue;
    for_each_transition(*state, [&](const Transition& transition, const char*) {
      if (transition.target && seen.insert(*transition.target).second) next.push_back(*transition.target);
    });
  }
  for (const auto& state : definition.states)
    if (seen.insert(state.name).second) order.push_back(state.name);
  return order;
}

bool is_success(const ProcessDefinition* definition, const std::string& outcome) {
  if (!definition || definition->stats.success.empty()) return true;
  const auto& success = definition->stats.success;
  return std::any_of(success.begin(), success.end(), [&](const StatsOutcome& s) { return s.outcome == outcome; });
}

// Nearest-rank percentile `p` (0..100) of whole hours -> count.
std::int64_t percentile(const std::map<std::int64_t, std::int64_t>& hours, std::int64_t total, int p) {
  const std::int64_t rank = std::max<std::int64_t>(1, (total * p + 99) / 100);
  std::int64_t seen = 0;
  for (const auto& [value, count] : hours)
    if ((seen += count) >= rank) return value;
  return hours.rbegin()->first;
}

DurationFigures durations(const std::map<std::int64_t, std::int64_t>& hours) {
  DurationFigures figures;
  for (const auto& [value, count] : hours) figures.count += count;
  if (figures.count > 0) {
    figures.median_hours = percentile(hours, figures.count, 50);
    figures.p90_hours = percentile(hours, figures.count, 90);
  }
  return figures;
}

local_days next_period(local_days start, StatsGrouping group) {
  switch (group) {
    case StatsGrouping::Day:
      return start + days(1);
    case StatsGrouping::Week:
      return start + days(7);
    case StatsGrouping::Month:
      return period_start(start + days(31), group);  // from the 1st, 31 days are always next month
  }
  return start + days(1);
}

class Folder {
 public:
  Folder(const StatisticsRequest& request, const ProcessDefinition* definition)
      : request_(request), definition_(definition) {
    result_.request = request;
    result_.totals.start = request.from;
    for (local_days day = period_start(request.from, request.group); day <= request.to;
         day = next_period(day, request.group))
      result_.periods.push_back(PeriodFigures{.start = day});
  }

  CaseStatistics fold(const StatisticsRows& rows) {
    for (const auto& row : rows.started) {
      period(row.hour).started += row.count;
      result_.totals.started += row.count;
    }
    for (const auto& row : rows.closed) add_closed(period(row.hour), row);
    for (const auto& row : rows.closed) add_closed(result_.totals, row);
    result_.open = rows.open_at_to;
    fold_funnel(rows.stops);
    fold_lead_times(rows.lead_times);
    fold_tasks(rows.open_tasks, rows.done_tasks);
    fold_dimensions(rows.dimensions);
    return std::move(result_);
  }

 private:
  static void add_closed(PeriodFigures& figures, const HourCount& row) {
    if (row.status == "cancelled")
      figures.cancelled += row.count;
    else
      figures.completed[row.outcome] += row.count;
  }

  PeriodFigures& period(std::int64_t hour) {
    const local_days start = period_start(request_.zone.local_date(hour * kHour), request_.group);
    const auto found = std::lower_bound(result_.periods.begin(), result_.periods.end(), start,
                                        [](const PeriodFigures& p, local_days d) { return p.start < d; });
    if (found == result_.periods.end() || found->start != start)
      throw Error(ErrorKind::Corruption, "statistics: the store answered a row outside the requested range");
    return *found;
  }

  void fold_funnel(const std::vector<StopCount>& stops) {
    if (!definition_) return;
    // Cases stop in the states they wait in; a final state holds none (unless a case was started
    // straight into it, and then it is added below).
    for (const auto& state : state_order(*definition_))
      if (const StateDef* def = definition_->find_state(state); def && !def->final)
        result_.funnel.push_back(FunnelStep{.state = state});
    for (const auto& stop : stops) {
      const bool stalled = stop.status == "stalled";
      if (!stalled && stop.status == "completed" && is_success(definition_, stop.outcome)) continue;
      auto step = std::find_if(result_.funnel.begin(), result_.funnel.end(),
                               [&](const FunnelStep& s) { return s.state == stop.state; });
      if (step == result_.funnel.end())
        step = result_.funnel.insert(result_.funnel.end(), FunnelStep{.state = stop.state});
      (stalled ? step->stalled : step->dropped) += stop.count;
    }
  }

  void fold_lead_times(const std::vector<LeadTimeCount>& rows) {
    std::map<std::int64_t, std::int64_t> hours;
    for (const auto& row : rows) {
      hours[row.hours] += row.count;
      result_.lead_time_days[row.hours / 24] += row.count;
    }
    result_.lead_time = durations(hours);
  }

  void fold_tasks(const std::vector<OpenTaskCount>& open, const std::vector<DoneTaskCount>& done) {
    std::map<std::string, TaskGroupFigures> groups;
    std::map<std::string, std::map<std::int64_t, std::int64_t>> group_hours, clerk_hours;
    for (const auto& row : open) {
      auto& group = groups[row.role];
      group.open += row.open;
      group.overdue += row.overdue;
    }
    for (const auto& row : done) {
      groups[row.role].completed += row.count;
      group_hours[row.role][row.hours] += row.count;
      clerk_hours[row.clerk][row.hours] += row.count;
    }
    for (auto& [name, group] : groups) {
      group.group = name;
      group.completion = durations(group_hours[name]);
      result_.task_groups.push_back(std::move(group));
    }
    for (const auto& [clerk, hours] : clerk_hours) {
      ClerkFigures figures{clerk, 0, durations(hours)};
      figures.completed = figures.completion.count;
      result_.clerks.push_back(std::move(figures));
    }
  }

  void fold_dimensions(const std::vector<DimensionCount>& rows) {
    std::map<std::pair<std::string, std::string>, DimensionFigures> values;
    for (const auto& row : rows) {
      auto& figures = values[{row.name, row.value}];
      figures.name = row.name;
      figures.value = row.value;
      figures.cases += row.cases;
      figures.amount += row.amount;
      if (!row.outcome.empty()) figures.outcomes[row.outcome] += row.cases;
    }
    for (auto& [key, figures] : values) result_.dimensions.push_back(std::move(figures));
    std::stable_sort(result_.dimensions.begin(), result_.dimensions.end(),
                     [](const DimensionFigures& a, const DimensionFigures& b) {
                       return a.name != b.name ? a.name < b.name : a.cases > b.cases;
                     });
  }

  const StatisticsRequest& request_;
  const ProcessDefinition* definition_;
  CaseStatistics result_;
};

}  // namespace

local_days period_start(local_days day, StatsGrouping group) {
  switch (group) {
    case StatsGrouping::Day:
      return day;
    case StatsGrouping::Week:
      return day - days((std::chrono::weekday(day).c_encoding() + 6) % 7);
    case StatsGrouping::Month: {
      const std::chrono::year_month_day date(day);
      return local_days(date.year() / date.month() / 1);
    }
  }
  return day;
}

StatisticsQuery statistics_query(const StatisticsRequest& request, Timestamp now) {
  if (request.to < request.from) throw Error(ErrorKind::InvalidArgument, "statistics: 'to' is before 'from'");
  const auto span = (request.to - request.from).count() + 1;
  const int per_period = request.group == StatsGrouping::Day ? 1 : request.group == StatsGrouping::Week ? 7 : 28;
  if (span / per_period > kMaxPeriods)
    throw Error(ErrorKind::InvalidArgument, "statistics: more than " + std::to_string(kMaxPeriods) +
                                                " periods; choose a shorter range or a longer grouping");
  StatisticsQuery query;
  query.tenant = request.tenant;
  query.process_id = request.process_id;
  query.from = request.zone.to_utc(request.from, std::chrono::milliseconds(0));
  query.to = request.zone.to_utc(request.to + days(1), std::chrono::milliseconds(0));
  query.now = now;
  query.stalled_before = now - Timestamp(request.stalled_after_days) * 24 * kHour;
  query.berlin_days = request.zone.name() == TimeZone::berlin().name();
  return query;
}

CaseStatistics fold_statistics(const StatisticsRequest& request, const StatisticsRows& rows,
                               const ProcessDefinition* definition) {
  return Folder(request, definition).fold(rows);
}

}  // namespace amtsweg
