// What the store hands the statistics (runtime/case_statistics): counts over cases, tasks and
// stats dimensions, grouped by UTC hour (or Europe/Berlin day) so a calendar's days, weeks and
// months can be folded.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/clock.hpp"

namespace amtsweg {

inline constexpr Timestamp kHour = 3600'000;

struct StatisticsQuery {
  std::string tenant;      // empty: every tenant (operators only; never for a tenant's caller)
  std::string process_id;  // empty: every process
  Timestamp from = 0;      // cases started, closed and tasks completed in [from, to)
  Timestamp to = 0;
  Timestamp now = 0;             // open tasks due before it are overdue
  Timestamp stalled_before = 0;  // an open case unchanged since before it is stalled
  // from and to are midnights in Europe/Berlin, and the periods are its days: started and closed
  // may be counted per day (each row at the hour its day begins) instead of per UTC hour.
  bool berlin_days = false;
};

// How many cases started (status, outcome empty) or closed in one UTC hour (hour = ms / kHour),
// or, with StatisticsQuery::berlin_days, in the Europe/Berlin day that begins at that hour.
struct HourCount {
  std::int64_t hour = 0;
  std::string status;  // closed: "completed" or "cancelled"
  std::string outcome;
  std::int64_t count = 0;
};

// Cases started in [from, to) that stopped in `state`: closed from it (with their status and
// outcome) or, open, unchanged there since before stalled_before (status "stalled").
struct StopCount {
  std::string process_id;
  std::string state;
  std::string status;  // "completed", "cancelled" or "stalled"
  std::string outcome;
  std::int64_t count = 0;
};

// Cases of one process completed in [from, to) whose intake-to-final time fell in one whole hour.
struct LeadTimeCount {
  std::string process_id;
  std::string outcome;
  std::int64_t hours = 0;
  std::int64_t count = 0;
};

// Open tasks now, per candidate group (role).
struct OpenTaskCount {
  std::string role;
  std::int64_t open = 0;
  std::int64_t overdue = 0;
};

// Tasks completed in [from, to), per group, clerk and whole hours from creation to completion.
struct DoneTaskCount {
  std::string role;
  std::string clerk;
  std::int64_t hours = 0;
  std::int64_t count = 0;
};

// Cases started in [from, to) with one value of a stats dimension and the outcome they reached
// before `to` ('' while open then), and the sum of their amounts.
struct DimensionCount {
  std::string name;
  std::string value;
  std::string outcome;
  std::int64_t cases = 0;
  double amount = 0;
};

struct StatisticsRows {
  std::vector<HourCount> started;  // by hour
  std::vector<HourCount> closed;   // by hour, status, outcome
  std::int64_t open_at_to = 0;     // started before `to` and not closed before it
  std::vector<StopCount> stops;
  std::vector<LeadTimeCount> lead_times;
  std::vector<OpenTaskCount> open_tasks;
  std::vector<DoneTaskCount> done_tasks;
  std::vector<DimensionCount> dimensions;
};

}  // namespace amtsweg
