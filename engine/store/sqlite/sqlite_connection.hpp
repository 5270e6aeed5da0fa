// One SQLite connection of the store with its cache of prepared statements, so the hot path
// compiles each SQL text once per connection. Used by one thread at a time.
#pragma once

#include <SQLiteCpp/Database.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <utility>

#include "engine/store/sql/sql_connection.hpp"
#include "engine/store/sqlite/sqlite_statement.hpp"

namespace amtsweg {

class SqliteConnection final : public SqlConnection {
 public:
  enum class Mode { ReadWrite, ReadOnly };

  // Opens `path` (created if absent in ReadWrite mode) and sets the per-connection pragmas:
  // busy_timeout always; foreign_keys and synchronous=FULL on read-write connections
  // (synchronous=NORMAL when not `durable_commits`: see SqliteStore::Durability).
  // Throws SQLite::Exception (callers translate it into amtsweg::Error).
  SqliteConnection(const std::string& path, Mode mode, bool durable_commits = true);
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // The prepared statement for `sql`, compiled on first use, with no bindings (see
  // SqlConnection::statement).
  Lease statement(const std::string& sql) override;

  // Runs SQL without results or parameters (pragmas, DDL).
  void execute(const std::string& sql) { database_.exec(sql); }

  // Whether a transaction is open. After some errors (I/O, a full disk) SQLite rolls back the
  // whole transaction by itself; callers that would end or partly undo it look here first.
  bool in_transaction() const;

  SQLite::Database& database() { return database_; }
  const std::string& path() const override { return path_; }

 private:
  std::string path_;
  SQLite::Database database_;
  struct CachedStatement {
    std::unique_ptr<SqliteStatement> statement;
    bool in_use = false;
  };
  std::unordered_map<std::string, CachedStatement> statements_;
};

}  // namespace amtsweg
