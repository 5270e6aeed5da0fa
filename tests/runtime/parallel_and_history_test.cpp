// Parallel regions (two offices working one case, join, leaving early) and the tamper-evident
// history checked by verify().
#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <boost/json.hpp>

#include "engine/error.hpp"
#include "tests/runtime/certificate_process.hpp"
#include "tests/support/engine_fixture.hpp"

using namespace amtsweg;
using namespace amtsweg::testing;
namespace json = boost::json;

namespace {

constexpr const char* kPermitYaml = R"(id: permit
title: Tree felling permit
start: review
states:
  review:
    parallel:
      environment:
        start: check
        states:
          check:
            task: {title: Environmental check, role: umweltamt}
            on:
              task.completed: checked
          checked:
            final: true
      building:
        start: check
        states:
          check:
            task: {title: Building check, role: bauamt}
            after:
              - in: P10D
                do:
                  - emit: building.reminder
            on:
              task.completed: checked
          checked:
            final: true
    join:
      - to: approved
    on:
      withdrawn: withdrawn
  approved:
    final: true
    outcome: approved
  withdrawn:
    final: true
    outcome: withdrawn
)";

std::vector<TaskRecord> open_tasks(EngineFixture& f, const std::string& case_id) {
  TaskQuery query;
  query.tenant = "giessen";
  query.case_id = case_id;
  return f.engine->tasks(query);
}

}  // namespace

TEST_CASE("a parallel state runs its regions at once and joins when all are final", "[runtime][parallel]") {
  EngineFixture f;
  f.deploy(kPermitYaml);
  const CaseRecord c = f.start("permit", "{}");
  CHECK(c.state == "review");
  CHECK(c.regions.at("environment") == "check");
  CHECK(c.regions.at("building") == "check");
  auto tasks = open_tasks(f, c.id);
  REQUIRE(tasks.size() == 2);
  const auto& env = tasks[0].role == "umweltamt" ? tasks[0] : tasks[1];
  const auto& bld = tasks[0].role == "bauamt" ? tasks[0] : tasks[1];
  CHECK(env.state_path == "review/environment/check");
  f.engine->complete("giessen", env.id, "ulla", json::object{});
  auto view = f.engine->find_case("giessen", c.id);
  CHECK(view->record.state == "review");
  CHECK(view->record.regions.at("environment") == "checked");
  CHECK(view->record.regions.at("building") == "check");
  f.engine->complete("giessen", bld.id, "bert", json::object{});
  view = f.engine->find_case("giessen", c.id);
  CHECK(view->record.state == "approved");
  CHECK(view->record.outcome == "approved");
  CHECK(view->record.regions.empty());
  CHECK(view->timers.empty());
}

TEST_CASE("a timer inside a region fires without leaving the region", "[runtime][parallel]") {
  EngineFixture f;
  f.deploy(kPermitYaml);
  const CaseRecord c = f.start("permit", "{}");
  f.clock.set(kMonday + 10 * kDay);
  CHECK(f.engine->fire_due_timers().fired == 1);
  const auto outbox = f.engine->outbox("giessen", c.id);
  CHECK(
      std::any_of(outbox.begin(), outbox.end(), [](const OutboxMessage& m) { return m.type == "building.reminder"; }));
  CHECK(f.engine->find_case("giessen", c.id)->record.regions.at("building") == "check");
}

TEST_CASE("a transition out of a parallel state cancels the regions' tasks and timers", "[runtime][parallel]") {
  EngineFixture f;
  f.deploy(kPermitYaml);
  const CaseRecord c = f.start("permit", "{}");
  f.engine->deliver(EventRequest{"giessen", "w1", "withdrawn", json::object{{"case", c.id}}, json::object{}, "portal"});
  const auto view = f.engine->find_case("giessen", c.id);
  CHECK(view->record.state == "withdrawn");
  CHECK(view->record.outcome == "withdrawn");
  CHECK(view->timers.empty());
  REQUIRE(view->tasks.size() == 2);
  for (const auto& t : view->tasks) CHECK(t.status == TaskStatus::Cancelled);
  CHECK(open_tasks(f, c.id).empty());
}

TEST_CASE("verify accepts an untouched history and finds a tampered one", "[runtime][history]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const CaseRecord a = f.start("certificate", R"({"name": "Erika", "copies": 1})");
  const CaseRecord b = f.start("certificate", R"({"name": "Max", "copies": 2})");
  CHECK(f.engine->verify().empty());
  f.engine.reset();
  f.store.reset();
  {
    SQLite::Database db(f.db_path(), SQLite::OPEN_READWRITE);
    db.exec("UPDATE history SET actor = 'mallory' WHERE case_id = '" + b.id + "' AND seq = 1");
  }
  f.open();
  const auto findings = f.engine->verify();
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].case_id == b.id);
  CHECK(findings[0].seq == 1);
  CHECK(findings[0].reason.find("hash") != std::string::npos);
  (void)a;
}

TEST_CASE("verify finds a deleted history entry", "[runtime][history]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const CaseRecord c = f.start("certificate", R"({"name": "Erika", "copies": 1})");
  f.engine.reset();
  f.store.reset();
  {
    SQLite::Database db(f.db_path(), SQLite::OPEN_READWRITE);
    db.exec("DELETE FROM history WHERE case_id = '" + c.id + "' AND seq = 2");
  }
  f.open();
  const auto findings = f.engine->verify();
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].case_id == c.id);
}
