// Lending read-only connections to readers and taking them back.
#include "engine/store/sqlite/sqlite_reader_pool.hpp"

#include "engine/store/sqlite/sqlite_errors.hpp"
#include "engine/store/sqlite/sqlite_reader.hpp"

namespace amtsweg {

SqliteReaderPool::SqliteReaderPool(std::string path, std::size_t max_idle)
    : path_(std::move(path)), max_idle_(max_idle) {}

std::unique_ptr<StoreReader> SqliteReaderPool::open_reader() {
  std::unique_ptr<SqliteConnection> connection;
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      connection = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (!connection) {
    // Opened outside the lock: opening touches the disk, other threads need not wait for it.
    connection = with_store_errors("open_reader", path_, [&] {
      return std::make_unique<SqliteConnection>(path_, SqliteConnection::Mode::ReadOnly);
    });
  }
  return std::make_unique<SqliteReader>(shared_from_this(), std::move(connection));
}

void SqliteReaderPool::give_back(std::unique_ptr<SqliteConnection> connection) noexcept {
  if (!connection) return;
  {
    std::lock_guard lock(mutex_);
    if (idle_.size() < max_idle_) {
      // push_back may need memory; if it cannot get any, the connection is simply closed below.
      try {
        idle_.push_back(std::move(connection));
      } catch (...) {
      }
    }
  }
  // A connection not kept is closed here, outside the lock.
}

std::size_t SqliteReaderPool::idle_count() const {
  std::lock_guard lock(mutex_);
  return idle_.size();
}

}  // namespace amtsweg
