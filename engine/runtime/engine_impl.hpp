// The engine's insides shared by the files that implement the facade (engine.cpp,
// engine_incidents.cpp, timer_firing.cpp): the writer, the caches, and the steps commands are built from.
#pragma once

#include <boost/json.hpp>
#include <functional>
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
#include "engine/runtime/command_failure.hpp"
#include "engine/runtime/command_pipeline.hpp"
#include "engine/runtime/definition_cache.hpp"
#include "engine/runtime/engine.hpp"
#include "engine/runtime/form_validator.hpp"
#include "engine/runtime/random_hex.hpp"
#include "engine/runtime/script_engine_pool.hpp"
#include "engine/runtime/task_lifecycle.hpp"

namespace amtsweg {

namespace json = boost::json;

namespace engine_detail {

using amtsweg::error_text;
using amtsweg::incident_worthy;
using amtsweg::worth_recording;

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
  ScriptEnginePool scripts;  // a Lua state for each thread deciding at a time (the writer's among them)
  GroupWriter writer;        // its thread may use everything above
  CommandPipeline commands;  // decides on the callers' threads, writes through `writer`

  Impl(Store& s, const Clock& c, EngineOptions o)
      : store(s),
        clock(c),
        options(o),
        scripts(o.script_limits),
        writer(s, o.max_group),
        commands(s, writer, scripts) {}

  static std::string new_id(char prefix) { return std::string{prefix, '-'} + random_hex(8); }

  // Records a failed command against the case it was working on when it failed (`current_case`
  // is updated by the command's decision, which may touch several cases); refusals are not recorded.
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

  // The interpreter for one command on `record`, with everything it may need read from `r` (a
  // snapshot, or the writer itself). The related cases its guards see go into `basis`, if given.
  CaseRun make_run(StoreReader& r, ScriptEngine& scripts, const ProcessDefinition& def, CaseRecord& record,
                   const std::string& actor, const std::string& event_id, DecisionBasis* basis = nullptr) {
    RunContext context{
        scripts,       clock.now(),      actor, event_id, params_for(r, def, record.tenant), json::array{},
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
      if (!record.related_key.empty()) {
        const auto related = r.related_cases(record.tenant, record.process_id, record.related_key, record.id);
        if (basis) basis->related(record, related);
        context.related = engine_detail::related_json(related);
      }
    }
    std::vector<TaskRecord> tasks = record.id.empty() ? std::vector<TaskRecord>{} : r.tasks_of_case(record.id);
    std::vector<TimerRecord> timers = record.id.empty() ? std::vector<TimerRecord>{} : r.timers_of_case(record.id);
    return CaseRun(def, record, std::move(tasks), std::move(timers), std::move(context));
  }

  CaseRecord load_case(StoreReader& r, const std::string& tenant, const std::string& case_id) {
    auto record = r.find_case(tenant, case_id);
    if (!record) throw no_such("case", case_id);
    return std::move(*record);
  }

  // Decides `decide(run, record)` on a snapshot of a stored case and writes what it did.
  // `audit`: the entry an administrative command (cancel, suspend, resume) leaves in the audit log,
  // written in the same transaction and stamped with the commit's time; nothing when it fails.
  template <class Decide>
  auto case_command(const std::string& tenant, const std::string& case_id, const std::string& actor,
                    const std::string& command, Decide decide, std::optional<AuditEntry> audit = std::nullopt) {
    using Result = std::invoke_result_t<Decide&, CaseRun&, CaseRecord&>;
    auto current_case = std::make_shared<std::string>();  // set once the tenant may see the case
    return commands.run(
        [&](StoreReader& r, ScriptEngine& scripts, DecisionBasis& basis) {
          CaseRecord record = load_case(r, tenant, case_id);
          *current_case = case_id;
          const auto def = definitions.get(r, record.process_id, record.process_version);
          const bool was_active = record.status == CaseStatus::Active;
          CaseRun run = make_run(r, scripts, *def, record, actor, "", &basis);
          Result result = decide(run, record);
          run.refresh_keys();
          return Decision<Result>::writing([this, record, changes = std::move(run.changes()),
                                            result = std::move(result), audit, actor,
                                            was_active](StoreWriter& w) mutable {
            apply_case_changes(w, record, changes);
            if (audit) {
              audit->at = clock.now();
              w.insert_audit_entry(*audit);
            }
            settle_incident_of_closed_case(w, record, actor);
            // A resumed case takes what arrived meanwhile; notes and documents move nothing.
            if (!was_active) deliver_buffered(w, record);
            return result;
          });
        },
        record_failure(tenant, current_case, command));
  }

  // Moves one case by `plan` (engine_migration.cpp): decided on a snapshot, written unless a dry run.
  CaseMigration migrate_case(const MigrationRequest& request, const MigrationPlan& plan, const ProcessDefinition& to,
                             const std::string& case_id);

  // Deletes the personal data of `item`'s case on the writer (retention.cpp); the protocol line.
  DeletionRecord delete_personal_data(StoreWriter& w, const RetentionItem& item, Timestamp now);

  // Claims, completes, ... a task: decided on a snapshot of the task and its case.
  TaskRecord task_command(const std::string& tenant, const std::string& task_id, const TaskCommand& command);

  // How the commands that have a waiting and an asynchronous form (engine_commands.cpp) are
  // decided: each decision owns (shares) its request, so it may outlive the caller's call.
  template <class Result>
  using Decide = std::function<Decision<Result>(StoreReader&, ScriptEngine&, DecisionBasis&)>;
  // The definition an application is for, after checking the application against its form.
  std::shared_ptr<const ProcessDefinition> checked_application(Engine& engine, const StartRequest& request);
  Decide<StartResult> decide_start(std::shared_ptr<const StartRequest> request,
                                   std::shared_ptr<const ProcessDefinition> def);
  // `current_case` names the case being worked on, for the failure record.
  Decide<DeliveryResult> decide_event(std::shared_ptr<const EventRequest> request,
                                      std::shared_ptr<std::string> current_case);
  Decide<TaskRecord> decide_task(std::string tenant, std::string task_id, std::shared_ptr<const TaskCommand> command,
                                 std::shared_ptr<std::string> current_case);

  // The cases the event's correlation names: active or suspended ones, or with `closed_cases` the
  // completed and cancelled ones (to refuse a late event clearly). A case addressed by id that is
  // closed is Error{Conflict}.
  std::vector<std::string> correlate(StoreReader& r, const EventRequest& request, bool closed_cases = false) {
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
        auto record = r.find_case(request.tenant, text);
        if (record && !closed_cases) {
          if (engine_detail::closed(*record))
            throw Error(ErrorKind::Conflict,
                        "case " + text + " is " + std::string(to_string(record->status)) + "; it takes no more events");
          found.push_back(text);
        }
      } else {
        found = closed_cases ? r.closed_cases_by_correlation(request.tenant, std::string(key), text)
                             : r.cases_by_correlation(request.tenant, std::string(key), text);
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
  void refuse_if_held(StoreReader& r, const CaseRecord& record);
  // A case that closed (cancelled by an administrator) no longer needs its incident resolved.
  void settle_incident_of_closed_case(StoreWriter& w, const CaseRecord& record, const std::string& actor);
  // Opens the case's incident, or counts another failed attempt of the one already open.
  Incident open_incident(StoreWriter& w, Incident incident);
  // The failure hook of an asynchronous command on a case: records the failure and, when it is
  // the definition's fault (incident_worthy), opens an incident from `blueprint` with its error.
  GroupWriter::FailureHook incident_on_failure(Incident blueprint);

  // --- timers (timer_firing.cpp) ---
  enum class TimerOutcome { Fired, Consumed, Resting };
  // What firing a timer did, and the ids of the timers the firing armed.
  using TimerFiring = std::pair<TimerOutcome, std::vector<std::int64_t>>;
  // Decides firing one due timer if its case still waits for it.
  Decision<TimerFiring> decide_timer(StoreReader& r, ScriptEngine& scripts, DecisionBasis& basis,
                                     const TimerRecord& timer);

  // --- the event buffer (engine_incidents.cpp) ---
  // When the latest definitions the tenant uses declare `type` bufferable: the longest of their
  // buffer times from now, in each one's calendar for the tenant.
  std::optional<Timestamp> buffer_until(StoreReader& r, const std::string& tenant, const std::string& type);
  // After a command left `record` waiting: delivers the buffered events it now waits for, oldest
  // first, each in its own savepoint. One that fails opens an incident and ends the delivery.
  // Runs on the writer (decides there: buffered events are rare, and this keeps a case and an
  // event that arrive at once from missing each other).
  void deliver_buffered(StoreWriter& w, CaseRecord& record);
  // Delivers one buffered event to `record` in a savepoint of its own: true when the case took it,
  // false when no transition did; a failure is rolled back (record too) and thrown.
  bool deliver_buffered_event(StoreWriter& w, CaseRecord& record, const BufferedEvent& event);
  // No case took the event: the event to buffer when its type is declared bufferable; else, when
  // it found no case at all (`no_case`), refuses it: Error{Conflict} naming a closed case it was
  // meant for, or Error{NotFound}. nullopt: the cases it found do not wait for it.
  std::optional<BufferedEvent> buffer_or_refuse(StoreReader& r, const EventRequest& request, bool no_case);
};

}  // namespace amtsweg
