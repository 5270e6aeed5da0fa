// The schema of the SQLite store, step by step. A step, once released, never changes: a new
// need is a new step appended to the list, so every database walks the same path.
#include "engine/store/sqlite/sqlite_schema.hpp"

#include <string>
#include <vector>

#include <sqlite3.h>

#include "engine/error.hpp"
#include "engine/store/sql/sql_statistics_counts.hpp"
#include "engine/store/sqlite/sqlite_errors.hpp"

namespace amtsweg {

namespace {

// Conventions of every table:
//  - timestamps are INTEGER milliseconds since the epoch (UTC), NULL only where optional;
//  - JSON columns hold boost::json::serialize() text (objects unless said otherwise);
//  - text that may be empty in a record ("no assignee") is stored as '' rather than NULL;
//  - statuses are the lower-case names of records.hpp ("active", "open" ...).
//
// Step 1, the initial schema:
//  definitions    one row per deployed version of a process; (process_id, version) unique.
//  cases          one row per case; correlation is the record's own copy of its correlation
//                 keys, the correlations table is the index that lookups use.
//  correlations   (case_id, key) -> value, replaced on every case write; lookups filter on the
//                 owning case's status.
//  history        the append-only audit trail, clustered by case (WITHOUT ROWID) so reading a
//                 case's history is one range scan.
//  tasks          human tasks; prepared_data/data/form are any JSON value, NULL for null.
//  timers         armed timers; AUTOINCREMENT so an id is never reused after a timer fired.
//  outbox         messages committed with their change; AUTOINCREMENT so delivery can follow ids.
//  failures       commands that failed; no link to cases (a failed start has no case).
//  events         processed event ids per tenant with their result (idempotency).
//  start_keys     idempotency keys of case starts.
//  tenant_params  a tenant's overrides of a process's params.
// Rows that belong to a case reference it (foreign keys are on for the writer), except outbox,
// failures and start_keys, which may be written about a case that does not exist.
const char* const kInitialSchema = R"sql(
CREATE TABLE definitions (
  process_id  TEXT    NOT NULL,
  version     INTEGER NOT NULL,
  title       TEXT    NOT NULL,
  source      TEXT    NOT NULL,
  source_name TEXT    NOT NULL,
  sha256      TEXT    NOT NULL,
  deployed_at INTEGER NOT NULL,
  deployed_by TEXT    NOT NULL,
  PRIMARY KEY (process_id, version)
);

CREATE TABLE cases (
  id              TEXT    NOT NULL PRIMARY KEY,
  tenant          TEXT    NOT NULL,
  process_id      TEXT    NOT NULL,
  process_version INTEGER NOT NULL,
  status          TEXT    NOT NULL CHECK (status IN ('active', 'suspended', 'completed', 'cancelled')),
  state           TEXT    NOT NULL,
  regions         TEXT    NOT NULL,  -- JSON object: region -> state
  data            TEXT    NOT NULL,  -- JSON object
  outcome         TEXT    NOT NULL,
  related_key     TEXT    NOT NULL,
  correlation     TEXT    NOT NULL,  -- JSON object: key -> value
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  revision        INTEGER NOT NULL,
  history_length  INTEGER NOT NULL,
  history_head    TEXT    NOT NULL
);
CREATE INDEX cases_by_tenant ON cases (tenant, id);
CREATE INDEX cases_by_state ON cases (tenant, process_id, state, status);
CREATE INDEX cases_by_related_key ON cases (tenant, process_id, related_key);

CREATE TABLE correlations (
  case_id TEXT NOT NULL REFERENCES cases (id),
  key     TEXT NOT NULL,
  tenant  TEXT NOT NULL,
  value   TEXT NOT NULL,
  PRIMARY KEY (case_id, key)
);
CREATE INDEX correlations_by_value ON correlations (tenant, key, value, case_id);

CREATE TABLE history (
  case_id    TEXT    NOT NULL REFERENCES cases (id),
  seq        INTEGER NOT NULL,
  at         INTEGER NOT NULL,
  actor      TEXT    NOT NULL,
  event_type TEXT    NOT NULL,
  event_id   TEXT    NOT NULL,
  from_state TEXT    NOT NULL,
  to_state   TEXT    NOT NULL,
  changes    TEXT    NOT NULL,  -- JSON object: data path -> [old, new]
  detail     TEXT    NOT NULL,  -- JSON object
  prev_hash  TEXT    NOT NULL,
  hash       TEXT    NOT NULL,
  PRIMARY KEY (case_id, seq)
) WITHOUT ROWID;

CREATE TABLE tasks (
  id            TEXT    NOT NULL PRIMARY KEY,
  tenant        TEXT    NOT NULL,
  case_id       TEXT    NOT NULL REFERENCES cases (id),
  process_id    TEXT    NOT NULL,
  state_path    TEXT    NOT NULL,
  title         TEXT    NOT NULL,
  role          TEXT    NOT NULL,
  assignee      TEXT    NOT NULL,
  status        TEXT    NOT NULL CHECK (status IN ('open', 'claimed', 'completed', 'cancelled')),
  four_eyes     INTEGER NOT NULL,
  stage         INTEGER NOT NULL,
  prepared_by   TEXT    NOT NULL,
  prepared_data TEXT,              -- JSON value, NULL for null
  due_at        INTEGER,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  completed_by  TEXT    NOT NULL,
  completed_at  INTEGER,
  data          TEXT,              -- JSON value, NULL for null
  form          TEXT,              -- JSON value (a JSON Schema), NULL for none
  revision      INTEGER NOT NULL
);
CREATE INDEX tasks_inbox ON tasks (tenant, status, role, due_at);
CREATE INDEX tasks_by_assignee ON tasks (tenant, assignee);
CREATE INDEX tasks_by_case ON tasks (case_id);

CREATE TABLE timers (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant     TEXT    NOT NULL,
  case_id    TEXT    NOT NULL REFERENCES cases (id),
  state_path TEXT    NOT NULL,
  idx        INTEGER NOT NULL,
  due_at     INTEGER NOT NULL
);
CREATE INDEX timers_due ON timers (due_at, id);
CREATE INDEX timers_by_case ON timers (case_id);

CREATE TABLE outbox (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant     TEXT    NOT NULL,
  case_id    TEXT    NOT NULL,
  kind       TEXT    NOT NULL,
  type       TEXT    NOT NULL,
  payload    TEXT    NOT NULL,  -- JSON object
  created_at INTEGER NOT NULL
);
CREATE INDEX outbox_by_case ON outbox (case_id);

CREATE TABLE failures (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant  TEXT    NOT NULL,
  case_id TEXT    NOT NULL,
  at      INTEGER NOT NULL,
  command TEXT    NOT NULL,
  message TEXT    NOT NULL
);
CREATE INDEX failures_by_case ON failures (case_id);

CREATE TABLE events (
  tenant   TEXT    NOT NULL,
  event_id TEXT    NOT NULL,
  type     TEXT    NOT NULL,
  result   TEXT    NOT NULL,  -- JSON text as the runtime gave it
  at       INTEGER NOT NULL,
  PRIMARY KEY (tenant, event_id)
);

CREATE TABLE start_keys (
  tenant     TEXT NOT NULL,
  process_id TEXT NOT NULL,
  key        TEXT NOT NULL,
  case_id    TEXT NOT NULL,
  PRIMARY KEY (tenant, process_id, key)
);

CREATE TABLE tenant_params (
  tenant     TEXT NOT NULL,
  process_id TEXT NOT NULL,
  params     TEXT NOT NULL,  -- JSON object
  PRIMARY KEY (tenant, process_id)
);
)sql";

// Step 2, API tokens:
//  api_tokens     bearer tokens of API principals, kept only as the SHA-256 of the token text;
//                 a revoked token stays (revoked_at set) so its name shows in audits; at most one
//                 unrevoked token per (tenant, name).
const char* const kApiTokens = R"sql(
CREATE TABLE api_tokens (
  hash       TEXT PRIMARY KEY,   -- hex SHA-256 of the token
  tenant     TEXT NOT NULL,
  name       TEXT NOT NULL,
  roles      TEXT NOT NULL,      -- JSON array of role names
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE UNIQUE INDEX api_tokens_live_name ON api_tokens (tenant, name) WHERE revoked_at IS NULL;
)sql";

// Step 3: definitions get an owner. A process id belongs to one owner for all its versions: ''
//         for a shared definition every tenant may use (EfA), else the one tenant that deployed it.
const char* const kDefinitionOwner = R"sql(
ALTER TABLE definitions ADD COLUMN tenant TEXT NOT NULL DEFAULT '';
)sql";

// Step 4, the case file (eAkte):
//  documents      files attached to a case: metadata, SHA-256 and the bytes (content last, so
//                 listing metadata never reads a BLOB's overflow pages); kind '' when none.
//  notes          clerks' notes on a case.
// Both are listed per tenant and case in the order they were added (added_at, then rowid).
const char* const kCaseFile = R"sql(
CREATE TABLE documents (
  id           TEXT    NOT NULL PRIMARY KEY,
  tenant       TEXT    NOT NULL,
  case_id      TEXT    NOT NULL REFERENCES cases (id),
  name         TEXT    NOT NULL,
  kind         TEXT    NOT NULL,
  content_type TEXT    NOT NULL,
  size         INTEGER NOT NULL,
  sha256       TEXT    NOT NULL,  -- hex SHA-256 of content
  added_by     TEXT    NOT NULL,
  added_at     INTEGER NOT NULL,
  content      BLOB    NOT NULL
);
CREATE INDEX documents_by_case ON documents (tenant, case_id, added_at);

CREATE TABLE notes (
  id         TEXT    NOT NULL PRIMARY KEY,
  tenant     TEXT    NOT NULL,
  case_id    TEXT    NOT NULL REFERENCES cases (id),
  author     TEXT    NOT NULL,
  text       TEXT    NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX notes_by_case ON notes (tenant, case_id, created_at);
)sql";

// Step 5, deadlines of tasks:
//  timers.kind     what firing does: 'after' (a state's timer, idx names it), 'remind' or
//                  'escalate' (a task's reminder or escalation; task_id names the task).
//  tasks.time_zone the tenant's time zone when the task was created: its due date was counted
//                  there and is shown there.
const char* const kTaskDeadlines = R"sql(
ALTER TABLE timers ADD COLUMN kind TEXT NOT NULL DEFAULT 'after' CHECK (kind IN ('after', 'remind', 'escalate'));
ALTER TABLE timers ADD COLUMN task_id TEXT NOT NULL DEFAULT '';
ALTER TABLE tasks ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Europe/Berlin';
)sql";

// Step 6, webhooks:
//  webhook_subscriptions  integrators' subscriptions; events is the JSON array of type filters;
//                 a deleted subscription stays (active = 0) so its deliveries keep their link;
//                 after_message_id: only outbox messages with larger ids are for it.
//  webhook_deliveries     one row per (subscription, outbox message); attempts and the outcome
//                 of the last one; next_attempt_at is also the lease of a delivery in flight.
//  webhook_fanout         one row: the last outbox id turned into deliveries.
const char* const kWebhooks = R"sql(
CREATE TABLE webhook_subscriptions (
  id               TEXT    NOT NULL PRIMARY KEY,
  tenant           TEXT    NOT NULL,
  url              TEXT    NOT NULL,
  events           TEXT    NOT NULL,  -- JSON array of strings
  secret           TEXT    NOT NULL,
  created_at       INTEGER NOT NULL,
  active           INTEGER NOT NULL,
  after_message_id INTEGER NOT NULL
);
CREATE INDEX webhook_subscriptions_by_tenant ON webhook_subscriptions (tenant, active, created_at);

CREATE TABLE webhook_deliveries (
  id              TEXT    NOT NULL PRIMARY KEY,
  subscription_id TEXT    NOT NULL REFERENCES webhook_subscriptions (id),
  message_id      INTEGER NOT NULL REFERENCES outbox (id),
  case_id         TEXT    NOT NULL,
  status          TEXT    NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts        INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  last_status     INTEGER,
  last_error      TEXT    NOT NULL,
  delivered_at    INTEGER,
  created_at      INTEGER NOT NULL,
  UNIQUE (subscription_id, message_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (subscription_id, status, next_attempt_at);
CREATE INDEX webhook_deliveries_by_case ON webhook_deliveries (subscription_id, case_id, status, message_id);

CREATE TABLE webhook_fanout (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  last_message_id INTEGER NOT NULL
);
INSERT INTO webhook_fanout (id, last_message_id) VALUES (1, 0);
)sql";

// Step 7, incidents and buffered events:
//  incidents        asynchronous commands (due timers, buffered events) that failed; at most one
//                   open per case, which holds the case until it is retried or the case closes.
//  buffered_events  events no waiting case took, of types a definition declares bufferable;
//                   seq is the arrival order; kept after delivery or expiry so both stay visible.
//  buffered_event_keys  each buffered event's correlation, one row per key (values as text), so a
//                   case that starts waiting finds the events meant for it by index.
const char* const kIncidentsAndBuffer = R"sql(
CREATE TABLE incidents (
  id          TEXT    NOT NULL PRIMARY KEY,
  tenant      TEXT    NOT NULL,
  case_id     TEXT    NOT NULL REFERENCES cases (id),
  status      TEXT    NOT NULL CHECK (status IN ('open', 'resolved')),
  source      TEXT    NOT NULL CHECK (source IN ('timer', 'buffered-event')),
  timer_id    INTEGER NOT NULL,
  event_id    TEXT    NOT NULL,
  command     TEXT    NOT NULL,
  error       TEXT    NOT NULL,
  event       TEXT    NOT NULL,
  attempts    INTEGER NOT NULL,
  opened_at   INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  resolved_at INTEGER,
  resolved_by TEXT    NOT NULL,
  resolution  TEXT    NOT NULL
);
CREATE UNIQUE INDEX incidents_open_per_case ON incidents (case_id) WHERE status = 'open';
CREATE INDEX incidents_by_case ON incidents (case_id, opened_at);
CREATE INDEX incidents_by_tenant ON incidents (tenant, status, opened_at, id);

CREATE TABLE buffered_events (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant      TEXT    NOT NULL,
  event_id    TEXT    NOT NULL,
  type        TEXT    NOT NULL,
  correlation TEXT    NOT NULL,
  payload     TEXT    NOT NULL,  -- any JSON value
  actor       TEXT    NOT NULL,
  received_at INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  status      TEXT    NOT NULL CHECK (status IN ('buffered', 'delivered', 'expired')),
  case_id     TEXT    NOT NULL,
  settled_at  INTEGER,
  UNIQUE (tenant, event_id)
);
CREATE INDEX buffered_events_waiting ON buffered_events (tenant, status, type, seq);
CREATE INDEX buffered_events_expiry ON buffered_events (status, expires_at);

CREATE TABLE buffered_event_keys (
  seq    INTEGER NOT NULL REFERENCES buffered_events (seq),
  tenant TEXT    NOT NULL,
  key    TEXT    NOT NULL,
  value  TEXT    NOT NULL,
  PRIMARY KEY (seq, key)
);
CREATE INDEX buffered_event_keys_by_value ON buffered_event_keys (tenant, key, value, seq);
)sql";

// Step 8, webhook retention: deliveries may be cancelled (their subscription was deleted while
// they were pending or dead) and are pruned some days after they were delivered or cancelled.
// SQLite cannot change a CHECK constraint, so the table is rebuilt with the same rows.
const char* const kWebhookRetention = R"sql(
CREATE TABLE webhook_deliveries_v8 (
  id              TEXT    NOT NULL PRIMARY KEY,
  subscription_id TEXT    NOT NULL REFERENCES webhook_subscriptions (id),
  message_id      INTEGER NOT NULL REFERENCES outbox (id),
  case_id         TEXT    NOT NULL,
  status          TEXT    NOT NULL CHECK (status IN ('pending', 'delivered', 'dead', 'cancelled')),
  attempts        INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  last_status     INTEGER,
  last_error      TEXT    NOT NULL,
  delivered_at    INTEGER,
  created_at      INTEGER NOT NULL,
  cancelled_at    INTEGER,
  UNIQUE (subscription_id, message_id)
);
INSERT INTO webhook_deliveries_v8 (id, subscription_id, message_id, case_id, status, attempts, next_attempt_at,
                                   last_status, last_error, delivered_at, created_at)
  SELECT id, subscription_id, message_id, case_id, status, attempts, next_attempt_at,
         last_status, last_error, delivered_at, created_at FROM webhook_deliveries;
DROP TABLE webhook_deliveries;
ALTER TABLE webhook_deliveries_v8 RENAME TO webhook_deliveries;
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (subscription_id, status, next_attempt_at);
CREATE INDEX webhook_deliveries_by_case ON webhook_deliveries (subscription_id, case_id, status, message_id);
CREATE INDEX webhook_deliveries_delivered ON webhook_deliveries (delivered_at) WHERE status = 'delivered';
CREATE INDEX webhook_deliveries_cancelled ON webhook_deliveries (cancelled_at) WHERE status = 'cancelled';
)sql";

// Step 9, the audit log of administrative actions (deployments, params, tokens, webhooks, case
// cancel/suspend/resume), written in the transaction of the action itself:
//  audit_log      append-only; seq orders the entries and is the paging cursor; detail is a JSON
//                 object that never holds a secret.
const char* const kAuditLog = R"sql(
CREATE TABLE audit_log (
  seq    INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant TEXT    NOT NULL,
  at     INTEGER NOT NULL,
  actor  TEXT    NOT NULL,
  action TEXT    NOT NULL,
  target TEXT    NOT NULL,
  detail TEXT    NOT NULL  -- JSON object
);
CREATE INDEX audit_log_by_tenant ON audit_log (tenant, at, seq);
CREATE INDEX audit_log_by_action ON audit_log (tenant, action, seq);
)sql";

// Step 10, the Postkorb at scale: open tasks in due order (tasks without a due date last, then by
//         id) per tenant, per candidate role and per assignee, so that an inbox page, a later page
//         (from its cursor), the overdue view and the assignee view read an index range in order
//         instead of sorting every open task. Partial: done tasks, the bulk over the years, are
//         not in them. The key expression must match the queries' (sql_task_query.cpp).
const char* const kOpenTaskOrder = R"sql(
CREATE INDEX tasks_open ON tasks (tenant, coalesce(due_at, 9223372036854775807), id)
  WHERE status IN ('open', 'claimed');
CREATE INDEX tasks_open_by_role ON tasks (tenant, role, coalesce(due_at, 9223372036854775807), id)
  WHERE status IN ('open', 'claimed');
CREATE INDEX tasks_open_by_assignee ON tasks (tenant, assignee, coalesce(due_at, 9223372036854775807), id)
  WHERE status IN ('open', 'claimed');
)sql";

// Step 11, a line per case for listings: the definition's `summary` as rendered after the case's
//         last change ('' for cases of definitions without one, and for every case before it).
const char* const kCaseSummary = R"sql(
ALTER TABLE cases ADD COLUMN summary TEXT NOT NULL DEFAULT '';
)sql";

// Step 12, retention of personal data: history entries of chain version 2 hash salted
//         commitments of their personal values, kept in `sealed` with the salts that retention
//         deletes (older entries stay version 1, hashed as before); notes may be marked personal;
//         the deletion protocol, one row per case, holds counts and field names, never values.
const char* const kRetention = R"sql(
ALTER TABLE history ADD COLUMN chain_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE history ADD COLUMN sealed TEXT NOT NULL DEFAULT '{}';
ALTER TABLE notes ADD COLUMN personal INTEGER NOT NULL DEFAULT 0;
CREATE TABLE deletions (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant          TEXT    NOT NULL,
  case_id         TEXT    NOT NULL UNIQUE REFERENCES cases (id),
  process_id      TEXT    NOT NULL,
  process_version INTEGER NOT NULL,
  outcome         TEXT    NOT NULL,
  rule            TEXT    NOT NULL,  -- "issued: P1Y"
  closed_at       INTEGER NOT NULL,
  due_at          INTEGER NOT NULL,
  deleted_at      INTEGER NOT NULL,
  deleted         TEXT    NOT NULL   -- JSON object: counts and field names
);
CREATE INDEX deletions_by_tenant ON deletions (tenant, id);
CREATE INDEX cases_closed ON cases (id) WHERE status IN ('completed', 'cancelled');
)sql";

// Step 13, statistics (engine/store/sql/sql_statistics_counts.hpp, sql_statistics_queries.cpp):
//  cases.closed_at    when the case became completed or cancelled (NULL while open), kept by
//                     the writer; cases.closed_from: the state it left for its final state (or in
//                     which it was cancelled), the drop-off funnel's "stopped in". Existing closed
//                     cases take both from their last history entry.
//  case_dimensions    each case's values of its definition's stats dimensions, with the case's
//                     amount in cents; replaced with the case.
//  stats_counts       the aggregates the statistics sum, kept by the writer in the transaction
//                     of each change, filled here from the existing rows (statistics_backfill_sql).
//  cases_open_by_update, tasks_open_due: the boundary reads (the part of a day or hour that the
//                     counts cannot split: stalled cases, overdue tasks).
const char* const kStatistics = R"sql(
ALTER TABLE cases ADD COLUMN closed_at INTEGER;
ALTER TABLE cases ADD COLUMN closed_from TEXT NOT NULL DEFAULT '';
UPDATE cases SET
  closed_at = COALESCE((SELECT at FROM history WHERE history.case_id = cases.id AND history.seq = cases.history_length),
                       updated_at),
  closed_from = COALESCE((SELECT from_state FROM history
                          WHERE history.case_id = cases.id AND history.seq = cases.history_length), state)
WHERE status IN ('completed', 'cancelled');
CREATE INDEX cases_open_by_update ON cases (updated_at) WHERE closed_at IS NULL;
CREATE INDEX tasks_open_due ON tasks (due_at) WHERE status IN ('open', 'claimed');

CREATE TABLE case_dimensions (
  case_id TEXT    NOT NULL REFERENCES cases (id),
  name    TEXT    NOT NULL,
  value   TEXT    NOT NULL,
  amount  INTEGER NOT NULL,  -- cents
  PRIMARY KEY (case_id, name)
) WITHOUT ROWID;

CREATE TABLE stats_counts (
  kind       TEXT    NOT NULL,
  tenant     TEXT    NOT NULL,
  process_id TEXT    NOT NULL,
  hour       INTEGER NOT NULL,
  since      INTEGER NOT NULL,
  state      TEXT    NOT NULL,
  status     TEXT    NOT NULL,
  outcome    TEXT    NOT NULL,
  name       TEXT    NOT NULL,
  value      TEXT    NOT NULL,
  bucket     INTEGER NOT NULL,
  n          INTEGER NOT NULL,
  amount     INTEGER NOT NULL,  -- cents
  PRIMARY KEY (kind, tenant, process_id, hour, since, state, status, outcome, name, value, bucket)
) WITHOUT ROWID;
-- Operators' figures over every tenant, and a tenant's over every process: one range of hours
-- (with n and amount, so the sums read the index only).
CREATE INDEX stats_counts_by_hour ON stats_counts (kind, hour, n, amount);
)sql";

// amtsweg_stats_day(ms) and amtsweg_stats_month(ms): stats_day and stats_month for SQL, which
// the statistics' backfill groups by.
template <std::int64_t (*Key)(Timestamp)>
void stats_key_function(sqlite3_context* context, int, sqlite3_value** arguments) {
  if (sqlite3_value_type(arguments[0]) == SQLITE_NULL) return sqlite3_result_null(context);
  sqlite3_result_int64(context, Key(sqlite3_value_int64(arguments[0])));
}

void add_stats_functions(SQLite::Database& database) {
  for (const auto& [name, function] : {std::pair{"amtsweg_stats_day", &stats_key_function<stats_day>},
                                       std::pair{"amtsweg_stats_month", &stats_key_function<stats_month>}}) {
    const int status = sqlite3_create_function_v2(database.getHandle(), name, 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                                  nullptr, function, nullptr, nullptr, nullptr);
    if (status != SQLITE_OK) throw SQLite::Exception(database.getHandle(), status);
  }
}

// Step N of the schema is migrations()[N - 1]. Append only.
const std::vector<std::string>& migrations() {
  static const std::vector<std::string> steps = {kInitialSchema,
                                                 kApiTokens,
                                                 kDefinitionOwner,
                                                 kCaseFile,
                                                 kTaskDeadlines,
                                                 kWebhooks,
                                                 kIncidentsAndBuffer,
                                                 kWebhookRetention,
                                                 kAuditLog,
                                                 kOpenTaskOrder,
                                                 kCaseSummary,
                                                 kRetention,
                                                 std::string(kStatistics) + statistics_backfill_sql()};
  return steps;
}

// The version recorded in the database: the highest step applied, 0 for a new file.
int recorded_version(SqliteConnection& connection) {
  auto query = connection.statement("SELECT COALESCE(MAX(version), 0) FROM schema_version");
  query->executeStep();
  return query->getColumn(0).getInt();
}

// Applies one step inside its own transaction, or nothing of it.
void apply_step(SqliteConnection& connection, int version, const std::string& sql) {
  auto& database = connection.database();
  database.exec("BEGIN IMMEDIATE");
  try {
    // Another process may have migrated while this one waited for the lock: look again.
    if (recorded_version(connection) >= version) {
      database.exec("COMMIT");
      return;
    }
    database.exec(sql);
    auto record = connection.statement(
        "INSERT INTO schema_version (version, applied_at) "
        "VALUES (?, CAST(strftime('%s', 'now') AS INTEGER) * 1000)");
    record->bind(1, version);
    record->exec();
    database.exec("COMMIT");
  } catch (...) {
    database.tryExec("ROLLBACK");
    throw;
  }
}

}  // namespace

int sqlite_schema_version() { return static_cast<int>(migrations().size()); }

void migrate_sqlite_schema(SqliteConnection& connection) {
  const std::string subject = connection.path();
  with_store_errors("migrate", subject, [&] {
    // schema_version: one row per applied step (version = step number, applied_at = when).
    connection.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        " version INTEGER NOT NULL PRIMARY KEY,"
        " applied_at INTEGER NOT NULL)");
    add_stats_functions(connection.database());
    const int known = sqlite_schema_version();
    const int found = recorded_version(connection);
    if (found > known) {
      throw newer_schema_error(subject, found, known);
    }
    for (int version = found + 1; version <= known; ++version) {
      with_store_errors("migrate", subject + " to schema version " + std::to_string(version),
                        [&] { apply_step(connection, version, migrations()[version - 1]); });
    }
  });
}

void rebuild_sqlite_statistics(SQLite::Database& database) {
  with_store_errors("rebuild_statistics", database.getFilename(), [&] {
    add_stats_functions(database);
    database.exec("DELETE FROM stats_counts");
    database.exec(statistics_backfill_sql());
  });
}

}  // namespace amtsweg
