// What only the SQLite store's readers do: read a file no other connection has open, and the pool
// that lends them their connections (store_reader_test.cpp has the backend-neutral contract).
#include <catch2/catch.hpp>
#include <vector>

#include "engine/store/sqlite/sqlite_store.hpp"
#include "tests/store/sample_records.hpp"
#include "tests/store/temporary_directory.hpp"

namespace amtsweg {
namespace {

using namespace testing;

TEST_CASE("sqlite store: readers can read a store no other connection has open", "[store]") {
  TemporaryDirectory directory;
  const auto path = directory.file("alone.db");
  {
    auto store = SqliteStore::open(path);
    auto writer = store->open_writer();
    writer->begin();
    writer->insert_case(sample_case("C-1"));
    writer->commit();
  }
  // The last connection closed and checkpointed; a read-only connection must still work.
  auto store = SqliteStore::open(path);
  auto reader = store->open_reader();
  CHECK(reader->all_case_ids() == std::vector<std::string>{"C-1"});
}

TEST_CASE("sqlite store: readers give their connections back to the pool", "[store]") {
  TemporaryDirectory directory;
  auto store = SqliteStore::open(directory.file("pool.db"));
  CHECK(store->idle_readers() == 0);
  {
    auto first = store->open_reader();
    auto second = store->open_reader();
    CHECK(store->idle_readers() == 0);
    first->all_case_ids();
  }
  CHECK(store->idle_readers() == 2);
  {
    auto reused = store->open_reader();
    CHECK(store->idle_readers() == 1);
    CHECK(reused->all_case_ids().empty());
  }
  CHECK(store->idle_readers() == 2);
  {
    std::vector<std::unique_ptr<StoreReader>> many;
    for (std::size_t index = 0; index < SqliteStore::kMaxIdleReaders + 3; ++index) many.push_back(store->open_reader());
    CHECK(store->idle_readers() == 0);
  }
  CHECK(store->idle_readers() == SqliteStore::kMaxIdleReaders);
}

}  // namespace
}  // namespace amtsweg
