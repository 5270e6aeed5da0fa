// Moving running cases to another version of their process: the plan (where each state of the old
// version goes, what happens to its task and timers) and the per-case move decided from it.
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/model/definition.hpp"
#include "engine/model/records.hpp"

namespace amtsweg {

struct MigrationRequest {
  std::string tenant;
  std::string process_id;
  int from_version = 0;
  int to_version = 0;
  // Old state -> new state, for states the new version renamed or removed. Keys are state paths
  // of the old version ("review", or "checks/legal/reviewing" for a region's state); values are a
  // top-level state of the new version, or for a region's state a state name of the same region.
  std::map<std::string, std::string> map;
  bool dry_run = false;
  int batch_size = 100;  // cases listed and moved per round
  std::string actor;
};

// What happens to the task of a state when its cases move.
enum class TaskFate {
  None,       // neither state has a task
  Kept,       // same state, same task: open tasks stay as they are (claims, deadlines, reminders)
  Recreated,  // the old task is cancelled and the target's task created as on entry
  Cancelled,  // the target has no task
  Created,    // only the target has a task
};
const char* to_string(TaskFate fate);

// One state of the old version in the plan.
struct MigrationStep {
  std::string from;     // state path in the old version
  std::string to;       // state path in the new version; empty when refused
  std::string refusal;  // why cases in `from` cannot move (no counterpart, bad mapping, final target)
  TaskFate task = TaskFate::None;
  std::vector<std::string> timers;  // the `after:` delays armed on arrival, as written
};

struct MigrationPlan {
  std::vector<MigrationStep> steps;  // every state of the old version, regions' states included
  const MigrationStep* find(const std::string& from) const;
};

// `from` and `to` are the request's versions of its process. Throws Error{InvalidArgument} naming
// "map.<key>" when a key of the request's map is not a state of `from`.
MigrationPlan plan_migration(const ProcessDefinition& from, const ProcessDefinition& to,
                             const MigrationRequest& request);

// Where one case goes: its top state and, for a parallel target, each region's state; the
// paths whose open tasks stay. Decided from the plan; the interpreter carries it out.
struct MigrationMove {
  int to_version = 0;
  std::string state;
  std::map<std::string, std::string> regions;
  std::vector<std::string> keep_tasks_at;
};

// The move for `record` (in `from`), or the refusal naming what has no counterpart.
struct MoveOrRefusal {
  std::optional<MigrationMove> move;
  std::string refusal;
};
MoveOrRefusal decide_move(const MigrationPlan& plan, const ProcessDefinition& to, int to_version,
                          const CaseRecord& record);

// What moving one case did (or, in a dry run, would do).
struct MigrationEffect {
  std::vector<std::string> kept_tasks;       // task ids
  std::vector<std::string> cancelled_tasks;  // task ids
  std::vector<std::string> created_tasks;    // state paths that got a new task
  int timers_armed = 0;
};

struct CaseMigration {
  std::string case_id;
  std::string result;  // "migrated", "would_migrate", "refused", "failed"
  std::string from_state;
  std::string to_state;
  std::map<std::string, std::string> regions;
  MigrationEffect effect;
  std::string reason;  // refused or failed: why
};

struct MigrationReport {
  MigrationRequest request;
  MigrationPlan plan;
  std::vector<CaseMigration> cases;
  int count(const std::string& result) const;
};

boost::json::object to_json(const MigrationReport& report);

}  // namespace amtsweg
