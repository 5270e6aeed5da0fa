// The store's writer on every backend: optimistic revisions of cases and tasks, uniqueness
// conflicts, savepoints inside a group transaction, and how failures are reported.
#include <catch2/catch.hpp>

#include "engine/error.hpp"
#include "tests/store/sample_records.hpp"
#include "tests/support/error_kind.hpp"
#include "tests/support/store_backends.hpp"

namespace amtsweg {
namespace {

using namespace testing;

struct StoreWithWriter {
  explicit StoreWithWriter(StoreBackend backend) : database(backend) {}
  TestDatabase database;
  std::unique_ptr<Store> store = database.open();
  std::unique_ptr<StoreWriter> writer = store->open_writer();
};

TEST_CASE("store: update_case writes only over the expected revision", "[store]") {
  StoreWithWriter fixture(GENERATE(from_range(store_backends())));
  auto& writer = *fixture.writer;
  auto record = sample_case("C-1");
  record.revision = 1;
  writer.begin();
  writer.insert_case(record);

  auto changed = record;
  changed.state = "bescheid";
  changed.revision = 2;
  writer.update_case(changed, 1);
  CHECK(writer.find_case("stadt-a", "C-1")->state == "bescheid");

  SECTION("a stale expected revision is a conflict and changes nothing") {
    auto stale = record;
    stale.state = "abgelehnt";
    stale.revision = 2;
    try {
      writer.update_case(stale, 1);
      FAIL("stale update accepted");
    } catch (const Error& error) {
      CHECK(error.kind() == ErrorKind::Conflict);
      CHECK_THAT(error.what(), Catch::StartsWith("store: update_case C-1: "));
      CHECK_THAT(error.what(), Catch::Contains("stored revision is 2"));
    }
    auto stored = writer.find_case("stadt-a", "C-1");
    CHECK(stored->state == "bescheid");
    CHECK(stored->revision == 2);
  }
  SECTION("another tenant cannot update the case") {
    auto foreign = changed;
    foreign.tenant = "stadt-b";
    foreign.revision = 3;
    CHECK(kind_of_failed_write(writer, [&] { writer.update_case(foreign, 2); }) == ErrorKind::Conflict);
    CHECK(writer.find_case("stadt-a", "C-1")->revision == 2);
  }
  SECTION("a missing case is a conflict too") {
    auto missing = changed;
    missing.id = "C-404";
    CHECK(kind_of_failed_write(writer, [&] { writer.update_case(missing, 1); }) == ErrorKind::Conflict);
  }
  writer.commit();
}

TEST_CASE("store: put_task inserts revision 1 and then updates one revision at a time", "[store]") {
  StoreWithWriter fixture(GENERATE(from_range(store_backends())));
  auto& writer = *fixture.writer;
  writer.begin();
  writer.insert_case(sample_case("C-1"));
  auto task = sample_task("T-1", "C-1");
  task.status = TaskStatus::Open;
  task.assignee.clear();
  writer.put_task(task);

  SECTION("inserting revision 1 again is a conflict") {
    CHECK(kind_of_failed_write(writer, [&] { writer.put_task(task); }) == ErrorKind::Conflict);
  }
  SECTION("of two clerks claiming revision 1, exactly one wins") {
    auto first_claim = task;
    first_claim.status = TaskStatus::Claimed;
    first_claim.assignee = "m.mueller";
    first_claim.revision = 2;
    auto second_claim = first_claim;
    second_claim.assignee = "k.schmidt";

    writer.put_task(first_claim);
    CHECK(kind_of_failed_write(writer, [&] { writer.put_task(second_claim); }) == ErrorKind::Conflict);

    auto stored = writer.find_task("stadt-a", "T-1");
    REQUIRE(stored);
    CHECK(stored->assignee == "m.mueller");
    CHECK(stored->revision == 2);

    auto completion = first_claim;
    completion.status = TaskStatus::Completed;
    completion.revision = 3;
    writer.put_task(completion);
    CHECK(writer.find_task("stadt-a", "T-1")->status == TaskStatus::Completed);
  }
  SECTION("skipping a revision is a conflict") {
    auto ahead = task;
    ahead.revision = 3;
    CHECK(kind_of_failed_write(writer, [&] { writer.put_task(ahead); }) == ErrorKind::Conflict);
    CHECK(writer.find_task("stadt-a", "T-1")->revision == 1);
  }
  SECTION("updating a task that does not exist is a conflict") {
    auto unknown = task;
    unknown.id = "T-404";
    unknown.revision = 2;
    CHECK(kind_of_failed_write(writer, [&] { writer.put_task(unknown); }) == ErrorKind::Conflict);
  }
  writer.commit();
}

TEST_CASE("store: existing keys are conflicts", "[store]") {
  StoreWithWriter fixture(GENERATE(from_range(store_backends())));
  auto& writer = *fixture.writer;
  writer.begin();
  writer.insert_definition(sample_definition("wohnsitz", 1));
  writer.insert_case(sample_case("C-1"));
  writer.append_history(sample_history_entry("C-1", 1));
  writer.record_event("stadt-a", "evt-1", "payment.received", "{}", 1);
  writer.record_start_key("stadt-a", "wohnsitz", "key-1", "C-1");

  CHECK(kind_of_failed_write(writer, [&] { writer.insert_definition(sample_definition("wohnsitz", 1)); }) ==
        ErrorKind::Conflict);
  CHECK(kind_of_failed_write(writer, [&] { writer.insert_case(sample_case("C-1")); }) == ErrorKind::Conflict);
  CHECK(kind_of_failed_write(writer, [&] { writer.append_history(sample_history_entry("C-1", 1)); }) ==
        ErrorKind::Conflict);
  CHECK(kind_of_failed_write(writer, [&] { writer.record_event("stadt-a", "evt-1", "x", "{}", 2); }) ==
        ErrorKind::Conflict);
  CHECK(kind_of_failed_write(writer, [&] { writer.record_start_key("stadt-a", "wohnsitz", "key-1", "C-2"); }) ==
        ErrorKind::Conflict);

  // The same keys under another tenant or version are different keys.
  writer.insert_definition(sample_definition("wohnsitz", 2));
  writer.record_event("stadt-b", "evt-1", "payment.received", "{}", 1);
  writer.record_start_key("stadt-b", "wohnsitz", "key-1", "C-1");
  writer.commit();

  writer.begin();
  try {
    writer.insert_definition(sample_definition("wohnsitz", 2));
    FAIL("duplicate definition accepted");
  } catch (const Error& error) {
    CHECK_THAT(error.what(), Catch::StartsWith("store: insert_definition wohnsitz v2: already exists"));
    writer.rollback();
  }
}

TEST_CASE("store: rows of a case need the case", "[store]") {
  StoreWithWriter fixture(GENERATE(from_range(store_backends())));
  auto& writer = *fixture.writer;
  writer.begin();
  CHECK(kind_of_failed_write(writer, [&] { writer.append_history(sample_history_entry("C-none", 1)); }) ==
        ErrorKind::NotFound);
  CHECK(kind_of_failed_write(writer, [&] { writer.put_task(sample_task("T-1", "C-none")); }) == ErrorKind::NotFound);
  CHECK(kind_of_failed_write(writer, [&] {
          writer.insert_timer(TimerRecord{0, "stadt-a", "C-none", "s", 0, 1, TimerKind::After, ""});
        }) == ErrorKind::NotFound);
  writer.rollback();
}

TEST_CASE("store: a rolled-back savepoint leaves nothing while the group commits the rest", "[store]") {
  StoreWithWriter fixture(GENERATE(from_range(store_backends())));
  auto& writer = *fixture.writer;
  writer.begin();

  // Command 1 succeeds.
  writer.savepoint();
  writer.insert_case(sample_case("C-1"));
  writer.put_task(sample_task("T-1", "C-1"));
  writer.release_savepoint();

  // Command 2 writes a case, a task, a timer, an outbox message and history, then fails.
  writer.savepoint();
  writer.insert_case(sample_case("C-2"));
  writer.put_task(sample_task("T-2", "C-2"));
  writer.insert_timer(TimerRecord{0, "stadt-a", "C-2", "pruefung", 0, 5, TimerKind::After, ""});
  writer.insert_outbox(OutboxMessage{0, "stadt-a", "C-2", "emit", "x", {}, 1});
  writer.append_history(sample_history_entry("C-2", 1));
  auto changed = sample_case("C-1");
  changed.revision = 6;
  writer.update_case(changed, 5);
  writer.rollback_to_savepoint();
  writer.insert_failure(FailureRecord{0, "stadt-a", "C-2", 7, "start", "boom"});

  // Command 3 succeeds after the failed one.
  writer.savepoint();
  writer.insert_case(sample_case("C-3"));
  writer.release_savepoint();
  writer.commit();

  auto reader = fixture.store->open_reader();
  CHECK(reader->all_case_ids() == std::vector<std::string>{"C-1", "C-3"});
  CHECK(reader->find_case("stadt-a", "C-1")->revision == 5);
  CHECK(reader->find_task("stadt-a", "T-1"));
  CHECK_FALSE(reader->find_task("stadt-a", "T-2"));
  CHECK(reader->timers_of_case("C-2").empty());
  CHECK(reader->outbox_of_case("C-2").empty());
  CHECK(reader->history("C-2").empty());
  CHECK(reader->cases_by_correlation("stadt-a", "aktenzeichen", "AZ-C-2").empty());
  CHECK(reader->failures_of_case("C-2").size() == 1);

  // The savepoint was released: a new transaction and savepoint work as before.
  writer.begin();
  writer.savepoint();
  writer.insert_case(sample_case("C-4"));
  writer.release_savepoint();
  writer.commit();
  CHECK(fixture.store->open_reader()->find_case("stadt-a", "C-4"));  // a new snapshot
}

TEST_CASE("store: a rolled-back transaction leaves nothing", "[store]") {
  StoreWithWriter fixture(GENERATE(from_range(store_backends())));
  auto& writer = *fixture.writer;
  writer.begin();
  writer.insert_case(sample_case("C-1"));
  writer.rollback();
  CHECK_FALSE(writer.find_case("stadt-a", "C-1"));
  CHECK(fixture.store->open_reader()->all_case_ids().empty());
}

TEST_CASE("store: tenant params are replaced by a second write", "[store]") {
  StoreWithWriter fixture(GENERATE(from_range(store_backends())));
  auto& writer = *fixture.writer;
  writer.begin();
  writer.set_tenant_params("stadt-a", "wohnsitz", boost::json::parse(R"({"gebuehr":12})").as_object());
  writer.set_tenant_params("stadt-a", "wohnsitz", boost::json::parse(R"({"frist":3})").as_object());
  writer.commit();
  CHECK(writer.tenant_params("stadt-a", "wohnsitz") == boost::json::parse(R"({"frist":3})").as_object());
  CHECK(writer.tenant_params("stadt-b", "wohnsitz").empty());
}

TEST_CASE("store: timer and outbox ids are never reused", "[store]") {
  StoreWithWriter fixture(GENERATE(from_range(store_backends())));
  auto& writer = *fixture.writer;
  writer.begin();
  writer.insert_case(sample_case("C-1"));
  const auto first = writer.insert_timer(TimerRecord{0, "stadt-a", "C-1", "a", 0, 10, TimerKind::After, ""});
  writer.delete_timer(first);
  const auto second = writer.insert_timer(TimerRecord{0, "stadt-a", "C-1", "a", 0, 10, TimerKind::After, ""});
  CHECK(second > first);
  writer.delete_timer(second);
  writer.delete_timer(second);  // already gone: nothing happens
  CHECK(writer.timers_of_case("C-1").empty());
  const auto message = writer.insert_outbox(OutboxMessage{0, "stadt-a", "C-1", "emit", "x", {}, 1});
  CHECK(writer.insert_outbox(OutboxMessage{0, "stadt-a", "C-1", "emit", "y", {}, 1}) == message + 1);
  writer.commit();
}

}  // namespace
}  // namespace amtsweg
