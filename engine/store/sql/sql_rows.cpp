// Decoding rows into records and records into column values for the SQL stores. Rows are
// decoded defensively: text that is not the JSON or status the schema promises is Corruption.
#include "engine/store/sql/sql_rows.hpp"

#include <boost/json/serialize.hpp>

#include "engine/error.hpp"
#include "engine/model/json_checks.hpp"
#include "engine/model/json_parse.hpp"

namespace amtsweg::sql_rows {

namespace {

// Reads the columns of one row left to right; knows which table and row it reads so that a
// malformed value can be reported precisely. Given `unreadable`, a malformed JSON or status
// column does not throw: it reads as empty and the first reason is kept there (for listings).
class RowCursor {
 public:
  RowCursor(const SqlStatement& row, std::string_view table, std::string* unreadable = nullptr)
      : row_(row), table_(table), unreadable_(unreadable) {}

  // Names the row for error messages once its key column has been read.
  void identify(std::string id) { id_ = std::move(id); }

  std::string text() { return row_.getColumn(next_++).getString(); }
  std::int64_t integer() { return row_.getColumn(next_++).getInt64(); }
  int small_integer() { return row_.getColumn(next_++).getInt(); }
  std::optional<std::int64_t> optional_integer() {
    auto column = row_.getColumn(next_++);
    if (column.isNull()) return std::nullopt;
    return column.getInt64();
  }

  boost::json::value json_or_null(std::string_view column) {
    auto value = row_.getColumn(next_++);
    if (value.isNull()) return nullptr;
    return tolerant([&] { return parse(value.getString(), column); });
  }

  boost::json::object json_object(std::string_view column) {
    auto text = row_.getColumn(next_++).getString();
    return tolerant([&] { return parse_object_column(text, where(), column); });
  }

  std::map<std::string, std::string> string_map(std::string_view column) {
    const boost::json::object object = json_object(column);
    return tolerant([&] {
      std::map<std::string, std::string> map;
      for (const auto& [key, value] : object) {
        if (!value.is_string()) throw corrupt(column, "expected an object of strings");
        map.emplace(std::string(key), std::string(value.get_string()));
      }
      return map;
    });
  }

  // A status or kind column decoded by its `from` function; unknown text is Corruption.
  template <class Enum>
  Enum enumerated(std::optional<Enum> (*from)(std::string_view), std::string_view column, std::string_view what) {
    auto text = row_.getColumn(next_++).getString();
    return tolerant([&] {
      auto value = from(text);
      if (!value) throw corrupt(column, "unknown " + std::string(what) + " '" + text + "'");
      return *value;
    });
  }

  CaseStatus case_status() { return enumerated(case_status_from, "status", "case status"); }
  TimerKind timer_kind() { return enumerated(timer_kind_from, "kind", "timer kind"); }
  DeliveryStatus delivery_status() { return enumerated(delivery_status_from, "status", "delivery status"); }
  TaskStatus task_status() { return enumerated(task_status_from, "status", "task status"); }

  std::vector<std::string> string_list(std::string_view column) {
    const boost::json::value list = json_or_null(column);
    std::vector<std::string> items;
    if (!list.is_array()) throw corrupt(column, "expected an array of strings");
    for (const auto& item : list.get_array()) {
      if (!item.is_string()) throw corrupt(column, "expected an array of strings");
      items.emplace_back(item.get_string());
    }
    return items;
  }

 private:
  std::string where() const { return std::string(table_) + " " + id_; }

  // read(), or in a listing, when it finds the column malformed, an empty value and the reason kept.
  template <class Read>
  auto tolerant(Read read) -> decltype(read()) {
    try {
      return read();
    } catch (const Error& e) {
      if (!unreadable_ || e.kind() != ErrorKind::Corruption) throw;
      if (unreadable_->empty()) *unreadable_ = e.what();
      return {};
    }
  }

  boost::json::value parse(const std::string& text, std::string_view column) {
    boost::system::error_code failure;
    auto value = parse_json(text, failure);
    if (failure) throw corrupt(column, "not valid JSON (" + failure.message() + ")");
    return value;
  }

  Error corrupt(std::string_view column, const std::string& what) const {
    return Error(ErrorKind::Corruption, "store: " + where() + ": column " + std::string(column) + ": " + what);
  }

  const SqlStatement& row_;
  std::string_view table_;
  std::string* unreadable_;
  std::string id_;
  int next_ = 0;
};

}  // namespace

boost::json::object parse_object_column(std::string_view text, std::string_view where, std::string_view column) {
  boost::system::error_code failure;
  auto value = parse_json(text, failure);
  std::string what;
  if (failure) {
    what = "not valid JSON (" + failure.message() + ")";
  } else if (!value.is_object()) {
    what = "expected a JSON object";
  } else {
    return std::move(value.get_object());
  }
  throw Error(ErrorKind::Corruption, "store: " + std::string(where) + ": column " + std::string(column) + ": " + what);
}

StoredDefinition read_definition(const SqlStatement& row) {
  RowCursor cursor(row, "definitions");
  StoredDefinition definition;
  definition.process_id = cursor.text();
  definition.version = cursor.small_integer();
  definition.title = cursor.text();
  definition.source = cursor.text();
  definition.source_name = cursor.text();
  definition.sha256 = cursor.text();
  definition.deployed_at = cursor.integer();
  definition.deployed_by = cursor.text();
  definition.tenant = cursor.text();
  return definition;
}

// The decoders of the records listings may read leniently (`unreadable` given, see RowCursor).
static CaseRecord decode_case(const SqlStatement& row, std::string* unreadable) {
  RowCursor cursor(row, "cases", unreadable);
  CaseRecord record;
  record.id = cursor.text();
  cursor.identify(record.id);
  record.tenant = cursor.text();
  record.process_id = cursor.text();
  record.process_version = cursor.small_integer();
  record.status = cursor.case_status();
  record.state = cursor.text();
  record.regions = cursor.string_map("regions");
  record.data = cursor.json_object("data");
  record.outcome = cursor.text();
  record.related_key = cursor.text();
  record.correlation = cursor.string_map("correlation");
  record.created_at = cursor.integer();
  record.updated_at = cursor.integer();
  record.revision = cursor.integer();
  record.history_length = cursor.integer();
  record.history_head = cursor.text();
  record.summary = cursor.text();
  return record;
}

HistoryEntry read_history_entry(const SqlStatement& row) {
  RowCursor cursor(row, "history");
  HistoryEntry entry;
  entry.case_id = cursor.text();
  entry.seq = cursor.integer();
  cursor.identify(entry.case_id + " #" + std::to_string(entry.seq));
  entry.at = cursor.integer();
  entry.actor = cursor.text();
  entry.event_type = cursor.text();
  entry.event_id = cursor.text();
  entry.from_state = cursor.text();
  entry.to_state = cursor.text();
  entry.changes = cursor.json_object("changes");
  entry.detail = cursor.json_object("detail");
  entry.prev_hash = cursor.text();
  entry.hash = cursor.text();
  entry.chain_version = static_cast<int>(cursor.integer());
  entry.sealed = cursor.json_object("sealed");
  return entry;
}

TaskRecord read_task(const SqlStatement& row) {
  RowCursor cursor(row, "tasks");
  TaskRecord task;
  task.id = cursor.text();
  cursor.identify(task.id);
  task.tenant = cursor.text();
  task.case_id = cursor.text();
  task.process_id = cursor.text();
  task.state_path = cursor.text();
  task.title = cursor.text();
  task.role = cursor.text();
  task.assignee = cursor.text();
  task.status = cursor.task_status();
  task.four_eyes = cursor.integer() != 0;
  task.stage = cursor.small_integer();
  task.prepared_by = cursor.text();
  task.prepared_data = cursor.json_or_null("prepared_data");
  task.due_at = cursor.optional_integer();
  task.created_at = cursor.integer();
  task.updated_at = cursor.integer();
  task.completed_by = cursor.text();
  task.completed_at = cursor.optional_integer();
  task.data = cursor.json_or_null("data");
  task.form = cursor.json_or_null("form");
  task.revision = cursor.integer();
  task.time_zone = cursor.text();
  return task;
}

TimerRecord read_timer(const SqlStatement& row) {
  RowCursor cursor(row, "timers");
  TimerRecord timer;
  timer.id = cursor.integer();
  cursor.identify(std::to_string(timer.id));
  timer.tenant = cursor.text();
  timer.case_id = cursor.text();
  timer.state_path = cursor.text();
  timer.index = cursor.small_integer();
  timer.due_at = cursor.integer();
  timer.kind = cursor.timer_kind();
  timer.task_id = cursor.text();
  return timer;
}

static OutboxMessage decode_outbox_message(const SqlStatement& row, std::string* unreadable) {
  RowCursor cursor(row, "outbox", unreadable);
  OutboxMessage message;
  message.id = cursor.integer();
  cursor.identify(std::to_string(message.id));
  message.tenant = cursor.text();
  message.case_id = cursor.text();
  message.kind = cursor.text();
  message.type = cursor.text();
  message.payload = cursor.json_object("payload");
  message.created_at = cursor.integer();
  return message;
}

FailureRecord read_failure(const SqlStatement& row) {
  RowCursor cursor(row, "failures");
  FailureRecord failure;
  failure.id = cursor.integer();
  failure.tenant = cursor.text();
  failure.case_id = cursor.text();
  failure.at = cursor.integer();
  failure.command = cursor.text();
  failure.message = cursor.text();
  return failure;
}

WebhookSubscription read_webhook_subscription(const SqlStatement& row) {
  RowCursor cursor(row, "webhook_subscriptions");
  WebhookSubscription subscription;
  subscription.id = cursor.text();
  cursor.identify(subscription.id);
  subscription.tenant = cursor.text();
  subscription.url = cursor.text();
  subscription.events = cursor.string_list("events");
  subscription.secret = cursor.text();
  subscription.created_at = cursor.integer();
  subscription.active = cursor.integer() != 0;
  subscription.after_message_id = cursor.integer();
  return subscription;
}

WebhookDelivery read_webhook_delivery(const SqlStatement& row) {
  RowCursor cursor(row, "webhook_deliveries");
  WebhookDelivery delivery;
  delivery.id = cursor.text();
  cursor.identify(delivery.id);
  delivery.subscription_id = cursor.text();
  delivery.tenant = cursor.text();
  delivery.message_id = cursor.integer();
  delivery.case_id = cursor.text();
  delivery.type = cursor.text();
  delivery.status = cursor.delivery_status();
  delivery.attempts = cursor.small_integer();
  delivery.next_attempt_at = cursor.integer();
  if (auto status = cursor.optional_integer()) delivery.last_status = static_cast<int>(*status);
  delivery.last_error = cursor.text();
  delivery.delivered_at = cursor.optional_integer();
  delivery.created_at = cursor.integer();
  delivery.cancelled_at = cursor.optional_integer();
  return delivery;
}

Incident read_incident(const SqlStatement& row) {
  RowCursor cursor(row, "incidents");
  Incident incident;
  incident.id = cursor.text();
  cursor.identify(incident.id);
  incident.tenant = cursor.text();
  incident.case_id = cursor.text();
  incident.status = cursor.enumerated(incident_status_from, "status", "incident status");
  incident.source = cursor.enumerated(incident_source_from, "source", "incident source");
  incident.timer_id = cursor.integer();
  incident.event_id = cursor.text();
  incident.command = cursor.text();
  incident.error = cursor.text();
  incident.event = cursor.json_object("event");
  incident.attempts = cursor.small_integer();
  incident.opened_at = cursor.integer();
  incident.updated_at = cursor.integer();
  incident.resolved_at = cursor.optional_integer();
  incident.resolved_by = cursor.text();
  incident.resolution = cursor.text();
  return incident;
}

AuditEntry read_audit_entry(const SqlStatement& row) {
  RowCursor cursor(row, "audit_log");
  AuditEntry entry;
  entry.seq = cursor.integer();
  cursor.identify(std::to_string(entry.seq));
  entry.tenant = cursor.text();
  entry.at = cursor.integer();
  entry.actor = cursor.text();
  entry.action = cursor.text();
  entry.target = cursor.text();
  entry.detail = cursor.json_object("detail");
  return entry;
}

static BufferedEvent decode_buffered_event(const SqlStatement& row, std::string* unreadable) {
  RowCursor cursor(row, "buffered_events", unreadable);
  BufferedEvent event;
  event.seq = cursor.integer();
  event.tenant = cursor.text();
  event.event_id = cursor.text();
  cursor.identify(event.tenant + "/" + event.event_id);
  event.type = cursor.text();
  event.correlation = cursor.json_object("correlation");
  event.payload = cursor.json_or_null("payload");
  event.actor = cursor.text();
  event.received_at = cursor.integer();
  event.expires_at = cursor.integer();
  event.status = cursor.enumerated(buffered_event_status_from, "status", "buffered event status");
  event.case_id = cursor.text();
  event.settled_at = cursor.optional_integer();
  return event;
}

CaseRecord read_case(const SqlStatement& row) { return decode_case(row, nullptr); }
OutboxMessage read_outbox_message(const SqlStatement& row) { return decode_outbox_message(row, nullptr); }
BufferedEvent read_buffered_event(const SqlStatement& row) { return decode_buffered_event(row, nullptr); }

CaseRecord read_case_listing(const SqlStatement& row) {
  std::string unreadable;
  CaseRecord record = decode_case(row, &unreadable);
  record.unreadable = std::move(unreadable);
  return record;
}

OutboxMessage read_outbox_listing(const SqlStatement& row) {
  std::string unreadable;
  OutboxMessage message = decode_outbox_message(row, &unreadable);
  message.unreadable = std::move(unreadable);
  return message;
}

BufferedEvent read_buffered_event_listing(const SqlStatement& row) {
  std::string unreadable;
  BufferedEvent event = decode_buffered_event(row, &unreadable);
  event.unreadable = std::move(unreadable);
  return event;
}

std::string json_text(const std::map<std::string, std::string>& map) {
  boost::json::object object;
  for (const auto& [key, value] : map) object[key] = value;
  return boost::json::serialize(object);
}

void bind_json_or_null(SqlStatement& statement, int index, const boost::json::value& value, std::string_view column) {
  if (value.is_null()) {
    statement.bind(index);
  } else {
    statement.bind(index, finite_json_text(value, column));
  }
}

void bind_optional(SqlStatement& statement, int index, const std::optional<Timestamp>& value) {
  if (value) {
    statement.bind(index, static_cast<std::int64_t>(*value));
  } else {
    statement.bind(index);
  }
}

}  // namespace amtsweg::sql_rows
