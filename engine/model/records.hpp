// The run-time records of a case as the store keeps them: case, task, timer, history entry,
// outbox message, deployed definition, the case file's documents and notes. Plain values; the
// store maps them to rows.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/clock.hpp"

namespace amtsweg {

// A deployed definition: the YAML source is the truth; the parsed model is cached by runtime/.
struct StoredDefinition {
  std::string process_id;
  int version = 0;
  std::string title;
  std::string source;       // the YAML text as deployed
  std::string source_name;  // file name it was deployed from
  std::string sha256;       // of source, to recognise a re-deployment of the same text
  Timestamp deployed_at = 0;
  std::string deployed_by;
  std::string tenant;  // owner: empty for a shared definition (every tenant), else that tenant only
};

enum class CaseStatus { Active, Suspended, Completed, Cancelled };
std::string_view to_string(CaseStatus status);
std::optional<CaseStatus> case_status_from(std::string_view text);

struct CaseRecord {
  std::string id;
  std::string tenant;
  std::string process_id;
  int process_version = 0;
  CaseStatus status = CaseStatus::Active;
  std::string state;                           // current top-level state
  std::map<std::string, std::string> regions;  // region -> state, while in a parallel state
  boost::json::object data;
  std::string outcome;  // set when a final state is reached
  std::string related_key;
  std::map<std::string, std::string> correlation;  // declared key -> value
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
  std::int64_t revision = 0;  // bumped by every change; guards against lost updates
  std::int64_t history_length = 0;
  std::string history_head;  // hash of the newest history entry
  std::string summary;       // the definition's `summary` rendered after the case's last change
  // Set only by listings when the stored row could not be read (why); the JSON fields are empty.
  std::string unreadable = {};
};

// A case's value of a dimension its definition declares under `stats:`, kept beside the case so
// the statistics count values without reading every case's data.
struct CaseDimension {
  std::string name;
  std::string value;
  double amount = 0;  // the case's value of stats.amount (0 when none)
};

enum class TaskStatus { Open, Claimed, Completed, Cancelled };
std::string_view to_string(TaskStatus status);
std::optional<TaskStatus> task_status_from(std::string_view text);

struct TaskRecord {
  std::string id;
  std::string tenant;
  std::string case_id;
  std::string process_id;
  std::string state_path;  // "review" or "review/region/state"
  std::string title;
  std::string role;
  std::string assignee;  // empty: not assigned
  TaskStatus status = TaskStatus::Open;
  bool four_eyes = false;
  int stage = 1;                     // four-eyes: 1 = prepare, 2 = approve
  std::string prepared_by;           // four-eyes: who completed stage 1
  boost::json::value prepared_data;  // four-eyes: the stage-1 form data
  std::optional<Timestamp> due_at;
  std::string time_zone = "Europe/Berlin";  // the tenant's, in which due_at was counted and is shown
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
  std::string completed_by;
  std::optional<Timestamp> completed_at;
  boost::json::value data;  // the completion form data
  boost::json::value form;  // the JSON Schema of the clerk's form (null: none)
  std::int64_t revision = 0;
  // Filled by task listings only (StoreReader::tasks): the summary of the task's case.
  std::string case_summary = {};
};

// What a timer does when it fires: take a state's `after` transition, or remind / escalate a task.
enum class TimerKind { After, Reminder, Escalation };
std::string_view to_string(TimerKind kind);  // "after", "remind", "escalate"
std::optional<TimerKind> timer_kind_from(std::string_view text);

struct TimerRecord {
  std::int64_t id = 0;  // assigned by the store
  std::string tenant;
  std::string case_id;
  std::string state_path;  // the state that armed it; leaving the state cancels it
  int index = 0;           // After: which `after` entry of that state
  Timestamp due_at = 0;
  TimerKind kind = TimerKind::After;
  std::string task_id;  // Reminder, Escalation: the task; closing it cancels the timer
};

// The hashing of history entries: version 1 covered every value; version 2 covers a salted
// commitment of each personal value instead, so deleting those values keeps the chain verifiable.
inline constexpr int kHistoryChainVersion = 2;

// One appended line of a case's tamper-evident audit trail.
struct HistoryEntry {
  std::string case_id;
  std::int64_t seq = 0;  // 1, 2, 3, ...
  Timestamp at = 0;
  std::string actor;
  std::string event_type;  // "case.started", an event type, "task.claimed", "timer", ...
  std::string event_id;
  std::string from_state;
  std::string to_state;
  boost::json::object changes;               // data path -> [old, new]
  boost::json::object detail;                // what else happened: task ids, outcome, error ...
  int chain_version = kHistoryChainVersion;  // entries written before version 2 read as 1
  // Version 2: the personal values in changes and detail, by JSON pointer ("/changes/applicant/1/name"):
  // {"commitment": SHA-256 of salt and value, "salt": ...}. Retention deletes a value (it becomes
  // null) and its salt; the commitment stays, and the hash covers commitments, not values.
  boost::json::object sealed;
  std::string prev_hash;
  std::string hash;
};

// A message committed with the change that caused it, delivered later (transactional outbox).
struct OutboxMessage {
  std::int64_t id = 0;
  std::string tenant;
  std::string case_id;
  std::string kind;  // "emit", "notify", "task", "case"
  std::string type;  // e.g. "certificate.issued", "task.created", "case.completed"
  boost::json::object payload;
  Timestamp created_at = 0;
  std::string unreadable = {};  // set when the stored payload could not be read (why): never delivered
};

// An API principal's bearer token as stored: only the SHA-256 of the token text, never the text.
struct ApiToken {
  std::string hash;                // hex SHA-256 of the token
  std::string tenant;              // the principal's municipality
  std::string name;                // unique per tenant among tokens, e.g. "portal" or "anna.schmidt"
  std::vector<std::string> roles;  // "admin", "integrator", "operator", "clerk:GROUP"
  Timestamp created_at = 0;
  std::optional<Timestamp> revoked_at;
};

// A command that failed: kept (outside the rolled-back change) so the failure is visible.
struct FailureRecord {
  std::int64_t id = 0;
  std::string tenant;
  std::string case_id;
  Timestamp at = 0;
  std::string command;
  std::string message;
};

// A document in a case's file (eAkte): its metadata; the bytes travel in CaseDocumentFile.
struct CaseDocument {
  std::string id;  // "D-..."
  std::string tenant;
  std::string case_id;
  std::string name;          // file name as given, without any directory
  std::string kind;          // optional label, e.g. "certificate" (empty: none)
  std::string content_type;  // media type as given, e.g. "application/pdf"
  std::int64_t size = 0;     // bytes
  std::string sha256;        // hex SHA-256 of the bytes
  std::string added_by;
  Timestamp added_at = 0;
};

// A document with its bytes (any bytes, NUL included).
struct CaseDocumentFile {
  CaseDocument metadata;
  std::string content;
};

// A clerk's note in a case's file.
struct CaseNote {
  std::string id;  // "N-..."
  std::string tenant;
  std::string case_id;
  std::string author;
  std::string text;
  Timestamp created_at = 0;
  bool personal = false;  // about a person: deleted when the case's retention period ends
};

// A document kind ("certificate", "id-card", "proof.of_payment"): lower-case ASCII letters and
// digits, then also '_', '-', '.'; at most 64 characters. The same syntax in YAML and at upload.
bool is_document_kind(std::string_view text);

}  // namespace amtsweg
