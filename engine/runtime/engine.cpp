// The facade: administration, the case commands on a stored case (cancel, suspend, resume, the case
// file), and the queries, which go to reader connections (one snapshot each).
#include "engine/runtime/engine.hpp"

#include <set>

#include "engine/calendar/calendar_params.hpp"
#include "engine/dsl/loader.hpp"
#include "engine/model/json_checks.hpp"
#include "engine/runtime/case_file.hpp"
#include "engine/runtime/engine_impl.hpp"
#include "engine/runtime/event_buffer.hpp"
#include "engine/runtime/history_chain.hpp"
#include "engine/runtime/param_enums.hpp"
#include "engine/runtime/param_overrides.hpp"

namespace amtsweg {

Engine::Engine(Store& store, const Clock& clock, EngineOptions options)
    : impl_(std::make_unique<Impl>(store, clock, options)),
      webhooks_(std::make_unique<WebhookBook>(store, impl_->writer, clock, options.webhook_targets)) {}

Engine::~Engine() = default;

// --- administration ------------------------------------------------------------------------------

DeployResult Engine::deploy(std::string_view yaml, const std::string& source_name, const std::string& actor,
                            const std::string& owner_tenant, const std::string& actor_tenant) {
  auto loaded = load_definition(yaml, source_name);
  if (!loaded.ok()) {
    json::array details;
    for (const auto& d : loaded.diagnostics)
      details.push_back(
          json::object{{"file", d.file}, {"line", d.pos.line}, {"column", d.pos.column}, {"message", d.message}});
    throw Error(ErrorKind::Invalid,
                source_name + " is not a valid definition (" + std::to_string(loaded.diagnostics.size()) +
                    " problems): " + loaded.diagnostics.front().format(),
                std::move(details));
  }
  const ProcessDefinition& def = *loaded.definition;
  StoredDefinition stored{
      def.id, 0, def.title, std::string(yaml), source_name, sha256_hex(yaml), impl_->clock.now(), actor, owner_tenant};
  return impl_->writer.run([&](StoreWriter& w) {
    const auto latest = w.definition(def.id, 0);
    if (latest && latest->tenant != owner_tenant)
      // Says neither which tenant owns a private id nor more than needed about it.
      throw Error(ErrorKind::Conflict,
                  latest->tenant.empty()
                      ? "'" + def.id + "' is a shared definition; only the platform operator deploys it"
                      : "the process id '" + def.id + "' is taken; choose another id");
    if (latest && latest->sha256 == stored.sha256) return DeployResult{def.id, latest->version, false};
    stored.version = latest ? latest->version + 1 : 1;
    if (def.version != 0 && def.version != stored.version)
      throw Error(ErrorKind::Conflict, source_name + ": states version " + std::to_string(def.version) +
                                           " but the next version of '" + def.id + "' is " +
                                           std::to_string(stored.version));
    w.insert_definition(stored);
    w.insert_audit_entry(AuditEntry{0,
                                    owner_tenant.empty() ? actor_tenant : owner_tenant,
                                    stored.deployed_at,
                                    actor,
                                    audit_action::kDefinitionDeployed,
                                    def.id,
                                    {{"version", stored.version},
                                     {"shared", owner_tenant.empty()},
                                     {"source_name", source_name},
                                     {"sha256", stored.sha256}}});
    return DeployResult{def.id, stored.version, true};
  });
}

void Engine::set_tenant_params(const std::string& tenant, const std::string& process_id, const json::object& params,
                               const std::string& actor) {
  const auto def = process_for(tenant, process_id);
  require_clean_json(params, "params");
  check_param_overrides(*def, params);
  calendar_from_params(params);  // closing_days and time_zone must make a calendar
  check_param_enum_overrides(*def, params);
  impl_->writer.run([&](StoreWriter& w) {
    w.set_tenant_params(tenant, process_id, params);
    w.insert_audit_entry(AuditEntry{
        0, tenant, impl_->clock.now(), actor, audit_action::kParamsChanged, process_id, {{"overrides", params}}});
  });
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
  return role.rfind("clerk:", 0) == 0 && role.size() > 6 && std::all_of(role.begin() + 6, role.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
         });
}

}  // namespace

IssuedToken Engine::issue_token(const std::string& tenant, const std::string& name,
                                const std::vector<std::string>& roles, const std::string& actor) {
  if (tenant.empty() || name.empty()) throw Error(ErrorKind::InvalidArgument, "a token needs a tenant and a name");
  if (roles.empty()) throw Error(ErrorKind::InvalidArgument, "a token needs at least one role");
  for (const auto& role : roles)
    if (!valid_role(role))
      throw Error(ErrorKind::InvalidArgument,
                  "unknown role '" + role + "' (roles: admin, integrator, operator, clerk:GROUP)");
  IssuedToken issued;
  issued.token = "amtsweg_" + random_hex(32);  // 256 bits
  issued.record = ApiToken{sha256_hex(issued.token), tenant, name, roles, impl_->clock.now(), std::nullopt};
  impl_->writer.run([&](StoreWriter& w) {
    w.insert_token(issued.record);
    // The roles, never the token or its hash.
    w.insert_audit_entry(AuditEntry{0,
                                    tenant,
                                    issued.record.created_at,
                                    actor,
                                    audit_action::kTokenIssued,
                                    name,
                                    {{"roles", json::array(roles.begin(), roles.end())}}});
  });
  return issued;
}

void Engine::revoke_token(const std::string& tenant, const std::string& name, const std::string& actor) {
  const bool revoked = impl_->writer.run([&](StoreWriter& w) {
    const Timestamp now = impl_->clock.now();
    if (!w.revoke_token(tenant, name, now)) return false;
    w.insert_audit_entry(AuditEntry{0, tenant, now, actor, audit_action::kTokenRevoked, name, {}});
    return true;
  });
  if (!revoked) throw Error(ErrorKind::NotFound, "tenant " + tenant + " has no live token named " + name);
}

std::optional<ApiToken> Engine::authenticate(std::string_view token) {
  auto found = impl_->store.open_reader()->find_token(sha256_hex(token));
  if (!found || found->revoked_at) return std::nullopt;
  return found;
}

std::vector<ApiToken> Engine::tokens(const std::string& tenant) { return impl_->store.open_reader()->tokens(tenant); }

// --- case commands (intake, events and tasks: engine_commands.cpp; timers: timer_firing.cpp) -----------

CaseRecord Engine::cancel_case(const std::string& tenant, const std::string& case_id, const std::string& actor,
                               const std::string& reason) {
  return impl_->case_command(
      tenant, case_id, actor, "cancel",
      [&](CaseRun& run, CaseRecord& record) {
        run.cancel(reason);
        return record;
      },
      AuditEntry{0, tenant, 0, actor, audit_action::kCaseCancelled, case_id, {{"reason", reason}}});
}

CaseRecord Engine::suspend_case(const std::string& tenant, const std::string& case_id, const std::string& actor) {
  return impl_->case_command(
      tenant, case_id, actor, "suspend",
      [&](CaseRun& run, CaseRecord& record) {
        run.suspend();
        return record;
      },
      AuditEntry{0, tenant, 0, actor, audit_action::kCaseSuspended, case_id, {}});
}

CaseRecord Engine::resume_case(const std::string& tenant, const std::string& case_id, const std::string& actor) {
  return impl_->case_command(
      tenant, case_id, actor, "resume",
      [&](CaseRun& run, CaseRecord& record) {
        run.resume();
        return record;
      },
      AuditEntry{0, tenant, 0, actor, audit_action::kCaseResumed, case_id, {}});
}

// --- the case file (eAkte) ------------------------------------------------------------------------

CaseDocument Engine::attach_document(DocumentUpload upload) {
  check_document_name(upload.name);
  check_document_kind(upload.kind);
  {  // Only a migration changes a case's version (rarely, by an admin): its rules are checked before queueing.
    auto reader = impl_->store.open_reader();
    const CaseRecord record = impl_->load_case(*reader, upload.tenant, upload.case_id);
    check_document_content(*impl_->definitions.get(*reader, record.process_id, record.process_version),
                           upload.content_type, upload.content);
  }
  CaseDocument document{Impl::new_id('D'),
                        upload.tenant,
                        upload.case_id,
                        upload.name,
                        upload.kind,
                        upload.content_type,
                        static_cast<std::int64_t>(upload.content.size()),
                        sha256_hex(upload.content),
                        upload.actor,
                        0};
  return impl_->case_command(upload.tenant, upload.case_id, upload.actor, "attach document " + document.id,
                             [&](CaseRun& run, CaseRecord& record) {
                               run.note("document.added", document_added_detail(document), {"/detail/name"});
                               document.added_at = record.updated_at;  // the time of its history entry
                               // Copied: a stale decision is made again, and needs the bytes again.
                               run.changes().documents.push_back({document, upload.content});
                               return document;
                             });
}

CaseNote Engine::add_note(const std::string& tenant, const std::string& case_id, const std::string& text,
                          const std::string& actor, bool personal) {
  check_note_text(text);
  CaseNote note{Impl::new_id('N'), tenant, case_id, actor, text, 0, personal};
  return impl_->case_command(tenant, case_id, actor, "add note " + note.id, [&](CaseRun& run, CaseRecord& record) {
    json::object detail{{"note_id", note.id}, {"text", note.text}};
    if (personal) detail["personal"] = true;
    run.note("note.added", std::move(detail),
             personal ? std::vector<std::string>{"/detail/text"} : std::vector<std::string>{});
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

CaseDocumentFile Engine::document(const std::string& tenant, const std::string& case_id,
                                  const std::string& document_id) {
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
  IncidentQuery incidents{tenant, std::nullopt, case_id, "", 1000};
  return CaseView{*record, reader->tasks_of_case(case_id), reader->timers_of_case(case_id),
                  reader->failures_of_case(case_id), reader->incidents(incidents)};
}

std::vector<HistoryEntry> Engine::history(const std::string& tenant, const std::string& case_id) {
  auto reader = impl_->store.open_reader();
  impl_->load_case(*reader, tenant, case_id);
  return reader->history(case_id);
}

std::vector<TaskRecord> Engine::tasks(const TaskQuery& query) { return impl_->store.open_reader()->tasks(query); }

namespace {

// A case id as the engine makes them (Impl::new_id): "C-" and 16 lower-case hex digits.
bool is_case_id(std::string_view text) {
  return text.size() == 18 && text.starts_with("C-") && std::all_of(text.begin() + 2, text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

}  // namespace

std::vector<CaseRecord> Engine::cases(const CaseQuery& query) {
  // Paging is by case id: any other text would silently start the list somewhere arbitrary.
  if (!query.after_id.empty() && !is_case_id(query.after_id))
    throw Error(ErrorKind::InvalidArgument,
                "after: the cursor must be the id of a case (\"C-\" and 16 hex digits, as `next` gives it), not '" +
                    query.after_id.substr(0, 64) + "'",
                json::object{{"field", "after"}, {"parameter", "after"}});
  return impl_->store.open_reader()->cases(query);
}

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
  if (!def->owner_tenant.empty() && def->owner_tenant != tenant) throw unknown_process(process_id, version);
  return def;
}

std::optional<TaskRecord> Engine::find_task(const std::string& tenant, const std::string& task_id) {
  return impl_->store.open_reader()->find_task(tenant, task_id);
}

namespace {

// Appends what is wrong with one case (its chain, its state, its documents) to `findings`.
void verify_case(StoreReader& reader, const std::string& id, std::vector<VerifyFinding>& findings) {
  const auto record = reader.find_case_any_tenant(id);
  const auto entries = reader.history(id);
  if (auto broken = verify_history_chain(entries, record->history_head, record->history_length)) {
    findings.push_back({id, broken->seq, broken->reason});
    return;
  }
  const std::string last_state =
      entries.empty() ? "" : entries.back().to_state.substr(0, entries.back().to_state.find('/'));
  if (last_state != record->state)
    findings.push_back({id, record->history_length,
                        "case is in state '" + record->state + "' but its history ends in '" + last_state + "'"});
  if (auto mismatch = verify_case_documents(reader, *record, entries))
    findings.push_back({id, mismatch->seq, mismatch->reason});
}

}  // namespace

std::vector<VerifyFinding> Engine::verify() {
  auto reader = impl_->store.open_reader();
  std::vector<VerifyFinding> findings;
  for (const auto& id : reader->all_case_ids()) {
    // A row that cannot be read is a finding of its case; the other cases are still checked.
    try {
      verify_case(*reader, id, findings);
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::Corruption) throw;
      findings.push_back({id, 0, e.what()});
    }
  }
  return findings;
}

std::vector<AuditEntry> Engine::audit_log(const AuditQuery& query) {
  return impl_->store.open_reader()->audit_entries(query);
}

GroupWriterStats Engine::writer_stats() const {
  GroupWriterStats stats = impl_->writer.stats();
  stats.redecisions = impl_->commands.redecisions();
  return stats;
}

}  // namespace amtsweg
