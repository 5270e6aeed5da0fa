// One SQLite connection of the store with its cache of prepared statements, so the hot path
// compiles each SQL text once per connection. Used by one thread at a time.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <utility>

namespace amtsweg {

class SqliteConnection {
 public:
  enum class Mode { ReadWrite, ReadOnly };

  // Opens `path` (created if absent in ReadWrite mode) and sets the per-connection pragmas:
  // busy_timeout always; foreign_keys and synchronous=FULL on read-write connections
  // (synchronous=NORMAL when not `durable_commits`: see SqliteStore::Durability).
  // Throws SQLite::Exception (callers translate it into amtsweg::Error).
  SqliteConnection(const std::string& path, Mode mode, bool durable_commits = true);
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // A cached statement in use. Resetting it when the lease ends matters beyond tidiness: a
  // statement left mid-step keeps its read snapshot open, so a reader would never see newer
  // commits and the writer's checkpoints would stall.
  class Lease {
   public:
    Lease(SQLite::Statement& statement, bool& in_use) : statement_(&statement), in_use_(&in_use) { in_use = true; }
    Lease(Lease&& other) noexcept
        : statement_(std::exchange(other.statement_, nullptr)), in_use_(std::exchange(other.in_use_, nullptr)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (statement_ == nullptr) return;  // moved from
      statement_->tryReset();
      *in_use_ = false;
    }
    SQLite::Statement* operator->() const { return statement_; }
    SQLite::Statement& operator*() const { return *statement_; }

   private:
    SQLite::Statement* statement_;
    bool* in_use_;
  };

  // The prepared statement for `sql`, compiled on first use, with no bindings.
  // A lease of the same SQL text must end before the next begins (throws std::logic_error
  // otherwise): rebinding a statement that is still stepping would corrupt the outer query.
  Lease statement(const std::string& sql);

  // Runs SQL without results or parameters (pragmas, DDL).
  void execute(const std::string& sql) { database_.exec(sql); }

  // Whether a transaction is open. After some errors (I/O, a full disk) SQLite rolls back the
  // whole transaction by itself; callers that would end or partly undo it look here first.
  bool in_transaction() const;

  SQLite::Database& database() { return database_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  SQLite::Database database_;
  struct CachedStatement {
    std::unique_ptr<SQLite::Statement> statement;
    bool in_use = false;
  };
  std::unordered_map<std::string, CachedStatement> statements_;
};

}  // namespace amtsweg
