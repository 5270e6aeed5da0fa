// The store on a PostgreSQL server (15 or later): several engine nodes can share one database.
// The same tables and queries as the SQLite store (sql/), in PostgreSQL's types and dialect.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "engine/store/store.hpp"

namespace amtsweg {

class PgConnection;
template <class Connection>
class IdleConnections;

class PostgresStore final : public Store {
 public:
  // Idle connections kept for the next readers: one per HTTP worker (16 by default) plus timers,
  // webhooks and tools. More than SQLite's 8: a new PostgreSQL connection costs a server process
  // and the preparation of every statement again, which under 16 callers dominated the command.
  static constexpr std::size_t kMaxIdleReaders = 32;

  // Connects to `url` (postgresql://user:password@host:port/database, or any libpq connection
  // URI; the schema is the first of the connection's search_path) and migrates the schema to the
  // newest step. Error{Io} naming the server (never the password) when it cannot connect or
  // migrate; Error{Corruption} when the database was written by a newer amtsweg.
  static std::unique_ptr<PostgresStore> open(const std::string& url);

  ~PostgresStore() override;
  PostgresStore(const PostgresStore&) = delete;
  PostgresStore& operator=(const PostgresStore&) = delete;

  // A writer on a new connection. Throws Error{Io}.
  std::unique_ptr<StoreWriter> open_writer() override;
  // A reader on a pooled connection: one snapshot (see StoreReader). Thread-safe; readers may
  // outlive the store. Throws Error{Io}.
  std::unique_ptr<StoreReader> open_reader() override;

  // The URL without its password (for messages and logs).
  const std::string& server() const { return server_; }
  std::size_t idle_readers() const;

 private:
  struct OpenedByOpen {};

 public:
  PostgresStore(OpenedByOpen, std::string url);

 private:
  const std::string url_;
  const std::string server_;
  const std::shared_ptr<IdleConnections<PgConnection>> readers_;
};

}  // namespace amtsweg
