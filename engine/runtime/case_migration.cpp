// The migration plan from one version of a process to another and the move of one case by it:
// pure functions of the two definitions, the mapping and the case row (no store, no scripts).
#include "engine/runtime/case_migration.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "engine/error.hpp"

namespace amtsweg {

namespace json = boost::json;

namespace {

// The same task in both versions: what a clerk sees and must fill in is unchanged, so an open
// task (with its claim and deadline) may stay.
bool same_task(const StateDef& a, const StateDef& b) {
  if (!a.task || !b.task) return false;
  const TaskSpec& x = *a.task;
  const TaskSpec& y = *b.task;
  return x.title == y.title && x.description == y.description && x.role == y.role && x.four_eyes == y.four_eyes &&
         x.form.schema == y.form.schema && x.requires_document == y.requires_document;
}

TaskFate task_fate(const StateDef& from, const StateDef& to, bool same_path) {
  if (same_path && same_task(from, to)) return TaskFate::Kept;
  if (from.task && to.task) return TaskFate::Recreated;
  if (from.task) return TaskFate::Cancelled;
  if (to.task) return TaskFate::Created;
  return TaskFate::None;
}

std::vector<std::string> timers_of(const StateDef& state) {
  std::vector<std::string> out;
  for (const auto& timer : state.after) out.push_back(timer.at ? "at: " + timer.at->code : timer.delay.text);
  return out;
}

std::string version_text(const ProcessDefinition& def, int version) {
  return "version " + std::to_string(version) + " of " + def.id;
}

// One state of the old version: where it goes among `targets` (a top level or a region of the
// new version), by the mapping or by its name.
MigrationStep step_for(const std::string& from_path, const StateDef& from_state, const std::string& prefix,
                       const std::vector<StateDef>& targets, const std::map<std::string, std::string>& map,
                       const std::string& in_version) {
  MigrationStep step;
  step.from = from_path;
  const auto mapped = map.find(from_path);
  const std::string name = mapped != map.end() ? mapped->second : from_state.name;
  const StateDef* target = find_state_in(targets, name);
  if (!target) {
    step.refusal = mapped != map.end()
                       ? "the map sends '" + from_path + "' to '" + name + "', which " + in_version + " does not have"
                       : in_version + " has no state '" + name + "' (map it: " + from_path + "=STATE)";
    return step;
  }
  if (target->final && prefix.empty()) {
    step.refusal = "'" + name + "' is a final state in " + in_version + "; a running case cannot move there";
    return step;
  }
  step.to = prefix + name;
  step.task = task_fate(from_state, *target, step.to == from_path);
  step.timers = timers_of(*target);
  return step;
}

}  // namespace

const char* to_string(TaskFate fate) {
  switch (fate) {
    case TaskFate::None:
      return "none";
    case TaskFate::Kept:
      return "kept";
    case TaskFate::Recreated:
      return "recreated";
    case TaskFate::Cancelled:
      return "cancelled";
    case TaskFate::Created:
      return "created";
  }
  return "none";
}

const MigrationStep* MigrationPlan::find(const std::string& from) const {
  const auto it = std::find_if(steps.begin(), steps.end(), [&](const MigrationStep& s) { return s.from == from; });
  return it == steps.end() ? nullptr : &*it;
}

int MigrationReport::count(const std::string& result) const {
  return static_cast<int>(
      std::count_if(cases.begin(), cases.end(), [&](const CaseMigration& c) { return c.result == result; }));
}

MigrationPlan plan_migration(const ProcessDefinition& from, const ProcessDefinition& to,
                             const MigrationRequest& request) {
  const auto& map = request.map;
  for (const auto& [key, value] : map) {
    if (!from.find_state_path(key))
      throw Error(ErrorKind::InvalidArgument,
                  "map: '" + key + "' is not a state of " + version_text(from, request.from_version) +
                      " (use its path, e.g. 'parallel/region/state' for a region's state)",
                  json::object{{"field", "map." + key}, {"parameter", "map." + key}});
    if (value.empty())
      throw Error(ErrorKind::InvalidArgument, "map: '" + key + "' must name a state of the new version",
                  json::object{{"field", "map." + key}, {"parameter", "map." + key}});
  }
  const std::string in_version = version_text(to, request.to_version);
  MigrationPlan plan;
  for (const auto& state : from.states) {
    if (state.final) continue;  // only closed cases rest there, and they stay on their version
    MigrationStep top = step_for(state.name, state, "", to.states, map, in_version);
    const StateDef* target = top.to.empty() ? nullptr : to.find_state(top.to);
    plan.steps.push_back(top);
    for (const auto& region : state.regions) {
      const std::string prefix = state.name + "/" + region.name + "/";
      const auto kept = target ? std::find_if(target->regions.begin(), target->regions.end(),
                                              [&](const Region& r) { return r.name == region.name; })
                               : std::vector<Region>::const_iterator{};
      for (const auto& inner : region.states) {
        if (!target || kept == target->regions.end()) {
          // The region ends with its parallel state: its task is cancelled, nothing is entered.
          MigrationStep ends{
              prefix + inner.name, "", top.refusal, inner.task ? TaskFate::Cancelled : TaskFate::None, {}};
          plan.steps.push_back(ends);
          continue;
        }
        plan.steps.push_back(step_for(prefix + inner.name, inner, target->name + "/" + region.name + "/", kept->states,
                                      map, in_version));
      }
    }
  }
  return plan;
}

MoveOrRefusal decide_move(const MigrationPlan& plan, const ProcessDefinition& to, int to_version,
                          const CaseRecord& record) {
  MoveOrRefusal out;
  const MigrationStep* top = plan.find(record.state);
  if (!top) {
    out.refusal = "its state '" + record.state + "' is not a running state of the old version";
    return out;
  }
  if (!top->refusal.empty()) {
    out.refusal = top->refusal;
    return out;
  }
  MigrationMove move;
  move.to_version = to_version;
  move.state = top->to;
  if (top->task == TaskFate::Kept) move.keep_tasks_at.push_back(top->to);
  const StateDef& target = *to.find_state(top->to);
  for (const auto& region : target.regions) {
    const auto current = record.regions.find(region.name);
    if (current == record.regions.end()) {  // a region the old state did not have starts afresh
      move.regions[region.name] = region.start;
      continue;
    }
    const std::string old_path = record.state + "/" + region.name + "/" + current->second;
    const MigrationStep* inner = plan.find(old_path);
    if (!inner || !inner->refusal.empty()) {
      out.refusal = inner ? inner->refusal : "its region state '" + old_path + "' is unknown to the old version";
      return out;
    }
    move.regions[region.name] = inner->to.substr(inner->to.rfind('/') + 1);
    if (inner->task == TaskFate::Kept) move.keep_tasks_at.push_back(inner->to);
  }
  out.move = std::move(move);
  return out;
}

json::object to_json(const MigrationReport& report) {
  const MigrationRequest& request = report.request;
  json::object mapping;
  for (const auto& [key, value] : request.map) mapping[key] = value;
  json::array plan;
  for (const auto& step : report.plan.steps) {
    json::object o{{"from", step.from}, {"task", to_string(step.task)}};
    o["to"] = step.to.empty() ? json::value(nullptr) : json::value(step.to);
    if (!step.refusal.empty()) o["refused"] = step.refusal;
    json::array timers;
    for (const auto& t : step.timers) timers.push_back(json::value(t));
    o["timers"] = std::move(timers);
    plan.push_back(std::move(o));
  }
  json::array cases;
  for (const auto& c : report.cases) {
    json::object o{{"case_id", c.case_id}, {"result", c.result}, {"from_state", c.from_state}};
    if (!c.to_state.empty()) o["to_state"] = c.to_state;
    if (!c.regions.empty()) {
      json::object regions;
      for (const auto& [region, state] : c.regions) regions[region] = state;
      o["regions"] = std::move(regions);
    }
    if (!c.reason.empty()) o["reason"] = c.reason;
    if (c.result == "migrated" || c.result == "would_migrate") {
      auto list = [](const std::vector<std::string>& items) {
        json::array a;
        for (const auto& item : items) a.push_back(json::value(item));
        return a;
      };
      o["tasks"] = json::object{{"kept", list(c.effect.kept_tasks)},
                                {"cancelled", list(c.effect.cancelled_tasks)},
                                {"created_in", list(c.effect.created_tasks)}};
      o["timers_armed"] = c.effect.timers_armed;
    }
    cases.push_back(std::move(o));
  }
  return json::object{{"process_id", request.process_id},
                      {"from", request.from_version},
                      {"to", request.to_version},
                      {"map", std::move(mapping)},
                      {"dry_run", request.dry_run},
                      {"plan", std::move(plan)},
                      {"cases", std::move(cases)},
                      {"counts", json::object{{"migrated", report.count("migrated")},
                                              {"would_migrate", report.count("would_migrate")},
                                              {"refused", report.count("refused")},
                                              {"failed", report.count("failed")}}}};
}

}  // namespace amtsweg
