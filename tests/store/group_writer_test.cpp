// The group writer over a real store (each backend): commands share commits, a failing command leaves no
// trace while its group-mates commit, and its failure hook records it in the same transaction.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <future>
#include <thread>

#include "engine/error.hpp"
#include "engine/store/group_writer.hpp"
#include "tests/support/store_backends.hpp"

using namespace amtsweg;

namespace {

CaseRecord case_named(const std::string& id) {
  CaseRecord c;
  c.id = id;
  c.tenant = "giessen";
  c.process_id = "p";
  c.process_version = 1;
  c.state = "a";
  c.revision = 1;
  return c;
}

}  // namespace

TEST_CASE("group writer: results come back after commit and are visible to readers", "[store][writer]") {
  testing::TestDatabase database(GENERATE(from_range(testing::store_backends())));
  auto store = database.open();
  GroupWriter writer(*store);
  const int value = writer.run([](StoreWriter& w) {
    w.insert_case(case_named("C-1"));
    return 42;
  });
  CHECK(value == 42);
  CHECK(store->open_reader()->find_case("giessen", "C-1"));
}

TEST_CASE("group writer: a failing command is rolled back, recorded, and rethrown", "[store][writer]") {
  testing::TestDatabase database(GENERATE(from_range(testing::store_backends())));
  auto store = database.open();
  GroupWriter writer(*store);
  bool hook_ran = false;
  CHECK_THROWS_AS(writer.run(
                      [](StoreWriter& w) {
                        w.insert_case(case_named("C-bad"));
                        throw Error(ErrorKind::ScriptFailure, "guard failed");
                      },
                      [&](StoreWriter& w, const std::exception_ptr&) {
                        hook_ran = true;
                        w.insert_failure(FailureRecord{0, "giessen", "C-bad", 1, "test", "guard failed"});
                      }),
                  Error);
  CHECK(hook_ran);
  auto reader = store->open_reader();
  CHECK_FALSE(reader->find_case("giessen", "C-bad"));
  REQUIRE(reader->failures_of_case("C-bad").size() == 1);
  CHECK(reader->failures_of_case("C-bad")[0].message == "guard failed");
}

TEST_CASE("group writer: concurrent commands are grouped, failures stay isolated", "[store][writer]") {
  testing::TestDatabase database(GENERATE(from_range(testing::store_backends())));
  auto store = database.open();
  GroupWriter writer(*store);
  std::atomic<int> ok{0}, failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 40; ++i) {
        const std::string id = "C-" + std::to_string(t) + "-" + std::to_string(i);
        try {
          writer.run([&](StoreWriter& w) {
            w.insert_case(case_named(id));
            if (i % 10 == 9) throw Error(ErrorKind::RuleViolation, "every tenth fails");
          });
          ++ok;
        } catch (const Error&) {
          ++failed;
        }
      }
    });
  for (auto& t : threads) t.join();
  CHECK(ok == 288);
  CHECK(failed == 32);
  CaseQuery all;
  all.tenant = "giessen";
  all.limit = 1000;
  CHECK(store->open_reader()->cases(all).size() == 288);
  const auto stats = writer.stats();
  CHECK(stats.commands == 320);
  CHECK(stats.groups < stats.commands);
  CHECK(stats.queue_depth == 0);
  // The size histogram accounts for every group; the largest is in the bucket of its size.
  std::uint64_t histogram_groups = 0;
  for (const auto count : stats.groups_by_size) histogram_groups += count;
  CHECK(histogram_groups == stats.groups);
  CHECK(stats.groups_by_size.back() == 0);  // no group exceeds the default limit of 256
  const auto largest_bucket = std::lower_bound(kGroupSizeBounds.begin(), kGroupSizeBounds.end(), stats.largest_group) -
                              kGroupSizeBounds.begin();
  CHECK(stats.groups_by_size.at(static_cast<std::size_t>(largest_bucket)) >= 1);
}

TEST_CASE("group writer: a command the database refuses leaves no trace, its group-mates commit", "[store][writer]") {
  testing::TestDatabase database(GENERATE(from_range(testing::store_backends())));
  auto store = database.open();
  GroupWriter writer(*store);
  writer.run([](StoreWriter& w) { w.insert_case(case_named("C-1")); });
  // Submitted together, so that they share a group: the duplicate key fails inside the database
  // (on PostgreSQL that spoils the transaction until its savepoint is rolled back).
  std::vector<std::future<int>> results;
  for (int i = 2; i <= 6; ++i)
    results.push_back(writer.submit([i](StoreWriter& w) {
      w.insert_case(case_named(i == 4 ? "C-1" : "C-" + std::to_string(i)));
      w.insert_failure(FailureRecord{0, "giessen", "C-" + std::to_string(i), 1, "test", "written"});
      return i;
    }));
  int committed = 0;
  for (auto& result : results) {
    try {
      committed += result.get() > 0 ? 1 : 0;
    } catch (const Error& error) {
      CHECK(error.kind() == ErrorKind::Conflict);
    }
  }
  CHECK(committed == 4);
  auto reader = store->open_reader();
  CHECK(reader->all_case_ids() == std::vector<std::string>{"C-1", "C-2", "C-3", "C-5", "C-6"});
  CHECK(reader->failures_of_case("C-4").empty());
  CHECK(reader->failures_of_case("C-5").size() == 1);
}
