// The group writer's failure path over a real SQLite store with injected faults: a begin, a write
// or a commit that fails gives its command(s) a clear error, leaves nothing half-applied, and
// later commands succeed, except after a commit failed for I/O, which is sticky until a restart.
#include <catch2/catch.hpp>

#include <functional>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "engine/error.hpp"
#include "engine/store/group_writer.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"
#include "tests/store/sample_records.hpp"
#include "tests/support/faulty_store.hpp"
#include "tests/support/temp_dir.hpp"

namespace amtsweg::testing {
namespace {

// A real store behind the fault injector, and a group writer on it.
struct FaultyWriterFixture {
  TempDir dir;
  std::unique_ptr<SqliteStore> sqlite = SqliteStore::open(dir.file("faults.db"));
  std::shared_ptr<StoreFaults> faults = std::make_shared<StoreFaults>();
  FaultyStore store{*sqlite, faults};
  std::optional<GroupWriter> writer{std::in_place, store};

 private:
  std::promise<void> release_;
  std::future<void> held_;

 public:
  // Holds the writer thread in a command of its own until release(): commands submitted
  // meanwhile form the next group. `at_release` runs in the held command, just before it ends.
  void hold(std::function<void()> at_release = {}) {
    auto started = std::make_shared<std::promise<void>>();
    auto running = started->get_future();
    held_ = writer->submit([started, gate = release_.get_future().share(), at_release](StoreWriter&) {
      started->set_value();
      gate.wait();
      if (at_release) at_release();
    });
    running.wait();
  }
  void release() {
    release_.set_value();
    held_.get();
  }
  // The ids of every stored case, as a new reader sees them.
  std::vector<std::string> stored() { return sqlite->open_reader()->all_case_ids(); }
  std::size_t history_of(const std::string& id) { return sqlite->open_reader()->history(id).size(); }
};

ErrorKind kind_of(std::future<void>& result) {
  try {
    result.get();
  } catch (const Error& e) {
    return e.kind();
  }
  FAIL("the command succeeded");
  return ErrorKind::Io;
}

std::string message_of(std::future<void>& result) {
  try {
    result.get();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

TEST_CASE("group writer faults: a failing begin fails its group and nothing else", "[store][writer][faults]") {
  FaultyWriterFixture fixture;
  fixture.hold([&] { fixture.faults->fail_next("begin", ErrorKind::Io); });
  auto first = fixture.writer->submit([](StoreWriter& w) { w.insert_case(sample_case("C-1")); });
  auto second = fixture.writer->submit([](StoreWriter& w) { w.insert_case(sample_case("C-2")); });
  fixture.release();
  CHECK(message_of(first) == "store: begin: injected storage_unavailable");
  CHECK(message_of(second) == "store: begin: injected storage_unavailable");
  CHECK(fixture.stored().empty());
  // Not sticky: the next command commits.
  CHECK(fixture.writer->stats().refusing_writes.empty());
  CHECK_NOTHROW(fixture.writer->run([](StoreWriter& w) { w.insert_case(sample_case("C-3")); }));
  CHECK(fixture.stored() == std::vector<std::string>{"C-3"});
}

TEST_CASE("group writer faults: a failing write fails only its command, with nothing half-applied",
          "[store][writer][faults]") {
  FaultyWriterFixture fixture;
  fixture.hold();
  auto first = fixture.writer->submit([](StoreWriter& w) {
    w.insert_case(sample_case("C-1"));
    w.append_history(sample_history_entry("C-1", 1));
  });
  // The store fails this command's history write (as an I/O error on one statement would) ...
  auto second = fixture.writer->submit([&](StoreWriter& w) {
    w.insert_case(sample_case("C-2"));
    fixture.faults->fail_next("append_history", ErrorKind::StorageFull);
    w.append_history(sample_history_entry("C-2", 1));
  });
  auto third = fixture.writer->submit([](StoreWriter& w) {
    w.insert_case(sample_case("C-3"));
    w.append_history(sample_history_entry("C-3", 1));
  });
  fixture.release();
  CHECK_NOTHROW(first.get());
  CHECK(message_of(second) == "store: append_history: injected storage_full");
  CHECK_NOTHROW(third.get());
  // ... its case without its history entry does not exist; its group-mates are complete.
  CHECK(fixture.stored() == std::vector<std::string>{"C-1", "C-3"});
  CHECK(fixture.history_of("C-1") == 1);
  CHECK(fixture.history_of("C-3") == 1);
}

TEST_CASE("group writer faults: when the store loses the transaction, the whole group fails with the cause",
          "[store][writer][faults]") {
  FaultyWriterFixture fixture;
  fixture.hold();
  auto first = fixture.writer->submit([](StoreWriter& w) { w.insert_case(sample_case("C-1")); });
  auto second = fixture.writer->submit([&](StoreWriter& w) {
    w.insert_case(sample_case("C-2"));
    // As SQLite does after a full disk or an I/O error in mid-write: the whole transaction is gone.
    fixture.faults->fail_next("append_history", ErrorKind::StorageFull, true);
    w.append_history(sample_history_entry("C-2", 1));
  });
  auto third = fixture.writer->submit([](StoreWriter& w) { w.insert_case(sample_case("C-3")); });
  fixture.release();
  // Every command of the group gets the cause, not a complaint about a missing savepoint ...
  for (auto* result : {&first, &second, &third})
    CHECK(message_of(*result) == "store: append_history: injected storage_full");
  CHECK(fixture.stored().empty());
  // ... and the writer is not broken by it: the next command commits.
  CHECK(fixture.writer->stats().refusing_writes.empty());
  CHECK_NOTHROW(fixture.writer->run([](StoreWriter& w) { w.insert_case(sample_case("C-4")); }));
  CHECK(fixture.stored() == std::vector<std::string>{"C-4"});
}

TEST_CASE("group writer faults: a commit without room fails its group, later commits work", "[store][writer][faults]") {
  FaultyWriterFixture fixture;
  fixture.faults->fail_next("commit", ErrorKind::StorageFull);
  auto failed = fixture.writer->submit([](StoreWriter& w) { w.insert_case(sample_case("C-1")); });
  CHECK(kind_of(failed) == ErrorKind::StorageFull);
  CHECK(fixture.stored().empty());
  CHECK_NOTHROW(fixture.writer->run([](StoreWriter& w) { w.insert_case(sample_case("C-2")); }));
  CHECK(fixture.stored() == std::vector<std::string>{"C-2"});
}

TEST_CASE("group writer faults: a commit failing for I/O is sticky until the store is opened again",
          "[store][writer][faults]") {
  FaultyWriterFixture fixture;
  fixture.faults->fail_next("commit", ErrorKind::Io);
  auto failed = fixture.writer->submit([](StoreWriter& w) { w.insert_case(sample_case("C-1")); });
  CHECK(kind_of(failed) == ErrorKind::Io);
  // Every later command is refused with the same error, without touching the store.
  auto refused = fixture.writer->submit([](StoreWriter& w) { w.insert_case(sample_case("C-2")); });
  const std::string message = message_of(refused);
  CHECK(message.find("store: commit: injected storage_unavailable") == 0);
  CHECK(message.find("refuses further writes until amtsweg is restarted") != std::string::npos);
  CHECK(fixture.writer->stats().refusing_writes == message);
  CHECK(fixture.stored().empty());

  // A restart: a new writer on the store opened again takes writes; nothing of the failed ones is there.
  fixture.writer.reset();
  fixture.sqlite = SqliteStore::open(fixture.dir.file("faults.db"));
  GroupWriter restarted(*fixture.sqlite);
  CHECK_NOTHROW(restarted.run([](StoreWriter& w) { w.insert_case(sample_case("C-3")); }));
  CHECK(fixture.stored() == std::vector<std::string>{"C-3"});
}

}  // namespace
}  // namespace amtsweg::testing
