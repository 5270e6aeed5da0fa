// The Postkorb at scale: open tasks in due order are read from the partial indexes of schema
// step 10 without sorting (checked with EXPLAIN QUERY PLAN), and the merged, index-ordered pages
// hold exactly the tasks a plain filter and sort would give, for every view and page size.
#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "engine/store/sql/sql_task_query.hpp"
#include "engine/store/sqlite/sqlite_connection.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"
#include "tests/store/sample_records.hpp"
#include "tests/store/temporary_directory.hpp"

namespace amtsweg {
namespace {

using namespace testing;

// 300 tasks of stadt-a on 3 roles, some assigned to anna or bernd, in every status, due at one of
// 20 times or not at all; and a few of stadt-b.
struct ManyTasks {
  TemporaryDirectory directory;
  std::unique_ptr<SqliteStore> store = SqliteStore::open(directory.file("postkorb.db"));
  std::vector<TaskRecord> all;

  ManyTasks() {
    std::mt19937 random(13);
    const std::vector<std::string> roles = {"standesamt", "kasse", "amtsleitung"};
    const std::vector<std::string> assignees = {"", "", "", "anna", "bernd"};
    const std::vector<TaskStatus> statuses = {TaskStatus::Open, TaskStatus::Open, TaskStatus::Claimed,
                                              TaskStatus::Completed, TaskStatus::Cancelled};
    auto writer = store->open_writer();
    writer->begin();
    writer->insert_case(sample_case("C-1"));
    writer->insert_case(sample_case("C-2", "stadt-b"));
    for (int i = 0; i < 320; ++i) {
      const bool other_tenant = i >= 300;
      std::optional<Timestamp> due;
      if (random() % 5 != 0) due = 1000 + Timestamp(random() % 20) * 100;
      auto task = open_task("T-" + std::to_string(1000 + i), other_tenant ? "C-2" : "C-1",
                            roles[random() % roles.size()], due, i, other_tenant ? "stadt-b" : "stadt-a");
      task.assignee = assignees[random() % assignees.size()];
      task.status = statuses[random() % statuses.size()];
      writer->put_task(task);
      all.push_back(task);
    }
    writer->commit();
  }

  // What the listing must return: the filter applied to every task, in due order (undated last).
  std::vector<std::string> expected(const TaskQuery& query) const {
    std::vector<TaskRecord> matching;
    for (const auto& task : all) {
      const bool open = task.status == TaskStatus::Open || task.status == TaskStatus::Claimed;
      const bool status_ok = query.statuses.empty() ? open
                                                    : std::find(query.statuses.begin(), query.statuses.end(),
                                                                task.status) != query.statuses.end();
      const bool by_role = std::find(query.roles.begin(), query.roles.end(), task.role) != query.roles.end();
      const bool mine = !query.assignee_or_role_user.empty() && task.assignee == query.assignee_or_role_user;
      const bool inbox_ok = (query.roles.empty() && query.assignee_or_role_user.empty()) || by_role || mine;
      const bool overdue_ok = !query.overdue_at || (task.due_at && *task.due_at < *query.overdue_at);
      const bool assignee_ok = query.assignee.empty() || task.assignee == query.assignee;
      if (task.tenant == query.tenant && status_ok && inbox_ok && overdue_ok && assignee_ok) matching.push_back(task);
    }
    const auto key = [](const TaskRecord& t) { return std::make_tuple(!t.due_at, t.due_at.value_or(0), t.id); };
    std::sort(matching.begin(), matching.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
    return ids_of(matching);
  }

  // Every page of the listing, `limit` tasks at a time, concatenated.
  std::vector<std::string> paged(TaskQuery query, int limit) const {
    auto reader = store->open_reader();
    query.limit = limit;
    std::vector<std::string> ids;
    for (auto page = reader->tasks(query); !page.empty(); page = reader->tasks(query)) {
      for (const auto& task : page) ids.push_back(task.id);
      query.after_id = page.back().id;
    }
    return ids;
  }
};

TaskQuery inbox(std::vector<std::string> roles, std::string user) {
  TaskQuery query;
  query.tenant = "stadt-a";
  query.roles = std::move(roles);
  query.assignee_or_role_user = std::move(user);
  return query;
}

// The views of the Postkorb: a clerk's inbox (one group, two groups), the overdue view, the
// assignee view, the administrator's whole inbox, claimed tasks only.
std::vector<std::pair<std::string, TaskQuery>> views() {
  auto overdue = inbox({"standesamt"}, "anna");
  overdue.overdue_at = 1800;
  auto assigned = inbox({}, "");
  assigned.assignee = "anna";
  auto claimed = inbox({"standesamt", "kasse"}, "bernd");
  claimed.statuses = {TaskStatus::Claimed};
  return {{"clerk of one group", inbox({"standesamt"}, "anna")},
          {"clerk of two groups", inbox({"standesamt", "kasse"}, "anna")},
          {"overdue", overdue},
          {"assignee", assigned},
          {"administrator", inbox({}, "")},
          {"claimed only", claimed}};
}

// The query plan's lines for `query` from `cursor` on.
std::vector<std::string> plan(const std::string& path, const TaskQuery& query,
                              const std::optional<TaskSortKey>& cursor) {
  SqliteConnection connection(path, SqliteConnection::Mode::ReadOnly);
  auto explain = task_listing_query(query, cursor).prepare(connection, "EXPLAIN QUERY PLAN ");
  std::vector<std::string> lines;
  while (explain->executeStep()) lines.push_back(explain->getColumn(3).getString());
  return lines;
}

TEST_CASE("sqlite store: the Postkorb reads open tasks in due order from an index, without sorting", "[store]") {
  ManyTasks tasks;
  for (const auto& [name, query] : views()) {
    for (const auto& cursor : {std::optional<TaskSortKey>{}, std::optional<TaskSortKey>{TaskSortKey{1500, 0}}}) {
      INFO(name << (cursor ? ", a later page" : ", the first page"));
      auto paged_query = query;
      if (cursor) paged_query.after_id = "T-1100";
      const auto lines = plan(tasks.store->path(), paged_query, cursor);
      std::string text;
      for (const auto& line : lines) text += line + "\n";
      INFO(text);
      CHECK(text.find("TEMP B-TREE") == std::string::npos);
      CHECK(text.find("SCAN tasks") == std::string::npos);  // only the role list (json_each) is scanned
      for (const auto& line : lines)
        if (line.rfind("SEARCH", 0) == 0) CHECK(line.find("USING INDEX tasks_open") != std::string::npos);
      // A later page starts its index range at the cursor instead of skipping the earlier ones.
      if (cursor) CHECK(text.find("<expr>>?") != std::string::npos);
    }
  }
}

TEST_CASE("sqlite store: every Postkorb view pages through exactly the filtered tasks, in due order", "[store]") {
  ManyTasks tasks;
  for (const auto& [name, query] : views()) {
    const auto expected = tasks.expected(query);
    INFO(name << ": " << expected.size() << " tasks");
    REQUIRE(!expected.empty());
    for (int limit : {1, 7, 500}) {
      INFO("page size " << limit);
      CHECK(tasks.paged(query, limit) == expected);
    }
  }
}

}  // namespace
}  // namespace amtsweg
