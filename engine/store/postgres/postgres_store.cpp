// Opening the PostgreSQL store: the first connection migrates the schema; readers come from a
// pool of idle connections, the writer gets a connection of its own.
#include "engine/store/postgres/postgres_store.hpp"

#include "engine/store/postgres/pg_connection.hpp"
#include "engine/store/postgres/pg_reader.hpp"
#include "engine/store/postgres/pg_schema.hpp"
#include "engine/store/postgres/pg_writer.hpp"
#include "engine/store/sql/idle_connections.hpp"
#include "engine/store/sql/store_errors.hpp"

namespace amtsweg {

PostgresStore::PostgresStore(OpenedByOpen, std::string url)
    : url_(std::move(url)),
      server_(url_for_messages(url_)),
      readers_(std::make_shared<IdleConnections<PgConnection>>(kMaxIdleReaders)) {}

PostgresStore::~PostgresStore() = default;

std::unique_ptr<PostgresStore> PostgresStore::open(const std::string& url) {
  auto store = std::make_unique<PostgresStore>(OpenedByOpen{}, url);
  auto connection = with_store_errors("open", store->server_, [&] { return std::make_unique<PgConnection>(url); });
  migrate_postgres_schema(*connection);
  store->readers_->give_back(std::move(connection));
  return store;
}

std::unique_ptr<StoreWriter> PostgresStore::open_writer() {
  return with_store_errors("open_writer", server_,
                           [&] { return std::make_unique<PgWriter>(std::make_unique<PgConnection>(url_)); });
}

std::unique_ptr<StoreReader> PostgresStore::open_reader() {
  std::unique_ptr<PgConnection> connection = readers_->take();
  if (!connection) {
    // Connected outside the pool's lock: other threads need not wait for the server.
    connection = with_store_errors("open_reader", server_, [&] { return std::make_unique<PgConnection>(url_); });
  }
  return std::make_unique<PgReader>(readers_, std::move(connection));
}

std::size_t PostgresStore::idle_readers() const { return readers_->size(); }

}  // namespace amtsweg
