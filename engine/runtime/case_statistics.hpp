// The figures of the statistics API (GET /api/v1/stats, the dashboard): cases started, closed
// and open per period of a tenant's calendar, the drop-off funnel, lead times, tasks, dimensions.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/calendar/local_time.hpp"
#include "engine/model/definition.hpp"
#include "engine/model/statistics_rows.hpp"

namespace amtsweg {

enum class StatsGrouping { Day, Week, Month };  // weeks start on Monday (ISO 8601)

struct StatisticsRequest {
  std::string tenant;                // empty: every tenant (operators only: the adapter decides who may)
  std::string process_id;            // empty: every process (then no funnel and no dimensions)
  std::chrono::local_days from, to;  // both inclusive, local dates in `zone`
  StatsGrouping group = StatsGrouping::Month;
  int stalled_after_days = 30;  // an open case unchanged for longer has stalled
  TimeZone zone = TimeZone::berlin();
};

// started: cases started in the period; completed: cases that reached a final state in the period
// by outcome; cancelled: cases cancelled in it.
struct PeriodFigures {
  std::chrono::local_days start;  // first day of the period
  std::int64_t started = 0;
  std::map<std::string, std::int64_t> completed;
  std::int64_t cancelled = 0;
};

// A case counts at the state it stopped in: drop-offs ended there (cancelled, or completed with an
// outcome not in the definition's stats.success), stalled ones still wait there.
struct FunnelStep {
  std::string state;
  std::int64_t dropped = 0;
  std::int64_t stalled = 0;
};

// Durations rounded down to whole hours; median and 90th percentile by nearest rank.
struct DurationFigures {
  std::int64_t count = 0;
  std::optional<std::int64_t> median_hours, p90_hours;
};

struct TaskGroupFigures {
  std::string group;  // the task's candidate role
  std::int64_t open = 0, overdue = 0, completed = 0;
  DurationFigures completion;  // creation to completion
};

struct ClerkFigures {
  std::string clerk;
  std::int64_t completed = 0;
  DurationFigures completion;
};

// Cases started in the range with one value of a dimension: their amounts summed, and how many
// reached each outcome by the end of the range.
struct DimensionFigures {
  std::string name;
  std::string value;
  std::int64_t cases = 0;
  double amount = 0;
  std::map<std::string, std::int64_t> outcomes;
};

struct CaseStatistics {
  StatisticsRequest request;
  PeriodFigures totals;                // over the whole range (start = request.from)
  std::int64_t open = 0;               // started before the end of `to` and not closed by then
  std::vector<PeriodFigures> periods;  // every period from `from` to `to`, empty ones too
  std::vector<FunnelStep> funnel;      // cases started in the range; states in the order cases pass them
  DurationFigures lead_time;           // intake to final state, of cases completed in the range
  std::map<std::int64_t, std::int64_t> lead_time_days;  // whole days -> cases (the distribution)
  std::vector<TaskGroupFigures> task_groups;            // ordered by group
  std::vector<ClerkFigures> clerks;                     // tasks completed in the range, by clerk
  std::vector<DimensionFigures> dimensions;             // by name, most cases first, then value
};

// Folds the store's rows into the figures. `definition` (the process's latest, or null without a
// process) gives the funnel's state order and the success outcomes.
CaseStatistics fold_statistics(const StatisticsRequest& request, const StatisticsRows& rows,
                               const ProcessDefinition* definition);

// The query for `request` at `now`: local dates to instants, stalled_after_days to a time.
StatisticsQuery statistics_query(const StatisticsRequest& request, Timestamp now);

// The first day of the period that holds `day`.
std::chrono::local_days period_start(std::chrono::local_days day, StatsGrouping group);

}  // namespace amtsweg
