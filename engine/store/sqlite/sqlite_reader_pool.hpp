// The pool of read-only connections behind SqliteStore::open_reader(): opening a connection and
// preparing its statements costs more than a query, so idle connections are kept for reuse.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "engine/store/sql/idle_connections.hpp"
#include "engine/store/sqlite/sqlite_connection.hpp"
#include "engine/store/store.hpp"

namespace amtsweg {

// Thread-safe. Never blocks a caller for want of a connection: when none is idle a new one is
// opened; at most `max_idle` are kept when they come back, the rest are closed.
class SqliteReaderPool : public std::enable_shared_from_this<SqliteReaderPool> {
 public:
  SqliteReaderPool(std::string path, std::size_t max_idle);

  // A reader on an idle or new connection; it returns the connection when destroyed.
  // Throws Error{Io} when a connection cannot be opened.
  std::unique_ptr<StoreReader> open_reader();

  // Takes a connection back from a reader being destroyed.
  void give_back(std::unique_ptr<SqliteConnection> connection) noexcept;

  std::size_t idle_count() const;

 private:
  // Constant after construction.
  const std::string path_;
  IdleConnections<SqliteConnection> idle_;
};

}  // namespace amtsweg
