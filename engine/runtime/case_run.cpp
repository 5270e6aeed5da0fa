// The interpreter's rules: how transitions are chosen (first guard that holds), what entering and
// leaving a state does (entry/exit actions, tasks, timers), parallel regions and their join, and
// the bound on automatic steps that turns an `always` loop into an error instead of a hang.
#include "engine/runtime/case_run.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "engine/calendar/calendar_params.hpp"
#include "engine/error.hpp"
#include "engine/runtime/case_lifecycle.hpp"
#include "engine/runtime/data_paths.hpp"
#include "engine/runtime/history_chain.hpp"
#include "engine/runtime/param_enums.hpp"
#include "engine/runtime/personal_values.hpp"
#include "engine/runtime/stats_dimensions.hpp"

namespace amtsweg {

namespace json = boost::json;

struct CaseRun::Scope {
  const StateDef* parent = nullptr;  // the parallel state, when in a region
  const Region* region = nullptr;    // nullptr: the top level

  bool top() const { return region == nullptr; }
  std::string path(const std::string& name) const {
    return top() ? name : parent->name + "/" + region->name + "/" + name;
  }
  const std::vector<StateDef>& states(const ProcessDefinition& d) const { return top() ? d.states : region->states; }
};

namespace {

json::object task_json(const TaskRecord& t) {
  json::object o{{"id", t.id},
                 {"title", t.title},
                 {"role", t.role},
                 {"assignee", t.assignee},
                 {"state", t.state_path},
                 {"status", to_string(t.status)},
                 {"completed_by", t.completed_by},
                 {"prepared_by", t.prepared_by},
                 {"data", t.data}};
  return o;
}

bool is_open(const TaskRecord& t) { return t.status == TaskStatus::Open || t.status == TaskStatus::Claimed; }

WorkingCalendar calendar_of(const json::value& params) {
  return params.is_object() ? calendar_from_params(params.as_object()) : WorkingCalendar{};
}

// "04.12.2026 um 23:59 Uhr": a due date as a German text says it, in the task's time zone.
std::string german_due_text(const std::string& t) {  // t: "2026-12-04T23:59:59.999+01:00"
  return t.substr(8, 2) + "." + t.substr(5, 2) + "." + t.substr(0, 4) + " um " + t.substr(11, 5) + " Uhr";
}

}  // namespace

CaseRun::CaseRun(const ProcessDefinition& definition, CaseRecord& record, std::vector<TaskRecord> tasks,
                 std::vector<TimerRecord> timers, RunContext context)
    : definition_(definition),
      record_(record),
      tasks_(std::move(tasks)),
      timers_(std::move(timers)),
      context_(std::move(context)),
      calendar_(calendar_of(context_.params)),
      data_at_last_entry_(record.data) {
  changes_.loaded_revision = record.revision;
}

// --- commands ---------------------------------------------------------------------------------

void CaseRun::start() {
  // The form's fields whose allowed values are the tenant's params: refused like any form error.
  if (!definition_.form.param_enums.empty())
    check_param_enums(definition_.form, json::value(record_.data), context_.params, "application");
  changes_.new_case = true;
  event_type_ = "case.started";
  record_.state = definition_.start;  // so that the message names the state the case starts in
  emit_outbox("case", "case.started", {});
  Scope top;
  arrive(definition_.start, top);
  record_step("", definition_.start);
  settle(definition_.start, top);
}

bool CaseRun::deliver(const std::string& type, json::value event) {
  record_.status = next_case_status(record_, CaseOperation::Advance);
  event_type_ = type;
  event_ = std::move(event);
  const StateDef& top = state_at(record_.state);
  if (top.is_parallel()) {
    bool handled = false;
    for (const auto& region : top.regions) {
      if (record_.state != top.name) break;  // a join or an outer transition left the state
      const StateDef& current = *find_state_in(region.states, record_.regions.at(region.name));
      if (const auto* candidates = current.handlers_for(type))
        handled = take_first(*candidates, Scope{&top, &region}) || handled;
    }
    if (handled) {
      check_join();
      return true;
    }
  }
  const auto* candidates = top.handlers_for(type);
  return candidates && take_first(*candidates, Scope{});
}

bool CaseRun::task_closed(const TaskRecord& task, const std::string& type) {
  record_.status = next_case_status(record_, CaseOperation::Advance);
  event_type_ = type;
  event_ = json::object{{"type", type}, {"payload", task.data}, {"actor", task.completed_by}, {"task_id", task.id}};
  task_ = task_json(task);
  const auto paths = active_paths();
  if (std::find(paths.begin(), paths.end(), task.state_path) == paths.end()) return false;
  if (const auto& spec = state_at(task.state_path).task; spec && type == "task.completed")
    check_param_enums(spec->form, task.data, context_.params, "task form");
  const StateDef& top = state_at(record_.state);
  const Region* region = nullptr;
  for (const auto& r : top.regions)
    if (task.state_path.rfind(top.name + "/" + r.name + "/", 0) == 0) region = &r;
  // One rule for events and task closings: the state that created the task first; a region's task
  // that its state does not take goes to the parallel state's own `on`, which may leave it early.
  const auto* own = state_at(task.state_path).handlers_for(type);
  if (own && take_first(*own, region ? Scope{&top, region} : Scope{})) {
    if (region) check_join();
    return true;
  }
  const auto* outer = region ? top.handlers_for(type) : nullptr;
  if (outer && take_first(*outer, Scope{})) return true;
  if (!own && !outer) return false;  // nothing reacts to this; the case waits for other events
  // A decision no transition accepts would leave the case waiting with no task: refuse it.
  if (type != "task.completed") return false;
  throw Error(ErrorKind::RuleViolation, refused_completion(task, own, outer));
}

// Names what refused a completion: every guard that was tried, where it is written, in order.
std::string CaseRun::refused_completion(const TaskRecord& task, const std::vector<Transition>* own,
                                        const std::vector<Transition>* outer) const {
  std::string message = "task " + task.id + " cannot be completed with this data: no transition on " +
                        "'task.completed' has a guard that holds";
  std::string tried;
  auto list = [&](const std::vector<Transition>* candidates, const std::string& where) {
    if (!candidates) return;
    for (const auto& transition : *candidates) {
      if (!transition.guard) continue;
      tried += (tried.empty() ? "" : ", ") + ("'" + transition.guard->code + "'") + " (" + where + ", " +
               definition_.source_name + ":" + std::to_string(transition.guard->pos.line) + ")";
    }
  };
  list(own, "state '" + task.state_path + "'");
  list(outer, "parallel state '" + record_.state + "'");
  message += tried.empty() ? "" : " (tried: " + tried + ")";
  if (!outer && task.state_path != record_.state)
    message += "; parallel state '" + record_.state + "' has no 'on: task.completed' to take it instead";
  return message;
}

bool CaseRun::fire(const TimerRecord& timer) {
  record_.status = next_case_status(record_, CaseOperation::Advance);
  event_type_ = "timer";
  event_ = json::object{{"type", "timer"}, {"timer_id", timer.id}, {"due_at", format_timestamp(timer.due_at)}};
  // A fired timer is consumed whatever its guard says.
  std::erase_if(timers_, [&](const TimerRecord& t) { return t.id == timer.id; });
  changes_.removed_timers.push_back(timer.id);
  const auto paths = active_paths();
  if (std::find(paths.begin(), paths.end(), timer.state_path) == paths.end()) return false;
  if (timer.kind != TimerKind::After) return fire_task_timer(timer);
  const StateDef& state = state_at(timer.state_path);
  if (timer.index < 0 || timer.index >= static_cast<int>(state.after.size())) return false;
  const Transition& transition = state.after[timer.index].transition;
  if (!guard_holds(transition.guard)) return false;
  const StateDef& top = state_at(record_.state);
  if (timer.state_path == top.name) {
    take(transition, Scope{});
    return true;
  }
  for (const auto& region : top.regions) {
    if (timer.state_path.rfind(top.name + "/" + region.name + "/", 0) != 0) continue;
    take(transition, Scope{&top, &region});
    check_join();
    return true;
  }
  return false;
}

void CaseRun::cancel(const std::string& reason) {
  record_.status = next_case_status(record_, CaseOperation::Cancel);
  event_type_ = "case.cancelled";
  const std::string from = record_.state;
  for (const auto& path : active_paths()) close_tasks_and_timers(path);
  record_.regions.clear();
  record_.outcome = "cancelled";
  record_step(from, from, {{"reason", reason}, {"outcome", "cancelled"}});
  emit_outbox("case", "case.cancelled", {{"reason", reason}});
}

void CaseRun::suspend() {
  record_.status = next_case_status(record_, CaseOperation::Suspend);
  note("case.suspended", {{"by", context_.actor}});
  emit_outbox("case", "case.suspended", {{"by", context_.actor}});
}

void CaseRun::resume() {
  record_.status = next_case_status(record_, CaseOperation::Resume);
  note("case.resumed", {{"by", context_.actor}});
  emit_outbox("case", "case.resumed", {{"by", context_.actor}});
}

MigrationEffect CaseRun::migrate(const MigrationMove& move) {
  MigrationEffect effect;
  const std::string from_state = record_.state;
  const int from_version = record_.process_version;
  auto kept = [&](const std::string& path) {
    return std::find(move.keep_tasks_at.begin(), move.keep_tasks_at.end(), path) != move.keep_tasks_at.end();
  };
  // The old version's paths, read from the row: this run's definition is the new version.
  std::vector<std::string> old_paths{record_.state};
  for (const auto& [region, state] : record_.regions) old_paths.push_back(record_.state + "/" + region + "/" + state);
  for (const auto& path : old_paths) {
    for (auto& task : tasks_) {
      if (task.state_path != path || !is_open(task)) continue;
      if (kept(path)) {
        effect.kept_tasks.push_back(task.id);
        continue;
      }
      TaskRecord cancelled = task;
      cancelled.status = TaskStatus::Cancelled;
      write_task(cancelled, "task.cancelled");
      effect.cancelled_tasks.push_back(task.id);
    }
    // A kept task keeps its reminder and escalation; the state's own timers are armed anew below.
    cancel_timers([&](const TimerRecord& t) { return t.state_path == path && t.kind == TimerKind::After; });
  }
  record_.process_version = move.to_version;
  record_.state = move.state;
  record_.regions = move.regions;
  const std::size_t armed_before = changes_.armed_timers.size();
  for (const auto& path : active_paths()) {
    const StateDef& state = state_at(path);
    if (state.task && !kept(path)) {
      create_task(*state.task, path);
      effect.created_tasks.push_back(path);
    }
    arm_timers(state, path);
  }
  effect.timers_armed = static_cast<int>(changes_.armed_timers.size() - armed_before);
  json::object detail{{"from_version", from_version},
                      {"to_version", move.to_version},
                      {"from_state", from_state},
                      {"to_state", move.state}};
  if (!move.regions.empty()) {
    json::object regions;
    for (const auto& [region, state] : move.regions) regions[region] = state;
    detail["regions"] = std::move(regions);
  }
  detail["tasks_kept"] = effect.kept_tasks.size();
  detail["tasks_cancelled"] = effect.cancelled_tasks.size();
  detail["tasks_created"] = effect.created_tasks.size();
  event_type_ = "case.migrated";
  record_step(from_state, move.state, std::move(detail));
  emit_outbox("case", "case.migrated", {{"from_version", from_version}, {"to_version", move.to_version}});
  return effect;
}

void CaseRun::note(const std::string& event_type, json::object detail, const std::vector<std::string>& personal) {
  event_type_ = event_type;
  record_step(record_.state, record_.state, std::move(detail), personal);
}

TaskRecord CaseRun::write_task(TaskRecord task, const std::string& outbox_type) {
  task.revision += 1;
  task.updated_at = context_.now;
  for (auto& t : tasks_)
    if (t.id == task.id) t = task;
  changes_.task_writes.push_back(task);
  emit_outbox("task", outbox_type, task_json(task));
  if (!is_open(task)) cancel_timers([&](const TimerRecord& t) { return t.task_id == task.id; });
  return task;
}

// --- transitions --------------------------------------------------------------------------------

bool CaseRun::take_first(const std::vector<Transition>& candidates, const Scope& scope) {
  for (const auto& transition : candidates) {
    if (!guard_holds(transition.guard)) continue;
    take(transition, scope);
    return true;
  }
  return false;
}

void CaseRun::take(const Transition& transition, const Scope& scope) {
  const std::string from = scope.top() ? record_.state : record_.regions.at(scope.region->name);
  if (!transition.target) {  // internal: actions only
    run_actions(transition.actions, scope.path(from));
    record_step(scope.path(from), scope.path(from), {{"internal", true}});
    return;
  }
  const std::string& target = *transition.target;
  count_step(target);
  leave(scope);
  run_actions(transition.actions, scope.path(target));
  arrive(target, scope);
  record_step(scope.path(from), scope.path(target));
  settle(target, scope);
}

void CaseRun::count_step(const std::string& target) {
  if (++steps_ > context_.max_steps)
    throw Error(ErrorKind::RuleViolation,
                definition_.source_name + ": more than " + std::to_string(context_.max_steps) +
                    " transitions in one command (an 'always' loop through state '" + target + "'?)");
}

void CaseRun::arrive(const std::string& name, const Scope& scope) {
  const StateDef& state = *find_state_in(scope.states(definition_), name);
  if (scope.top()) {
    record_.state = name;
    record_.regions.clear();
  } else {
    record_.regions[scope.region->name] = name;
  }
  run_entry(state, scope.path(name));
  for (const auto& region : state.regions) {
    record_.regions[region.name] = region.start;
    run_entry(*find_state_in(region.states, region.start), Scope{&state, &region}.path(region.start));
  }
}

void CaseRun::settle(const std::string& name, const Scope& scope) {
  const StateDef& state = *find_state_in(scope.states(definition_), name);
  if (state.final) {
    if (scope.top()) finish(state);
    return;  // a region's final state waits for the join
  }
  if (state.is_parallel()) {
    for (const auto& region : state.regions) settle(record_.regions.at(region.name), Scope{&state, &region});
    check_join();
    return;
  }
  take_first(state.always, scope);
}

void CaseRun::leave(const Scope& scope) {
  if (!scope.top()) {
    const std::string& current = record_.regions.at(scope.region->name);
    const StateDef& state = *find_state_in(scope.region->states, current);
    run_actions(state.exit, scope.path(current));
    close_tasks_and_timers(scope.path(current));
    return;
  }
  const StateDef& state = state_at(record_.state);
  for (const auto& region : state.regions) {  // regions first: inner states exit before outer
    const std::string path = Scope{&state, &region}.path(record_.regions.at(region.name));
    run_actions(state_at(path).exit, path);
    close_tasks_and_timers(path);
  }
  record_.regions.clear();
  run_actions(state.exit, state.name);
  close_tasks_and_timers(state.name);
}

void CaseRun::check_join() {
  const StateDef& state = state_at(record_.state);
  if (!state.is_parallel() || record_.regions.empty()) return;
  for (const auto& region : state.regions)
    if (!find_state_in(region.states, record_.regions.at(region.name))->final) return;
  take_first(state.join, Scope{});
}

void CaseRun::finish(const StateDef& final_state) {
  record_.status = next_case_status(record_, CaseOperation::Finish);
  record_.outcome = final_state.outcome.empty() ? final_state.name : final_state.outcome;
  for (const auto& path : active_paths()) close_tasks_and_timers(path);
  emit_outbox("case", "case.completed", {{"outcome", record_.outcome}});
}

// --- entering a state -----------------------------------------------------------------------------

void CaseRun::run_entry(const StateDef& state, const std::string& path) {
  run_actions(state.entry, path);
  if (state.task) create_task(*state.task, path);
  arm_timers(state, path);
}

void CaseRun::create_task(const TaskSpec& spec, const std::string& path) {
  TaskRecord task;
  task.id = context_.new_id('T');
  task.tenant = record_.tenant;
  task.case_id = record_.id;
  task.process_id = record_.process_id;
  task.state_path = path;
  task.title = context_.scripts.render(spec.title, spec.title_pos, bindings());
  task.role = spec.role;
  if (spec.assignee) {
    const json::value who = resolve(*spec.assignee);
    if (who.is_string()) task.assignee = std::string(who.as_string());
  }
  if (auto pending = pending_assignments_.find(path); pending != pending_assignments_.end()) {
    if (!pending->second.user.empty()) task.assignee = pending->second.user;
    if (!pending->second.role.empty()) task.role = pending->second.role;
    pending_assignments_.erase(pending);
  }
  task.status = task.assignee.empty() ? TaskStatus::Open : TaskStatus::Claimed;
  task.four_eyes = spec.four_eyes;
  if (spec.due) task.due_at = calendar_.after(*spec.due, context_.now);
  task.time_zone = calendar_.zone().name();
  task.created_at = task.updated_at = context_.now;
  task.form = spec.form.schema;
  task.revision = 0;
  tasks_.push_back(task);
  write_task(task, "task.created");
  arm_task_timers(spec, task);
}

void CaseRun::arm_task_timers(const TaskSpec& spec, const TaskRecord& task) {
  if (!task.due_at) return;
  auto arm = [&](TimerKind kind, Timestamp at) {
    changes_.armed_timers.push_back(TimerRecord{0, record_.tenant, record_.id, task.state_path, 0, at, kind, task.id});
  };
  // A reminder whose time has already come when the task is created would only be noise.
  if (spec.remind) {
    const Timestamp at = calendar_.before(*spec.remind, *task.due_at);
    if (at > context_.now) arm(TimerKind::Reminder, at);
  }
  if (spec.escalate) arm(TimerKind::Escalation, calendar_.after(spec.escalate->after, *task.due_at));
}

void CaseRun::arm_timers(const StateDef& state, const std::string& path) {
  for (std::size_t i = 0; i < state.after.size(); ++i) {
    const TimerSpec& spec = state.after[i];
    TimerRecord timer{0,
                      record_.tenant,
                      record_.id,
                      path,
                      static_cast<int>(i),
                      calendar_.after(spec.delay, context_.now),
                      TimerKind::After,
                      ""};
    if (spec.at) {
      const json::value at = context_.scripts.evaluate(*spec.at, bindings());
      std::optional<Timestamp> due;
      if (at.is_string()) due = parse_timestamp(at.as_string());
      if (at.is_number()) due = static_cast<Timestamp>(at.to_number<double>() * 1000);
      if (!due)
        throw Error(ErrorKind::ScriptFailure, definition_.source_name + ":" + std::to_string(spec.at->pos.line) + ":" +
                                                  std::to_string(spec.at->pos.column) +
                                                  ": 'at' must give an ISO-8601 time or epoch seconds, got " +
                                                  json::serialize(at));
      timer.due_at = *due;
    }
    changes_.armed_timers.push_back(timer);
  }
}

void CaseRun::close_tasks_and_timers(const std::string& path) {
  for (auto& task : tasks_) {
    if (task.state_path != path || !is_open(task)) continue;
    TaskRecord cancelled = task;
    cancelled.status = TaskStatus::Cancelled;
    write_task(cancelled, "task.cancelled");
  }
  cancel_timers([&](const TimerRecord& t) { return t.state_path == path; });
}

// Drops the matching timers: those armed by this command are not stored, stored ones are removed.
template <class Predicate>
void CaseRun::cancel_timers(Predicate matches) {
  std::erase_if(changes_.armed_timers, matches);
  std::erase_if(timers_, [&](const TimerRecord& t) {
    if (!matches(t)) return false;
    changes_.removed_timers.push_back(t.id);
    return true;
  });
}

// --- deadlines of tasks ------------------------------------------------------------------------------

bool CaseRun::fire_task_timer(const TimerRecord& timer) {
  const auto task =
      std::find_if(tasks_.begin(), tasks_.end(), [&](const TaskRecord& t) { return t.id == timer.task_id; });
  if (task == tasks_.end() || !is_open(*task) || !task->due_at) return false;
  if (timer.kind == TimerKind::Reminder) {
    remind(*task);
    return true;
  }
  const auto& spec = state_at(timer.state_path).task;
  if (!spec || !spec->escalate) return false;
  escalate(*task, *spec->escalate);
  return true;
}

// A reminder goes to whoever holds the task, else to its role.
void CaseRun::remind(const TaskRecord& task) {
  const std::string to = task.assignee.empty() ? "role:" + task.role : "user:" + task.assignee;
  emit_outbox("notify", "task.reminder", deadline_message(task, to, false));
  event_type_ = "task.reminded";
  record_step(task.state_path, task.state_path, {{"task_id", task.id}, {"to", to}});
}

// An overdue task: its escalation role is told, or the task is handed to that role (unassigned).
void CaseRun::escalate(const TaskRecord& task, const EscalationSpec& escalation) {
  event_type_ = "task.escalated";
  if (!escalation.notify.empty()) {
    const std::string to = "role:" + escalation.notify;
    emit_outbox("notify", "task.escalation", deadline_message(task, to, true));
    record_step(task.state_path, task.state_path, {{"task_id", task.id}, {"notified", to}});
    return;
  }
  json::object detail{{"task_id", task.id},
                      {"reassigned_to", escalation.reassign},
                      {"from_role", task.role},
                      {"from_assignee", task.assignee}};
  TaskRecord reassigned = task;  // a copy: write_task replaces the case's task that `task` refers to
  reassigned.role = escalation.reassign;
  reassigned.assignee.clear();
  reassigned.status = TaskStatus::Open;
  write_task(reassigned, "task.reassigned");
  record_step(reassigned.state_path, reassigned.state_path, std::move(detail));
}

json::object CaseRun::deadline_message(const TaskRecord& task, const std::string& to, bool overdue) const {
  // Shown in the zone the due date was counted in, as the task's own view shows it.
  const TimeZone zone = TimeZone::named(task.time_zone).value_or(calendar_.zone());
  const std::string due_local = format_local_timestamp(*task.due_at, zone);
  const std::string due = german_due_text(due_local);
  const std::string text =
      "Die Aufgabe „" + task.title + "“ " +
      (overdue ? "war am " + due + " fällig und ist noch nicht erledigt." : "ist am " + due + " fällig.");
  return {{"to", to},
          {"task_id", task.id},
          {"title", task.title},
          {"role", task.role},
          {"assignee", task.assignee},
          {"due_at", format_timestamp(*task.due_at)},
          {"due_local", due_local},
          {"subject", (overdue ? "Überfällig: " : "Erinnerung: ") + task.title},
          {"text", text}};
}

// --- actions -------------------------------------------------------------------------------------

void CaseRun::run_actions(const std::vector<Action>& actions, const std::string& assign_path) {
  for (const auto& action : actions) {
    if (!guard_holds(action.guard)) continue;
    std::visit(
        [&](const auto& body) {
          using T = std::decay_t<decltype(body)>;
          if constexpr (std::is_same_v<T, SetAction>) {
            for (const auto& [path, value] : body.fields) set_data_path(record_.data, path, resolve(value));
          } else if constexpr (std::is_same_v<T, EmitAction>) {
            json::object payload;
            for (const auto& [field, value] : body.payload) payload[field] = resolve(value);
            emit_outbox("emit", body.type, std::move(payload));
          } else if constexpr (std::is_same_v<T, NotifyAction>) {
            const auto b = bindings();
            emit_outbox("notify", "notification",
                        {{"to", body.to},
                         {"subject", context_.scripts.render(body.subject, body.subject_pos, b)},
                         {"text", context_.scripts.render(body.text, body.text_pos, b)}});
          } else if constexpr (std::is_same_v<T, ScriptAction>) {
            context_.scripts.run(body.code, bindings());
          } else if constexpr (std::is_same_v<T, AssignAction>) {
            assign(body, assign_path);
          }
        },
        action.body);
  }
}

void CaseRun::assign(const AssignAction& action, const std::string& path) {
  Assignment who;
  auto text = [&](const std::optional<ValueSpec>& spec) {
    if (!spec) return std::string();
    const json::value v = resolve(*spec);
    return v.is_string() ? std::string(v.as_string()) : std::string();
  };
  who.user = text(action.user);
  who.role = text(action.role);
  bool applied = false;
  for (auto& task : tasks_) {
    if (task.state_path != path || !is_open(task)) continue;
    TaskRecord changed = task;
    if (!who.role.empty()) changed.role = who.role;
    if (!who.user.empty()) {
      changed.assignee = who.user;
      changed.status = TaskStatus::Claimed;
    }
    write_task(changed, "task.assigned");
    applied = true;
  }
  if (!applied) pending_assignments_[path] = who;  // for the task the state is about to create
}

// --- helpers -------------------------------------------------------------------------------------

const StateDef& CaseRun::state_at(const std::string& path) const {
  if (const StateDef* state = definition_.find_state_path(path)) return *state;
  throw Error(ErrorKind::Corruption, "case " + record_.id + " is in unknown state '" + path + "'");
}

std::vector<std::string> CaseRun::active_paths() const {
  std::vector<std::string> paths{record_.state};
  const StateDef& top = state_at(record_.state);
  for (const auto& region : top.regions)
    if (auto it = record_.regions.find(region.name); it != record_.regions.end())
      paths.push_back(top.name + "/" + region.name + "/" + it->second);
  return paths;
}

bool CaseRun::guard_holds(const std::optional<Expression>& guard) {
  return !guard || context_.scripts.test(*guard, bindings());
}

json::value CaseRun::resolve(const ValueSpec& value) {
  return value.expression ? context_.scripts.evaluate(*value.expression, bindings()) : value.literal;
}

ScriptBindings CaseRun::bindings() {
  case_info_ = json::object{{"id", record_.id},
                            {"tenant", record_.tenant},
                            {"process", record_.process_id},
                            {"version", record_.process_version},
                            {"state", record_.state},
                            {"status", to_string(record_.status)},
                            {"outcome", record_.outcome},
                            {"created_at", format_timestamp(record_.created_at)}};
  ScriptBindings b;
  b.data = &record_.data;
  b.task = task_.is_null() ? nullptr : &task_;
  b.event = event_.is_null() ? nullptr : &event_;
  b.params = &context_.params;
  b.case_info = &case_info_;
  b.related = &context_.related;
  b.now = context_.now;
  b.calendar = &calendar_;
  b.source_name = definition_.source_name;
  return b;
}

void CaseRun::record_step(const std::string& from, const std::string& to, json::object detail,
                          const std::vector<std::string>& personal) {
  HistoryEntry entry;
  entry.case_id = record_.id;
  entry.seq = record_.history_length + 1;
  entry.at = context_.now;
  entry.actor = context_.actor;
  entry.event_type = event_type_;
  entry.event_id = context_.event_id;
  entry.from_state = from;
  entry.to_state = to;
  entry.changes = diff_data(data_at_last_entry_, record_.data);
  if (record_.status == CaseStatus::Completed && !detail.contains("outcome") && from != to)
    detail["outcome"] = record_.outcome;
  entry.detail = std::move(detail);
  data_at_last_entry_ = record_.data;
  auto sealed = personal_pointers_in_changes(entry.changes, definition_.form.personal_fields);
  sealed.insert(sealed.end(), personal.begin(), personal.end());
  seal_personal_values(entry, sealed);
  seal_history_entry(entry, record_.history_head);
  record_.history_head = entry.hash;
  record_.history_length = entry.seq;
  record_.updated_at = context_.now;
  changes_.history.push_back(std::move(entry));
}

void CaseRun::emit_outbox(const std::string& kind, const std::string& type, json::object payload) {
  OutboxMessage message;
  message.tenant = record_.tenant;
  message.case_id = record_.id;
  message.kind = kind;
  message.type = type;
  message.payload = std::move(payload);
  message.payload["process"] = record_.process_id;
  message.payload["state"] = record_.state;
  message.created_at = context_.now;
  changes_.outbox.push_back(std::move(message));
}

bool CaseRun::document_required(const TaskSpec& spec) {
  return !spec.requires_document.empty() && guard_holds(spec.requires_document_when);
}

void CaseRun::refresh_keys() {
  auto as_key = [](const json::value& v) -> std::string {
    if (v.is_string()) return std::string(v.as_string());
    if (v.is_null()) return {};
    return json::serialize(v);
  };
  record_.correlation.clear();
  for (const auto& [name, expression] : definition_.correlate.keys) {
    const std::string value = as_key(context_.scripts.evaluate(expression, bindings()));
    if (!value.empty()) record_.correlation[name] = value;
  }
  if (definition_.correlate.related)
    record_.related_key = as_key(context_.scripts.evaluate(*definition_.correlate.related, bindings()));
  if (!definition_.summary.empty())
    record_.summary = context_.scripts.render(definition_.summary, definition_.summary_pos, bindings());
  if (!definition_.stats.dimensions.empty()) changes_.dimensions = stats_dimensions(definition_.stats, record_.data);
}

}  // namespace amtsweg
