// A reader of the PostgreSQL store: one REPEATABLE READ, READ ONLY transaction on a pooled
// connection, so all its queries see one snapshot (the StoreReader contract).
#pragma once

#include <memory>

#include "engine/store/postgres/pg_connection.hpp"
#include "engine/store/sql/idle_connections.hpp"
#include "engine/store/sql/sql_read_queries.hpp"

namespace amtsweg {

// PostgreSQL takes the snapshot at the transaction's first query and keeps it until the reader is
// destroyed; the connection then goes back to the pool. Used by one thread at a time; may outlive
// the store (the pool is shared).
class PgReader final : public SqlReadQueries<StoreReader> {
 public:
  // Throws Error{Io} when the transaction cannot begin (the connection is then closed).
  PgReader(std::shared_ptr<IdleConnections<PgConnection>> pool, std::unique_ptr<PgConnection> connection);
  ~PgReader() override;
  PgReader(const PgReader&) = delete;
  PgReader& operator=(const PgReader&) = delete;

 protected:
  PgConnection& connection() override { return *connection_; }

 private:
  std::shared_ptr<IdleConnections<PgConnection>> pool_;
  std::unique_ptr<PgConnection> connection_;
};

}  // namespace amtsweg
