// The task inbox queries of the store (each backend): each filter, both sort orders (tasks without a due
// date last), and keyset paging that returns every task exactly once.
#include <algorithm>
#include <catch2/catch.hpp>
#include <set>

#include "engine/error.hpp"
#include "tests/store/sample_records.hpp"
#include "tests/support/store_backends.hpp"

namespace amtsweg {
namespace {

using namespace testing;
using Ids = std::vector<std::string>;

// Tasks of stadt-a (and one of stadt-b) with varied roles, assignees, statuses and due dates.
//   id    case  role   assignee  status     due   created
//   A1    C-1   clerk  -         open       300   10
//   A2    C-1   clerk  anna      claimed    100   20
//   A3    C-2   boss   -         open       -     30
//   A4    C-2   clerk  -         completed  50    40
//   A5    C-3   boss   bernd     claimed    100   5    (process "hund")
//   A6    C-3   audit  anna      open       -     50
//   A7    C-3   clerk  -         cancelled  -     60
//   B1    C-9   clerk  -         open       100   1    (tenant stadt-b)
struct TaskInbox {
  TestDatabase database;
  std::unique_ptr<Store> store = database.open();
  std::unique_ptr<StoreReader> reader;

  explicit TaskInbox(StoreBackend backend) : database(backend) {
    auto writer = store->open_writer();
    writer->begin();
    writer->insert_case(sample_case("C-1"));
    writer->insert_case(sample_case("C-2"));
    writer->insert_case(sample_case("C-3", "stadt-a", "hund"));
    writer->insert_case(sample_case("C-9", "stadt-b"));
    auto put = [&](const std::string& id, const std::string& case_id, const std::string& role,
                   const std::string& assignee, TaskStatus status, std::optional<Timestamp> due, Timestamp created,
                   const std::string& tenant = "stadt-a", const std::string& process_id = "wohnsitz") {
      auto task = open_task(id, case_id, role, due, created, tenant);
      task.assignee = assignee;
      task.status = status;
      task.process_id = process_id;
      writer->put_task(task);
    };
    put("A1", "C-1", "clerk", "", TaskStatus::Open, 300, 10);
    put("A2", "C-1", "clerk", "anna", TaskStatus::Claimed, 100, 20);
    put("A3", "C-2", "boss", "", TaskStatus::Open, std::nullopt, 30);
    put("A4", "C-2", "clerk", "", TaskStatus::Completed, 50, 40);
    put("A5", "C-3", "boss", "bernd", TaskStatus::Claimed, 100, 5, "stadt-a", "hund");
    put("A6", "C-3", "audit", "anna", TaskStatus::Open, std::nullopt, 50, "stadt-a", "hund");
    put("A7", "C-3", "clerk", "", TaskStatus::Cancelled, std::nullopt, 60, "stadt-a", "hund");
    put("B1", "C-9", "clerk", "", TaskStatus::Open, 100, 1, "stadt-b");
    writer->commit();
    reader = store->open_reader();
  }

  Ids ids(const TaskQuery& query) { return ids_of(reader->tasks(query)); }
};

TaskQuery of_tenant(const std::string& tenant = "stadt-a") {
  TaskQuery query;
  query.tenant = tenant;
  return query;
}

TEST_CASE("store: task queries filter", "[store]") {
  TaskInbox inbox(GENERATE(from_range(store_backends())));
  auto query = of_tenant();

  SECTION("by default open and claimed tasks of the tenant, due first, undated last") {
    CHECK(inbox.ids(query) == Ids{"A2", "A5", "A1", "A3", "A6"});
    CHECK(inbox.ids(of_tenant("stadt-b")) == Ids{"B1"});
    CHECK(inbox.ids(of_tenant("stadt-c")).empty());
  }
  SECTION("by status") {
    query.statuses = {TaskStatus::Completed};
    CHECK(inbox.ids(query) == Ids{"A4"});
    query.statuses = {TaskStatus::Completed, TaskStatus::Cancelled, TaskStatus::Open};
    CHECK(inbox.ids(query) == Ids{"A4", "A1", "A3", "A6", "A7"});
  }
  SECTION("by candidate role") {
    query.roles = {"boss"};
    CHECK(inbox.ids(query) == Ids{"A5", "A3"});
    query.roles = {"boss", "audit"};
    CHECK(inbox.ids(query) == Ids{"A5", "A3", "A6"});
  }
  SECTION("by assignee as the role user") {
    query.assignee_or_role_user = "anna";
    CHECK(inbox.ids(query) == Ids{"A2", "A6"});
  }
  SECTION("by role or assigned to the user") {
    query.roles = {"boss"};
    query.assignee_or_role_user = "anna";
    CHECK(inbox.ids(query) == Ids{"A2", "A5", "A3", "A6"});
    query.roles = {"boss", "nobody"};
    query.assignee_or_role_user = "bernd";
    CHECK(inbox.ids(query) == Ids{"A5", "A3"});
  }
  SECTION("by exact assignee, on top of the role filter") {
    query.assignee = "anna";
    CHECK(inbox.ids(query) == Ids{"A2", "A6"});
    query.roles = {"clerk"};
    CHECK(inbox.ids(query) == Ids{"A2"});
  }
  SECTION("by process and by case") {
    query.process_id = "hund";
    CHECK(inbox.ids(query) == Ids{"A5", "A6"});
    query.process_id.clear();
    query.case_id = "C-1";
    CHECK(inbox.ids(query) == Ids{"A2", "A1"});
  }
  SECTION("due before a time (undated tasks are never due)") {
    query.due_before = 300;
    CHECK(inbox.ids(query) == Ids{"A2", "A5"});
    query.statuses = {TaskStatus::Completed, TaskStatus::Open};
    query.due_before = 301;
    CHECK(inbox.ids(query) == Ids{"A4", "A1"});
  }
  SECTION("overdue: due before a time and not done, whatever statuses were asked") {
    query.overdue_at = 101;
    CHECK(inbox.ids(query) == Ids{"A2", "A5"});
    query.statuses = {TaskStatus::Completed, TaskStatus::Claimed};
    CHECK(inbox.ids(query) == Ids{"A2", "A5"});
  }
  SECTION("not overdue: undated, due later, or done") {
    query.not_overdue_at = 101;
    CHECK(inbox.ids(query) == Ids{"A1", "A3", "A6"});
    query.statuses = {TaskStatus::Open, TaskStatus::Claimed, TaskStatus::Completed, TaskStatus::Cancelled};
    CHECK(inbox.ids(query) == Ids{"A4", "A1", "A3", "A6", "A7"});
  }
  SECTION("limit") {
    query.limit = 2;
    CHECK(inbox.ids(query) == Ids{"A2", "A5"});
  }
}

TEST_CASE("store: tasks sort by due date (undated last) or by creation, then id", "[store]") {
  TaskInbox inbox(GENERATE(from_range(store_backends())));
  auto query = of_tenant();
  query.statuses = {TaskStatus::Open, TaskStatus::Claimed, TaskStatus::Completed, TaskStatus::Cancelled};
  CHECK(inbox.ids(query) == Ids{"A4", "A2", "A5", "A1", "A3", "A6", "A7"});
  query.sort = TaskSort::CreatedAt;
  CHECK(inbox.ids(query) == Ids{"A5", "A1", "A2", "A3", "A4", "A6", "A7"});
}

// Pages through `query` with page size `page` and returns the ids in the order they came.
Ids all_pages(StoreReader& reader, TaskQuery query, int page) {
  Ids seen;
  query.limit = page;
  for (int pages = 0; pages < 1000; ++pages) {
    auto batch = reader.tasks(query);
    for (const auto& task : batch) seen.push_back(task.id);
    if (static_cast<int>(batch.size()) < page) return seen;
    query.after_id = batch.back().id;
  }
  FAIL("paging did not end");
  return seen;
}

TEST_CASE("store: keyset paging returns every task exactly once, in order", "[store]") {
  TestDatabase database(GENERATE(from_range(store_backends())));
  auto store = database.open();
  auto writer = store->open_writer();
  writer->begin();
  writer->insert_case(sample_case("C-1"));
  // 60 tasks: many share a due date or creation time, a third have no due date; ids are not in
  // due-date order, so paging by id alone would go wrong.
  constexpr int kTasks = 60;
  for (int index = 0; index < kTasks; ++index) {
    std::optional<Timestamp> due;
    if (index % 3 != 0) due = 1000 + (index * 7) % 5;
    const auto id = "T-" + std::to_string(100 + (index * 37) % kTasks);
    writer->put_task(open_task(id, "C-1", "clerk", due, 500 + index % 4));
  }
  writer->commit();
  auto reader = store->open_reader();

  for (auto sort : {TaskSort::DueAt, TaskSort::CreatedAt}) {
    auto query = of_tenant();
    query.sort = sort;
    query.limit = kTasks + 1;
    const auto expected = ids_of(reader->tasks(query));
    REQUIRE(expected.size() == kTasks);
    for (int page : {1, 4, 7, 59, 60, 61}) {
      INFO("sort " << (sort == TaskSort::DueAt ? "due" : "created") << ", page size " << page);
      const auto paged = all_pages(*reader, query, page);
      CHECK(paged == expected);
      CHECK(std::set<std::string>(paged.begin(), paged.end()).size() == kTasks);
    }
  }
  // The undated tasks really are last in due order.
  auto query = of_tenant();
  query.limit = kTasks;
  auto tasks = reader->tasks(query);
  auto first_undated = std::find_if(tasks.begin(), tasks.end(), [](const auto& task) { return !task.due_at; });
  CHECK(std::distance(first_undated, tasks.end()) == kTasks / 3);
  CHECK(std::all_of(first_undated, tasks.end(), [](const auto& task) { return !task.due_at; }));
}

TEST_CASE("store: a task cursor must name a task of the tenant", "[store]") {
  TaskInbox inbox(GENERATE(from_range(store_backends())));
  auto query = of_tenant();
  query.after_id = "B1";  // stadt-b's task
  try {
    inbox.reader->tasks(query);
    FAIL("a foreign cursor was accepted");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::InvalidArgument);
  }
  query.after_id = "A1";
  CHECK(inbox.ids(query) == Ids{"A3", "A6"});
  query.after_id = "A3";
  CHECK(inbox.ids(query) == Ids{"A6"});
}

}  // namespace
}  // namespace amtsweg
