// A pooled reader of the PostgreSQL store: its snapshot transaction, begun and ended.
#include "engine/store/postgres/pg_reader.hpp"

#include "engine/store/sql/store_errors.hpp"

namespace amtsweg {

PgReader::PgReader(std::shared_ptr<IdleConnections<PgConnection>> pool, std::unique_ptr<PgConnection> connection)
    : pool_(std::move(pool)), connection_(std::move(connection)) {
  with_store_errors("read_snapshot", connection_->path(),
                    [&] { connection_->execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); });
}

PgReader::~PgReader() {
  try {
    // COMMIT of a read-only transaction, failed or not, ends it; a broken connection is not lent again.
    connection_->execute(connection_->transaction_failed() ? "ROLLBACK" : "COMMIT");
    if (connection_->healthy() && !connection_->in_transaction()) pool_->give_back(std::move(connection_));
  } catch (...) {
    // Closed here with the reader.
  }
}

}  // namespace amtsweg
