// Every record type written by the store's writer (each backend) comes back field by field, from the
// writer itself, from a reader, and after the store was closed and opened again.
#include <catch2/catch.hpp>

#include "tests/store/sample_records.hpp"
#include "tests/support/store_backends.hpp"

namespace amtsweg {
namespace {

using namespace testing;

// Writes one of every record into a new store at `path`; returns what was written.
struct WrittenRecords {
  StoredDefinition definition;
  CaseRecord case_record;
  TaskRecord task;
  HistoryEntry first_entry;
  HistoryEntry second_entry;
  TimerRecord timer;
  OutboxMessage message;
  FailureRecord failure;
  boost::json::object params;
};

WrittenRecords write_one_of_each(StoreWriter& writer) {
  WrittenRecords written;
  written.definition = sample_definition("wohnsitz", 3);
  written.case_record = sample_case("C-1");
  written.task = sample_task("T-1", "C-1");
  written.first_entry = sample_history_entry("C-1", 1);
  written.second_entry = sample_history_entry("C-1", 2);
  written.timer =
      TimerRecord{0, "stadt-a", "C-1", "pruefung/dokumente", 2, 1'700'000'600'000, TimerKind::Escalation, "T-1"};
  written.message = OutboxMessage{0,
                                  "stadt-a",
                                  "C-1",
                                  "emit",
                                  "certificate.issued",
                                  boost::json::parse(R"({"case":"C-1","n":[1,2]})").as_object(),
                                  1'700'000'007'000};
  written.failure = FailureRecord{0, "stadt-a", "C-1", 1'700'000'008'000, "event payment.received", "guard failed"};
  written.params = boost::json::parse(R"({"gebuehr":12,"frist_tage":14})").as_object();

  writer.begin();
  writer.insert_definition(written.definition);
  writer.insert_case(written.case_record);
  writer.put_task(written.task);
  writer.append_history(written.first_entry);
  writer.append_history(written.second_entry);
  written.timer.id = writer.insert_timer(written.timer);
  written.message.id = writer.insert_outbox(written.message);
  writer.insert_failure(written.failure);
  written.failure.id = 1;  // the first failure of a new store
  writer.record_event("stadt-a", "evt-9", "payment.received", R"({"case":"C-1"})", 1'700'000'009'000);
  writer.record_start_key("stadt-a", "wohnsitz", "key-1", "C-1");
  writer.set_tenant_params("stadt-a", "wohnsitz", written.params);
  writer.commit();
  return written;
}

void require_all_read_back(StoreReader& reader, const WrittenRecords& written) {
  auto definition = reader.definition("wohnsitz", 3);
  REQUIRE(definition);
  require_equal(*definition, written.definition);

  auto case_record = reader.find_case("stadt-a", "C-1");
  REQUIRE(case_record);
  require_equal(*case_record, written.case_record);

  auto task = reader.find_task("stadt-a", "T-1");
  REQUIRE(task);
  require_equal(*task, written.task);

  auto history = reader.history("C-1");
  REQUIRE(history.size() == 2);
  require_equal(history[0], written.first_entry);
  require_equal(history[1], written.second_entry);

  auto timers = reader.timers_of_case("C-1");
  REQUIRE(timers.size() == 1);
  CHECK(timers[0].id == written.timer.id);
  CHECK(timers[0].tenant == written.timer.tenant);
  CHECK(timers[0].case_id == written.timer.case_id);
  CHECK(timers[0].state_path == written.timer.state_path);
  CHECK(timers[0].index == written.timer.index);
  CHECK(timers[0].due_at == written.timer.due_at);
  CHECK(timers[0].kind == written.timer.kind);
  CHECK(timers[0].task_id == written.timer.task_id);

  auto messages = reader.outbox_of_case("C-1");
  REQUIRE(messages.size() == 1);
  CHECK(messages[0].id == written.message.id);
  CHECK(messages[0].tenant == written.message.tenant);
  CHECK(messages[0].case_id == written.message.case_id);
  CHECK(messages[0].kind == written.message.kind);
  CHECK(messages[0].type == written.message.type);
  CHECK(messages[0].payload == written.message.payload);
  CHECK(messages[0].created_at == written.message.created_at);

  auto failures = reader.failures_of_case("C-1");
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].id == written.failure.id);
  CHECK(failures[0].tenant == written.failure.tenant);
  CHECK(failures[0].case_id == written.failure.case_id);
  CHECK(failures[0].at == written.failure.at);
  CHECK(failures[0].command == written.failure.command);
  CHECK(failures[0].message == written.failure.message);

  CHECK(reader.processed_event("stadt-a", "evt-9") == std::optional<std::string>(R"({"case":"C-1"})"));
  CHECK(reader.case_for_start_key("stadt-a", "wohnsitz", "key-1") == std::optional<std::string>("C-1"));
  CHECK(reader.tenant_params("stadt-a", "wohnsitz") == written.params);
}

TEST_CASE("store: every record type round-trips field by field", "[store]") {
  TestDatabase database(GENERATE(from_range(store_backends())));
  auto store = database.open();
  auto writer = store->open_writer();
  const auto written = write_one_of_each(*writer);

  SECTION("read by the writer") { require_all_read_back(*writer, written); }
  SECTION("read by a reader") { require_all_read_back(*store->open_reader(), written); }
}

TEST_CASE("store: committed records survive closing and reopening the store", "[store]") {
  TestDatabase database(GENERATE(from_range(store_backends())));
  WrittenRecords written;
  {
    auto store = database.open();
    auto writer = store->open_writer();
    written = write_one_of_each(*writer);
  }
  auto store = database.open();
  require_all_read_back(*store->open_reader(), written);
  require_all_read_back(*store->open_writer(), written);
}

TEST_CASE("store: empty and absent values round-trip as themselves", "[store]") {
  TestDatabase database(GENERATE(from_range(store_backends())));
  auto store = database.open();
  auto writer = store->open_writer();

  CaseRecord bare;  // empty maps and data, empty strings
  bare.id = "C-bare";
  bare.tenant = "stadt-a";
  bare.process_id = "wohnsitz";
  TaskRecord task;  // null JSON values, no due date, not completed
  task.id = "T-bare";
  task.tenant = "stadt-a";
  task.case_id = "C-bare";
  task.revision = 1;
  writer->begin();
  writer->insert_case(bare);
  writer->put_task(task);
  writer->commit();

  auto reader = store->open_reader();
  auto read_case = reader->find_case("stadt-a", "C-bare");
  REQUIRE(read_case);
  require_equal(*read_case, bare);
  auto read_task = reader->find_task("stadt-a", "T-bare");
  REQUIRE(read_task);
  require_equal(*read_task, task);
  CHECK(read_task->prepared_data.is_null());
  CHECK_FALSE(read_task->due_at.has_value());
  CHECK_FALSE(read_task->completed_at.has_value());
  CHECK(reader->tenant_params("stadt-a", "wohnsitz").empty());
  CHECK_FALSE(reader->processed_event("stadt-a", "evt-unknown"));
  CHECK_FALSE(reader->case_for_start_key("stadt-a", "wohnsitz", "nope"));
  CHECK_FALSE(reader->find_case("stadt-a", "C-missing"));
}

TEST_CASE("store: definitions by version, latest version, and listing order", "[store]") {
  TestDatabase database(GENERATE(from_range(store_backends())));
  auto store = database.open();
  auto writer = store->open_writer();
  writer->begin();
  writer->insert_definition(sample_definition("wohnsitz", 1));
  writer->insert_definition(sample_definition("wohnsitz", 10));  // 10 > 2 numerically, not as text
  writer->insert_definition(sample_definition("wohnsitz", 2));
  writer->insert_definition(sample_definition("hund", 1));
  writer->commit();

  auto reader = store->open_reader();
  auto latest = reader->definition("wohnsitz", 0);
  REQUIRE(latest);
  CHECK(latest->version == 10);
  REQUIRE(reader->definition("wohnsitz", 2));
  CHECK(reader->definition("wohnsitz", 2)->sha256 == "sha-wohnsitz-2");
  CHECK_FALSE(reader->definition("wohnsitz", 3));
  CHECK_FALSE(reader->definition("unbekannt", 0));

  std::vector<std::pair<std::string, int>> listed;
  for (const auto& definition : reader->definitions()) listed.emplace_back(definition.process_id, definition.version);
  CHECK(listed ==
        std::vector<std::pair<std::string, int>>{{"hund", 1}, {"wohnsitz", 1}, {"wohnsitz", 2}, {"wohnsitz", 10}});
}

}  // namespace
}  // namespace amtsweg
