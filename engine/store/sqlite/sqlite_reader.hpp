// A reader of the SQLite store: the shared read queries on a pooled read-only connection, which
// goes back to the pool when the reader is destroyed.
#pragma once

#include <memory>

#include "engine/store/sqlite/sqlite_connection.hpp"
#include "engine/store/sqlite/sqlite_read_queries.hpp"

namespace amtsweg {

class SqliteReaderPool;

// Sees what was committed when each of its queries starts (WAL snapshots; one per query).
// Used by one thread at a time; may outlive the store (the pool is shared).
class SqliteReader final : public SqliteReadQueries<StoreReader> {
 public:
  SqliteReader(std::shared_ptr<SqliteReaderPool> pool, std::unique_ptr<SqliteConnection> connection);
  ~SqliteReader() override;
  SqliteReader(const SqliteReader&) = delete;
  SqliteReader& operator=(const SqliteReader&) = delete;

 protected:
  SqliteConnection& connection() override { return *connection_; }

 private:
  std::shared_ptr<SqliteReaderPool> pool_;
  std::unique_ptr<SqliteConnection> connection_;
};

}  // namespace amtsweg
