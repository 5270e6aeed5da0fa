// The schema of the PostgreSQL store, step by step, as sqlite_schema.cpp is for SQLite: a step,
// once released, never changes; a new need is a new step appended to the list.
#include "engine/store/postgres/pg_schema.hpp"

#include <string>
#include <vector>

#include "engine/error.hpp"
#include "engine/store/sql/sql_statistics_counts.hpp"
#include "engine/store/sql/store_errors.hpp"

namespace amtsweg {

namespace {

// Step 1, the schema of SQLite's step 11 in PostgreSQL's types, read by the same queries:
//  - the same tables, columns and meanings (see sqlite_schema.cpp); timestamps are BIGINT
//    milliseconds, JSON columns TEXT (the history's hash chain hashes the stored text, which
//    must come back byte for byte: jsonb would reorder keys);
//  - every TEXT column has the "C" collation, so that ORDER BY and the paging cursors (id > ?)
//    compare bytes as SQLite does, whatever the database's locale;
//  - AUTOINCREMENT ids are identity columns; documents, notes and incidents have a `rowid`
//    identity column for the insertion order that SQLite's rowid gives the shared queries;
//  - the tenant column comes first in every table that has one, and leads every index that a
//    tenant-facing query uses; the indexes by case id serve the engine's own lookups (a case's
//    history, tasks and timers), which name the case but not its tenant.
const char* const kInitialSchema = R"sql(
CREATE TABLE definitions (
  tenant      TEXT COLLATE "C"   NOT NULL,
  process_id  TEXT COLLATE "C"   NOT NULL,
  version     BIGINT NOT NULL,
  title       TEXT COLLATE "C"   NOT NULL,
  source      TEXT COLLATE "C"   NOT NULL,
  source_name TEXT COLLATE "C"   NOT NULL,
  sha256      TEXT COLLATE "C"   NOT NULL,
  deployed_at BIGINT NOT NULL,
  deployed_by TEXT COLLATE "C"   NOT NULL,
  PRIMARY KEY (process_id, version)
);

CREATE TABLE cases (
  tenant          TEXT COLLATE "C"   NOT NULL,
  id              TEXT COLLATE "C"   NOT NULL PRIMARY KEY,
  process_id      TEXT COLLATE "C"   NOT NULL,
  process_version BIGINT NOT NULL,
  status          TEXT COLLATE "C"   NOT NULL CHECK (status IN ('active', 'suspended', 'completed', 'cancelled')),
  state           TEXT COLLATE "C"   NOT NULL,
  regions         TEXT COLLATE "C"   NOT NULL,
  data            TEXT COLLATE "C"   NOT NULL,
  outcome         TEXT COLLATE "C"   NOT NULL,
  related_key     TEXT COLLATE "C"   NOT NULL,
  correlation     TEXT COLLATE "C"   NOT NULL,
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL,
  revision        BIGINT NOT NULL,
  history_length  BIGINT NOT NULL,
  history_head    TEXT COLLATE "C"   NOT NULL,
  summary         TEXT COLLATE "C"   NOT NULL DEFAULT ''
);
CREATE INDEX cases_by_tenant ON cases (tenant, id);
CREATE INDEX cases_by_state ON cases (tenant, process_id, state, status);
CREATE INDEX cases_by_related_key ON cases (tenant, process_id, related_key);

CREATE TABLE correlations (
  tenant  TEXT COLLATE "C" NOT NULL,
  case_id TEXT COLLATE "C" NOT NULL REFERENCES cases (id),
  key     TEXT COLLATE "C" NOT NULL,
  value   TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (case_id, key)
);
CREATE INDEX correlations_by_value ON correlations (tenant, key, value, case_id);

CREATE TABLE history (
  case_id    TEXT COLLATE "C"   NOT NULL REFERENCES cases (id),
  seq        BIGINT NOT NULL,
  at         BIGINT NOT NULL,
  actor      TEXT COLLATE "C"   NOT NULL,
  event_type TEXT COLLATE "C"   NOT NULL,
  event_id   TEXT COLLATE "C"   NOT NULL,
  from_state TEXT COLLATE "C"   NOT NULL,
  to_state   TEXT COLLATE "C"   NOT NULL,
  changes    TEXT COLLATE "C"   NOT NULL,
  detail     TEXT COLLATE "C"   NOT NULL,
  prev_hash  TEXT COLLATE "C"   NOT NULL,
  hash       TEXT COLLATE "C"   NOT NULL,
  PRIMARY KEY (case_id, seq)
);

CREATE TABLE tasks (
  tenant        TEXT COLLATE "C"   NOT NULL,
  id            TEXT COLLATE "C"   NOT NULL PRIMARY KEY,
  case_id       TEXT COLLATE "C"   NOT NULL REFERENCES cases (id),
  process_id    TEXT COLLATE "C"   NOT NULL,
  state_path    TEXT COLLATE "C"   NOT NULL,
  title         TEXT COLLATE "C"   NOT NULL,
  role          TEXT COLLATE "C"   NOT NULL,
  assignee      TEXT COLLATE "C"   NOT NULL,
  status        TEXT COLLATE "C"   NOT NULL CHECK (status IN ('open', 'claimed', 'completed', 'cancelled')),
  four_eyes     BIGINT NOT NULL,
  stage         BIGINT NOT NULL,
  prepared_by   TEXT COLLATE "C"   NOT NULL,
  prepared_data TEXT,
  due_at        BIGINT,
  created_at    BIGINT NOT NULL,
  updated_at    BIGINT NOT NULL,
  completed_by  TEXT COLLATE "C"   NOT NULL,
  completed_at  BIGINT,
  data          TEXT,
  form          TEXT,
  revision      BIGINT NOT NULL,
  time_zone     TEXT COLLATE "C"   NOT NULL DEFAULT 'Europe/Berlin'
);
CREATE INDEX tasks_inbox ON tasks (tenant, status, role, due_at);
CREATE INDEX tasks_by_assignee ON tasks (tenant, assignee);
CREATE INDEX tasks_by_case ON tasks (case_id);
CREATE INDEX tasks_open ON tasks (tenant, coalesce(due_at, 9223372036854775807), id)
  WHERE status IN ('open', 'claimed');
CREATE INDEX tasks_open_by_role ON tasks (tenant, role, coalesce(due_at, 9223372036854775807), id)
  WHERE status IN ('open', 'claimed');
CREATE INDEX tasks_open_by_assignee ON tasks (tenant, assignee, coalesce(due_at, 9223372036854775807), id)
  WHERE status IN ('open', 'claimed');

CREATE TABLE timers (
  tenant     TEXT COLLATE "C"   NOT NULL,
  id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  case_id    TEXT COLLATE "C"   NOT NULL REFERENCES cases (id),
  state_path TEXT COLLATE "C"   NOT NULL,
  idx        BIGINT NOT NULL,
  due_at     BIGINT NOT NULL,
  kind       TEXT COLLATE "C"   NOT NULL DEFAULT 'after' CHECK (kind IN ('after', 'remind', 'escalate')),
  task_id    TEXT COLLATE "C"   NOT NULL DEFAULT ''
);
CREATE INDEX timers_due ON timers (due_at, id);
CREATE INDEX timers_by_case ON timers (case_id);

CREATE TABLE outbox (
  tenant     TEXT COLLATE "C"   NOT NULL,
  id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  case_id    TEXT COLLATE "C"   NOT NULL,
  kind       TEXT COLLATE "C"   NOT NULL,
  type       TEXT COLLATE "C"   NOT NULL,
  payload    TEXT COLLATE "C"   NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX outbox_by_case ON outbox (case_id);

CREATE TABLE failures (
  tenant  TEXT COLLATE "C"   NOT NULL,
  id      BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  case_id TEXT COLLATE "C"   NOT NULL,
  at      BIGINT NOT NULL,
  command TEXT COLLATE "C"   NOT NULL,
  message TEXT COLLATE "C"   NOT NULL
);
CREATE INDEX failures_by_case ON failures (case_id);

CREATE TABLE events (
  tenant   TEXT COLLATE "C"   NOT NULL,
  event_id TEXT COLLATE "C"   NOT NULL,
  type     TEXT COLLATE "C"   NOT NULL,
  result   TEXT COLLATE "C"   NOT NULL,
  at       BIGINT NOT NULL,
  PRIMARY KEY (tenant, event_id)
);

CREATE TABLE start_keys (
  tenant     TEXT COLLATE "C" NOT NULL,
  process_id TEXT COLLATE "C" NOT NULL,
  key        TEXT COLLATE "C" NOT NULL,
  case_id    TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (tenant, process_id, key)
);

CREATE TABLE tenant_params (
  tenant     TEXT COLLATE "C" NOT NULL,
  process_id TEXT COLLATE "C" NOT NULL,
  params     TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (tenant, process_id)
);

CREATE TABLE api_tokens (
  tenant     TEXT COLLATE "C"   NOT NULL,
  hash       TEXT COLLATE "C"   PRIMARY KEY,
  name       TEXT COLLATE "C"   NOT NULL,
  roles      TEXT COLLATE "C"   NOT NULL,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);
CREATE UNIQUE INDEX api_tokens_live_name ON api_tokens (tenant, name) WHERE revoked_at IS NULL;

CREATE TABLE documents (
  tenant       TEXT COLLATE "C"   NOT NULL,
  id           TEXT COLLATE "C"   NOT NULL PRIMARY KEY,
  case_id      TEXT COLLATE "C"   NOT NULL REFERENCES cases (id),
  name         TEXT COLLATE "C"   NOT NULL,
  kind         TEXT COLLATE "C"   NOT NULL,
  content_type TEXT COLLATE "C"   NOT NULL,
  size         BIGINT NOT NULL,
  sha256       TEXT COLLATE "C"   NOT NULL,
  added_by     TEXT COLLATE "C"   NOT NULL,
  added_at     BIGINT NOT NULL,
  rowid        BIGINT GENERATED ALWAYS AS IDENTITY,
  content      BYTEA  NOT NULL
);
CREATE INDEX documents_by_case ON documents (tenant, case_id, added_at, rowid);

CREATE TABLE notes (
  tenant     TEXT COLLATE "C"   NOT NULL,
  id         TEXT COLLATE "C"   NOT NULL PRIMARY KEY,
  case_id    TEXT COLLATE "C"   NOT NULL REFERENCES cases (id),
  author     TEXT COLLATE "C"   NOT NULL,
  text       TEXT COLLATE "C"   NOT NULL,
  created_at BIGINT NOT NULL,
  rowid      BIGINT GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX notes_by_case ON notes (tenant, case_id, created_at, rowid);

CREATE TABLE webhook_subscriptions (
  tenant           TEXT COLLATE "C"   NOT NULL,
  id               TEXT COLLATE "C"   NOT NULL PRIMARY KEY,
  url              TEXT COLLATE "C"   NOT NULL,
  events           TEXT COLLATE "C"   NOT NULL,
  secret           TEXT COLLATE "C"   NOT NULL,
  created_at       BIGINT NOT NULL,
  active           BIGINT NOT NULL,
  after_message_id BIGINT NOT NULL
);
CREATE INDEX webhook_subscriptions_by_tenant ON webhook_subscriptions (tenant, active, created_at);

CREATE TABLE webhook_deliveries (
  id              TEXT COLLATE "C"   NOT NULL PRIMARY KEY,
  subscription_id TEXT COLLATE "C"   NOT NULL REFERENCES webhook_subscriptions (id),
  message_id      BIGINT NOT NULL REFERENCES outbox (id),
  case_id         TEXT COLLATE "C"   NOT NULL,
  status          TEXT COLLATE "C"   NOT NULL CHECK (status IN ('pending', 'delivered', 'dead', 'cancelled')),
  attempts        BIGINT NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  last_status     BIGINT,
  last_error      TEXT COLLATE "C"   NOT NULL,
  delivered_at    BIGINT,
  created_at      BIGINT NOT NULL,
  cancelled_at    BIGINT,
  UNIQUE (subscription_id, message_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (subscription_id, status, next_attempt_at);
CREATE INDEX webhook_deliveries_by_case ON webhook_deliveries (subscription_id, case_id, status, message_id);
CREATE INDEX webhook_deliveries_delivered ON webhook_deliveries (delivered_at) WHERE status = 'delivered';
CREATE INDEX webhook_deliveries_cancelled ON webhook_deliveries (cancelled_at) WHERE status = 'cancelled';

CREATE TABLE webhook_fanout (
  id              BIGINT PRIMARY KEY CHECK (id = 1),
  last_message_id BIGINT NOT NULL
);
INSERT INTO webhook_fanout (id, last_message_id) VALUES (1, 0);

CREATE TABLE incidents (
  tenant      TEXT COLLATE "C"   NOT NULL,
  id          TEXT COLLATE "C"   NOT NULL PRIMARY KEY,
  case_id     TEXT COLLATE "C"   NOT NULL REFERENCES cases (id),
  status      TEXT COLLATE "C"   NOT NULL CHECK (status IN ('open', 'resolved')),
  source      TEXT COLLATE "C"   NOT NULL CHECK (source IN ('timer', 'buffered-event')),
  timer_id    BIGINT NOT NULL,
  event_id    TEXT COLLATE "C"   NOT NULL,
  command     TEXT COLLATE "C"   NOT NULL,
  error       TEXT COLLATE "C"   NOT NULL,
  event       TEXT COLLATE "C"   NOT NULL,
  attempts    BIGINT NOT NULL,
  opened_at   BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL,
  resolved_at BIGINT,
  resolved_by TEXT COLLATE "C"   NOT NULL,
  resolution  TEXT COLLATE "C"   NOT NULL,
  rowid       BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
);
CREATE UNIQUE INDEX incidents_open_per_case ON incidents (case_id) WHERE status = 'open';
CREATE INDEX incidents_by_case ON incidents (case_id, opened_at);
CREATE INDEX incidents_by_tenant ON incidents (tenant, status, opened_at, id);

CREATE TABLE buffered_events (
  tenant      TEXT COLLATE "C"   NOT NULL,
  seq         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  event_id    TEXT COLLATE "C"   NOT NULL,
  type        TEXT COLLATE "C"   NOT NULL,
  correlation TEXT COLLATE "C"   NOT NULL,
  payload     TEXT COLLATE "C"   NOT NULL,
  actor       TEXT COLLATE "C"   NOT NULL,
  received_at BIGINT NOT NULL,
  expires_at  BIGINT NOT NULL,
  status      TEXT COLLATE "C"   NOT NULL CHECK (status IN ('buffered', 'delivered', 'expired')),
  case_id     TEXT COLLATE "C"   NOT NULL,
  settled_at  BIGINT,
  UNIQUE (tenant, event_id)
);
CREATE INDEX buffered_events_waiting ON buffered_events (tenant, status, type, seq);
CREATE INDEX buffered_events_expiry ON buffered_events (status, expires_at);

CREATE TABLE buffered_event_keys (
  tenant TEXT COLLATE "C"   NOT NULL,
  seq    BIGINT NOT NULL REFERENCES buffered_events (seq),
  key    TEXT COLLATE "C"   NOT NULL,
  value  TEXT COLLATE "C"   NOT NULL,
  PRIMARY KEY (seq, key)
);
CREATE INDEX buffered_event_keys_by_value ON buffered_event_keys (tenant, key, value, seq);

CREATE TABLE audit_log (
  tenant TEXT COLLATE "C"   NOT NULL,
  seq    BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  at     BIGINT NOT NULL,
  actor  TEXT COLLATE "C"   NOT NULL,
  action TEXT COLLATE "C"   NOT NULL,
  target TEXT COLLATE "C"   NOT NULL,
  detail TEXT COLLATE "C"   NOT NULL
);
CREATE INDEX audit_log_by_tenant ON audit_log (tenant, at, seq);
CREATE INDEX audit_log_by_action ON audit_log (tenant, action, seq);
)sql";

// Step 2, SQLite's step 12 (retention of personal data, see sqlite_schema.cpp): history entries
//         of chain version 2 with their sealed commitments, personal notes, the deletion protocol.
const char* const kRetention = R"sql(
ALTER TABLE history ADD COLUMN chain_version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE history ADD COLUMN sealed TEXT COLLATE "C" NOT NULL DEFAULT '{}';
ALTER TABLE notes ADD COLUMN personal BIGINT NOT NULL DEFAULT 0;
CREATE TABLE deletions (
  tenant          TEXT COLLATE "C" NOT NULL,
  id              BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  case_id         TEXT COLLATE "C" NOT NULL UNIQUE REFERENCES cases (id),
  process_id      TEXT COLLATE "C" NOT NULL,
  process_version BIGINT NOT NULL,
  outcome         TEXT COLLATE "C" NOT NULL,
  rule            TEXT COLLATE "C" NOT NULL,
  closed_at       BIGINT NOT NULL,
  due_at          BIGINT NOT NULL,
  deleted_at      BIGINT NOT NULL,
  deleted         TEXT COLLATE "C" NOT NULL
);
CREATE INDEX deletions_by_tenant ON deletions (tenant, id);
CREATE INDEX cases_closed ON cases (id) WHERE status IN ('completed', 'cancelled');
)sql";

// Step 3, statistics: SQLite's step 13 (see sqlite_schema.cpp), with amtsweg_stats_day(ms) and
// amtsweg_stats_month(ms) as SQL functions (SQLite's are registered by the store) for the backfill.
const char* const kStatistics = R"sql(
CREATE FUNCTION amtsweg_stats_day(ms BIGINT) RETURNS BIGINT LANGUAGE SQL IMMUTABLE AS $$
  SELECT (EXTRACT(EPOCH FROM (date_trunc('day', to_timestamp(ms / 1000.0) AT TIME ZONE 'Europe/Berlin')
                              AT TIME ZONE 'Europe/Berlin')) / 3600)::BIGINT
$$;
CREATE FUNCTION amtsweg_stats_month(ms BIGINT) RETURNS BIGINT LANGUAGE SQL IMMUTABLE AS $$
  SELECT (EXTRACT(EPOCH FROM (date_trunc('month', to_timestamp(ms / 1000.0) AT TIME ZONE 'Europe/Berlin')
                              AT TIME ZONE 'Europe/Berlin')) / 3600)::BIGINT
$$;
ALTER TABLE cases ADD COLUMN closed_at BIGINT;
ALTER TABLE cases ADD COLUMN closed_from TEXT COLLATE "C" NOT NULL DEFAULT '';
UPDATE cases SET
  closed_at = COALESCE((SELECT at FROM history WHERE history.case_id = cases.id AND history.seq = cases.history_length),
                       updated_at),
  closed_from = COALESCE((SELECT from_state FROM history
                          WHERE history.case_id = cases.id AND history.seq = cases.history_length), state)
WHERE status IN ('completed', 'cancelled');
CREATE INDEX cases_open_by_update ON cases (updated_at) WHERE closed_at IS NULL;
CREATE INDEX tasks_open_due ON tasks (due_at) WHERE status IN ('open', 'claimed');

CREATE TABLE case_dimensions (
  case_id TEXT COLLATE "C" NOT NULL REFERENCES cases (id),
  name    TEXT COLLATE "C" NOT NULL,
  value   TEXT COLLATE "C" NOT NULL,
  amount  BIGINT NOT NULL,
  PRIMARY KEY (case_id, name)
);

CREATE TABLE stats_counts (
  kind       TEXT COLLATE "C" NOT NULL,
  tenant     TEXT COLLATE "C" NOT NULL,
  process_id TEXT COLLATE "C" NOT NULL,
  hour       BIGINT NOT NULL,
  since      BIGINT NOT NULL,
  state      TEXT COLLATE "C" NOT NULL,
  status     TEXT COLLATE "C" NOT NULL,
  outcome    TEXT COLLATE "C" NOT NULL,
  name       TEXT COLLATE "C" NOT NULL,
  value      TEXT COLLATE "C" NOT NULL,
  bucket     BIGINT NOT NULL,
  n          BIGINT NOT NULL,
  amount     BIGINT NOT NULL,
  PRIMARY KEY (kind, tenant, process_id, hour, since, state, status, outcome, name, value, bucket)
);
CREATE INDEX stats_counts_by_hour ON stats_counts (kind, hour) INCLUDE (n, amount);
)sql";

// Step N of the schema is migrations()[N - 1]. Append only.
const std::vector<std::string>& migrations() {
  static const std::vector<std::string> steps = {kInitialSchema, kRetention,
                                                 std::string(kStatistics) + statistics_backfill_sql()};
  return steps;
}

// Any number that is the same for every amtsweg process: the key of the advisory lock under which
// one node migrates while the others wait ("amtw").
constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(1634561143)";

int recorded_version(PgConnection& connection) {
  auto query = connection.statement("SELECT COALESCE(MAX(version), 0) FROM schema_version");
  query->executeStep();
  return query->getColumn(0).getInt();
}

}  // namespace

int postgres_schema_version() { return static_cast<int>(migrations().size()); }

void migrate_postgres_schema(PgConnection& connection) {
  const std::string subject = connection.path();
  with_store_errors("migrate", subject, [&] {
    // One transaction for every step: PostgreSQL's DDL is transactional, so a failed step leaves
    // nothing behind, and nodes starting together migrate one after the other (the lock).
    connection.execute("BEGIN");
    try {
      connection.statement(kMigrationLock)->executeStep();
      // schema_version: one row per applied step (version = step number, applied_at = when).
      connection.execute(
          "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL PRIMARY KEY, applied_at BIGINT NOT "
          "NULL)");
      const int known = postgres_schema_version();
      const int found = recorded_version(connection);
      if (found > known) {
        throw newer_schema_error(subject, found, known);
      }
      for (int version = found + 1; version <= known; ++version) {
        with_store_errors("migrate", subject + " to schema version " + std::to_string(version), [&] {
          connection.execute(migrations()[static_cast<std::size_t>(version - 1)]);
          auto record = connection.statement(
              "INSERT INTO schema_version (version, applied_at) "
              "VALUES (?, (extract(epoch FROM now()) * 1000)::bigint)");
          record->bind(1, version);
          record->exec();
        });
      }
      connection.execute("COMMIT");
    } catch (...) {
      if (connection.in_transaction()) {
        try {
          connection.execute("ROLLBACK");
        } catch (...) {
        }
      }
      throw;
    }
  });
}

}  // namespace amtsweg
