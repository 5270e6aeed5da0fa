// The stores the conformance tests run against: SQLite always, PostgreSQL when the environment
// names a server (AMTSWEG_TEST_POSTGRES_URL, set by scripts/test around its throwaway cluster).
// Each test gets a fresh, empty database of its own: a file, or a new PostgreSQL schema.
#pragma once

#include <catch2/catch.hpp>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/store/store.hpp"
#include "tests/support/temp_dir.hpp"

namespace amtsweg::testing {

enum class StoreBackend { Sqlite, Postgres };

// SQLite, and PostgreSQL when AMTSWEG_TEST_POSTGRES_URL is set; without it, says once on
// standard error that PostgreSQL is left out (a developer's quick run; scripts/test always sets it).
std::vector<StoreBackend> store_backends();
// The server's URL from AMTSWEG_TEST_POSTGRES_URL, nullopt when unset.
std::optional<std::string> test_postgres_url();

// Connections the store keeps idle for its next readers (SqliteStore's or PostgresStore's).
std::size_t idle_readers(Store& store);

// An empty database for one test, removed with everything in it when the test ends.
class TestDatabase {
 public:
  explicit TestDatabase(StoreBackend backend);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  StoreBackend backend() const { return backend_; }
  // What --db and open_store() take: a file path, or a postgresql:// URL whose search_path is the
  // test's own schema.
  const std::string& db() const { return db_; }
  std::unique_ptr<Store> open() const;

 private:
  StoreBackend backend_;
  TempDir directory_;
  std::string schema_;  // PostgreSQL only
  std::string db_;
};

}  // namespace amtsweg::testing

namespace Catch {
template <>
struct StringMaker<amtsweg::testing::StoreBackend> {
  static std::string convert(amtsweg::testing::StoreBackend backend) {
    return backend == amtsweg::testing::StoreBackend::Sqlite ? "SQLite" : "PostgreSQL";
  }
};
}  // namespace Catch
