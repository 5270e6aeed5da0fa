// Which store a --db value names: a postgresql:// or postgres:// URL is the PostgreSQL store, any
// other value a SQLite database file. Every command that takes --db opens its store here.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "engine/store/store.hpp"

namespace amtsweg {

// True for "postgresql://..." and "postgres://..." (libpq's URI schemes).
bool is_postgres_url(std::string_view db);

// Opens the store `db` names (SqliteStore::open or PostgresStore::open, with their errors).
std::unique_ptr<Store> open_store(const std::string& db);

// `db` for messages: a PostgreSQL URL without its password, a path as it is.
std::string store_name(const std::string& db);

}  // namespace amtsweg
