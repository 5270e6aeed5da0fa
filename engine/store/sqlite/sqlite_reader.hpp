// A reader of the SQLite store: the shared read queries on a pooled read-only connection, all in
// one read transaction (one snapshot), handed back to the pool when the reader is destroyed.
#pragma once

#include <memory>

#include "engine/store/sql/sql_read_queries.hpp"
#include "engine/store/sqlite/sqlite_connection.hpp"

namespace amtsweg {

class SqliteReaderPool;

// One read transaction: a deferred BEGIN when the reader is made, so SQLite pins the snapshot at
// the reader's first query (WAL: the last commit at that moment) and every later query of the
// reader sees that same state, whatever the writer commits meanwhile; it ends when the reader is
// destroyed. Used by one thread at a time; may outlive the store (the pool is shared).
class SqliteReader final : public SqlReadQueries<StoreReader> {
 public:
  // Throws Error{Io} when the transaction cannot begin (the connection is then closed).
  SqliteReader(std::shared_ptr<SqliteReaderPool> pool, std::unique_ptr<SqliteConnection> connection);
  ~SqliteReader() override;
  SqliteReader(const SqliteReader&) = delete;
  SqliteReader& operator=(const SqliteReader&) = delete;

 protected:
  SqliteConnection& connection() override { return *connection_; }

 private:
  // Ends the read transaction; false when the connection cannot be trusted for another reader.
  bool end_snapshot() noexcept;

  std::shared_ptr<SqliteReaderPool> pool_;
  std::unique_ptr<SqliteConnection> connection_;
};

}  // namespace amtsweg
