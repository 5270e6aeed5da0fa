// The interpreter: one command's work on one case. It takes the case as loaded, decides with the
// definition (guards, actions, tasks, timers), runs the case to quiescence and collects the changes.
#pragma once

#include <boost/json/value.hpp>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "engine/calendar/working_calendar.hpp"
#include "engine/model/definition.hpp"
#include "engine/model/records.hpp"
#include "engine/runtime/case_changes.hpp"
#include "engine/runtime/case_migration.hpp"
#include "engine/script/script_engine.hpp"

namespace amtsweg {

// What a run needs from outside, fixed for the command.
struct RunContext {
  ScriptEngine& scripts;
  Timestamp now = 0;
  std::string actor;
  std::string event_id;                            // the command's event id (for history), may be empty
  boost::json::value params;                       // definition defaults merged with the tenant's overrides
  boost::json::value related;                      // array of related cases (see related_cases_json)
  std::function<std::string(char prefix)> new_id;  // "T-..." ids for tasks
  int max_steps = 100;                             // automatic transitions per command before it is an error
};

class CaseRun {
 public:
  // `record` is changed in place; `tasks` and `timers` are the case's stored ones.
  CaseRun(const ProcessDefinition& definition, CaseRecord& record, std::vector<TaskRecord> tasks,
          std::vector<TimerRecord> timers, RunContext context);

  // A new case: enters the start state and runs to quiescence.
  void start();
  // An event from outside; returns false when no transition of the current state(s) handles it.
  bool deliver(const std::string& type, boost::json::value event);
  // A completed or cancelled task posts `type` (task.completed, task.cancelled) to the state that
  // created it; a region's state that does not take it passes it to the parallel state's own `on`
  // (as events go). A completion that some state handles but no guard accepts is refused
  // (Error{RuleViolation}, naming the guards tried) so that the case never waits without a task.
  bool task_closed(const TaskRecord& task, const std::string& type);
  // A due timer; returns false when its guard does not hold or its task is closed (the timer is
  // consumed either way). A task's reminder or escalation notifies or reassigns (see fire_task_timer).
  bool fire(const TimerRecord& timer);
  // Closes the case: exits every active state (cancelling tasks and timers), status cancelled.
  void cancel(const std::string& reason);
  // Suspends or resumes the case (its tasks and timers rest meanwhile); both are announced in the
  // outbox like every lifecycle change of the case.
  void suspend();
  void resume();
  // Moves the case to another version of its process (this run's definition) as `move` says:
  // open tasks of the old states are cancelled unless kept, the old states' `after:` timers go,
  // the target states' tasks are created and timers armed as on entry; no entry actions, no
  // `always:` decisions run. Appends "case.migrated" to the history. Returns what it did.
  MigrationEffect migrate(const MigrationMove& move);
  // Appends a history entry without a transition (task claimed, case suspended, ...).
  // `personal`: JSON pointers of personal values in the detail ("/detail/data/reason"), sealed in
  // the history entry (see history_chain.hpp) so that retention can delete them.
  void note(const std::string& event_type, boost::json::object detail, const std::vector<std::string>& personal = {});
  // Records a changed task (claim, unclaim, ...), bumping its revision.
  TaskRecord write_task(TaskRecord task, const std::string& outbox_type);

  // Whether `spec`'s requires_document applies to this case now: it names a kind, and its `when`
  // guard (if any) holds for the case's data and params. Runs the guard (may throw ScriptFailure).
  bool document_required(const TaskSpec& spec);

  // Recomputes correlation keys, the related key and the summary; call once before applying.
  void refresh_keys();

  CaseChanges& changes() { return changes_; }

 private:
  struct Scope;  // where a transition happens: the top level or one region of a parallel state

  const StateDef& state_at(const std::string& path) const;
  std::vector<std::string> active_paths() const;

  bool take_first(const std::vector<Transition>& candidates, const Scope& scope);
  std::string refused_completion(const TaskRecord& task, const std::vector<Transition>* own,
                                 const std::vector<Transition>* outer) const;
  void take(const Transition& transition, const Scope& scope);
  void arrive(const std::string& name, const Scope& scope);
  void settle(const std::string& name, const Scope& scope);
  void leave(const Scope& scope);
  void check_join();
  void finish(const StateDef& final_state);
  void count_step(const std::string& target);

  void run_entry(const StateDef& state, const std::string& path);
  void run_actions(const std::vector<Action>& actions, const std::string& assign_path);
  void create_task(const TaskSpec& spec, const std::string& path);
  void arm_timers(const StateDef& state, const std::string& path);
  void arm_task_timers(const TaskSpec& spec, const TaskRecord& task);
  void close_tasks_and_timers(const std::string& path);
  template <class Predicate>
  void cancel_timers(Predicate matches);
  bool fire_task_timer(const TimerRecord& timer);
  void remind(const TaskRecord& task);
  void escalate(const TaskRecord& task, const EscalationSpec& escalation);
  // The outbox payload of a reminder (overdue false) or an escalation notice (true) for `to`.
  boost::json::object deadline_message(const TaskRecord& task, const std::string& to, bool overdue) const;
  void assign(const AssignAction& action, const std::string& path);

  // A transition's or an action's `when:`; none always holds.
  bool guard_holds(const std::optional<Expression>& guard);
  boost::json::value resolve(const ValueSpec& value);
  ScriptBindings bindings();
  void record_step(const std::string& from, const std::string& to, boost::json::object detail = {},
                   const std::vector<std::string>& personal = {});
  void emit_outbox(const std::string& kind, const std::string& type, boost::json::object payload);

  const ProcessDefinition& definition_;
  CaseRecord& record_;
  std::vector<TaskRecord> tasks_;
  std::vector<TimerRecord> timers_;
  RunContext context_;
  WorkingCalendar calendar_;  // the tenant's, from the params closing_days and time_zone
  CaseChanges changes_;

  std::string event_type_;        // the command's event, for history entries
  boost::json::value event_;      // visible to scripts as `event`
  boost::json::value task_;       // visible to scripts as `task`
  boost::json::value case_info_;  // visible to scripts as `case`
  boost::json::object data_at_last_entry_;
  struct Assignment {
    std::string user;
    std::string role;
  };
  std::map<std::string, Assignment> pending_assignments_;  // path -> for the task not created yet
  int steps_ = 0;
};

}  // namespace amtsweg
