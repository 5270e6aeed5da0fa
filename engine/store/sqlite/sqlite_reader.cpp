// A pooled reader of the SQLite store: it only owns its connection for a while.
#include "engine/store/sqlite/sqlite_reader.hpp"

#include "engine/store/sqlite/sqlite_reader_pool.hpp"

namespace amtsweg {

SqliteReader::SqliteReader(std::shared_ptr<SqliteReaderPool> pool, std::unique_ptr<SqliteConnection> connection)
    : pool_(std::move(pool)), connection_(std::move(connection)) {}

SqliteReader::~SqliteReader() { pool_->give_back(std::move(connection_)); }

}  // namespace amtsweg
