// What only the SQLite store's writer does: waiting for another connection's write lock, and
// reading rows damaged behind its back (store_writer_test.cpp has the backend-neutral contract).
#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>
#include <chrono>

#include "engine/error.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"
#include "tests/store/sample_records.hpp"
#include "tests/store/temporary_directory.hpp"
#include "tests/support/error_kind.hpp"

namespace amtsweg {
namespace {

using namespace testing;

struct StoreWithWriter {
  TemporaryDirectory directory;
  std::unique_ptr<SqliteStore> store = SqliteStore::open(directory.file("writer.db"));
  std::unique_ptr<StoreWriter> writer = store->open_writer();
};

TEST_CASE("sqlite store: database failures are I/O errors naming the operation", "[store]") {
  StoreWithWriter fixture;
  auto& writer = *fixture.writer;
  SECTION("commit without a transaction") {
    try {
      writer.commit();
      FAIL("commit outside a transaction succeeded");
    } catch (const Error& error) {
      CHECK(error.kind() == ErrorKind::Io);
      CHECK_THAT(error.what(), Catch::StartsWith("store: commit: "));
    }
  }
  SECTION("a write while another connection holds the write lock") {
    SQLite::Database other(fixture.store->path(), SQLite::OPEN_READWRITE);
    other.exec("BEGIN IMMEDIATE");
    other.setBusyTimeout(0);
    // The writer waits its busy timeout (5 s) and then gives up.
    const auto started = std::chrono::steady_clock::now();
    try {
      writer.begin();
      FAIL("begin succeeded while another connection held the lock");
    } catch (const Error& error) {
      CHECK(error.kind() == ErrorKind::Io);
      CHECK_THAT(error.what(), Catch::StartsWith("store: begin: database is locked"));
    }
    CHECK(std::chrono::steady_clock::now() - started >= std::chrono::seconds(4));
    other.exec("ROLLBACK");
    writer.begin();
    writer.insert_case(sample_case("C-1"));
    writer.commit();
  }
}

TEST_CASE("sqlite store: a row that is not what the schema promises is corruption", "[store]") {
  StoreWithWriter fixture;
  auto& writer = *fixture.writer;
  writer.begin();
  writer.insert_case(sample_case("C-1"));
  writer.put_task(sample_task("T-1", "C-1"));
  writer.commit();

  SQLite::Database raw(fixture.store->path(), SQLite::OPEN_READWRITE);
  SECTION("case data that is not JSON") {
    raw.exec("UPDATE cases SET data = '{broken' WHERE id = 'C-1'");
    try {
      fixture.store->open_reader()->find_case("stadt-a", "C-1");
      FAIL("broken JSON was read");
    } catch (const Error& error) {
      CHECK(error.kind() == ErrorKind::Corruption);
      CHECK_THAT(error.what(), Catch::Contains("cases C-1"));
      CHECK_THAT(error.what(), Catch::Contains("data"));
    }
  }
  SECTION("regions that are not an object of strings") {
    raw.exec("UPDATE cases SET regions = '{\"a\":1}' WHERE id = 'C-1'");
    CHECK(error_kind_of([&] { fixture.store->open_reader()->find_case("stadt-a", "C-1"); }) == ErrorKind::Corruption);
  }
  SECTION("a task form that is not JSON") {
    raw.exec("UPDATE tasks SET form = 'nope' WHERE id = 'T-1'");
    try {
      fixture.store->open_reader()->tasks_of_case("C-1");
      FAIL("broken JSON was read");
    } catch (const Error& error) {
      CHECK(error.kind() == ErrorKind::Corruption);
      CHECK_THAT(error.what(), Catch::Contains("tasks T-1"));
      CHECK_THAT(error.what(), Catch::Contains("form"));
    }
  }
  SECTION("tenant params that are not an object") {
    raw.exec("INSERT INTO tenant_params VALUES ('stadt-a', 'wohnsitz', '[1]')");
    CHECK(error_kind_of([&] { fixture.store->open_reader()->tenant_params("stadt-a", "wohnsitz"); }) ==
          ErrorKind::Corruption);
  }
}

}  // namespace
}  // namespace amtsweg
