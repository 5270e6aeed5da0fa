// The commands that move cases: intake, events and task commands. Each is decided on a snapshot on
// the caller's thread (CommandPipeline) and only its decided changes are written by the writer.
#include <algorithm>

#include "engine/model/json_checks.hpp"
#include "engine/model/json_parse.hpp"
#include "engine/runtime/case_file.hpp"
#include "engine/runtime/engine.hpp"
#include "engine/runtime/engine_impl.hpp"
#include "engine/runtime/event_buffer.hpp"
#include "engine/runtime/personal_values.hpp"

namespace amtsweg {

namespace {

std::vector<std::string> sorted(std::vector<std::string> ids) {
  std::sort(ids.begin(), ids.end());
  return ids;
}

// One correlated case's part in an event: decided changes when it took the event, else the
// answer's entry for it as decided (held, suspended, or not handled).
struct EventTarget {
  std::optional<CaseRecord> record;
  CaseChanges changes;
  std::string from;
  json::object entry;
};

const char* task_history_type(TaskResult result, TaskOperation operation) {
  switch (result) {
    case TaskResult::Completed:
      return "task.completed";
    case TaskResult::SentForApproval:
      return "task.sent_for_approval";
    case TaskResult::ReturnedByApprover:
      return "task.returned";
    case TaskResult::Cancelled:
      return "task.cancelled";
    default:
      return operation == TaskOperation::Claim     ? "task.claimed"
             : operation == TaskOperation::Unclaim ? "task.unclaimed"
                                                   : "task.delegated";
  }
}

}  // namespace

std::shared_ptr<const ProcessDefinition> Engine::Impl::checked_application(Engine& engine,
                                                                           const StartRequest& request) {
  const auto def = engine.process_for(request.tenant, request.process_id);
  if (!request.data.is_object()) throw Error(ErrorKind::InvalidArgument, "the application data must be a JSON object");
  require_clean_json(request.data, "data");
  forms.check(def->form.schema, request.data, "application");
  return def;
}

Engine::Impl::Decide<StartResult> Engine::Impl::decide_start(std::shared_ptr<const StartRequest> shared_request,
                                                             std::shared_ptr<const ProcessDefinition> def) {
  return [this, shared_request, def](StoreReader& r, ScriptEngine& scripts, DecisionBasis& basis) {
    const StartRequest& request = *shared_request;
    const std::string& key = request.idempotency_key;
    if (!key.empty()) {
      if (auto existing = r.case_for_start_key(request.tenant, def->id, key))
        return Decision<StartResult>::answered({load_case(r, request.tenant, *existing), false});
      basis.start_key_unused(request.tenant, def->id, key);  // unique at the write
    }
    CaseRecord record;
    record.tenant = request.tenant;
    record.process_id = def->id;
    // The latest version as the snapshot sees it (one lookup; the parsed definition is cached).
    record.process_version = r.definition(def->id, 0)->version;
    const auto current = definitions.get(r, def->id, record.process_version);
    // Checked above before deciding; again only if a deployment came in between.
    if (current != def) forms.check(current->form.schema, request.data, "application");
    record.data = request.data.as_object();
    record.created_at = record.updated_at = clock.now();
    record.id = Impl::new_id('C');
    CaseRun run = make_run(r, scripts, *current, record, request.actor, key, &basis);
    run.start();
    run.refresh_keys();
    return Decision<StartResult>::writing(
        [this, record, changes = std::move(run.changes()), shared_request](StoreWriter& w) mutable {
          const StartRequest& request = *shared_request;
          apply_case_changes(w, record, changes);
          if (!request.idempotency_key.empty())
            w.record_start_key(request.tenant, record.process_id, request.idempotency_key, record.id);
          deliver_buffered(w, record);  // an event that came before the application
          return StartResult{record, true};
        });
  };
}

StartResult Engine::start(const StartRequest& request) {
  const auto def = impl_->checked_application(*this, request);
  return impl_->commands.run(
      impl_->decide_start(std::make_shared<const StartRequest>(request), def),
      impl_->record_failure(request.tenant, std::make_shared<std::string>(), "start " + request.process_id));
}

void Engine::start_async(StartRequest request, Completion<StartResult> done) {
  auto shared_request = std::make_shared<const StartRequest>(std::move(request));
  std::shared_ptr<const ProcessDefinition> def;
  try {
    def = impl_->checked_application(*this, *shared_request);
  } catch (...) {
    return done(Outcome<StartResult>::failed(std::current_exception()));
  }
  auto on_failure = impl_->record_failure(shared_request->tenant, std::make_shared<std::string>(),
                                          "start " + shared_request->process_id);
  impl_->commands.run_async(impl_->decide_start(shared_request, def), std::move(on_failure), std::move(done));
}

namespace {

void check_event(const EventRequest& request) {
  if (request.id.empty()) throw Error(ErrorKind::InvalidArgument, "event.id is required (it makes events idempotent)");
  if (request.type.empty()) throw Error(ErrorKind::InvalidArgument, "event.type is required");
  // The engine raises these itself; accepting them from outside would let an integrator decide a
  // clerk's task or fire a deadline.
  if (request.type == "timer" || request.type.rfind("task.", 0) == 0 || request.type.rfind("case.", 0) == 0)
    throw Error(ErrorKind::InvalidArgument, "event.type '" + request.type + "' is reserved for the engine");
  require_clean_json(request.correlation, "correlation");
  require_clean_json(request.payload, "payload");
}

std::string event_command(const EventRequest& request) { return "event " + request.id + " (" + request.type + ")"; }

}  // namespace

Engine::Impl::Decide<DeliveryResult> Engine::Impl::decide_event(std::shared_ptr<const EventRequest> shared_request,
                                                                std::shared_ptr<std::string> current_case) {
  return [this, shared_request, current_case](StoreReader& r, ScriptEngine& scripts, DecisionBasis& basis) {
    const EventRequest& request = *shared_request;
    if (auto prior = r.processed_event(request.tenant, request.id)) {
      json::object result = parse_json(*prior).as_object();
      result["duplicate"] = true;
      return Decision<DeliveryResult>::answered(std::move(result));
    }
    basis.event_unprocessed(request.tenant, request.id);  // exactly once: checked again at the write
    const json::value event = event_json(request.id, request.type, request.payload, request.actor, request.correlation);
    const auto matches = correlate(r, request);
    const bool by_id = request.correlation.contains("case");
    std::vector<EventTarget> targets;
    bool handled_somewhere = false;
    for (const auto& case_id : matches) {
      *current_case = case_id;
      CaseRecord record = load_case(r, request.tenant, case_id);
      const auto incident = r.open_incident(case_id);
      basis.incident(case_id, incident.has_value());
      EventTarget target;
      target.entry = json::object{{"case_id", case_id}, {"handled", false}, {"from", record.state}};
      // A held case (suspended, or with an open incident) does not take part; addressed by id,
      // the event is refused unless its type can wait in the buffer.
      if (record.status == CaseStatus::Suspended || incident) {
        if (by_id && !buffer_until(r, request.tenant, request.type)) {
          if (incident) refuse_if_held(r, record);
          next_case_status(record, CaseOperation::Advance);  // "suspended; resume it first"
        }
        basis.case_at(record);  // a resumed case would take part
        target.entry["to"] = record.state;
        target.entry["status"] = incident ? "held" : "suspended";
        targets.push_back(std::move(target));
        continue;
      }
      const auto def = definitions.get(r, record.process_id, record.process_version);
      const CaseRecord before = record;
      CaseRun run = make_run(r, scripts, *def, record, request.actor, request.id, &basis);
      if (run.deliver(request.type, event)) {
        run.refresh_keys();
        target.from = before.state;
        target.changes = std::move(run.changes());
        target.record = std::move(record);
        handled_somewhere = true;
      } else {
        basis.case_at(before);  // a case that moved on might take the event
        target.entry["to"] = before.state;
        target.entry["status"] = to_string(before.status);
      }
      targets.push_back(std::move(target));
    }
    std::optional<BufferedEvent> buffered;
    if (!handled_somewhere) buffered = buffer_or_refuse(r, request, matches.empty());
    return Decision<DeliveryResult>::writing(
        [this, shared_request, matches, targets = std::move(targets), buffered](StoreWriter& w) mutable {
          const EventRequest& request = *shared_request;
          // A case that began to match meanwhile must have its say (and a buffered event its case).
          if (sorted(correlate(w, request)) != sorted(matches))
            throw Error(ErrorKind::Conflict, "the cases event " + request.id + " correlates to changed");
          json::array cases;
          for (auto& target : targets) {
            if (target.record) {
              CaseRecord& record = *target.record;
              apply_case_changes(w, record, target.changes);
              deliver_buffered(w, record);
              target.entry = json::object{{"case_id", record.id},
                                          {"handled", true},
                                          {"from", target.from},
                                          {"to", record.state},
                                          {"status", to_string(record.status)}};
            }
            cases.push_back(std::move(target.entry));
          }
          json::object result{
              {"event_id", request.id}, {"type", request.type}, {"duplicate", false}, {"cases", std::move(cases)}};
          if (buffered) {
            w.insert_buffered_event(*buffered);
            result["buffered"] = json::object{{"expires_at", format_timestamp(buffered->expires_at)}};
          }
          w.record_event(request.tenant, request.id, request.type, json::serialize(result), clock.now());
          return result;
        });
  };
}

DeliveryResult Engine::deliver(const EventRequest& request) {
  check_event(request);
  auto current_case = std::make_shared<std::string>();
  return impl_->commands.run(impl_->decide_event(std::make_shared<const EventRequest>(request), current_case),
                             impl_->record_failure(request.tenant, current_case, event_command(request)));
}

void Engine::deliver_async(EventRequest request, Completion<DeliveryResult> done) {
  try {
    check_event(request);
  } catch (...) {
    return done(Outcome<DeliveryResult>::failed(std::current_exception()));
  }
  auto shared_request = std::make_shared<const EventRequest>(std::move(request));
  auto current_case = std::make_shared<std::string>();
  auto on_failure = impl_->record_failure(shared_request->tenant, current_case, event_command(*shared_request));
  impl_->commands.run_async(impl_->decide_event(shared_request, current_case), std::move(on_failure), std::move(done));
}

Engine::Impl::Decide<TaskRecord> Engine::Impl::decide_task(std::string tenant, std::string task_id,
                                                           std::shared_ptr<const TaskCommand> shared_command,
                                                           std::shared_ptr<std::string> current_case) {
  return [this, tenant, task_id, shared_command, current_case](StoreReader& r, ScriptEngine& scripts,
                                                               DecisionBasis& basis) {
    const TaskCommand& command = *shared_command;
    auto task = r.find_task(tenant, task_id);
    if (!task) throw no_such("task", task_id);
    *current_case = task->case_id;
    CaseRecord record = load_case(r, tenant, task->case_id);
    next_case_status(record, CaseOperation::Advance);  // a suspended or closed case's tasks rest
    const bool closing = command.operation == TaskOperation::Complete || command.operation == TaskOperation::Cancel;
    if (closing) {
      refuse_if_held(r, record);
      basis.incident(record.id, false);
    }
    const bool approving = task->four_eyes && task->stage == 2;
    const TaskResult result = apply_task_command(*task, command);  // lifecycle first: a lost race is a conflict
    // The decision is the preparer's; a four-eyes approver only confirms or returns it.
    if (command.operation == TaskOperation::Complete && !approving) forms.check(task->form, command.data, "task form");
    if (result == TaskResult::Unchanged) return Decision<TaskRecord>::answered(*task);
    const auto def = definitions.get(r, record.process_id, record.process_version);
    CaseRun run = make_run(r, scripts, *def, record, command.user, "", &basis);
    if (command.operation == TaskOperation::Complete && !approving)
      if (const StateDef* state = def->find_state_path(task->state_path);
          state && state->task && run.document_required(*state->task))
        check_required_document(*state->task, *task, r);
    const char* what = task_history_type(result, command.operation);
    if (result == TaskResult::Completed) task->completed_at = clock.now();
    const TaskRecord written = run.write_task(*task, what);
    json::object detail{{"task_id", written.id}, {"title", written.title}, {"assignee", written.assignee}};
    // The title is rendered from the case data ("Antrag von {{ data.name }}"): sealed like a personal value.
    std::vector<std::string> personal{"/detail/title"};
    if (result == TaskResult::Completed || result == TaskResult::SentForApproval) {
      detail["data"] = command.data;
      if (const StateDef* state = def->find_state_path(task->state_path); state && state->task)
        for (auto& pointer : personal_pointers(command.data, state->task->form.personal_fields, "/detail/data"))
          personal.push_back(std::move(pointer));
    }
    run.note(what, std::move(detail), personal);
    if (result == TaskResult::Completed) run.task_closed(written, "task.completed");
    if (result == TaskResult::Cancelled) run.task_closed(written, "task.cancelled");
    run.refresh_keys();
    // Only a closed task can move the case to a state that waits for other events.
    const bool task_closed = result == TaskResult::Completed || result == TaskResult::Cancelled;
    return Decision<TaskRecord>::writing(
        [this, record, changes = std::move(run.changes()), written, task_closed](StoreWriter& w) mutable {
          apply_case_changes(w, record, changes);
          if (task_closed) deliver_buffered(w, record);
          return written;
        });
  };
}

TaskRecord Engine::Impl::task_command(const std::string& tenant, const std::string& task_id,
                                      const TaskCommand& command) {
  auto current_case = std::make_shared<std::string>();
  return commands.run(decide_task(tenant, task_id, std::make_shared<const TaskCommand>(command), current_case),
                      record_failure(tenant, current_case, "task " + task_id));
}

TaskRecord Engine::claim(const std::string& tenant, const std::string& task_id, const std::string& user) {
  return impl_->task_command(tenant, task_id, TaskCommand{TaskOperation::Claim, user, "", nullptr});
}

TaskRecord Engine::unclaim(const std::string& tenant, const std::string& task_id, const std::string& user) {
  return impl_->task_command(tenant, task_id, TaskCommand{TaskOperation::Unclaim, user, "", nullptr});
}

TaskRecord Engine::delegate(const std::string& tenant, const std::string& task_id, const std::string& user,
                            const std::string& to_user) {
  return impl_->task_command(tenant, task_id, TaskCommand{TaskOperation::Delegate, user, to_user, nullptr});
}

TaskRecord Engine::complete(const std::string& tenant, const std::string& task_id, const std::string& user,
                            const json::value& data) {
  require_clean_json(data, "data");
  return impl_->task_command(tenant, task_id, TaskCommand{TaskOperation::Complete, user, "", data});
}

void Engine::complete_async(std::string tenant, std::string task_id, std::string user, json::value data,
                            Completion<TaskRecord> done) {
  try {
    require_clean_json(data, "data");
  } catch (...) {
    return done(Outcome<TaskRecord>::failed(std::current_exception()));
  }
  auto command = std::make_shared<const TaskCommand>(TaskCommand{TaskOperation::Complete, user, "", std::move(data)});
  auto current_case = std::make_shared<std::string>();
  auto on_failure = impl_->record_failure(tenant, current_case, "task " + task_id);
  impl_->commands.run_async(impl_->decide_task(tenant, task_id, std::move(command), current_case),
                            std::move(on_failure), std::move(done));
}

TaskRecord Engine::cancel_task(const std::string& tenant, const std::string& task_id, const std::string& actor) {
  return impl_->task_command(tenant, task_id, TaskCommand{TaskOperation::Cancel, actor, "", nullptr});
}

}  // namespace amtsweg
