// A reader of the store (each backend) is one snapshot: a read that spans several queries never mixes the
// states before and after a commit (issue 11, "torn reads"), and its connection comes back clean.
#include <catch2/catch.hpp>

#include "engine/error.hpp"
#include "tests/store/sample_records.hpp"
#include "tests/support/store_backends.hpp"

namespace amtsweg {
namespace {

using namespace testing;

// Commits a case with `length` history entries, or (existing) one more entry and the case updated to match.
void commit_case_with_history(StoreWriter& writer, const std::string& id, std::int64_t length) {
  auto record = sample_case(id);
  record.history_length = length;
  record.revision = length;
  writer.begin();
  if (length == 1) {
    writer.insert_case(record);
  } else {
    writer.update_case(record, length - 1);
  }
  writer.append_history(sample_history_entry(id, length));
  writer.commit();
}

TEST_CASE("store: a reader's queries all see the state of its first query", "[store][snapshot]") {
  TestDatabase database(GENERATE(from_range(store_backends())));
  auto store = database.open();
  auto writer = store->open_writer();
  commit_case_with_history(*writer, "C-1", 1);

  auto reader = store->open_reader();
  const auto before = reader->find_case("stadt-a", "C-1");
  REQUIRE(before);
  // The writer commits between two queries of the same read (a case and its history) ...
  commit_case_with_history(*writer, "C-1", 2);
  commit_case_with_history(*writer, "C-2", 1);
  // ... and the reader still sees one state: the case as it was and the history that matches it.
  CHECK(reader->history("C-1").size() == static_cast<std::size_t>(before->history_length));
  CHECK(reader->find_case("stadt-a", "C-1")->revision == before->revision);
  CHECK(reader->all_case_ids() == std::vector<std::string>{"C-1"});
  reader.reset();

  // A new reader (on the same pooled connection) sees everything committed.
  auto fresh = store->open_reader();
  CHECK(fresh->find_case("stadt-a", "C-1")->history_length == 2);
  CHECK(fresh->history("C-1").size() == 2);
  CHECK(fresh->all_case_ids() == std::vector<std::string>{"C-1", "C-2"});
}

TEST_CASE("store: a reader's snapshot starts at its first query, not when it is made", "[store][snapshot]") {
  TestDatabase database(GENERATE(from_range(store_backends())));
  auto store = database.open();
  auto writer = store->open_writer();
  auto reader = store->open_reader();
  commit_case_with_history(*writer, "C-1", 1);
  CHECK(reader->find_case("stadt-a", "C-1"));
}

TEST_CASE("store: a reader that failed gives back no half-used connection", "[store][snapshot]") {
  TestDatabase database(GENERATE(from_range(store_backends())));
  auto store = database.open();
  auto writer = store->open_writer();
  commit_case_with_history(*writer, "C-1", 1);
  {
    auto reader = store->open_reader();
    TaskQuery query;
    query.tenant = "stadt-a";
    query.after_id = "T-none";
    CHECK_THROWS_AS(reader->tasks(query), Error);  // a cursor naming no task
  }
  commit_case_with_history(*writer, "C-1", 2);
  // The pooled connection ended its snapshot with the failed reader: the next reader is current.
  REQUIRE(idle_readers(*store) == 1);
  CHECK(store->open_reader()->history("C-1").size() == 2);
}

}  // namespace
}  // namespace amtsweg
