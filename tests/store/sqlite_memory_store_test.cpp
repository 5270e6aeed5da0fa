// The in-memory store (scenario tests): the writer and readers share one private database that
// no other store sees, and that is gone with its store.
#include <catch2/catch.hpp>

#include "engine/error.hpp"
#include "engine/store/sqlite/sqlite_schema.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"
#include "tests/store/sample_records.hpp"
#include "tests/store/temporary_directory.hpp"

namespace amtsweg {
namespace {

using namespace testing;

void commit_definition(Store& store, const std::string& process_id) {
  auto writer = store.open_writer();
  writer->begin();
  writer->insert_definition(sample_definition(process_id, 1));
  writer->commit();
}

TEST_CASE("sqlite store in memory: readers see the writer's commits, other stores see nothing", "[store]") {
  auto first = SqliteStore::open_in_memory();
  auto second = SqliteStore::open_in_memory();
  CHECK(first->path() != second->path());
  CHECK(first->path().find("vfs=memdb") != std::string::npos);
  commit_definition(*first, "urkunde");
  CHECK(first->open_reader()->definition("urkunde", 1).has_value());
  CHECK_FALSE(second->open_reader()->definition("urkunde", 1).has_value());
  commit_definition(*second, "urkunde");  // no conflict: a database of its own
  CHECK(second->open_reader()->definition("urkunde", 1).has_value());
}

TEST_CASE("sqlite store in memory: the database lives while the store lives, and no longer", "[store]") {
  std::string path;
  {
    auto store = SqliteStore::open_in_memory();
    path = store->path();
    commit_definition(*store, "urkunde");
    auto reader = store->open_reader();  // a reader made and dropped between commits must not lose it
    reader.reset();
    CHECK(store->open_reader()->definition("urkunde", 1).has_value());
  }
  // A database opened again under the same name starts empty: nothing was kept.
  SqliteConnection fresh(path, SqliteConnection::Mode::ReadWrite);
  migrate_sqlite_schema(fresh);
  auto count = fresh.statement("SELECT count(*) FROM definitions");
  REQUIRE(count->executeStep());
  CHECK(count->getColumn(0).getInt() == 0);
}

TEST_CASE("sqlite store in memory: write_copy makes a file that opens with everything, only into a new file",
          "[store]") {
  TemporaryDirectory directory;
  auto memory = SqliteStore::open_in_memory();
  commit_definition(*memory, "urkunde");
  {
    auto writer = memory->open_writer();
    writer->begin();
    for (int index = 0; index < 50; ++index) writer->insert_case(sample_case("C-" + std::to_string(1000 + index)));
    writer->commit();
  }
  const auto path = directory.file("copy.db");
  memory->write_copy(path);
  {
    auto copy = SqliteStore::open(path);
    CHECK(copy->open_reader()->definition("urkunde", 1).has_value());
    CHECK(copy->open_reader()->all_case_ids().size() == 50);
  }
  CHECK_NOTHROW(SqliteStore::check_every_page(path));
  try {
    memory->write_copy(path);
    FAIL("a copy overwrote a database");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::Conflict);
  }
  CHECK(SqliteStore::open(path)->open_reader()->all_case_ids().size() == 50);
}

}  // namespace
}  // namespace amtsweg
