// Opening a store connection with the pragmas every connection needs, and the statement cache.
#include "engine/store/sqlite/sqlite_connection.hpp"

#include <sqlite3.h>

#include <stdexcept>

namespace amtsweg {

namespace {

// How long a connection waits for a lock held by another connection before failing with
// SQLITE_BUSY. Generous: the writer's group commits are short, a checkpoint can take a moment.
constexpr int kBusyTimeoutMs = 5000;

int open_flags(const std::string& path, SqliteConnection::Mode mode) {
  // NOMUTEX: a connection is only ever used by one thread at a time (the writer thread, or the
  // thread holding the reader), so SQLite's per-connection locking would be pure overhead.
  const int access =
      mode == SqliteConnection::Mode::ReadOnly ? SQLite::OPEN_READONLY : SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE;
  // Only "file:" names are read as URIs (the in-memory store's "file:/name?vfs=memdb"), so that a
  // plain path is never reinterpreted.
  const int uri = path.rfind("file:", 0) == 0 ? SQLite::OPEN_URI : 0;
  return access | uri | SQLite::OPEN_NOMUTEX;
}

}  // namespace

SqliteConnection::SqliteConnection(const std::string& path, Mode mode, bool durable_commits)
    : path_(path), database_(path, open_flags(path, mode), kBusyTimeoutMs) {
  if (mode == Mode::ReadWrite) {
    // A commit is durable when COMMIT returns (the engine acknowledges commands only then).
    // NORMAL in WAL mode syncs at checkpoints only: still consistent after a crash, but a power
    // loss may take the last commits (bulk loads that can be repeated, e.g. `amtsweg simulate`).
    database_.exec(durable_commits ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
    database_.exec("PRAGMA foreign_keys = ON");
    // Each command runs in a savepoint of its group's transaction; the savepoint's journal is a
    // temporary file that SQLite would otherwise spill to disk in every group (most of the
    // writer's pwrite calls). In memory it costs a command's undo data, a few KiB.
    database_.exec("PRAGMA temp_store = MEMORY");
  }
}

SqlConnection::Lease SqliteConnection::statement(const std::string& sql) {
  auto found = statements_.find(sql);
  if (found == statements_.end()) {
    auto compiled = std::make_unique<SqliteStatement>(database_, sql);
    found = statements_.emplace(sql, CachedStatement{std::move(compiled)}).first;
  } else {
    if (found->second.in_use) throw std::logic_error("store: statement used while still in use: " + sql);
    found->second.statement->clearBindings();
  }
  return Lease(*found->second.statement, found->second.in_use);
}

bool SqliteConnection::in_transaction() const { return sqlite3_get_autocommit(database_.getHandle()) == 0; }

}  // namespace amtsweg
