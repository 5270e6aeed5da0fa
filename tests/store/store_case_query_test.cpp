// Case-level queries of the store (each backend): listing with filters and cursor, tenant isolation,
// correlation lookup, related cases, state counts and due timers.
#include <catch2/catch.hpp>

#include "tests/store/sample_records.hpp"
#include "tests/support/store_backends.hpp"

namespace amtsweg {
namespace {

using namespace testing;
using Ids = std::vector<std::string>;

CaseRecord case_in(const std::string& id, const std::string& tenant, const std::string& process_id,
                   const std::string& state, CaseStatus status) {
  auto record = sample_case(id, tenant, process_id);
  record.state = state;
  record.status = status;
  return record;
}

struct StoreWithCases {
  explicit StoreWithCases(StoreBackend backend) : database(backend) {}
  TestDatabase database;
  std::unique_ptr<Store> store = database.open();
  std::unique_ptr<StoreWriter> writer = store->open_writer();
  std::unique_ptr<StoreReader> reader = store->open_reader();

  void insert(const std::vector<CaseRecord>& records) {
    writer->begin();
    for (const auto& record : records) writer->insert_case(record);
    writer->commit();
  }
};

CaseQuery cases_of(const std::string& tenant) {
  CaseQuery query;
  query.tenant = tenant;
  return query;
}

TEST_CASE("store: case listing filters, orders by id and pages by cursor", "[store]") {
  StoreWithCases fixture(GENERATE(from_range(store_backends())));
  fixture.insert({case_in("C-3", "stadt-a", "wohnsitz", "pruefung", CaseStatus::Active),
                  case_in("C-1", "stadt-a", "wohnsitz", "eingang", CaseStatus::Active),
                  case_in("C-2", "stadt-a", "hund", "pruefung", CaseStatus::Completed),
                  case_in("C-5", "stadt-a", "wohnsitz", "pruefung", CaseStatus::Suspended),
                  case_in("C-4", "stadt-b", "wohnsitz", "pruefung", CaseStatus::Active)});
  auto& reader = *fixture.reader;
  auto query = cases_of("stadt-a");

  CHECK(ids_of(reader.cases(query)) == Ids{"C-1", "C-2", "C-3", "C-5"});
  CHECK(ids_of(reader.cases(cases_of("stadt-b"))) == Ids{"C-4"});

  SECTION("by process") {
    query.process_id = "wohnsitz";
    CHECK(ids_of(reader.cases(query)) == Ids{"C-1", "C-3", "C-5"});
  }
  SECTION("by state") {
    query.state = "pruefung";
    CHECK(ids_of(reader.cases(query)) == Ids{"C-2", "C-3", "C-5"});
  }
  SECTION("by status") {
    query.status = CaseStatus::Active;
    CHECK(ids_of(reader.cases(query)) == Ids{"C-1", "C-3"});
    query.status = CaseStatus::Completed;
    CHECK(ids_of(reader.cases(query)) == Ids{"C-2"});
  }
  SECTION("cursor and limit") {
    query.limit = 2;
    CHECK(ids_of(reader.cases(query)) == Ids{"C-1", "C-2"});
    query.after_id = "C-2";
    CHECK(ids_of(reader.cases(query)) == Ids{"C-3", "C-5"});
    query.after_id = "C-5";
    CHECK(reader.cases(query).empty());
  }
  SECTION("all ids of every tenant, for verify") {
    CHECK(reader.all_case_ids() == Ids{"C-1", "C-2", "C-3", "C-4", "C-5"});
    CHECK(reader.find_case_any_tenant("C-4"));
    CHECK(reader.find_case_any_tenant("C-4")->tenant == "stadt-b");
  }
}

TEST_CASE("store: one tenant never sees another tenant's case, tasks or correlations", "[store]") {
  StoreWithCases fixture(GENERATE(from_range(store_backends())));
  fixture.insert({case_in("C-1", "stadt-a", "wohnsitz", "pruefung", CaseStatus::Active)});
  fixture.writer->begin();
  fixture.writer->put_task(sample_task("T-1", "C-1", "stadt-a"));
  fixture.writer->commit();
  auto& reader = *fixture.reader;

  CHECK(reader.find_case("stadt-a", "C-1"));
  CHECK_FALSE(reader.find_case("stadt-b", "C-1"));
  CHECK(reader.cases(cases_of("stadt-b")).empty());
  CHECK(reader.find_task("stadt-a", "T-1"));
  CHECK_FALSE(reader.find_task("stadt-b", "T-1"));
  TaskQuery tasks;
  tasks.tenant = "stadt-b";
  tasks.statuses = {TaskStatus::Open, TaskStatus::Claimed, TaskStatus::Completed, TaskStatus::Cancelled};
  CHECK(reader.tasks(tasks).empty());
  tasks.tenant = "stadt-a";
  CHECK(reader.tasks(tasks).size() == 1);
  CHECK(reader.cases_by_correlation("stadt-a", "aktenzeichen", "AZ-C-1") == Ids{"C-1"});
  CHECK(reader.cases_by_correlation("stadt-b", "aktenzeichen", "AZ-C-1").empty());
  CHECK(reader.related_cases("stadt-b", "wohnsitz", "household-17", "").empty());
  CHECK(reader.state_counts("stadt-b", "").empty());
}

TEST_CASE("store: correlation lookup finds only active and suspended cases", "[store]") {
  StoreWithCases fixture(GENERATE(from_range(store_backends())));
  auto with_key = [](CaseRecord record, const std::string& value) {
    record.correlation = {{"aktenzeichen", value}};
    return record;
  };
  fixture.insert({with_key(case_in("C-1", "stadt-a", "wohnsitz", "s", CaseStatus::Active), "AZ-1"),
                  with_key(case_in("C-2", "stadt-a", "wohnsitz", "s", CaseStatus::Suspended), "AZ-1"),
                  with_key(case_in("C-3", "stadt-a", "wohnsitz", "s", CaseStatus::Completed), "AZ-1"),
                  with_key(case_in("C-4", "stadt-a", "wohnsitz", "s", CaseStatus::Cancelled), "AZ-1"),
                  with_key(case_in("C-5", "stadt-a", "wohnsitz", "s", CaseStatus::Active), "AZ-2")});
  auto& reader = *fixture.reader;
  CHECK(reader.cases_by_correlation("stadt-a", "aktenzeichen", "AZ-1") == Ids{"C-1", "C-2"});
  CHECK(reader.cases_by_correlation("stadt-a", "aktenzeichen", "AZ-2") == Ids{"C-5"});
  CHECK(reader.cases_by_correlation("stadt-a", "antrag", "AZ-1").empty());

  SECTION("completing a case takes it out of the lookup") {
    auto completed = *reader.find_case("stadt-a", "C-1");
    completed.status = CaseStatus::Completed;
    completed.revision += 1;
    fixture.writer->begin();
    fixture.writer->update_case(completed, completed.revision - 1);
    fixture.writer->commit();
    auto after = fixture.store->open_reader();  // a reader is one snapshot: a new one sees the commit
    CHECK(after->cases_by_correlation("stadt-a", "aktenzeichen", "AZ-1") == Ids{"C-2"});
  }
  SECTION("an update replaces the case's correlation keys") {
    auto changed = *reader.find_case("stadt-a", "C-5");
    changed.correlation = {{"antrag", "A-77"}};
    changed.revision += 1;
    fixture.writer->begin();
    fixture.writer->update_case(changed, changed.revision - 1);
    fixture.writer->commit();
    auto after = fixture.store->open_reader();
    CHECK(after->cases_by_correlation("stadt-a", "aktenzeichen", "AZ-2").empty());
    CHECK(after->cases_by_correlation("stadt-a", "antrag", "A-77") == Ids{"C-5"});
    CHECK(after->find_case("stadt-a", "C-5")->correlation == changed.correlation);
  }
}

TEST_CASE("store: related cases share tenant, process and related key", "[store]") {
  StoreWithCases fixture(GENERATE(from_range(store_backends())));
  auto related = [](const std::string& id, const std::string& tenant, const std::string& process_id,
                    const std::string& key, Timestamp created_at, int version = 1) {
    auto record = sample_case(id, tenant, process_id);
    record.related_key = key;
    record.created_at = created_at;
    record.process_version = version;
    return record;
  };
  fixture.insert(
      {related("C-1", "stadt-a", "wohnsitz", "haus-1", 300), related("C-2", "stadt-a", "wohnsitz", "haus-1", 100, 2),
       related("C-3", "stadt-a", "wohnsitz", "haus-1", 200), related("C-0", "stadt-a", "wohnsitz", "haus-1", 200),
       related("C-4", "stadt-a", "wohnsitz", "haus-2", 50), related("C-5", "stadt-a", "hund", "haus-1", 50),
       related("C-6", "stadt-b", "wohnsitz", "haus-1", 50), related("C-7", "stadt-a", "wohnsitz", "", 50),
       related("C-8", "stadt-a", "wohnsitz", "", 60)});
  auto& reader = *fixture.reader;
  CHECK(ids_of(reader.related_cases("stadt-a", "wohnsitz", "haus-1", "C-1")) == Ids{"C-2", "C-0", "C-3"});
  CHECK(ids_of(reader.related_cases("stadt-a", "wohnsitz", "haus-1", "")) == Ids{"C-2", "C-0", "C-3", "C-1"});
  CHECK(ids_of(reader.related_cases("stadt-a", "wohnsitz", "haus-2", "C-4")).empty());
  CHECK(reader.related_cases("stadt-a", "wohnsitz", "", "C-7").empty());
}

TEST_CASE("store: state counts per process, state and status", "[store]") {
  StoreWithCases fixture(GENERATE(from_range(store_backends())));
  fixture.insert({case_in("C-1", "stadt-a", "wohnsitz", "pruefung", CaseStatus::Active),
                  case_in("C-2", "stadt-a", "wohnsitz", "pruefung", CaseStatus::Active),
                  case_in("C-3", "stadt-a", "wohnsitz", "pruefung", CaseStatus::Suspended),
                  case_in("C-4", "stadt-a", "wohnsitz", "ende", CaseStatus::Completed),
                  case_in("C-5", "stadt-a", "hund", "eingang", CaseStatus::Active),
                  case_in("C-6", "stadt-b", "wohnsitz", "pruefung", CaseStatus::Active)});
  auto as_text = [](const std::vector<StateCount>& counts) {
    std::vector<std::string> lines;
    for (const auto& count : counts)
      lines.push_back(count.process_id + " " + count.state + " " + count.status + " " + std::to_string(count.count));
    return lines;
  };
  auto& reader = *fixture.reader;
  CHECK(as_text(reader.state_counts("stadt-a", "wohnsitz")) ==
        Ids{"wohnsitz ende completed 1", "wohnsitz pruefung active 2", "wohnsitz pruefung suspended 1"});
  CHECK(as_text(reader.state_counts("stadt-a", "")) == Ids{"hund eingang active 1", "wohnsitz ende completed 1",
                                                           "wohnsitz pruefung active 2",
                                                           "wohnsitz pruefung suspended 1"});
  CHECK(as_text(reader.state_counts("stadt-b", "")) == Ids{"wohnsitz pruefung active 1"});
  // Every tenant together (operator metrics).
  CHECK(as_text(reader.state_counts_all()) == Ids{"hund eingang active 1", "wohnsitz ende completed 1",
                                                  "wohnsitz pruefung active 3", "wohnsitz pruefung suspended 1"});
}

TEST_CASE("store: due timers come by due time, then id, up to a limit", "[store]") {
  StoreWithCases fixture(GENERATE(from_range(store_backends())));
  fixture.insert({sample_case("C-1"), sample_case("C-2", "stadt-b")});
  auto& writer = *fixture.writer;
  writer.begin();
  const auto late = writer.insert_timer(TimerRecord{0, "stadt-a", "C-1", "a", 0, 300, TimerKind::After, ""});
  const auto early = writer.insert_timer(TimerRecord{0, "stadt-a", "C-1", "a", 1, 100, TimerKind::After, ""});
  const auto tie_first = writer.insert_timer(TimerRecord{0, "stadt-b", "C-2", "b", 0, 200, TimerKind::After, ""});
  const auto tie_second = writer.insert_timer(TimerRecord{0, "stadt-a", "C-1", "c", 0, 200, TimerKind::After, ""});
  const auto future = writer.insert_timer(TimerRecord{0, "stadt-a", "C-1", "d", 0, 301, TimerKind::After, ""});
  writer.commit();

  auto ids = [](const std::vector<TimerRecord>& timers) {
    std::vector<std::int64_t> result;
    for (const auto& timer : timers) result.push_back(timer.id);
    return result;
  };
  auto& reader = *fixture.reader;
  CHECK(ids(reader.due_timers(300, 10)) == std::vector<std::int64_t>{early, tie_first, tie_second, late});
  CHECK(ids(reader.due_timers(300, 2)) == std::vector<std::int64_t>{early, tie_first});
  CHECK(ids(reader.due_timers(99, 10)).empty());
  CHECK(ids(reader.timers_of_case("C-1")) == std::vector<std::int64_t>{late, early, tie_second, future});

  writer.begin();
  writer.delete_timer(early);
  writer.commit();
  auto after = fixture.store->open_reader();  // a reader is one snapshot: a new one sees the commit
  CHECK(ids(after->due_timers(300, 10)) == std::vector<std::int64_t>{tie_first, tie_second, late});
}

}  // namespace
}  // namespace amtsweg
