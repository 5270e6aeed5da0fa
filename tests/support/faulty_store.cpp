// The fault-injecting Store decorator: every StoreReader and StoreWriter call forwarded to the
// real store, with the armed faults thrown where the test asked for them.
#include "tests/support/faulty_store.hpp"

#include <utility>

namespace amtsweg::testing {

void StoreFaults::fail_next(const std::string& point, ErrorKind kind, bool lose_transaction) {
  std::lock_guard lock(mutex_);
  armed_[point] = Fault{kind, lose_transaction};
}

void StoreFaults::before_read(std::function<void(std::string_view)> hook) {
  std::lock_guard lock(mutex_);
  read_hook_ = std::move(hook);
}

std::optional<StoreFaults::Fault> StoreFaults::take(const std::string& point) {
  std::lock_guard lock(mutex_);
  const auto found = armed_.find(point);
  if (found == armed_.end()) return std::nullopt;
  const Fault fault = found->second;
  armed_.erase(found);
  return fault;
}

void StoreFaults::reading(std::string_view query) {
  std::function<void(std::string_view)> hook;
  {
    std::lock_guard lock(mutex_);
    hook = read_hook_;
  }
  if (hook) hook(query);  // outside the lock: the hook may use the store itself
}

namespace {

// Every StoreReader method forwarded to `inner`, announced to on_read() first; written once for
// the reader and the writer (like SqlReadQueries).
template <class Interface>
class ForwardingReads : public Interface {
 public:
  explicit ForwardingReads(std::unique_ptr<Interface> inner) : inner_(std::move(inner)) {}

 private:
  template <class Method, class... Args>
  decltype(auto) read(std::string_view query, Method method, const Args&... args) {
    on_read(query);
    return (static_cast<StoreReader&>(*inner_).*method)(args...);
  }

 public:
  std::optional<StoredDefinition> definition(const std::string& process_id, int version) override {
    return read("definition", &StoreReader::definition, process_id, version);
  }
  std::vector<StoredDefinition> definitions() override { return read("definitions", &StoreReader::definitions); }
  std::optional<CaseRecord> find_case(const std::string& tenant, const std::string& case_id) override {
    return read("find_case", &StoreReader::find_case, tenant, case_id);
  }
  std::vector<CaseRecord> cases(const CaseQuery& query) override { return read("cases", &StoreReader::cases, query); }
  std::vector<CaseRecord> related_cases(const std::string& tenant, const std::string& process_id,
                                        const std::string& related_key, const std::string& exclude) override {
    return read("related_cases", &StoreReader::related_cases, tenant, process_id, related_key, exclude);
  }
  std::vector<std::string> cases_by_correlation(const std::string& tenant, const std::string& key,
                                                const std::string& value) override {
    return read("cases_by_correlation", &StoreReader::cases_by_correlation, tenant, key, value);
  }
  std::vector<std::string> closed_cases_by_correlation(const std::string& tenant, const std::string& key,
                                                       const std::string& value) override {
    return read("closed_cases_by_correlation", &StoreReader::closed_cases_by_correlation, tenant, key, value);
  }
  std::vector<StateCount> state_counts(const std::string& tenant, const std::string& process_id) override {
    return read("state_counts", &StoreReader::state_counts, tenant, process_id);
  }
  std::vector<StateCount> state_counts_all() override {
    return read("state_counts_all", &StoreReader::state_counts_all);
  }
  std::vector<std::string> all_case_ids() override { return read("all_case_ids", &StoreReader::all_case_ids); }
  StatisticsRows statistics_rows(const StatisticsQuery& query) override {
    return read("statistics_rows", &StoreReader::statistics_rows, query);
  }
  std::optional<CaseRecord> find_case_any_tenant(const std::string& case_id) override {
    return read("find_case_any_tenant", &StoreReader::find_case_any_tenant, case_id);
  }
  std::vector<HistoryEntry> history(const std::string& case_id) override {
    return read("history", &StoreReader::history, case_id);
  }
  std::optional<TaskRecord> find_task(const std::string& tenant, const std::string& task_id) override {
    return read("find_task", &StoreReader::find_task, tenant, task_id);
  }
  std::vector<TaskRecord> tasks(const TaskQuery& query) override { return read("tasks", &StoreReader::tasks, query); }
  std::vector<TaskRecord> tasks_of_case(const std::string& case_id) override {
    return read("tasks_of_case", &StoreReader::tasks_of_case, case_id);
  }
  std::vector<TimerRecord> timers_of_case(const std::string& case_id) override {
    return read("timers_of_case", &StoreReader::timers_of_case, case_id);
  }
  std::vector<TimerRecord> due_timers(Timestamp now, int limit) override {
    return read("due_timers", &StoreReader::due_timers, now, limit);
  }
  std::vector<OutboxMessage> outbox_of_case(const std::string& case_id) override {
    return read("outbox_of_case", &StoreReader::outbox_of_case, case_id);
  }
  std::vector<FailureRecord> failures_of_case(const std::string& case_id) override {
    return read("failures_of_case", &StoreReader::failures_of_case, case_id);
  }
  std::optional<std::string> processed_event(const std::string& tenant, const std::string& event_id) override {
    return read("processed_event", &StoreReader::processed_event, tenant, event_id);
  }
  std::optional<std::string> case_for_start_key(const std::string& tenant, const std::string& process_id,
                                                const std::string& key) override {
    return read("case_for_start_key", &StoreReader::case_for_start_key, tenant, process_id, key);
  }
  boost::json::object tenant_params(const std::string& tenant, const std::string& process_id) override {
    return read("tenant_params", &StoreReader::tenant_params, tenant, process_id);
  }
  std::optional<ApiToken> find_token(const std::string& hash) override {
    return read("find_token", &StoreReader::find_token, hash);
  }
  std::vector<ApiToken> tokens(const std::string& tenant) override {
    return read("tokens", &StoreReader::tokens, tenant);
  }
  std::vector<CaseDocument> documents_of_case(const std::string& tenant, const std::string& case_id) override {
    return read("documents_of_case", &StoreReader::documents_of_case, tenant, case_id);
  }
  std::optional<CaseDocumentFile> find_document(const std::string& tenant, const std::string& case_id,
                                                const std::string& document_id) override {
    return read("find_document", &StoreReader::find_document, tenant, case_id, document_id);
  }
  std::vector<CaseNote> notes_of_case(const std::string& tenant, const std::string& case_id) override {
    return read("notes_of_case", &StoreReader::notes_of_case, tenant, case_id);
  }
  std::vector<OutboxMessage> outbox_after(std::int64_t after_id, int limit) override {
    return read("outbox_after", &StoreReader::outbox_after, after_id, limit);
  }
  std::optional<OutboxMessage> find_outbox_message(std::int64_t id) override {
    return read("find_outbox_message", &StoreReader::find_outbox_message, id);
  }
  std::int64_t last_outbox_id() override { return read("last_outbox_id", &StoreReader::last_outbox_id); }
  std::int64_t webhook_fanout_cursor() override {
    return read("webhook_fanout_cursor", &StoreReader::webhook_fanout_cursor);
  }
  std::vector<WebhookSubscription> webhook_subscriptions(const std::string& tenant) override {
    return read("webhook_subscriptions", &StoreReader::webhook_subscriptions, tenant);
  }
  std::optional<WebhookSubscription> find_webhook_subscription(const std::string& tenant,
                                                               const std::string& id) override {
    return read("find_webhook_subscription", &StoreReader::find_webhook_subscription, tenant, id);
  }
  std::optional<WebhookDelivery> find_webhook_delivery(const std::string& id) override {
    return read("find_webhook_delivery", &StoreReader::find_webhook_delivery, id);
  }
  std::vector<WebhookDelivery> webhook_deliveries(const DeliveryQuery& query) override {
    return read("webhook_deliveries", &StoreReader::webhook_deliveries, query);
  }
  std::vector<WebhookDelivery> due_webhook_deliveries(const std::string& subscription_id, Timestamp now,
                                                      int limit) override {
    return read("due_webhook_deliveries", &StoreReader::due_webhook_deliveries, subscription_id, now, limit);
  }
  std::optional<Incident> open_incident(const std::string& case_id) override {
    return read("open_incident", &StoreReader::open_incident, case_id);
  }
  std::optional<Incident> find_incident(const std::string& tenant, const std::string& id) override {
    return read("find_incident", &StoreReader::find_incident, tenant, id);
  }
  std::vector<Incident> incidents(const IncidentQuery& query) override {
    return read("incidents", &StoreReader::incidents, query);
  }
  std::optional<BufferedEvent> find_buffered_event(const std::string& tenant, const std::string& event_id) override {
    return read("find_buffered_event", &StoreReader::find_buffered_event, tenant, event_id);
  }
  std::vector<BufferedEvent> buffered_events(const BufferedEventQuery& query) override {
    return read("buffered_events", &StoreReader::buffered_events, query);
  }
  AttentionCounts attention_counts() override { return read("attention_counts", &StoreReader::attention_counts); }
  std::optional<Timestamp> next_buffer_expiry() override {
    return read("next_buffer_expiry", &StoreReader::next_buffer_expiry);
  }
  std::vector<BufferedEvent> waiting_buffered_events(const std::string& tenant, const std::vector<std::string>& types,
                                                     const std::map<std::string, std::string>& keys, Timestamp now,
                                                     int limit) override {
    return read("waiting_buffered_events", &StoreReader::waiting_buffered_events, tenant, types, keys, now, limit);
  }
  std::vector<AuditEntry> audit_entries(const AuditQuery& query) override {
    return read("audit_entries", &StoreReader::audit_entries, query);
  }
  std::vector<RetentionCandidate> retention_candidates(const std::string& after_case_id, int limit) override {
    return read("retention_candidates", &StoreReader::retention_candidates, after_case_id, limit);
  }
  std::vector<DeletionRecord> deletions(const std::string& tenant, std::int64_t after_id, int limit) override {
    return read("deletions", &StoreReader::deletions, tenant, after_id, limit);
  }

 protected:
  virtual void on_read(std::string_view /*query*/) {}
  Interface& inner() { return *inner_; }

 private:
  std::unique_ptr<Interface> inner_;
};

class FaultyReader final : public ForwardingReads<StoreReader> {
 public:
  FaultyReader(std::unique_ptr<StoreReader> inner, std::shared_ptr<StoreFaults> faults)
      : ForwardingReads(std::move(inner)), faults_(std::move(faults)) {}

 protected:
  void on_read(std::string_view query) override { faults_->reading(query); }

 private:
  std::shared_ptr<StoreFaults> faults_;
};

class FaultyWriter final : public ForwardingReads<StoreWriter> {
 public:
  FaultyWriter(std::unique_ptr<StoreWriter> inner, std::shared_ptr<StoreFaults> faults)
      : ForwardingReads(std::move(inner)), faults_(std::move(faults)) {}

 private:
  // Throws the armed fault of `point`, if any, instead of calling the real store.
  template <class Method, class... Args>
  decltype(auto) write(const std::string& point, Method method, const Args&... args) {
    if (const auto fault = faults_->take(point)) {
      if (fault->lose_transaction) inner().rollback();
      throw Error(fault->kind, "store: " + point + ": injected " + std::string(to_string(fault->kind)));
    }
    return (inner().*method)(args...);
  }

 public:
  void begin() override { write("begin", &StoreWriter::begin); }
  void commit() override { write("commit", &StoreWriter::commit); }
  void rollback() override { inner().rollback(); }
  void savepoint() override { inner().savepoint(); }
  void release_savepoint() override { inner().release_savepoint(); }
  void rollback_to_savepoint() override { inner().rollback_to_savepoint(); }
  bool try_lock_for_transaction(std::string_view purpose) override { return inner().try_lock_for_transaction(purpose); }

  void insert_definition(const StoredDefinition& d) override {
    write("insert_definition", &StoreWriter::insert_definition, d);
  }
  void insert_case(const CaseRecord& r) override { write("insert_case", &StoreWriter::insert_case, r); }
  void update_case(const CaseRecord& r, std::int64_t expected) override {
    write("update_case", &StoreWriter::update_case, r, expected);
  }
  void append_history(const HistoryEntry& e) override { write("append_history", &StoreWriter::append_history, e); }
  void put_task(const TaskRecord& r) override { write("put_task", &StoreWriter::put_task, r); }
  std::int64_t insert_timer(const TimerRecord& t) override {
    return write("insert_timer", &StoreWriter::insert_timer, t);
  }
  void delete_timer(std::int64_t id) override { write("delete_timer", &StoreWriter::delete_timer, id); }
  std::int64_t insert_outbox(const OutboxMessage& m) override {
    return write("insert_outbox", &StoreWriter::insert_outbox, m);
  }
  void insert_failure(const FailureRecord& f) override { write("insert_failure", &StoreWriter::insert_failure, f); }
  void record_event(const std::string& tenant, const std::string& event_id, const std::string& type,
                    const std::string& result_json, Timestamp at) override {
    write("record_event", &StoreWriter::record_event, tenant, event_id, type, result_json, at);
  }
  void record_start_key(const std::string& tenant, const std::string& process_id, const std::string& key,
                        const std::string& case_id) override {
    write("record_start_key", &StoreWriter::record_start_key, tenant, process_id, key, case_id);
  }
  void set_tenant_params(const std::string& tenant, const std::string& process_id,
                         const boost::json::object& params) override {
    write("set_tenant_params", &StoreWriter::set_tenant_params, tenant, process_id, params);
  }
  void insert_token(const ApiToken& t) override { write("insert_token", &StoreWriter::insert_token, t); }
  bool revoke_token(const std::string& tenant, const std::string& name, Timestamp at) override {
    return write("revoke_token", &StoreWriter::revoke_token, tenant, name, at);
  }
  void insert_document(const CaseDocumentFile& d) override {
    write("insert_document", &StoreWriter::insert_document, d);
  }
  void insert_note(const CaseNote& n) override { write("insert_note", &StoreWriter::insert_note, n); }
  void replace_case_dimensions(const CaseRecord& r, const std::vector<CaseDimension>& d) override {
    write("replace_case_dimensions", &StoreWriter::replace_case_dimensions, r, d);
  }
  void insert_webhook_subscription(const WebhookSubscription& s) override {
    write("insert_webhook_subscription", &StoreWriter::insert_webhook_subscription, s);
  }
  bool deactivate_webhook_subscription(const std::string& tenant, const std::string& id) override {
    return write("deactivate_webhook_subscription", &StoreWriter::deactivate_webhook_subscription, tenant, id);
  }
  void insert_webhook_delivery(const WebhookDelivery& d) override {
    write("insert_webhook_delivery", &StoreWriter::insert_webhook_delivery, d);
  }
  void update_webhook_delivery(const WebhookDelivery& d) override {
    write("update_webhook_delivery", &StoreWriter::update_webhook_delivery, d);
  }
  void set_webhook_fanout_cursor(std::int64_t id) override {
    write("set_webhook_fanout_cursor", &StoreWriter::set_webhook_fanout_cursor, id);
  }
  void insert_incident(const Incident& i) override { write("insert_incident", &StoreWriter::insert_incident, i); }
  void update_incident(const Incident& i) override { write("update_incident", &StoreWriter::update_incident, i); }
  void insert_buffered_event(const BufferedEvent& e) override {
    write("insert_buffered_event", &StoreWriter::insert_buffered_event, e);
  }
  void settle_buffered_event(const std::string& tenant, const std::string& event_id, BufferedEventStatus status,
                             const std::string& case_id, Timestamp at) override {
    write("settle_buffered_event", &StoreWriter::settle_buffered_event, tenant, event_id, status, case_id, at);
  }
  int expire_buffered_events(Timestamp now, int limit) override {
    return write("expire_buffered_events", &StoreWriter::expire_buffered_events, now, limit);
  }
  int cancel_webhook_deliveries(const std::string& subscription_id, Timestamp at) override {
    return write("cancel_webhook_deliveries", &StoreWriter::cancel_webhook_deliveries, subscription_id, at);
  }
  int prune_webhook_deliveries(Timestamp before, int limit) override {
    return write("prune_webhook_deliveries", &StoreWriter::prune_webhook_deliveries, before, limit);
  }
  std::int64_t insert_audit_entry(const AuditEntry& entry) override {
    return write("insert_audit_entry", &StoreWriter::insert_audit_entry, entry);
  }
  void redact_history_entry(const HistoryEntry& e) override {
    write("redact_history_entry", &StoreWriter::redact_history_entry, e);
  }
  int delete_documents_of_case(const std::string& tenant, const std::string& case_id) override {
    return write("delete_documents_of_case", &StoreWriter::delete_documents_of_case, tenant, case_id);
  }
  int delete_personal_notes(const std::string& tenant, const std::string& case_id) override {
    return write("delete_personal_notes", &StoreWriter::delete_personal_notes, tenant, case_id);
  }
  int clear_buffered_payloads(const std::string& tenant, const std::string& case_id) override {
    return write("clear_buffered_payloads", &StoreWriter::clear_buffered_payloads, tenant, case_id);
  }
  std::int64_t insert_deletion(const DeletionRecord& record) override {
    return write("insert_deletion", &StoreWriter::insert_deletion, record);
  }

 private:
  std::shared_ptr<StoreFaults> faults_;
};

}  // namespace

std::unique_ptr<StoreWriter> FaultyStore::open_writer() {
  return std::make_unique<FaultyWriter>(inner_.open_writer(), faults_);
}

std::unique_ptr<StoreReader> FaultyStore::open_reader() {
  return std::make_unique<FaultyReader>(inner_.open_reader(), faults_);
}

}  // namespace amtsweg::testing
