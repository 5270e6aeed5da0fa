// The facade's plumbing: every command becomes one job on the group writer that loads what it
// needs, lets CaseRun decide, and applies the changes; queries go to reader connections.
#include "engine/runtime/engine.hpp"

#include <boost/json.hpp>
#include <set>

#include "engine/calendar/calendar_params.hpp"
#include "engine/dsl/loader.hpp"
#include "engine/error.hpp"
#include "engine/runtime/case_file.hpp"
#include "engine/runtime/case_lifecycle.hpp"
#include "engine/runtime/case_run.hpp"
#include "engine/runtime/definition_cache.hpp"
#include "engine/runtime/form_validator.hpp"
#include "engine/runtime/history_chain.hpp"
#include "engine/runtime/random_hex.hpp"
#include "engine/runtime/task_lifecycle.hpp"

namespace amtsweg {

namespace json = boost::json;

namespace {

// Plain refusals (bad input, nothing found, a lost race) are answered to the caller only; what is
// kept is a command that failed while running a case: scripts, rules, the store.
bool worth_recording(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const Error& error) {
    return error.kind() != ErrorKind::InvalidArgument && error.kind() != ErrorKind::NotFound &&
           error.kind() != ErrorKind::Conflict;
  } catch (...) {
    return true;
  }
}

std::string error_text(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    return ex.what();
  } catch (...) {
    return "unknown failure";
  }
}

json::array related_json(const std::vector<CaseRecord>& cases) {
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

bool closed(const CaseRecord& c) { return c.status == CaseStatus::Completed || c.status == CaseStatus::Cancelled; }

}  // namespace

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
      if (!worth_recording(e)) return;
      try {
        w.insert_failure(FailureRecord{0, tenant, *current_case, clock.now(), command, error_text(e)});
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
    RunContext context{scripts, clock.now(), actor, event_id, params_for(w, def, record.tenant), json::array{},
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
        context.related = related_json(w.related_cases(record.tenant, record.process_id, record.related_key, record.id));
    }
    std::vector<TaskRecord> tasks = record.id.empty() ? std::vector<TaskRecord>{} : w.tasks_of_case(record.id);
    std::vector<TimerRecord> timers = record.id.empty() ? std::vector<TimerRecord>{} : w.timers_of_case(record.id);
    return CaseRun(def, record, std::move(tasks), std::move(timers), std::move(context));
  }

  CaseRecord load_case(StoreReader& r, const std::string& tenant, const std::string& case_id) {
    auto record = r.find_case(tenant, case_id);
    if (!record) throw Error(ErrorKind::NotFound, "no case " + case_id);
    return std::move(*record);
  }

  // Runs `decide(run, record)` on a stored case in one writer job and applies what it did.
  template <class Decide>
  auto case_command(const std::string& tenant, const std::string& case_id, const std::string& actor,
                    const std::string& command, Decide decide) {
    auto current_case = std::make_shared<std::string>();  // set once the tenant may see the case
    return writer.run(
        [&](StoreWriter& w) {
          CaseRecord record = load_case(w, tenant, case_id);
          *current_case = case_id;
          const auto def = definitions.get(w, record.process_id, record.process_version);
          CaseRun run = make_run(w, *def, record, actor, "");
          auto result = decide(run, record);
          run.refresh_keys();
          apply_case_changes(w, record, run.changes());
          return result;
        },
        record_failure(tenant, current_case, command));
  }

  TaskRecord task_command(const std::string& tenant, const std::string& task_id, const TaskCommand& command) {
    auto current_case = std::make_shared<std::string>();
    return writer.run(
        [&](StoreWriter& w) {
          auto task = w.find_task(tenant, task_id);
          if (!task) throw Error(ErrorKind::NotFound, "no task " + task_id);
          *current_case = task->case_id;
          CaseRecord record = load_case(w, tenant, task->case_id);
          next_case_status(record, CaseOperation::Advance);  // a suspended or closed case's tasks rest
          const bool approving = task->four_eyes && task->stage == 2;
          const TaskResult result = apply_task_command(*task, command);  // lifecycle first: a lost race is a conflict
          // The decision is the preparer's; a four-eyes approver only confirms or returns it.
          if (command.operation == TaskOperation::Complete && !approving) forms.check(task->form, command.data, "task form");
          if (result == TaskResult::Unchanged) return *task;
          const auto def = definitions.get(w, record.process_id, record.process_version);
          if (command.operation == TaskOperation::Complete && !approving)
            if (const StateDef* state = def->find_state_path(task->state_path); state && state->task)
              check_required_document(*state->task, *task, w);
          CaseRun run = make_run(w, *def, record, command.user, "");
          const char* what = "task.changed";
          switch (result) {
            case TaskResult::Completed: what = "task.completed"; task->completed_at = clock.now(); break;
            case TaskResult::SentForApproval: what = "task.sent_for_approval"; break;
            case TaskResult::ReturnedByApprover: what = "task.returned"; break;
            case TaskResult::Cancelled: what = "task.cancelled"; break;
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
          return written;
        },
        record_failure(tenant, current_case, "task " + task_id));
  }

  std::vector<std::string> correlate(StoreWriter& w, const EventRequest& request) {
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
        if (record) {
          if (closed(*record))
            throw Error(ErrorKind::Conflict, "case " + text + " is " + std::string(to_string(record->status)) +
                                                 "; it takes no more events");
          found.push_back(text);
        }
      } else {
        found = w.cases_by_correlation(request.tenant, std::string(key), text);
      }
      if (first) {
        matches = found;
        first = false;
      } else {  // several keys: a case must match all of them
        std::erase_if(matches, [&](const std::string& id) { return std::find(found.begin(), found.end(), id) == found.end(); });
      }
    }
    if (matches.empty())
      throw Error(ErrorKind::NotFound, "no active case matches correlation " + json::serialize(request.correlation));
    return matches;
  }
};

Engine::Engine(Store& store, const Clock& clock, EngineOptions options)
    : impl_(std::make_unique<Impl>(store, clock, options)),
      webhooks_(std::make_unique<WebhookBook>(store, impl_->writer, clock)) {}

Engine::~Engine() = default;

// --- administration ------------------------------------------------------------------------------

DeployResult Engine::deploy(std::string_view yaml, const std::string& source_name, const std::string& actor,
                            const std::string& owner_tenant) {
  auto loaded = load_definition(yaml, source_name);
  if (!loaded.ok()) {
    json::array details;
    for (const auto& d : loaded.diagnostics)
      details.push_back(json::object{{"file", d.file}, {"line", d.pos.line}, {"column", d.pos.column}, {"message", d.message}});
    throw Error(ErrorKind::Invalid,
                source_name + " is not a valid definition (" + std::to_string(loaded.diagnostics.size()) +
                    " problems): " + loaded.diagnostics.front().format(),
                std::move(details));
  }
  const ProcessDefinition& def = *loaded.definition;
  StoredDefinition stored{def.id, 0, def.title, std::string(yaml), source_name, sha256_hex(yaml),
                          impl_->clock.now(), actor, owner_tenant};
  return impl_->writer.run([&](StoreWriter& w) {
    const auto latest = w.definition(def.id, 0);
    if (latest && latest->tenant != owner_tenant)
      // Says neither which tenant owns a private id nor more than needed about it.
      throw Error(ErrorKind::Conflict, latest->tenant.empty()
                                           ? "'" + def.id + "' is a shared definition; only the platform operator deploys it"
                                           : "the process id '" + def.id + "' is taken; choose another id");
    if (latest && latest->sha256 == stored.sha256) return DeployResult{def.id, latest->version, false};
    stored.version = latest ? latest->version + 1 : 1;
    if (def.version != 0 && def.version != stored.version)
      throw Error(ErrorKind::Conflict, source_name + ": states version " + std::to_string(def.version) +
                                           " but the next version of '" + def.id + "' is " +
                                           std::to_string(stored.version));
    w.insert_definition(stored);
    return DeployResult{def.id, stored.version, true};
  });
}

void Engine::set_tenant_params(const std::string& tenant, const std::string& process_id, const json::object& params) {
  const auto def = process_for(tenant, process_id);
  for (const auto& [name, value] : params) {
    const bool declared = std::any_of(def->params.begin(), def->params.end(), [&](const ParamDef& p) { return p.name == name; });
    if (!declared) throw Error(ErrorKind::InvalidArgument, "process '" + process_id + "' has no param '" + std::string(name) + "'");
  }
  calendar_from_params(params);  // closing_days and time_zone must make a calendar
  impl_->writer.run([&](StoreWriter& w) { w.set_tenant_params(tenant, process_id, params); });
}

json::object Engine::effective_params(const std::string& tenant, const std::string& process_id) {
  const auto def = process_for(tenant, process_id);
  return impl_->params_for(*impl_->store.open_reader(), *def, tenant).as_object();
}

json::object Engine::tenant_params(const std::string& tenant, const std::string& process_id) {
  process_for(tenant, process_id);
  return impl_->store.open_reader()->tenant_params(tenant, process_id);
}

// --- API principals ------------------------------------------------------------------------------

namespace {

bool valid_role(const std::string& role) {
  if (role == "admin" || role == "integrator" || role == "operator") return true;
  return role.rfind("clerk:", 0) == 0 && role.size() > 6 &&
         std::all_of(role.begin() + 6, role.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; });
}

}  // namespace

IssuedToken Engine::issue_token(const std::string& tenant, const std::string& name,
                                const std::vector<std::string>& roles) {
  if (tenant.empty() || name.empty()) throw Error(ErrorKind::InvalidArgument, "a token needs a tenant and a name");
  if (roles.empty()) throw Error(ErrorKind::InvalidArgument, "a token needs at least one role");
  for (const auto& role : roles)
    if (!valid_role(role))
      throw Error(ErrorKind::InvalidArgument,
                  "unknown role '" + role + "' (roles: admin, integrator, operator, clerk:GROUP)");
  IssuedToken issued;
  issued.token = "amtsweg_" + random_hex(32);  // 256 bits
  issued.record = ApiToken{sha256_hex(issued.token), tenant, name, roles, impl_->clock.now(), std::nullopt};
  impl_->writer.run([&](StoreWriter& w) { w.insert_token(issued.record); });
  return issued;
}

void Engine::revoke_token(const std::string& tenant, const std::string& name) {
  const bool revoked = impl_->writer.run([&](StoreWriter& w) { return w.revoke_token(tenant, name, impl_->clock.now()); });
  if (!revoked) throw Error(ErrorKind::NotFound, "tenant " + tenant + " has no live token named " + name);
}

std::optional<ApiToken> Engine::authenticate(std::string_view token) {
  auto found = impl_->store.open_reader()->find_token(sha256_hex(token));
  if (!found || found->revoked_at) return std::nullopt;
  return found;
}

std::vector<ApiToken> Engine::tokens(const std::string& tenant) { return impl_->store.open_reader()->tokens(tenant); }

// --- commands ---------------------------------------------------------------------------------------

StartResult Engine::start(const StartRequest& request) {
  auto reader = impl_->store.open_reader();
  const auto def = impl_->definitions.get(*reader, request.process_id, 0);
  reader.reset();
  if (!def->owner_tenant.empty() && def->owner_tenant != request.tenant)
    throw Error(ErrorKind::NotFound, "no process '" + request.process_id + "' is deployed");
  if (!request.data.is_object()) throw Error(ErrorKind::InvalidArgument, "the application data must be a JSON object");
  impl_->forms.check(def->form.schema, request.data, "application");
  return impl_->writer.run(
      [&](StoreWriter& w) {
        if (!request.idempotency_key.empty())
          if (auto existing = w.case_for_start_key(request.tenant, def->id, request.idempotency_key))
            return StartResult{impl_->load_case(w, request.tenant, *existing), false};
        CaseRecord record;
        record.tenant = request.tenant;
        record.process_id = def->id;
        // The latest version as the writer sees it (one lookup; the parsed definition is cached).
        record.process_version = w.definition(def->id, 0)->version;
        const auto current = impl_->definitions.get(w, def->id, record.process_version);
        // Checked above off the writer thread; again only if a deployment came in between.
        if (current != def) impl_->forms.check(current->form.schema, request.data, "application");
        record.data = request.data.as_object();
        record.created_at = record.updated_at = impl_->clock.now();
        record.id = Impl::new_id('C');
        CaseRun run = impl_->make_run(w, *current, record, request.actor, request.idempotency_key);
        run.start();
        run.refresh_keys();
        apply_case_changes(w, record, run.changes());
        if (!request.idempotency_key.empty())
          w.record_start_key(request.tenant, def->id, request.idempotency_key, record.id);
        return StartResult{record, true};
      },
      impl_->record_failure(request.tenant, std::make_shared<std::string>(), "start " + request.process_id));
}

DeliveryResult Engine::deliver(const EventRequest& request) {
  if (request.id.empty()) throw Error(ErrorKind::InvalidArgument, "event.id is required (it makes events idempotent)");
  if (request.type.empty()) throw Error(ErrorKind::InvalidArgument, "event.type is required");
  // The engine raises these itself; accepting them from outside would let an integrator decide a
  // clerk's task or fire a deadline.
  if (request.type == "timer" || request.type.rfind("task.", 0) == 0 || request.type.rfind("case.", 0) == 0)
    throw Error(ErrorKind::InvalidArgument, "event.type '" + request.type + "' is reserved for the engine");
  auto current_case = std::make_shared<std::string>();
  return impl_->writer.run(
      [&](StoreWriter& w) {
        if (auto prior = w.processed_event(request.tenant, request.id)) {
          json::object result = json::parse(*prior).as_object();
          result["duplicate"] = true;
          return result;
        }
        const json::value event{{"id", request.id},
                                {"type", request.type},
                                {"payload", request.payload},
                                {"actor", request.actor},
                                {"correlation", request.correlation}};
        json::array cases;
        for (const auto& case_id : impl_->correlate(w, request)) {
          *current_case = case_id;
          CaseRecord record = impl_->load_case(w, request.tenant, case_id);
          // Addressed by key, a suspended case just does not take part; addressed by id it is refused.
          if (record.status == CaseStatus::Suspended && !request.correlation.contains("case")) {
            cases.push_back(json::object{{"case_id", case_id}, {"handled", false}, {"from", record.state},
                                         {"to", record.state}, {"status", "suspended"}});
            continue;
          }
          const auto def = impl_->definitions.get(w, record.process_id, record.process_version);
          CaseRun run = impl_->make_run(w, *def, record, request.actor, request.id);
          const std::string from = record.state;
          const bool handled = run.deliver(request.type, event);
          if (handled) {
            run.refresh_keys();
            apply_case_changes(w, record, run.changes());
          }
          cases.push_back(json::object{{"case_id", case_id}, {"handled", handled}, {"from", from},
                                       {"to", record.state}, {"status", to_string(record.status)}});
        }
        json::object result{{"event_id", request.id}, {"type", request.type}, {"duplicate", false}, {"cases", cases}};
        w.record_event(request.tenant, request.id, request.type, json::serialize(result), impl_->clock.now());
        return result;
      },
      impl_->record_failure(request.tenant, current_case, "event " + request.id + " (" + request.type + ")"));
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
  return impl_->task_command(tenant, task_id, TaskCommand{TaskOperation::Complete, user, "", data});
}

FireReport Engine::fire_due_timers() {
  const Timestamp now = impl_->clock.now();
  // Each timer is looked at once per call: timers it fired may arm new ones that are due at once
  // (PT0S, an `at` in the past); those wait for the next call, so a cycle can never spin here.
  std::set<std::int64_t> done;
  FireReport report;
  enum class Outcome { Fired, Consumed, Resting };
  for (;;) {
    const int window = 256 + static_cast<int>(done.size());
    auto due = impl_->store.open_reader()->due_timers(now, window);
    std::erase_if(due, [&](const TimerRecord& t) { return done.count(t.id) > 0; });
    if (due.empty()) return report;
    std::vector<std::pair<TimerRecord, std::future<std::pair<Outcome, std::vector<std::int64_t>>>>> pending;
    for (const auto& timer : due) {
      done.insert(timer.id);
      auto job = [this, timer](StoreWriter& w) -> std::pair<Outcome, std::vector<std::int64_t>> {
        const auto timers = w.timers_of_case(timer.case_id);
        if (std::none_of(timers.begin(), timers.end(), [&](const TimerRecord& t) { return t.id == timer.id; }))
          return {Outcome::Consumed, {}};  // the case moved on meanwhile
        CaseRecord record = impl_->load_case(w, timer.tenant, timer.case_id);
        if (record.status == CaseStatus::Suspended) return {Outcome::Resting, {}};  // fires after resume
        if (closed(record)) {
          w.delete_timer(timer.id);
          return {Outcome::Consumed, {}};
        }
        const auto def = impl_->definitions.get(w, record.process_id, record.process_version);
        CaseRun run = impl_->make_run(w, *def, record, "timer", "");
        const bool fired = run.fire(timer);
        run.refresh_keys();
        return {fired ? Outcome::Fired : Outcome::Consumed, apply_case_changes(w, record, run.changes())};
      };
      pending.emplace_back(timer, impl_->writer.submit(std::move(job), impl_->record_failure(
                                                                          timer.tenant, std::make_shared<std::string>(timer.case_id),
                                                                          "timer " + std::to_string(timer.id) + " at " + timer.state_path)));
    }
    for (auto& [timer, future] : pending) {
      try {
        auto [outcome, armed] = future.get();
        done.insert(armed.begin(), armed.end());
        if (outcome == Outcome::Fired) ++report.fired;
        if (outcome == Outcome::Consumed) ++report.consumed;
        if (outcome == Outcome::Resting) ++report.resting;
      } catch (const std::exception& e) {
        // Recorded with the case; the timer stays armed and is retried on a later call.
        ++report.failed;
        report.failures.push_back("timer " + std::to_string(timer.id) + " of case " + timer.case_id + ": " + e.what());
      }
    }
  }
}

TaskRecord Engine::cancel_task(const std::string& tenant, const std::string& task_id, const std::string& actor) {
  return impl_->task_command(tenant, task_id, TaskCommand{TaskOperation::Cancel, actor, "", nullptr});
}

CaseRecord Engine::cancel_case(const std::string& tenant, const std::string& case_id, const std::string& actor,
                               const std::string& reason) {
  return impl_->case_command(tenant, case_id, actor, "cancel", [&](CaseRun& run, CaseRecord& record) {
    run.cancel(reason);
    return record;
  });
}

CaseRecord Engine::suspend_case(const std::string& tenant, const std::string& case_id, const std::string& actor) {
  return impl_->case_command(tenant, case_id, actor, "suspend", [&](CaseRun& run, CaseRecord& record) {
    run.suspend();
    return record;
  });
}

CaseRecord Engine::resume_case(const std::string& tenant, const std::string& case_id, const std::string& actor) {
  return impl_->case_command(tenant, case_id, actor, "resume", [&](CaseRun& run, CaseRecord& record) {
    run.resume();
    return record;
  });
}

// --- the case file (eAkte) ------------------------------------------------------------------------

CaseDocument Engine::attach_document(DocumentUpload upload) {
  check_document_name(upload.name);
  check_document_kind(upload.kind);
  {  // A case's definition version never changes, so its rules can be checked before queueing.
    auto reader = impl_->store.open_reader();
    const CaseRecord record = impl_->load_case(*reader, upload.tenant, upload.case_id);
    check_document_content(*impl_->definitions.get(*reader, record.process_id, record.process_version),
                           upload.content_type, upload.content);
  }
  CaseDocument document{Impl::new_id('D'), upload.tenant, upload.case_id, upload.name, upload.kind,
                        upload.content_type, static_cast<std::int64_t>(upload.content.size()),
                        sha256_hex(upload.content), upload.actor, 0};
  return impl_->case_command(upload.tenant, upload.case_id, upload.actor, "attach document " + document.id,
                             [&](CaseRun& run, CaseRecord& record) {
                               run.note("document.added", document_added_detail(document));
                               document.added_at = record.updated_at;  // the time of its history entry
                               run.changes().documents.push_back({document, std::move(upload.content)});
                               return document;
                             });
}

CaseNote Engine::add_note(const std::string& tenant, const std::string& case_id, const std::string& text,
                          const std::string& actor) {
  check_note_text(text);
  CaseNote note{Impl::new_id('N'), tenant, case_id, actor, text, 0};
  return impl_->case_command(tenant, case_id, actor, "add note " + note.id, [&](CaseRun& run, CaseRecord& record) {
    run.note("note.added", {{"note_id", note.id}, {"text", note.text}});
    note.created_at = record.updated_at;
    run.changes().notes.push_back(note);
    return note;
  });
}

std::vector<CaseDocument> Engine::documents(const std::string& tenant, const std::string& case_id) {
  auto reader = impl_->store.open_reader();
  impl_->load_case(*reader, tenant, case_id);
  return reader->documents_of_case(tenant, case_id);
}

std::vector<CaseNote> Engine::notes(const std::string& tenant, const std::string& case_id) {
  auto reader = impl_->store.open_reader();
  impl_->load_case(*reader, tenant, case_id);
  return reader->notes_of_case(tenant, case_id);
}

CaseDocumentFile Engine::document(const std::string& tenant, const std::string& case_id, const std::string& document_id) {
  auto reader = impl_->store.open_reader();
  impl_->load_case(*reader, tenant, case_id);
  auto file = reader->find_document(tenant, case_id, document_id);
  if (!file) throw Error(ErrorKind::NotFound, "case " + case_id + " has no document " + document_id);
  return std::move(*file);
}

// --- queries --------------------------------------------------------------------------------------

std::optional<CaseView> Engine::find_case(const std::string& tenant, const std::string& case_id) {
  auto reader = impl_->store.open_reader();
  auto record = reader->find_case(tenant, case_id);
  if (!record) return std::nullopt;
  return CaseView{*record, reader->tasks_of_case(case_id), reader->timers_of_case(case_id),
                  reader->failures_of_case(case_id)};
}

std::vector<HistoryEntry> Engine::history(const std::string& tenant, const std::string& case_id) {
  auto reader = impl_->store.open_reader();
  impl_->load_case(*reader, tenant, case_id);
  return reader->history(case_id);
}

std::vector<TaskRecord> Engine::tasks(const TaskQuery& query) { return impl_->store.open_reader()->tasks(query); }

std::vector<CaseRecord> Engine::cases(const CaseQuery& query) { return impl_->store.open_reader()->cases(query); }

std::vector<OutboxMessage> Engine::outbox(const std::string& tenant, const std::string& case_id) {
  auto reader = impl_->store.open_reader();
  impl_->load_case(*reader, tenant, case_id);
  return reader->outbox_of_case(case_id);
}

std::vector<StateCount> Engine::state_counts(const std::string& tenant, const std::string& process_id) {
  return impl_->store.open_reader()->state_counts(tenant, process_id);
}

std::vector<StateCount> Engine::state_counts_all() { return impl_->store.open_reader()->state_counts_all(); }

std::vector<StoredDefinition> Engine::definitions() { return impl_->store.open_reader()->definitions(); }

std::vector<StoredDefinition> Engine::definitions(const std::string& tenant) {
  auto all = definitions();
  std::erase_if(all, [&](const StoredDefinition& d) { return !d.tenant.empty() && d.tenant != tenant; });
  return all;
}

std::shared_ptr<const ProcessDefinition> Engine::process(const std::string& process_id, int version) {
  auto reader = impl_->store.open_reader();
  return impl_->definitions.get(*reader, process_id, version);
}

std::shared_ptr<const ProcessDefinition> Engine::process_for(const std::string& tenant, const std::string& process_id,
                                                             int version) {
  auto def = process(process_id, version);
  // Another tenant's private process is as unknown as one never deployed.
  if (!def->owner_tenant.empty() && def->owner_tenant != tenant)
    throw Error(ErrorKind::NotFound, "no process '" + process_id + "' is deployed");
  return def;
}

std::optional<TaskRecord> Engine::find_task(const std::string& tenant, const std::string& task_id) {
  return impl_->store.open_reader()->find_task(tenant, task_id);
}

std::vector<VerifyFinding> Engine::verify() {
  auto reader = impl_->store.open_reader();
  std::vector<VerifyFinding> findings;
  for (const auto& id : reader->all_case_ids()) {
    const auto record = reader->find_case_any_tenant(id);
    const auto entries = reader->history(id);
    if (auto broken = verify_history_chain(entries, record->history_head, record->history_length)) {
      findings.push_back({id, broken->seq, broken->reason});
      continue;
    }
    const std::string last_state = entries.empty() ? "" : entries.back().to_state.substr(0, entries.back().to_state.find('/'));
    if (last_state != record->state)
      findings.push_back({id, record->history_length,
                          "case is in state '" + record->state + "' but its history ends in '" + last_state + "'"});
    if (auto mismatch = verify_case_documents(*reader, *record, entries))
      findings.push_back({id, mismatch->seq, mismatch->reason});
  }
  return findings;
}

GroupWriterStats Engine::writer_stats() const { return impl_->writer.stats(); }

}  // namespace amtsweg
