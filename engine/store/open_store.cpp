// The one place that decides between the SQLite and the PostgreSQL store.
#include "engine/store/open_store.hpp"

#include "engine/store/postgres/pg_connection.hpp"
#include "engine/store/postgres/postgres_store.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"

namespace amtsweg {

bool is_postgres_url(std::string_view db) {
  return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0;
}

std::unique_ptr<Store> open_store(const std::string& db) {
  if (is_postgres_url(db)) return PostgresStore::open(db);
  return SqliteStore::open(db);
}

std::string store_name(const std::string& db) { return is_postgres_url(db) ? url_for_messages(db) : db; }

}  // namespace amtsweg
