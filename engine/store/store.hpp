// The storage contract of the engine: what runtime/ reads and writes, free of any SQL dialect.
// sqlite/ (embedded default) and postgres/ implement it, with the queries of sql/ in common.
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/audit_records.hpp"
#include "engine/model/incident_records.hpp"
#include "engine/model/records.hpp"
#include "engine/model/retention_records.hpp"
#include "engine/model/statistics_rows.hpp"
#include "engine/model/webhook_records.hpp"

namespace amtsweg {

struct CaseQuery {
  std::string tenant;                // required
  std::string process_id;            // empty: any
  std::string state;                 // empty: any
  std::optional<CaseStatus> status;  // nullopt: any
  std::string after_id;              // cursor: ids greater than this (ordered by id)
  int limit = 100;
};

enum class TaskSort { DueAt, CreatedAt };

struct TaskQuery {
  std::string tenant;                 // required
  std::vector<TaskStatus> statuses;   // empty: open and claimed
  std::vector<std::string> roles;     // candidate role among these ...
  std::string assignee_or_role_user;  // ... or assigned to this user (both empty: everyone's)
  std::string assignee;               // exact assignee filter (empty: any)
  bool unassigned = false;            // only tasks nobody has claimed
  std::string text;  // a part of the title, case id or case summary (case-insensitive for ASCII; empty: any)
  std::string process_id;
  std::string case_id;
  std::optional<Timestamp> due_before;
  std::optional<Timestamp> overdue_at;      // due_at < this and not done
  std::optional<Timestamp> not_overdue_at;  // the opposite: no due date, due_at >= this, or done
  TaskSort sort = TaskSort::DueAt;
  std::string after_id;  // cursor (tasks are ordered by sort key, then id)
  int limit = 100;
};

// What waits for attention, all tenants together (operators' metrics).
struct AttentionCounts {
  std::int64_t open_incidents = 0;
  std::int64_t buffered_events = 0;  // still waiting for a case
};

struct StateCount {
  std::string process_id;
  std::string state;
  std::string status;
  std::int64_t count = 0;
};

// Read access. Methods throw amtsweg::Error{Io} when the store fails (Error{StorageFull} when it
// has no room), Error{Corruption} for a row that cannot be read back, and Error{InvalidArgument}
// for a paging cursor that names no row. A reader is used by one thread at a time.
//
// A reader from Store::open_reader() is one snapshot: all its queries see the same committed
// state, the one current at its first query, until it is destroyed; a read that spans several
// queries (a case with its tasks and history, verify) uses one reader and so never mixes two
// states. To see newer commits, open a new reader. Keep readers short-lived (a snapshot holds the
// log from being checkpointed) and never hold one while waiting for the writer.
class StoreReader {
 public:
  virtual ~StoreReader() = default;

  // version 0: the latest version.
  virtual std::optional<StoredDefinition> definition(const std::string& process_id, int version) = 0;
  // Every deployed version of every process, ordered by process id and version.
  virtual std::vector<StoredDefinition> definitions() = 0;

  virtual std::optional<CaseRecord> find_case(const std::string& tenant, const std::string& case_id) = 0;
  virtual std::vector<CaseRecord> cases(const CaseQuery& query) = 0;
  // Cases of the same tenant and process id (any version) with this related key, except `exclude`.
  virtual std::vector<CaseRecord> related_cases(const std::string& tenant, const std::string& process_id,
                                                const std::string& related_key, const std::string& exclude_case_id) = 0;
  // Active or suspended cases of the tenant whose correlation key `key` has `value`.
  virtual std::vector<std::string> cases_by_correlation(const std::string& tenant, const std::string& key,
                                                        const std::string& value) = 0;
  // Completed or cancelled cases of the tenant whose correlation key `key` has `value`.
  virtual std::vector<std::string> closed_cases_by_correlation(const std::string& tenant, const std::string& key,
                                                               const std::string& value) = 0;
  virtual std::vector<StateCount> state_counts(const std::string& tenant, const std::string& process_id) = 0;
  // Case counts by process, state and status summed over every tenant (operator metrics; never
  // for tenant-facing paths), ordered by process id, state and status.
  virtual std::vector<StateCount> state_counts_all() = 0;
  // The raw figures of the statistics API (see statistics_rows.hpp): counts grouped by UTC hour
  // or Europe/Berlin day, which the engine folds into the periods of a tenant's calendar; summed
  // from aggregates the writer keeps (sql/sql_statistics_counts.hpp), not counted over cases.
  virtual StatisticsRows statistics_rows(const StatisticsQuery& query) = 0;
  // All case ids of all tenants (used by `verify`), ordered.
  virtual std::vector<std::string> all_case_ids() = 0;
  // A case by id regardless of tenant (used by `verify` and timers, never by tenant-facing paths).
  virtual std::optional<CaseRecord> find_case_any_tenant(const std::string& case_id) = 0;

  virtual std::vector<HistoryEntry> history(const std::string& case_id) = 0;

  virtual std::optional<TaskRecord> find_task(const std::string& tenant, const std::string& task_id) = 0;
  virtual std::vector<TaskRecord> tasks(const TaskQuery& query) = 0;
  virtual std::vector<TaskRecord> tasks_of_case(const std::string& case_id) = 0;

  virtual std::vector<TimerRecord> timers_of_case(const std::string& case_id) = 0;
  // Timers due at or before `now`, ordered by due time then id, except those of cases held by an
  // open incident.
  virtual std::vector<TimerRecord> due_timers(Timestamp now, int limit) = 0;

  virtual std::vector<OutboxMessage> outbox_of_case(const std::string& case_id) = 0;
  virtual std::vector<FailureRecord> failures_of_case(const std::string& case_id) = 0;

  // The stored result (JSON text) of an already processed event id, if any.
  virtual std::optional<std::string> processed_event(const std::string& tenant, const std::string& event_id) = 0;
  // The case started under this idempotency key, if any.
  virtual std::optional<std::string> case_for_start_key(const std::string& tenant, const std::string& process_id,
                                                        const std::string& key) = 0;

  // A tenant's overrides of a process's params (empty object when none).
  virtual boost::json::object tenant_params(const std::string& tenant, const std::string& process_id) = 0;

  // The token with this hash, revoked or not.
  virtual std::optional<ApiToken> find_token(const std::string& hash) = 0;
  // A tenant's tokens, ordered by name.
  virtual std::vector<ApiToken> tokens(const std::string& tenant) = 0;

  // The case file (eAkte), tenant-scoped: another tenant's case has no documents or notes.
  // Documents' metadata in the order they were added.
  virtual std::vector<CaseDocument> documents_of_case(const std::string& tenant, const std::string& case_id) = 0;
  // One document of the case with its bytes.
  virtual std::optional<CaseDocumentFile> find_document(const std::string& tenant, const std::string& case_id,
                                                        const std::string& document_id) = 0;
  // Notes in the order they were written.
  virtual std::vector<CaseNote> notes_of_case(const std::string& tenant, const std::string& case_id) = 0;

  // --- webhooks ---
  // Outbox messages of every tenant with ids greater than `after_id`, ordered by id.
  virtual std::vector<OutboxMessage> outbox_after(std::int64_t after_id, int limit) = 0;
  virtual std::optional<OutboxMessage> find_outbox_message(std::int64_t id) = 0;
  // The largest outbox id so far, 0 when there is none.
  virtual std::int64_t last_outbox_id() = 0;
  // The id of the last outbox message turned into deliveries (0 at first).
  virtual std::int64_t webhook_fanout_cursor() = 0;
  // Active subscriptions of `tenant` (empty: of every tenant), ordered by creation time, then id.
  virtual std::vector<WebhookSubscription> webhook_subscriptions(const std::string& tenant) = 0;
  // The tenant's subscription with this id, deleted or not (see WebhookSubscription::active).
  virtual std::optional<WebhookSubscription> find_webhook_subscription(const std::string& tenant,
                                                                       const std::string& id) = 0;
  // A delivery by id, whatever its tenant (see WebhookDelivery::tenant).
  virtual std::optional<WebhookDelivery> find_webhook_delivery(const std::string& id) = 0;
  // Throws Error{InvalidArgument} when query.after_id names no delivery of the subscription.
  virtual std::vector<WebhookDelivery> webhook_deliveries(const DeliveryQuery& query) = 0;
  // The subscription's pending deliveries due at `now` that no earlier pending delivery of the same
  // case holds back, ordered by due time, then message id.
  virtual std::vector<WebhookDelivery> due_webhook_deliveries(const std::string& subscription_id, Timestamp now,
                                                              int limit) = 0;

  // --- incidents and buffered events ---
  // The case's open incident (at most one).
  virtual std::optional<Incident> open_incident(const std::string& case_id) = 0;
  virtual std::optional<Incident> find_incident(const std::string& tenant, const std::string& id) = 0;
  // Ordered by the time they were opened; Error{InvalidArgument} for a cursor naming no incident of
  // the tenant.
  virtual std::vector<Incident> incidents(const IncidentQuery& query) = 0;
  virtual std::optional<BufferedEvent> find_buffered_event(const std::string& tenant, const std::string& event_id) = 0;
  // In arrival order.
  virtual std::vector<BufferedEvent> buffered_events(const BufferedEventQuery& query) = 0;
  virtual AttentionCounts attention_counts() = 0;
  // The earliest expiry time of a still buffered event of any tenant; nullopt when none waits.
  virtual std::optional<Timestamp> next_buffer_expiry() = 0;
  // The tenant's buffered events of these types, not yet expired at `now`, whose correlation shares
  // at least one key and value with `keys` (a case's: "case" -> its id, and its declared keys), in
  // arrival order. The caller checks that all of an event's keys match.
  virtual std::vector<BufferedEvent> waiting_buffered_events(const std::string& tenant,
                                                             const std::vector<std::string>& types,
                                                             const std::map<std::string, std::string>& keys,
                                                             Timestamp now, int limit) = 0;

  // --- the audit log ---
  // Entries matching `query`, oldest first (by seq).
  virtual std::vector<AuditEntry> audit_entries(const AuditQuery& query) = 0;

  // --- retention ---
  // Completed and cancelled cases of every tenant without a deletion protocol entry, with ids
  // greater than `after_case_id`, ordered by id (retention runs, never tenant-facing paths).
  virtual std::vector<RetentionCandidate> retention_candidates(const std::string& after_case_id, int limit) = 0;
  // The deletion protocol of `tenant` (empty: of every tenant), ids greater than `after_id`, oldest first.
  virtual std::vector<DeletionRecord> deletions(const std::string& tenant, std::int64_t after_id, int limit) = 0;
};

// Read and write access for the single writer thread. Writes happen inside begin()/commit();
// savepoints nest one command inside a group transaction so a failing command leaves no trace.
// A write that failed may leave the transaction usable only for rollback_to_savepoint() or
// rollback() (PostgreSQL aborts the transaction at a failed statement): code that goes on after a
// failed write opens a savepoint first, as the group writer does for every command.
class StoreWriter : public StoreReader {
 public:
  virtual void begin() = 0;
  virtual void commit() = 0;  // durable when it returns
  virtual void rollback() = 0;
  virtual void savepoint() = 0;
  virtual void release_savepoint() = 0;
  virtual void rollback_to_savepoint() = 0;
  // Whether this writer's transaction now holds the database-wide lock named `purpose` (held
  // until the transaction ends) or another's transaction holds it. Several nodes on one
  // PostgreSQL database take turns this way at work only one may do at a time, such as claiming
  // webhook deliveries; a store that one process writes at a time always holds it.
  virtual bool try_lock_for_transaction(std::string_view purpose) {
    (void)purpose;
    return true;
  }

  // Throws Error{Conflict} when (process_id, version) exists.
  virtual void insert_definition(const StoredDefinition& definition) = 0;
  virtual void insert_case(const CaseRecord& record) = 0;
  // Writes `record` if the stored revision is still `expected_revision`, else throws Error{Conflict}.
  virtual void update_case(const CaseRecord& record, std::int64_t expected_revision) = 0;
  virtual void append_history(const HistoryEntry& entry) = 0;
  // Inserts or replaces by id; throws Error{Conflict} unless the stored revision is record.revision - 1.
  virtual void put_task(const TaskRecord& record) = 0;
  virtual std::int64_t insert_timer(const TimerRecord& timer) = 0;  // returns its id
  virtual void delete_timer(std::int64_t timer_id) = 0;
  virtual std::int64_t insert_outbox(const OutboxMessage& message) = 0;
  virtual void insert_failure(const FailureRecord& failure) = 0;
  virtual void record_event(const std::string& tenant, const std::string& event_id, const std::string& type,
                            const std::string& result_json, Timestamp at) = 0;
  virtual void record_start_key(const std::string& tenant, const std::string& process_id, const std::string& key,
                                const std::string& case_id) = 0;
  virtual void set_tenant_params(const std::string& tenant, const std::string& process_id,
                                 const boost::json::object& params) = 0;
  // Throws Error{Conflict} when the tenant already has an unrevoked token of that name.
  virtual void insert_token(const ApiToken& token) = 0;
  // Marks the tenant's unrevoked token `name` revoked; false when there is none.
  virtual bool revoke_token(const std::string& tenant, const std::string& name, Timestamp at) = 0;
  // Throws Error{Conflict} when the id exists, Error{NotFound} when the case does not.
  virtual void insert_document(const CaseDocumentFile& document) = 0;
  virtual void insert_note(const CaseNote& note) = 0;
  // Replaces the stats dimensions of the case `record` (written before, in this transaction).
  virtual void replace_case_dimensions(const CaseRecord& record, const std::vector<CaseDimension>& dimensions) = 0;

  // --- webhooks ---
  virtual void insert_webhook_subscription(const WebhookSubscription& subscription) = 0;
  // Marks the tenant's active subscription inactive; false when there is none.
  virtual bool deactivate_webhook_subscription(const std::string& tenant, const std::string& id) = 0;
  // Throws Error{Conflict} when the subscription already has a delivery of that message.
  virtual void insert_webhook_delivery(const WebhookDelivery& delivery) = 0;
  // Writes status, attempts, next_attempt_at, last_status, last_error and delivered_at.
  virtual void update_webhook_delivery(const WebhookDelivery& delivery) = 0;
  virtual void set_webhook_fanout_cursor(std::int64_t message_id) = 0;

  // --- incidents and buffered events ---
  // Throws Error{Conflict} when the case already has an open incident.
  virtual void insert_incident(const Incident& incident) = 0;
  // Writes status, error, attempts, updated_at and the resolution.
  virtual void update_incident(const Incident& incident) = 0;
  // Throws Error{Conflict} when the tenant already buffered an event with that id.
  virtual void insert_buffered_event(const BufferedEvent& event) = 0;
  // Marks a buffered event delivered (to `case_id`) or expired.
  virtual void settle_buffered_event(const std::string& tenant, const std::string& event_id, BufferedEventStatus status,
                                     const std::string& case_id, Timestamp at) = 0;
  // Marks up to `limit` buffered events whose time ran out at `now` expired; returns how many.
  virtual int expire_buffered_events(Timestamp now, int limit) = 0;

  // --- webhook retention ---
  // Marks the subscription's pending and dead deliveries cancelled at `at`; returns how many.
  virtual int cancel_webhook_deliveries(const std::string& subscription_id, Timestamp at) = 0;
  // Deletes up to `limit` deliveries delivered or cancelled before `before`; returns how many.
  virtual int prune_webhook_deliveries(Timestamp before, int limit) = 0;

  // --- the audit log ---
  // Appends `entry` (entry.seq is ignored; the store numbers entries); returns its seq.
  virtual std::int64_t insert_audit_entry(const AuditEntry& entry) = 0;

  // --- retention ---
  // Rewrites the changes, detail and sealed values of a stored history entry (identified by case
  // id and seq): retention deleting personal values. The hash and link stay as they are.
  virtual void redact_history_entry(const HistoryEntry& entry) = 0;
  // Deletes the case's documents, metadata and bytes; returns how many.
  virtual int delete_documents_of_case(const std::string& tenant, const std::string& case_id) = 0;
  // Deletes the case's notes marked personal; returns how many.
  virtual int delete_personal_notes(const std::string& tenant, const std::string& case_id) = 0;
  // Empties the payload of every buffered event delivered to the case; returns how many.
  virtual int clear_buffered_payloads(const std::string& tenant, const std::string& case_id) = 0;
  // Throws Error{Conflict} when the case already has an entry. Returns its id.
  virtual std::int64_t insert_deletion(const DeletionRecord& record) = 0;
};

// A durable store. open_writer() is called once, by the writer thread; open_reader() by any thread,
// each reader (one snapshot, see StoreReader) used by one thread at a time.
class Store {
 public:
  virtual ~Store() = default;
  virtual std::unique_ptr<StoreWriter> open_writer() = 0;
  virtual std::unique_ptr<StoreReader> open_reader() = 0;
};

}  // namespace amtsweg
