// The read queries of the SQL stores (SQLite, PostgreSQL), written once for readers and writers: the
// writer must see its own uncommitted writes, so each runs them on its own connection.
#pragma once

#include <type_traits>

#include "engine/store/sql/sql_connection.hpp"
#include "engine/store/store.hpp"

namespace amtsweg {

// Implements StoreReader on top of `Interface` (StoreReader or StoreWriter), so SqliteReader and
// SqliteWriter inherit the same query code without forwarding. Instantiated for exactly those two
// interfaces in sql_read_queries.cpp. Used by one thread at a time, like its connection.
template <class Interface>
class SqlReadQueries : public Interface {
  static_assert(std::is_base_of_v<StoreReader, Interface>);

 public:
  std::optional<StoredDefinition> definition(const std::string& process_id, int version) override;
  std::vector<StoredDefinition> definitions() override;

  std::optional<CaseRecord> find_case(const std::string& tenant, const std::string& case_id) override;
  std::vector<CaseRecord> cases(const CaseQuery& query) override;
  // An empty related key relates nothing: returns no cases.
  std::vector<CaseRecord> related_cases(const std::string& tenant, const std::string& process_id,
                                        const std::string& related_key, const std::string& exclude_case_id) override;
  std::vector<std::string> cases_by_correlation(const std::string& tenant, const std::string& key,
                                                const std::string& value) override;
  std::vector<std::string> closed_cases_by_correlation(const std::string& tenant, const std::string& key,
                                                       const std::string& value) override;
  std::vector<StateCount> state_counts(const std::string& tenant, const std::string& process_id) override;
  std::vector<StateCount> state_counts_all() override;
  // In sql_statistics_queries.cpp.
  StatisticsRows statistics_rows(const StatisticsQuery& query) override;
  std::vector<std::string> all_case_ids() override;
  std::optional<CaseRecord> find_case_any_tenant(const std::string& case_id) override;

  std::vector<HistoryEntry> history(const std::string& case_id) override;

  std::optional<TaskRecord> find_task(const std::string& tenant, const std::string& task_id) override;
  // Throws Error{InvalidArgument} when query.after_id names no task of the tenant.
  std::vector<TaskRecord> tasks(const TaskQuery& query) override;
  // Ordered by creation time, then id.
  std::vector<TaskRecord> tasks_of_case(const std::string& case_id) override;

  // Ordered by id (the order they were armed).
  std::vector<TimerRecord> timers_of_case(const std::string& case_id) override;
  std::vector<TimerRecord> due_timers(Timestamp now, int limit) override;

  // Both ordered by id.
  std::vector<OutboxMessage> outbox_of_case(const std::string& case_id) override;
  std::vector<FailureRecord> failures_of_case(const std::string& case_id) override;

  std::optional<std::string> processed_event(const std::string& tenant, const std::string& event_id) override;
  std::optional<std::string> case_for_start_key(const std::string& tenant, const std::string& process_id,
                                                const std::string& key) override;

  boost::json::object tenant_params(const std::string& tenant, const std::string& process_id) override;
  std::optional<ApiToken> find_token(const std::string& hash) override;
  std::vector<ApiToken> tokens(const std::string& tenant) override;

  // In sql_case_file.cpp.
  std::vector<CaseDocument> documents_of_case(const std::string& tenant, const std::string& case_id) override;
  std::optional<CaseDocumentFile> find_document(const std::string& tenant, const std::string& case_id,
                                                const std::string& document_id) override;
  std::vector<CaseNote> notes_of_case(const std::string& tenant, const std::string& case_id) override;
  // Webhooks: defined in sql_webhook_queries.cpp.
  std::vector<OutboxMessage> outbox_after(std::int64_t after_id, int limit) override;
  std::optional<OutboxMessage> find_outbox_message(std::int64_t id) override;
  std::int64_t last_outbox_id() override;
  std::int64_t webhook_fanout_cursor() override;
  std::vector<WebhookSubscription> webhook_subscriptions(const std::string& tenant) override;
  std::optional<WebhookSubscription> find_webhook_subscription(const std::string& tenant,
                                                               const std::string& id) override;
  std::optional<WebhookDelivery> find_webhook_delivery(const std::string& id) override;
  std::vector<WebhookDelivery> webhook_deliveries(const DeliveryQuery& query) override;
  std::vector<WebhookDelivery> due_webhook_deliveries(const std::string& subscription_id, Timestamp now,
                                                      int limit) override;

  // Incidents and buffered events: defined in sql_incident_queries.cpp.
  std::optional<Incident> open_incident(const std::string& case_id) override;
  std::optional<Incident> find_incident(const std::string& tenant, const std::string& id) override;
  std::vector<Incident> incidents(const IncidentQuery& query) override;
  std::optional<BufferedEvent> find_buffered_event(const std::string& tenant, const std::string& event_id) override;
  std::vector<BufferedEvent> buffered_events(const BufferedEventQuery& query) override;
  std::optional<Timestamp> next_buffer_expiry() override;
  AttentionCounts attention_counts() override;
  std::vector<BufferedEvent> waiting_buffered_events(const std::string& tenant, const std::vector<std::string>& types,
                                                     const std::map<std::string, std::string>& keys, Timestamp now,
                                                     int limit) override;

  // The audit log: defined in sql_audit_log.cpp.
  std::vector<AuditEntry> audit_entries(const AuditQuery& query) override;

  // In sql_retention.cpp.
  std::vector<RetentionCandidate> retention_candidates(const std::string& after_case_id, int limit) override;
  std::vector<DeletionRecord> deletions(const std::string& tenant, std::int64_t after_id, int limit) override;

 protected:
  // The connection the queries run on; valid for the lifetime of the object.
  virtual SqlConnection& connection() = 0;
};

extern template class SqlReadQueries<StoreReader>;
extern template class SqlReadQueries<StoreWriter>;

}  // namespace amtsweg
