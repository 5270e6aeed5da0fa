// Opening the SQLite store: migration of a new file, reopening without migrating again,
// refusing a file from a newer amtsweg, and the database-wide settings (WAL).
#include "engine/store/sqlite/sqlite_schema.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "engine/error.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"
#include "tests/store/temporary_directory.hpp"

namespace amtsweg {
namespace {

using testing::TemporaryDirectory;

std::int64_t single_integer(SQLite::Database& database, const std::string& sql) {
  SQLite::Statement query(database, sql);
  REQUIRE(query.executeStep());
  return query.getColumn(0).getInt64();
}

TEST_CASE("sqlite store: a new file is migrated to the current schema version", "[store]") {
  TemporaryDirectory directory;
  const auto path = directory.file("new.db");
  REQUIRE(sqlite_schema_version() >= 1);

  SqliteStore::open(path);

  SQLite::Database database(path, SQLite::OPEN_READONLY);
  CHECK(single_integer(database, "SELECT MAX(version) FROM schema_version") == sqlite_schema_version());
  CHECK(single_integer(database, "SELECT COUNT(*) FROM schema_version") == sqlite_schema_version());
  for (const char* table : {"definitions", "cases", "correlations", "history", "tasks", "timers", "outbox", "failures",
                            "events", "start_keys", "tenant_params", "api_tokens", "documents", "notes"}) {
    INFO(table);
    CHECK(single_integer(database, std::string("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '") +
                                       table + "'") == 1);
  }
  SQLite::Statement mode(database, "PRAGMA journal_mode");
  REQUIRE(mode.executeStep());
  CHECK(mode.getColumn(0).getString() == "wal");
}

TEST_CASE("sqlite store: reopening does not run the migrations again", "[store]") {
  TemporaryDirectory directory;
  const auto path = directory.file("reopen.db");
  SqliteStore::open(path);
  {
    // Mark the recorded step: a migration that ran again would record it anew (or fail).
    SQLite::Database database(path, SQLite::OPEN_READWRITE);
    database.exec("UPDATE schema_version SET applied_at = 42");
  }

  auto store = SqliteStore::open(path);
  auto reader = store->open_reader();
  CHECK(reader->definitions().empty());

  SQLite::Database database(path, SQLite::OPEN_READONLY);
  CHECK(single_integer(database, "SELECT COUNT(*) FROM schema_version") == sqlite_schema_version());
  CHECK(single_integer(database, "SELECT MIN(applied_at) FROM schema_version") == 42);
}

TEST_CASE("sqlite store: a database from a newer amtsweg is refused", "[store]") {
  TemporaryDirectory directory;
  const auto path = directory.file("newer.db");
  SqliteStore::open(path);
  const int newer = sqlite_schema_version() + 1;
  {
    SQLite::Database database(path, SQLite::OPEN_READWRITE);
    database.exec("INSERT INTO schema_version (version, applied_at) VALUES (" + std::to_string(newer) + ", 0)");
  }

  try {
    SqliteStore::open(path);
    FAIL("a newer schema was accepted");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::Corruption);
    CHECK_THAT(error.what(), Catch::Contains("schema version " + std::to_string(newer)));
    CHECK_THAT(error.what(), Catch::Contains("newer amtsweg"));
  }
}

}  // namespace
}  // namespace amtsweg
