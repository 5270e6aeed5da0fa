// The writes of the SQL stores, written once for SQLite and PostgreSQL on top of the shared read
// queries; a backend's writer adds its transactions and savepoints (begin, commit, ...).
#pragma once

#include <cstdint>
#include <string>

#include "engine/store/sql/sql_connection.hpp"
#include "engine/store/sql/sql_read_queries.hpp"

namespace amtsweg {

// Used by the single writer thread only. Uniqueness violations are Error{Conflict}; rows that
// belong to a case (history, tasks, timers) require the case to exist (Error{NotFound}).
class SqlWriter : public SqlReadQueries<StoreWriter> {
 public:
  void insert_definition(const StoredDefinition& definition) override;
  // Also stores the case's correlation keys for cases_by_correlation().
  void insert_case(const CaseRecord& record) override;
  // Writes every mutable column (not id, tenant, process_id, created_at) and replaces the
  // correlation keys; the revision check is part of the UPDATE, so it cannot race. Case and task
  // writes keep the statistics' counts in the same transaction (sql_statistics_counts.hpp).
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
  // In sql_case_file.cpp; the content is bound without a copy.
  void insert_document(const CaseDocumentFile& document) override;
  void insert_note(const CaseNote& note) override;
  // Upserts each value (unchanged rows are not rewritten), deletes the case's other dimensions,
  // and moves the statistics' counts (sql_statistics_counts.hpp) with them.
  void replace_case_dimensions(const CaseRecord& record, const std::vector<CaseDimension>& dimensions) override;

  // Incidents and buffered events: defined in sql_incident_writes.cpp.
  void insert_incident(const Incident& incident) override;
  void update_incident(const Incident& incident) override;
  void insert_buffered_event(const BufferedEvent& event) override;
  void settle_buffered_event(const std::string& tenant, const std::string& event_id, BufferedEventStatus status,
                             const std::string& case_id, Timestamp at) override;
  int expire_buffered_events(Timestamp now, int limit) override;

  // Webhooks: defined in sql_webhook_writes.cpp.
  void insert_webhook_subscription(const WebhookSubscription& subscription) override;
  bool deactivate_webhook_subscription(const std::string& tenant, const std::string& id) override;
  void insert_webhook_delivery(const WebhookDelivery& delivery) override;
  void update_webhook_delivery(const WebhookDelivery& delivery) override;
  void set_webhook_fanout_cursor(std::int64_t message_id) override;
  int cancel_webhook_deliveries(const std::string& subscription_id, Timestamp at) override;
  int prune_webhook_deliveries(Timestamp before, int limit) override;

  // The audit log: defined in sql_audit_log.cpp.
  std::int64_t insert_audit_entry(const AuditEntry& entry) override;

  // Retention: defined in sql_retention.cpp.
  void redact_history_entry(const HistoryEntry& entry) override;
  int delete_documents_of_case(const std::string& tenant, const std::string& case_id) override;
  int delete_personal_notes(const std::string& tenant, const std::string& case_id) override;
  int clear_buffered_payloads(const std::string& tenant, const std::string& case_id) override;
  std::int64_t insert_deletion(const DeletionRecord& record) override;

 private:
  void replace_correlations(const CaseRecord& record);
};

}  // namespace amtsweg
