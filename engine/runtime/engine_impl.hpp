// The engine's insides shared by the files that implement the facade (engine.cpp,
// engine_incidents.cpp): the writer, the caches, and the steps every command is built from.
#pragma once

#include <boost/json.hpp>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/error.hpp"
#include "engine/model/record_json.hpp"
#include "engine/runtime/case_changes.hpp"
#include "engine/runtime/case_file.hpp"
#include "engine/runtime/case_lifecycle.hpp"
#include "engine/runtime/case_run.hpp"
#include "engine/runtime/definition_cache.hpp"
#include "engine/runtime/engine.hpp"
#include "engine/runtime/form_validator.hpp"
#include "engine/runtime/random_hex.hpp"
#include "engine/runtime/task_lifecycle.hpp"

namespace amtsweg {

namespace json = boost::json;

namespace engine_detail {

// Plain refusals (bad input, nothing found, a lost race) are answered to the caller only; what is
// kept is a command that failed while running a case: scripts, rules, the store.
inline bool worth_recording(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const Error& error) {
    // A full store is nobody's case's fault (and has no room for the record either).
    return error.kind() != ErrorKind::InvalidArgument && error.kind() != ErrorKind::NotFound &&
           error.kind() != ErrorKind::Conflict && error.kind() != ErrorKind::StorageFull;
  } catch (...) {
    return true;
  }
}

inline std::string error_text(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    return ex.what();
  } catch (...) {
    return "unknown failure";
  }
}

inline json::array related_json(const std::vector<CaseRecord>& cases) {
  json::array out;
  for (const auto& c : cases)
    out.push_back(json::object{{"id", c.id},
                               {"state", c.state},
                               {"status", to_string(c.status)},
                               {"outcome", c.outcome},
                               {"version", c.process_version},
                               {"created_at", format_timestamp(c.created_at)},
                               {"data", c.data}});
  return out;
}

// Whether a failed asynchronous command holds its case with an incident: failures of the
// definition's code or rules do, and would fail again at once; a lost race or a store failure is
// retried at the next chance instead.
inline bool incident_worthy(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const Error& error) {
    return error.kind() != ErrorKind::Io && error.kind() != ErrorKind::StorageFull && worth_recording(e);
  } catch (...) {
    return true;
  }
}

inline bool closed(const CaseRecord& c) {
  return c.status == CaseStatus::Completed || c.status == CaseStatus::Cancelled;
}

}  // namespace engine_detail

struct Engine::Impl {
  Store& store;
  const Clock& clock;
  EngineOptions options;
  DefinitionCache definitions;
  FormValidator forms;
  ScriptEngine scripts;  // used only on the writer thread
  GroupWriter writer;    // last: its thread may use everything above

  Impl(Store& s, const Clock& c, EngineOptions o)
      : store(s), clock(c), options(o), scripts(o.script_limits), writer(s, o.max_group) {}

  static std::string new_id(char prefix) { return std::string{prefix, '-'} + random_hex(8); }

  // Records a failed command against the case it was working on when it failed (`current_case`
  // is updated by the command's body, which may touch several cases); refusals are not recorded.
  GroupWriter::FailureHook record_failure(std::string tenant, std::shared_ptr<std::string> current_case,
                                          std::string command) {
    return [this, tenant = std::move(tenant), current_case = std::move(current_case), command = std::move(command)](
               StoreWriter& w, const std::exception_ptr& e) {
      if (!engine_detail::worth_recording(e)) return;
      try {
        w.insert_failure(FailureRecord{0, tenant, *current_case, clock.now(), command, engine_detail::error_text(e)});
      } catch (...) {
        // The command's own error reaches the caller either way.
      }
    };
  }

  json::value params_for(StoreReader& r, const ProcessDefinition& def, const std::string& tenant) {
    json::object params;
    for (const auto& p : def.params) params[p.name] = p.default_value;
    for (const auto& [name, value] : r.tenant_params(tenant, def.id)) params[name] = value;
    return params;
  }

  // The interpreter for one command on `record`, with everything it may need loaded.
  CaseRun make_run(StoreWriter& w, const ProcessDefinition& def, CaseRecord& record, const std::string& actor,
                   const std::string& event_id) {
    RunContext context{
        scripts,       clock.now(),      actor, event_id, params_for(w, def, record.tenant), json::array{},
        &Impl::new_id, options.max_steps};
    if (def.correlate.related) {
      if (record.related_key.empty()) {  // a new case: the key comes from the application
        ScriptBindings b;
        b.data = &record.data;
        b.params = &context.params;
        b.now = context.now;
        b.source_name = def.source_name;
        const json::value key = scripts.evaluate(*def.correlate.related, b);
        record.related_key = key.is_string() ? std::string(key.as_string()) : key.is_null() ? "" : json::serialize(key);
      }
      if (!record.related_key.empty())
        context.related = engine_detail::related_json(
            w.related_cases(record.tenant, record.process_id, record.related_key, record.id));
    }
    std::vector<TaskRecord> tasks = record.id.empty() ? std::vector<TaskRecord>{} : w.tasks_of_case(record.id);
    std::vector<TimerRecord> timers = record.id.empty() ? std::vector<TimerRecord>{} : w.timers_of_case(record.id);
    return CaseRun(def, record, std::move(tasks), std::move(timers), std::move(context));
  }

  CaseRecord load_case(StoreReader& r, const std::string& tenant, const std::string& case_id) {
    auto record = r.find_case(tenant, case_id);
    if (!record) throw no_such("case", case_id);
    return std::move(*record);
  }

  // Runs `decide(run, record)` on a stored case in one writer job and applies what it did.
  // `audit`: the entry an administrative command (cancel, suspend, resume) leaves in the audit log,
  // written in the same transaction and stamped with the commit's time; nothing when it fails.
  template <class Decide>
  auto case_command(const std::string& tenant, const std::string& case_id, const std::string& actor,
                    const std::string& command, Decide decide, std::optional<AuditEntry> audit = std::nullopt) {
    auto current_case = std::make_shared<std::string>();  // set once the tenant may see the case
    return writer.run(
        [&](StoreWriter& w) {
          CaseRecord record = load_case(w, tenant, case_id);
          *current_case = case_id;
          const auto def = definitions.get(w, record.process_id, record.process_version);
          const bool was_active = record.status == CaseStatus::Active;
          CaseRun run = make_run(w, *def, record, actor, "");
          auto result = decide(run, record);
          run.refresh_keys();
          apply_case_changes(w, record, run.changes());
          if (audit) {
            audit->at = clock.now();
            w.insert_audit_entry(*audit);
          }
          settle_incident_of_closed_case(w, record, actor);
          // A resumed case takes what arrived meanwhile; notes and documents move nothing.
          if (!was_active) deliver_buffered(w, record);
          return result;
        },
        record_failure(tenant, current_case, command));
  }

  TaskRecord task_command(const std::string& tenant, const std::string& task_id, const TaskCommand& command) {
    auto current_case = std::make_shared<std::string>();
    return writer.run(
        [&](StoreWriter& w) {
          auto task = w.find_task(tenant, task_id);
          if (!task) throw no_such("task", task_id);
          *current_case = task->case_id;
          CaseRecord record = load_case(w, tenant, task->case_id);
          next_case_status(record, CaseOperation::Advance);  // a suspended or closed case's tasks rest
          if (command.operation == TaskOperation::Complete || command.operation == TaskOperation::Cancel)
            refuse_if_held(w, record);
          const bool approving = task->four_eyes && task->stage == 2;
          const TaskResult result = apply_task_command(*task, command);  // lifecycle first: a lost race is a conflict
          // The decision is the preparer's; a four-eyes approver only confirms or returns it.
          if (command.operation == TaskOperation::Complete && !approving)
            forms.check(task->form, command.data, "task form");
          if (result == TaskResult::Unchanged) return *task;
          const auto def = definitions.get(w, record.process_id, record.process_version);
          CaseRun run = make_run(w, *def, record, command.user, "");
          if (command.operation == TaskOperation::Complete && !approving)
            if (const StateDef* state = def->find_state_path(task->state_path);
                state && state->task && run.document_required(*state->task))
              check_required_document(*state->task, *task, w);
          const char* what = "task.changed";
          switch (result) {
            case TaskResult::Completed:
              what = "task.completed";
              task->completed_at = clock.now();
              break;
            case TaskResult::SentForApproval:
              what = "task.sent_for_approval";
              break;
            case TaskResult::ReturnedByApprover:
              what = "task.returned";
              break;
            case TaskResult::Cancelled:
              what = "task.cancelled";
              break;
            default:
              what = command.operation == TaskOperation::Claim     ? "task.claimed"
                     : command.operation == TaskOperation::Unclaim ? "task.unclaimed"
                                                                   : "task.delegated";
          }
          const TaskRecord written = run.write_task(*task, what);
          json::object detail{{"task_id", written.id}, {"title", written.title}, {"assignee", written.assignee}};
          if (result == TaskResult::Completed || result == TaskResult::SentForApproval) detail["data"] = command.data;
          run.note(what, std::move(detail));
          if (result == TaskResult::Completed) run.task_closed(written, "task.completed");
          if (result == TaskResult::Cancelled) run.task_closed(written, "task.cancelled");
          run.refresh_keys();
          apply_case_changes(w, record, run.changes());
          // Only a closed task can move the case to a state that waits for other events.
          if (result == TaskResult::Completed || result == TaskResult::Cancelled) deliver_buffered(w, record);
          return written;
        },
        record_failure(tenant, current_case, "task " + task_id));
  }

  // The cases the event's correlation names: active or suspended ones, or with `closed_cases` the
  // completed and cancelled ones (to refuse a late event clearly). A case addressed by id that is
  // closed is Error{Conflict}.
  std::vector<std::string> correlate(StoreWriter& w, const EventRequest& request, bool closed_cases = false) {
    if (request.correlation.empty())
      throw Error(ErrorKind::InvalidArgument, "event " + request.id + " has no correlation");
    std::vector<std::string> matches;
    bool first = true;
    for (const auto& [key, value] : request.correlation) {
      if (!value.is_string() && !value.is_number())
        throw Error(ErrorKind::InvalidArgument, "correlation." + std::string(key) + " must be a string");
      const std::string text = value.is_string() ? std::string(value.as_string()) : json::serialize(value);
      std::vector<std::string> found;
      if (key == "case") {
        auto record = w.find_case(request.tenant, text);
        if (record && !closed_cases) {
          if (engine_detail::closed(*record))
            throw Error(ErrorKind::Conflict,
                        "case " + text + " is " + std::string(to_string(record->status)) + "; it takes no more events");
          found.push_back(text);
        }
      } else {
        found = closed_cases ? w.closed_cases_by_correlation(request.tenant, std::string(key), text)
                             : w.cases_by_correlation(request.tenant, std::string(key), text);
      }
      if (first) {
        matches = found;
        first = false;
      } else {  // several keys: a case must match all of them
        std::erase_if(matches,
                      [&](const std::string& id) { return std::find(found.begin(), found.end(), id) == found.end(); });
      }
    }
    return matches;
  }

  // --- incidents (engine_incidents.cpp) ---
  // Error{Conflict} naming the incident when one holds the case: it must not move meanwhile.
  void refuse_if_held(StoreWriter& w, const CaseRecord& record);
  // A case that closed (cancelled by an administrator) no longer needs its incident resolved.
  void settle_incident_of_closed_case(StoreWriter& w, const CaseRecord& record, const std::string& actor);
  // Opens the case's incident, or counts another failed attempt of the one already open.
  Incident open_incident(StoreWriter& w, Incident incident);
  // The failure hook of an asynchronous command on a case: records the failure and, when it is
  // the definition's fault (incident_worthy), opens an incident from `blueprint` with its error.
  GroupWriter::FailureHook incident_on_failure(Incident blueprint);

  // --- timers ---
  enum class TimerOutcome { Fired, Consumed, Resting };
  // Fires one due timer on the writer if its case still waits for it; returns what happened and
  // the ids of the timers the firing armed.
  std::pair<TimerOutcome, std::vector<std::int64_t>> fire_timer(StoreWriter& w, const TimerRecord& timer);

  // --- the event buffer (engine_incidents.cpp) ---
  // When the latest definitions the tenant uses declare `type` bufferable: the longest of their
  // buffer times from now, in each one's calendar for the tenant.
  std::optional<Timestamp> buffer_until(StoreWriter& w, const std::string& tenant, const std::string& type);
  // After a command left `record` waiting: delivers the buffered events it now waits for, oldest
  // first, each in its own savepoint. One that fails opens an incident and ends the delivery.
  void deliver_buffered(StoreWriter& w, CaseRecord& record);
  // Delivers one buffered event to `record` in a savepoint of its own: true when the case took it,
  // false when no transition did; a failure is rolled back (record too) and thrown.
  bool deliver_buffered_event(StoreWriter& w, CaseRecord& record, const BufferedEvent& event);
  // No case took the event: buffers it when its type is declared bufferable (adding "buffered" to
  // `result`); else, when it found no case at all (`no_case`), refuses it: Error{Conflict} naming a
  // closed case it was meant for, or Error{NotFound}.
  void buffer_or_refuse(StoreWriter& w, const EventRequest& request, bool no_case, json::object& result);
};

}  // namespace amtsweg
