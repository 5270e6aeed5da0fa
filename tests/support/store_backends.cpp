// Fresh databases of either backend for the store conformance tests.
#include "tests/support/store_backends.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <iostream>
#include <random>

#include "engine/store/open_store.hpp"
#include "engine/store/postgres/pg_connection.hpp"
#include "engine/store/postgres/postgres_store.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"

namespace amtsweg::testing {

std::optional<std::string> test_postgres_url() {
  const char* url = std::getenv("AMTSWEG_TEST_POSTGRES_URL");
  if (url == nullptr || *url == '\0') return std::nullopt;
  return std::string(url);
}

std::vector<StoreBackend> store_backends() {
  if (test_postgres_url()) return {StoreBackend::Sqlite, StoreBackend::Postgres};
  static const bool said = [] {
    std::cerr << "store tests: AMTSWEG_TEST_POSTGRES_URL is not set, so they run against SQLite only "
                 "(scripts/test starts a PostgreSQL cluster and sets it)\n";
    return true;
  }();
  (void)said;
  return {StoreBackend::Sqlite};
}

std::size_t idle_readers(Store& store) {
  if (auto* sqlite = dynamic_cast<SqliteStore*>(&store)) return sqlite->idle_readers();
  return dynamic_cast<PostgresStore&>(store).idle_readers();
}

TestDatabase::TestDatabase(StoreBackend backend) : backend_(backend) {
  if (backend == StoreBackend::Sqlite) {
    db_ = directory_.file("store.db");
    return;
  }
  const auto url = test_postgres_url();
  if (!url) FAIL("a PostgreSQL test needs AMTSWEG_TEST_POSTGRES_URL");
  std::random_device random;
  schema_ = "test_" + std::to_string(random()) + "_" + std::to_string(random());
  PgConnection(*url).execute("CREATE SCHEMA " + schema_);
  db_ = *url + (url->find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema_;
}

TestDatabase::~TestDatabase() {
  if (schema_.empty()) return;
  try {
    PgConnection(*test_postgres_url()).execute("DROP SCHEMA " + schema_ + " CASCADE");
  } catch (const std::exception& failure) {
    std::cerr << "store tests: could not drop schema " << schema_ << ": " << failure.what() << "\n";
  }
}

std::unique_ptr<Store> TestDatabase::open() const { return open_store(db_); }

}  // namespace amtsweg::testing
