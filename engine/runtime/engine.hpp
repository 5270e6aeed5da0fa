// The engine's public facade: the one class adapters (CLI, REST) use. Commands are decided on the
// caller's thread, written by the single writer thread, and return once durable. Thread-safe.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/clock.hpp"
#include "engine/model/audit_records.hpp"
#include "engine/model/definition.hpp"
#include "engine/model/records.hpp"
#include "engine/model/webhook_records.hpp"
#include "engine/outcome.hpp"
#include "engine/runtime/case_migration.hpp"
#include "engine/runtime/case_statistics.hpp"
#include "engine/runtime/webhook_book.hpp"
#include "engine/script/script_engine.hpp"
#include "engine/store/group_writer.hpp"
#include "engine/store/store.hpp"

namespace amtsweg {

struct EngineOptions {
  ScriptLimits script_limits;
  int max_steps = 100;          // automatic transitions per command
  std::size_t max_group = 256;  // commands per group commit
  // Where webhooks may go: public addresses, plus what the operator allows (serve --webhook-allow).
  // Checked at subscription here and, by the dispatcher, at every connection.
  WebhookTargetPolicy webhook_targets;
};

struct DeployResult {
  std::string process_id;
  int version = 0;
  bool created = false;  // false: the same text was already deployed as `version`
};

struct StartRequest {
  std::string tenant;
  std::string process_id;
  boost::json::value data = boost::json::object{};  // the application, validated against the form
  std::string idempotency_key;                      // optional: a retry returns the first case
  std::string actor;
};

// A file for a case's file (eAkte).
struct DocumentUpload {
  std::string tenant;
  std::string case_id;
  std::string name;          // file name without directories, e.g. "urkunde.pdf"
  std::string kind;          // optional label, e.g. "certificate" (a task may require a kind)
  std::string content_type;  // media type, e.g. "application/pdf"
  std::string content;       // the bytes
  std::string actor;
};

struct StartResult {
  CaseRecord record;
  bool created = true;  // false: returned the case started earlier under the same key
};

struct EventRequest {
  std::string tenant;
  std::string id;  // idempotency key of the event
  std::string type;
  boost::json::object correlation;  // {"case": id} or {"<declared key>": "<value>", ...}
  boost::json::value payload = boost::json::object{};
  std::string actor;
};

// {"event_id", "type", "duplicate", "cases": [{"case_id", "handled", "from", "to", "status"}]}
// plus "buffered": {"expires_at"} when no case took it and its type is declared bufferable.
using DeliveryResult = boost::json::object;

// What one fire_due_timers() call did.
struct FireReport {
  int fired = 0;     // took their transition (or ran their actions)
  int consumed = 0;  // due but obsolete: guard false, case closed or moved on
  int resting = 0;   // belong to suspended cases; they fire after resume
  // Their command failed: the definition's fault opens an incident that holds the case until an
  // administrator retries it; a store failure leaves the timer due for a later call.
  int failed = 0;
  int expired = 0;  // buffered events whose time ran out
  std::vector<std::string> failures;
};

// A closed case whose personal data a retention rule deletes: when, under which rule, what.
struct RetentionItem {
  RetentionCandidate candidate;
  std::string rule;  // "issued: P1Y"
  Timestamp due_at = 0;
  std::vector<std::string> fields;  // the personal fields of the application form (names only)
};

// What one apply_retention() call did.
struct RetentionReport {
  std::vector<DeletionRecord> deleted;
  std::vector<std::string> failures;  // case id: why (the case stays due for the next run)
};

struct CaseView {
  CaseRecord record;
  std::vector<TaskRecord> tasks;    // every task of the case, open and closed
  std::vector<TimerRecord> timers;  // armed timers
  std::vector<FailureRecord> failures;
  std::vector<Incident> incidents;  // open and resolved, oldest first
};

// A token as issued: `token` is shown once and never stored; `record` is what the store keeps.
struct IssuedToken {
  std::string token;
  ApiToken record;
};

struct VerifyFinding {
  std::string case_id;
  std::int64_t seq = 0;
  std::string reason;
};

class Engine {
 public:
  Engine(Store& store, const Clock& clock, EngineOptions options = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // --- administration ---
  // Validates and deploys YAML. Unchanged text returns the existing version; changed text becomes
  // version n+1 (a `version:` in the YAML must equal n+1, else Error{Conflict}). Validation
  // failures throw Error{Invalid} whose details list {"file","line","column","message"}.
  // `owner_tenant` empty: a shared definition every tenant may use (EfA); else only that tenant
  // sees and uses it. A process id keeps its owner: deploying it as another owner is Error{Conflict}.
  // A new version leaves an audit entry (actor `actor`) in the log of the owner, or for a shared
  // definition of `actor_tenant` (the operator's tenant; '' on the host).
  DeployResult deploy(std::string_view yaml, const std::string& source_name, const std::string& actor,
                      const std::string& owner_tenant = "", const std::string& actor_tenant = "");
  // Replaces a tenant's overrides of a process's params (only declared params may be set; the
  // implicit closing_days and time_zone must be valid: Error{InvalidArgument} naming the field).
  // Every administrative command below leaves one entry in the tenant's audit log, written in the
  // command's own transaction; `actor` names who acted (kHostActor: the command line).
  void set_tenant_params(const std::string& tenant, const std::string& process_id, const boost::json::object& params,
                         const std::string& actor = kHostActor);
  // The params a tenant's cases of the process get: declared defaults with the tenant's overrides.
  boost::json::object effective_params(const std::string& tenant, const std::string& process_id);
  boost::json::object tenant_params(const std::string& tenant, const std::string& process_id);

  // --- API principals ---
  // Issues a bearer token (256 random bits) for a principal of `tenant`. Roles are "admin",
  // "integrator", "operator" (deploys shared definitions for all tenants) or "clerk:GROUP".
  // Error{InvalidArgument} for an unknown role or empty name, Error{Conflict} when the tenant
  // already has a live token of that name.
  IssuedToken issue_token(const std::string& tenant, const std::string& name, const std::vector<std::string>& roles,
                          const std::string& actor = kHostActor);
  // Error{NotFound} when the tenant has no live token of that name.
  void revoke_token(const std::string& tenant, const std::string& name, const std::string& actor = kHostActor);
  // The principal of a presented token; nullopt when it is unknown or revoked.
  std::optional<ApiToken> authenticate(std::string_view token);
  std::vector<ApiToken> tokens(const std::string& tenant);

  // --- commands (each is durable when it returns; failures change nothing and are recorded) ---
  StartResult start(const StartRequest& request);
  // Idempotent by (tenant, event id): a repeat returns the first result with "duplicate": true.
  // An event no case takes is buffered when a definition the tenant uses declares its type with
  // `buffer:`; it is delivered once a matching case waits for it (see deliver_buffered). Otherwise
  // Error{NotFound} when no active case matches the correlation, Error{Conflict} when the case it
  // names is closed or held by an incident.
  DeliveryResult deliver(const EventRequest& request);
  TaskRecord claim(const std::string& tenant, const std::string& task_id, const std::string& user);
  TaskRecord unclaim(const std::string& tenant, const std::string& task_id, const std::string& user);
  TaskRecord delegate(const std::string& tenant, const std::string& task_id, const std::string& user,
                      const std::string& to_user);
  // Validates `data` against the task's form; completing posts task.completed into the case.
  TaskRecord complete(const std::string& tenant, const std::string& task_id, const std::string& user,
                      const boost::json::value& data);
  // start(), deliver() and complete() without blocking the calling thread on the commit (the REST
  // adapter): decided on the calling thread; `done` runs exactly once with the result or the error
  // the waiting form would have thrown (an amtsweg::Error), on the engine's writer thread after
  // the commit, or on the calling thread before the call returns when nothing was to be written
  // or the command failed before it was written. `done` must be quick and must not wait for the
  // engine: hand the outcome on (the REST adapter posts it to the connection's strand).
  template <class Result>
  using Completion = std::function<void(Outcome<Result>)>;
  void start_async(StartRequest request, Completion<StartResult> done);
  void deliver_async(EventRequest request, Completion<DeliveryResult> done);
  void complete_async(std::string tenant, std::string task_id, std::string user, boost::json::value data,
                      Completion<TaskRecord> done);
  // Fires every timer due at the clock's now, oldest first, each at most once per call (timers
  // that firing arms are left for the next call).
  FireReport fire_due_timers();
  // Cancels an open task (an administrator's decision); the state may react with `on: task.cancelled`.
  TaskRecord cancel_task(const std::string& tenant, const std::string& task_id, const std::string& actor);
  // Cancelling, suspending and resuming a case also leave an entry in the tenant's audit log.
  CaseRecord cancel_case(const std::string& tenant, const std::string& case_id, const std::string& actor,
                         const std::string& reason);
  CaseRecord suspend_case(const std::string& tenant, const std::string& case_id, const std::string& actor);
  CaseRecord resume_case(const std::string& tenant, const std::string& case_id, const std::string& actor);
  // Moves the tenant's active and suspended cases of a process from one version to another
  // (runtime/case_migration.hpp): the plan, then each case in its own command, a batch of cases
  // listed at a time. A case moves by the plan and its "case.migrated" history entry and audit
  // entry are written with it; one that cannot move is refused (named with the reason, nothing
  // changed); one whose command fails is reported as failed. `dry_run`: decides every case and
  // writes nothing. Error{NotFound} for a version the tenant cannot see, Error{InvalidArgument}
  // naming the field for equal versions, a bad batch size or a map key that is no old state.
  MigrationReport migrate_cases(const MigrationRequest& request);

  // --- incidents and the event buffer ---
  std::vector<Incident> incidents(const IncidentQuery& query);
  // Error{NotFound} when the tenant has no such incident.
  Incident incident(const std::string& tenant, const std::string& incident_id);
  // Runs the failed command again (the timer fires, the buffered event is delivered). On success
  // the incident is resolved ("retried", or "obsolete" when the case no longer waits for it) and
  // the case moves on; on failure the command's error is thrown and the incident stays open with
  // one more attempt. Error{Conflict} when it is resolved already or the case is suspended.
  Incident retry_incident(const std::string& tenant, const std::string& incident_id, const std::string& actor);
  std::vector<BufferedEvent> buffered_events(const BufferedEventQuery& query);

  // --- the case file (eAkte): documents and notes ---
  // Each addition is a command on the case: it appends "document.added" (detail: document_id,
  // name, kind, content_type, size, sha256) or "note.added" (note_id, text) to the history, so
  // the hash chain covers it, and bumps the case's revision; closed cases take additions too.
  // Error{NotFound} for no such case of the tenant, Error{InvalidArgument} naming the field for a
  // bad name, kind, text or empty content (runtime/case_file.hpp), and by the `documents:` rules of
  // the case's definition version Error{UnsupportedType} or Error{TooLarge}.
  CaseDocument attach_document(DocumentUpload upload);
  // A note marked `personal` (about a person) has its text sealed in the history and is deleted
  // when the case's retention period ends.
  CaseNote add_note(const std::string& tenant, const std::string& case_id, const std::string& text,
                    const std::string& actor, bool personal = false);
  // In the order they were added; Error{NotFound} for no such case of the tenant.
  std::vector<CaseDocument> documents(const std::string& tenant, const std::string& case_id);
  std::vector<CaseNote> notes(const std::string& tenant, const std::string& case_id);
  // Error{NotFound} when the case or the document is not the tenant's.
  CaseDocumentFile document(const std::string& tenant, const std::string& case_id, const std::string& document_id);

  // --- queries (tenant-scoped: another tenant's case is simply not found) ---
  std::optional<CaseView> find_case(const std::string& tenant, const std::string& case_id);
  std::vector<HistoryEntry> history(const std::string& tenant, const std::string& case_id);
  std::vector<TaskRecord> tasks(const TaskQuery& query);
  std::vector<CaseRecord> cases(const CaseQuery& query);
  std::vector<OutboxMessage> outbox(const std::string& tenant, const std::string& case_id);
  std::vector<StateCount> state_counts(const std::string& tenant, const std::string& process_id);
  // Counts of every tenant together, for operators' metrics only (never tenant-facing).
  std::vector<StateCount> state_counts_all();
  // The statistics API's figures (runtime/case_statistics.hpp), read in one snapshot. An empty
  // request.tenant means every tenant (operators only: the caller decides). Error{NotFound} when
  // request.process_id names no process the tenant may see; Error{InvalidArgument} for `to` before
  // `from` or more periods than the limit.
  CaseStatistics statistics(const StatisticsRequest& request);
  // Open incidents and waiting buffered events of every tenant (operators' metrics only).
  AttentionCounts attention_counts_all();
  // Every deployed version of every process (operators, the CLI).
  std::vector<StoredDefinition> definitions();
  // The versions `tenant` may see: shared ones and its own.
  std::vector<StoredDefinition> definitions(const std::string& tenant);
  // version 0: latest. Throws Error{NotFound}.
  std::shared_ptr<const ProcessDefinition> process(const std::string& process_id, int version = 0);
  // As process(), and Error{NotFound} when it belongs to another tenant.
  std::shared_ptr<const ProcessDefinition> process_for(const std::string& tenant, const std::string& process_id,
                                                       int version = 0);
  std::optional<TaskRecord> find_task(const std::string& tenant, const std::string& task_id);
  // Checks every case's history chain against its hashes and the case row, and every document
  // of its file against the SHA-256 its history records.
  std::vector<VerifyFinding> verify();

  // --- retention of personal data (DSGVO Art. 5(1)(e), 17; runtime/retention.cpp) ---
  // Every closed case of every tenant whose personal data a rule will delete and has not yet,
  // due first; those due at or before `until` only (nullopt: all). Nothing is changed.
  std::vector<RetentionItem> retention_plan(std::optional<Timestamp> until = std::nullopt);
  // Deletes the personal data of up to `limit` cases due now, one command per case: the personal
  // fields of case data and task data, the sealed personal values of its history (the chain
  // stays verifiable), its documents, its notes marked personal and the payloads of events
  // buffered for it; appends "retention.deleted" to its history and a line to the protocol.
  RetentionReport apply_retention(int limit = 100);
  // The tenant's deletion protocol, oldest first (Error{InvalidArgument} for a limit out of 1..1000).
  std::vector<DeletionRecord> deletions(const std::string& tenant, std::int64_t after_id = 0, int limit = 100);

  // --- webhooks (tenant-scoped like the queries; semantics in webhook_book.hpp) ---
  WebhookSubscription create_webhook(const NewWebhook& request);  // the result carries the secret
  // Where webhooks may be sent (EngineOptions::webhook_targets): the dispatcher checks every
  // resolved address against it before connecting.
  const WebhookTargetPolicy& webhook_targets() const;
  std::vector<WebhookSubscription> webhooks(const std::string& tenant);
  WebhookSubscription webhook(const std::string& tenant, const std::string& id);
  void delete_webhook(const std::string& tenant, const std::string& id, const std::string& actor = kHostActor);
  std::vector<WebhookDelivery> webhook_deliveries(const DeliveryQuery& query);
  WebhookDelivery redeliver(const std::string& tenant, const std::string& delivery_id);
  // For the dispatcher (adapters/webhook): all tenants.
  int fan_out_webhooks(int limit);
  std::vector<DueDelivery> claim_webhook_deliveries(const DeliveryClaim& claim);
  int prune_webhook_deliveries(std::chrono::milliseconds retention, int limit);
  std::vector<WebhookDelivery> record_webhook_attempts(const std::vector<WebhookAttempt>& attempts,
                                                       const RetryPolicy& policy);
  // The three above in one commit: what the dispatcher calls each round.
  DispatchRound dispatch_webhooks(const DispatchRequest& request);

  // --- the audit log of administrative actions (engine/model/audit_records.hpp) ---
  // Entries oldest first; query.tenant nullopt reads every tenant's (the host only).
  std::vector<AuditEntry> audit_log(const AuditQuery& query);

  GroupWriterStats writer_stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::unique_ptr<WebhookBook> webhooks_;  // uses impl_'s writer: declared after impl_, destroyed before it
};

}  // namespace amtsweg
