// Readers of the store (each backend): what they see of the writer's transactions (one snapshot
// each), use from several threads at once, and a reader that outlives its store.
#include <atomic>
#include <catch2/catch.hpp>
#include <thread>
#include <vector>

#include "engine/error.hpp"
#include "tests/store/sample_records.hpp"
#include "tests/support/store_backends.hpp"

namespace amtsweg {
namespace {

using namespace testing;

TEST_CASE("store: readers see a write only once it is committed", "[store]") {
  TestDatabase database(GENERATE(from_range(store_backends())));
  auto store = database.open();
  auto writer = store->open_writer();
  auto reader = store->open_reader();

  writer->begin();
  writer->insert_case(sample_case("C-1"));
  writer->put_task(sample_task("T-1", "C-1"));

  // The writer reads its own uncommitted writes through its connection ...
  CHECK(writer->find_case("stadt-a", "C-1"));
  CHECK(writer->tasks_of_case("C-1").size() == 1);
  // ... readers do not see them, and are not blocked by the open write transaction.
  CHECK_FALSE(reader->find_case("stadt-a", "C-1"));
  CHECK(reader->tasks_of_case("C-1").empty());
  CHECK(store->open_reader()->all_case_ids().empty());

  writer->commit();
  // The reader keeps the snapshot of its first query (see store_read_snapshot_test.cpp); a new
  // reader sees the commit.
  CHECK_FALSE(reader->find_case("stadt-a", "C-1"));
  reader = store->open_reader();
  CHECK(reader->find_case("stadt-a", "C-1"));
  CHECK(reader->tasks_of_case("C-1").size() == 1);

  writer->begin();
  auto changed = sample_case("C-1");
  changed.state = "bescheid";
  changed.revision = 6;
  writer->update_case(changed, 5);
  CHECK(reader->find_case("stadt-a", "C-1")->state == "pruefung");
  writer->rollback();
  CHECK(reader->find_case("stadt-a", "C-1")->state == "pruefung");
}

TEST_CASE("store: readers on several threads while the writer commits", "[store]") {
  TestDatabase database(GENERATE(from_range(store_backends())));
  auto store = database.open();
  auto writer = store->open_writer();
  constexpr int kCases = 200;
  constexpr int kReaders = 4;

  std::atomic<bool> writing{true};
  std::atomic<int> failures{0};
  std::vector<std::thread> readers;
  for (int thread = 0; thread < kReaders; ++thread) {
    readers.emplace_back([&] {
      // Each pass takes a reader from the pool and gives it back; case counts never go down.
      std::size_t seen = 0;
      while (writing.load()) {
        try {
          auto reader = store->open_reader();
          auto ids = reader->all_case_ids();
          if (ids.size() < seen) ++failures;
          seen = ids.size();
          for (const auto& id : ids) {
            if (!reader->find_case("stadt-a", id)) ++failures;
          }
        } catch (const Error&) {
          ++failures;
        }
      }
    });
  }
  for (int index = 0; index < kCases; ++index) {
    writer->begin();
    writer->insert_case(sample_case("C-" + std::to_string(1000 + index)));
    writer->commit();
  }
  writing = false;
  for (auto& thread : readers) thread.join();

  CHECK(failures.load() == 0);
  CHECK(store->open_reader()->all_case_ids().size() == kCases);
}

TEST_CASE("store: a reader may outlive its store", "[store]") {
  TestDatabase database(GENERATE(from_range(store_backends())));
  std::unique_ptr<StoreReader> reader;
  {
    auto store = database.open();
    auto writer = store->open_writer();
    writer->begin();
    writer->insert_case(sample_case("C-1"));
    writer->commit();
    reader = store->open_reader();
  }
  CHECK(reader->find_case("stadt-a", "C-1"));
  reader.reset();
}

}  // namespace
}  // namespace amtsweg
