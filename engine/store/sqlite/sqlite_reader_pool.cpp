// Lending read-only connections to readers and taking them back.
#include "engine/store/sqlite/sqlite_reader_pool.hpp"

#include "engine/store/sqlite/sqlite_errors.hpp"
#include "engine/store/sqlite/sqlite_reader.hpp"

namespace amtsweg {

SqliteReaderPool::SqliteReaderPool(std::string path, std::size_t max_idle) : path_(std::move(path)), idle_(max_idle) {}

std::unique_ptr<StoreReader> SqliteReaderPool::open_reader() {
  std::unique_ptr<SqliteConnection> connection = idle_.take();
  if (!connection) {
    // Opened outside the lock: opening touches the disk, other threads need not wait for it.
    connection = with_store_errors("open_reader", path_, [&] {
      return std::make_unique<SqliteConnection>(path_, SqliteConnection::Mode::ReadOnly);
    });
  }
  return std::make_unique<SqliteReader>(shared_from_this(), std::move(connection));
}

void SqliteReaderPool::give_back(std::unique_ptr<SqliteConnection> connection) noexcept {
  idle_.give_back(std::move(connection));
}

std::size_t SqliteReaderPool::idle_count() const { return idle_.size(); }

}  // namespace amtsweg
