// A pooled reader of the SQLite store: it owns its connection, and the read transaction on it,
// only for a while.
#include "engine/store/sqlite/sqlite_reader.hpp"

#include "engine/store/sqlite/sqlite_errors.hpp"
#include "engine/store/sqlite/sqlite_reader_pool.hpp"

namespace amtsweg {

SqliteReader::SqliteReader(std::shared_ptr<SqliteReaderPool> pool, std::unique_ptr<SqliteConnection> connection)
    : pool_(std::move(pool)), connection_(std::move(connection)) {
  // Deferred: no lock and no snapshot yet; the first SELECT takes both.
  with_store_errors("read_snapshot", connection_->path(), [&] { connection_->statement("BEGIN")->exec(); });
}

SqliteReader::~SqliteReader() {
  if (end_snapshot()) pool_->give_back(std::move(connection_));
  // Otherwise the connection is closed here with the reader, not lent again.
}

bool SqliteReader::end_snapshot() noexcept {
  try {
    // SQLite may already have ended the transaction itself (after an I/O error, for instance).
    if (connection_->in_transaction()) connection_->statement("COMMIT")->exec();
    return true;
  } catch (...) {
    return false;
  }
}

}  // namespace amtsweg
