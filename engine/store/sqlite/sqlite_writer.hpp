// The writer of the SQLite store: transactions, savepoints and every write, on the one read-write
// connection it owns; its reads (the shared queries) see its own uncommitted writes.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "engine/store/sqlite/sqlite_connection.hpp"
#include "engine/store/sqlite/sqlite_read_queries.hpp"

namespace amtsweg {

// Used by the single writer thread only. Uniqueness violations are Error{Conflict}; rows that
// belong to a case (history, tasks, timers) require the case to exist (Error{NotFound}).
class SqliteWriter final : public SqliteReadQueries<StoreWriter> {
 public:
  // `size_limit`: the most bytes the database may grow to (0: no limit but the disk's), shared with
  // the store so it can change while the writer runs; null: no limit.
  explicit SqliteWriter(std::unique_ptr<SqliteConnection> connection,
                        std::shared_ptr<const std::atomic<std::int64_t>> size_limit = nullptr);
  SqliteWriter(const SqliteWriter&) = delete;
  SqliteWriter& operator=(const SqliteWriter&) = delete;

  // BEGIN IMMEDIATE: takes the write lock at once, so a group never fails half-way for a lock.
  // Applies a changed size limit first (max_page_count: beyond it writes fail with StorageFull).
  void begin() override;
  void commit() override;
  // Nothing to do when SQLite already rolled the transaction back itself after an error.
  void rollback() override;
  // One fixed savepoint name ("cmd"). They nest: SQLite releases or rolls back to the innermost
  // savepoint of a name, so a command may open one inside its own (e.g. for a buffered event).
  void savepoint() override;
  void release_savepoint() override;
  // Throws Error{Io} when SQLite rolled back the whole transaction after an error (I/O, a full
  // disk): every command of the group is undone, not only the last.
  void rollback_to_savepoint() override;

  void insert_definition(const StoredDefinition& definition) override;
  // Also stores the case's correlation keys for cases_by_correlation().
  void insert_case(const CaseRecord& record) override;
  // Writes every mutable column (not id, tenant, process_id, created_at) and replaces the
  // correlation keys; the revision check is part of the UPDATE, so it cannot race.
  void update_case(const CaseRecord& record, std::int64_t expected_revision) override;
  void append_history(const HistoryEntry& entry) override;
  // Revision 1 inserts; a higher revision updates the task only where its stored revision is
  // record.revision - 1. Writes every column except id, tenant, case_id, process_id, created_at.
  void put_task(const TaskRecord& record) override;
  // timer.id is ignored; ids are never reused.
  std::int64_t insert_timer(const TimerRecord& timer) override;
  void delete_timer(std::int64_t timer_id) override;  // no-op when absent
  // message.id is ignored; ids increase and are never reused.
  std::int64_t insert_outbox(const OutboxMessage& message) override;
  void insert_failure(const FailureRecord& failure) override;
  void record_event(const std::string& tenant, const std::string& event_id, const std::string& type,
                    const std::string& result_json, Timestamp at) override;
  void record_start_key(const std::string& tenant, const std::string& process_id, const std::string& key,
                        const std::string& case_id) override;
  // Inserts or replaces.
  void set_tenant_params(const std::string& tenant, const std::string& process_id,
                         const boost::json::object& params) override;
  void insert_token(const ApiToken& token) override;
  bool revoke_token(const std::string& tenant, const std::string& name, Timestamp at) override;
  // In sqlite_case_file.cpp; the content is bound without a copy.
  void insert_document(const CaseDocumentFile& document) override;
  void insert_note(const CaseNote& note) override;
  // Upserts each value (unchanged rows are not rewritten) and deletes the case's other dimensions.
  void replace_case_dimensions(const CaseRecord& record, const std::vector<CaseDimension>& dimensions) override;

  // Incidents and buffered events: defined in sqlite_incident_writes.cpp.
  void insert_incident(const Incident& incident) override;
  void update_incident(const Incident& incident) override;
  void insert_buffered_event(const BufferedEvent& event) override;
  void settle_buffered_event(const std::string& tenant, const std::string& event_id, BufferedEventStatus status,
                             const std::string& case_id, Timestamp at) override;
  int expire_buffered_events(Timestamp now, int limit) override;

  // Webhooks: defined in sqlite_webhook_writes.cpp.
  void insert_webhook_subscription(const WebhookSubscription& subscription) override;
  bool deactivate_webhook_subscription(const std::string& tenant, const std::string& id) override;
  void insert_webhook_delivery(const WebhookDelivery& delivery) override;
  void update_webhook_delivery(const WebhookDelivery& delivery) override;
  void set_webhook_fanout_cursor(std::int64_t message_id) override;
  int cancel_webhook_deliveries(const std::string& subscription_id, Timestamp at) override;
  int prune_webhook_deliveries(Timestamp before, int limit) override;

  // The audit log: defined in sqlite_audit_log.cpp.
  std::int64_t insert_audit_entry(const AuditEntry& entry) override;

 protected:
  SqliteConnection& connection() override { return *connection_; }

 private:
  void run(std::string_view operation, const std::string& sql);
  void replace_correlations(const CaseRecord& record);
  // Copies a closed case's closed_at and outcome into its dimension rows.
  void close_case_dimensions(const CaseRecord& record);
  void apply_size_limit();
  std::int64_t pragma_value(const std::string& pragma);

  std::unique_ptr<SqliteConnection> connection_;
  const std::shared_ptr<const std::atomic<std::int64_t>> size_limit_;
  std::int64_t applied_size_limit_ = 0;          // bytes; 0: none
  std::optional<std::int64_t> unlimited_pages_;  // max_page_count before any limit was applied
};

}  // namespace amtsweg
