// Instance migration: running cases of version 1 moved to version 2 by the plan (renamed state by
// a mapping, removed state refused), tasks kept or recreated, timers re-armed, the chain verifiable.
#include <catch2/catch.hpp>

#include <algorithm>
#include <boost/json.hpp>

#include "engine/error.hpp"
#include "tests/runtime/licence_versions.hpp"
#include "tests/support/engine_fixture.hpp"

using namespace amtsweg;
using namespace amtsweg::testing;
namespace json = boost::json;

namespace {

const CaseMigration& of(const MigrationReport& report, const std::string& case_id) {
  for (const auto& c : report.cases)
    if (c.case_id == case_id) return c;
  throw std::runtime_error("case " + case_id + " is not in the report");
}

}  // namespace

TEST_CASE("migration: renamed state by the map, removed state refused, dry run changes nothing", "[migration]") {
  EngineFixture f;
  f.deploy(kLicenceV1, "licence.yaml");
  // Three running cases of version 1 (intake with a claimed task, review, waiting), one closed
  // case and one of another tenant.
  const CaseRecord intake = f.start("licence", "{}");
  const TaskRecord intake_task = f.engine->claim("giessen", f.open_task("giessen", intake.id).id, "anna");
  const CaseRecord review = f.start("licence", "{}");
  f.engine->complete("giessen", f.open_task("giessen", review.id).id, "anna", json::object{});
  const TaskRecord review_task = f.open_task("giessen", review.id);
  const CaseRecord parked = f.start("licence", "{}");
  f.engine->deliver(
      EventRequest{"giessen", "park-1", "park", json::object{{"case", parked.id}}, json::object{}, "portal"});
  const CaseRecord closed = f.start("licence", "{}");
  f.engine->cancel_case("giessen", closed.id, "admin", "withdrawn");
  const CaseRecord other = f.start("licence", "{}", "marburg");
  CHECK(f.deploy(kLicenceV2, "licence.yaml") == 2);
  f.clock.set(kMonday + kDay);

  MigrationRequest request;
  request.tenant = "giessen";
  request.process_id = "licence";
  request.from_version = 1;
  request.to_version = 2;
  request.actor = "admin";

  SECTION("without a map, review and waiting are refused and named; a dry run changes nothing") {
    request.dry_run = true;
    const auto before = f.engine->find_case("giessen", review.id)->record;
    const auto history_before = f.engine->history("giessen", review.id).size();
    const MigrationReport report = f.engine->migrate_cases(request);
    REQUIRE(report.cases.size() == 3);  // the closed case and marburg's are not listed
    CHECK(of(report, intake.id).result == "would_migrate");
    CHECK(of(report, intake.id).effect.kept_tasks == std::vector<std::string>{intake_task.id});
    CHECK(of(report, review.id).result == "refused");
    CHECK_THAT(of(report, review.id).reason, Catch::Contains("no state 'review'"));
    CHECK_THAT(of(report, review.id).reason, Catch::Contains("review=STATE"));
    CHECK(of(report, parked.id).result == "refused");
    CHECK(report.count("would_migrate") == 1);
    const auto after = f.engine->find_case("giessen", review.id)->record;
    CHECK(after.revision == before.revision);
    CHECK(after.process_version == 1);
    CHECK(f.engine->history("giessen", review.id).size() == history_before);
    CHECK(f.engine->find_case("giessen", intake.id)->record.process_version == 1);
    CHECK(f.engine->find_case("giessen", intake.id)->record.revision == intake.revision + 1);  // the claim only
    const json::object json_report = to_json(report);
    CHECK(json_report.at("dry_run") == true);
    CHECK(json_report.at("counts").at("refused") == 2);
  }

  SECTION("with review=checking: kept and recreated tasks, a re-armed timer, history, audit, verify") {
    request.map = {{"review", "checking"}};
    const MigrationReport report = f.engine->migrate_cases(request);
    REQUIRE(report.cases.size() == 3);
    const MigrationStep* step = report.plan.find("review");
    REQUIRE(step);
    CHECK(step->to == "checking");
    CHECK(step->task == TaskFate::Recreated);
    CHECK(step->timers == std::vector<std::string>{"P30D"});
    CHECK(report.plan.find("intake")->task == TaskFate::Kept);

    // intake: the claimed task stays as it was.
    CHECK(of(report, intake.id).result == "migrated");
    const auto intake_view = f.engine->find_case("giessen", intake.id);
    CHECK(intake_view->record.process_version == 2);
    CHECK(intake_view->record.state == "intake");
    const TaskRecord kept = f.open_task("giessen", intake.id);
    CHECK(kept.id == intake_task.id);
    CHECK(kept.assignee == "anna");

    // review -> checking: old task cancelled, the new one created, the timer armed with P30D,
    // and no entry action ran.
    const CaseMigration& moved = of(report, review.id);
    CHECK(moved.result == "migrated");
    CHECK(moved.to_state == "checking");
    CHECK(moved.effect.cancelled_tasks == std::vector<std::string>{review_task.id});
    CHECK(moved.effect.created_tasks == std::vector<std::string>{"checking"});
    const auto view = f.engine->find_case("giessen", review.id);
    CHECK(view->record.state == "checking");
    CHECK(view->record.process_version == 2);
    CHECK_FALSE(view->record.data.contains("entered"));
    CHECK(f.engine->find_task("giessen", review_task.id)->status == TaskStatus::Cancelled);
    const TaskRecord created = f.open_task("giessen", review.id);
    CHECK(created.title == "Check");
    CHECK(created.state_path == "checking");
    REQUIRE(view->timers.size() == 1);
    CHECK(view->timers.front().state_path == "checking");
    CHECK(view->timers.front().due_at == kMonday + kDay + 30 * kDay);

    // history entry and audit entry
    const auto history = f.engine->history("giessen", review.id);
    const HistoryEntry& last = history.back();
    CHECK(last.event_type == "case.migrated");
    CHECK(last.from_state == "review");
    CHECK(last.to_state == "checking");
    CHECK(last.actor == "admin");
    CHECK(last.detail.at("from_version") == 1);
    CHECK(last.detail.at("to_version") == 2);
    AuditQuery audit;
    audit.tenant = "giessen";
    audit.action = audit_action::kCaseMigrated;
    const auto entries = f.engine->audit_log(audit);
    CHECK(entries.size() == 2);

    // waiting is refused and unchanged; closed and other tenant's cases stay on version 1.
    CHECK(of(report, parked.id).result == "refused");
    CHECK(f.engine->find_case("giessen", parked.id)->record.process_version == 1);
    CHECK(f.engine->find_case("giessen", closed.id)->record.process_version == 1);
    CHECK(f.engine->find_case("marburg", other.id)->record.process_version == 1);
    CHECK(f.engine->find_case("marburg", other.id)->record.revision == other.revision);
    CHECK(f.engine->verify().empty());

    // The moved case runs on version 2: completing the new task follows its rules.
    f.engine->complete("giessen", created.id, "bernd", json::object{});
    CHECK(f.engine->find_case("giessen", review.id)->record.state == "granted");
    CHECK(f.engine->verify().empty());

    // Run again: nothing left at version 1 but the refused case.
    const MigrationReport again = f.engine->migrate_cases(request);
    REQUIRE(again.cases.size() == 1);
    CHECK(again.cases.front().case_id == parked.id);
  }

  SECTION("the map may send a removed state elsewhere; a mapping to a missing state refuses its cases") {
    request.map = {{"review", "checking"}, {"waiting", "nowhere"}};
    MigrationReport report = f.engine->migrate_cases(request);
    CHECK(of(report, parked.id).result == "refused");
    CHECK_THAT(of(report, parked.id).reason, Catch::Contains("'nowhere'"));
    request.map = {{"waiting", "checking"}};
    report = f.engine->migrate_cases(request);
    CHECK(of(report, parked.id).result == "migrated");
    CHECK(of(report, parked.id).effect.created_tasks == std::vector<std::string>{"checking"});
    CHECK(f.engine->verify().empty());
  }

  SECTION("bad requests") {
    request.map = {{"nosuch", "checking"}};
    try {
      f.engine->migrate_cases(request);
      FAIL("a map key that is no state of version 1 was accepted");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::InvalidArgument);
      CHECK(e.details().at("parameter") == "map.nosuch");
    }
    request.map.clear();
    request.to_version = 3;
    try {
      f.engine->migrate_cases(request);
      FAIL("a missing version was accepted");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::NotFound);
    }
    request.to_version = 1;
    try {
      f.engine->migrate_cases(request);
      FAIL("equal versions were accepted");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::InvalidArgument);
      CHECK(e.details().at("parameter") == "to");
    }
  }
}

TEST_CASE("migration: a case held by an open incident is refused", "[migration]") {
  EngineFixture f;
  f.deploy(R"yaml(id: held
title: Held
start: waiting
states:
  waiting:
    after:
      - in: P1D
        do:
          - script: "error('broken')"
    on:
      go: done
  done:
    final: true
)yaml");
  const CaseRecord c = f.start("held", "{}");
  f.deploy(R"(id: held
title: Held again
start: waiting
states:
  waiting:
    on:
      go: done
  done:
    final: true
)");
  f.clock.set(kMonday + 2 * kDay);
  const FireReport fired = f.engine->fire_due_timers();
  REQUIRE(fired.failed == 1);
  MigrationRequest request{"giessen", "held", 1, 2, {}, false, 100, "admin"};
  const MigrationReport report = f.engine->migrate_cases(request);
  REQUIRE(report.cases.size() == 1);
  CHECK(report.cases.front().result == "refused");
  CHECK_THAT(report.cases.front().reason, Catch::Contains("incident"));
  CHECK(f.engine->find_case("giessen", c.id)->record.process_version == 1);
}

namespace {

constexpr const char* kPermitV1 = R"(id: permit
title: Permit
start: checks
states:
  checks:
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
            on:
              task.completed: checked
          checked:
            final: true
    join:
      - to: approved
  approved:
    final: true
)";

// environment unchanged; building's check renamed to review; a new region fire.
constexpr const char* kPermitV2 = R"(id: permit
title: Permit
start: checks
states:
  checks:
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
        start: review
        states:
          review:
            task: {title: Building review, role: bauamt}
            on:
              task.completed: checked
          checked:
            final: true
      fire:
        start: check
        states:
          check:
            task: {title: Fire check, role: feuerwehr}
            on:
              task.completed: checked
          checked:
            final: true
    join:
      - to: approved
  approved:
    final: true
)";

}  // namespace

TEST_CASE("migration: parallel regions keep, map, end and start their states", "[migration]") {
  EngineFixture f;
  f.deploy(kPermitV1, "permit.yaml");
  const CaseRecord c = f.start("permit", "{}");
  TaskQuery query;
  query.tenant = "giessen";
  query.case_id = c.id;
  std::string environment_task, building_task;
  for (const auto& task : f.engine->tasks(query))
    (task.role == "umweltamt" ? environment_task : building_task) = task.id;
  f.deploy(kPermitV2, "permit.yaml");
  MigrationRequest request{"giessen", "permit", 1, 2, {}, false, 100, "admin"};

  MigrationReport report = f.engine->migrate_cases(request);
  REQUIRE(report.cases.size() == 1);
  CHECK(report.cases.front().result == "refused");
  CHECK_THAT(report.cases.front().reason, Catch::Contains("checks/building/check=STATE"));

  request.map = {{"checks/building/check", "review"}};
  report = f.engine->migrate_cases(request);
  REQUIRE(report.cases.size() == 1);
  const CaseMigration& moved = report.cases.front();
  REQUIRE(moved.result == "migrated");
  CHECK(moved.regions ==
        std::map<std::string, std::string>{{"building", "review"}, {"environment", "check"}, {"fire", "check"}});
  CHECK(moved.effect.kept_tasks == std::vector<std::string>{environment_task});
  CHECK(moved.effect.cancelled_tasks == std::vector<std::string>{building_task});
  CHECK(moved.effect.created_tasks.size() == 2);
  std::vector<std::string> open;
  for (const auto& task : f.engine->tasks(query)) open.push_back(task.state_path + ":" + task.title);
  std::sort(open.begin(), open.end());
  CHECK(open == std::vector<std::string>{"checks/building/review:Building review",
                                         "checks/environment/check:Environmental check",
                                         "checks/fire/check:Fire check"});
  CHECK(f.engine->verify().empty());
}

TEST_CASE("migration: a suspended case moves and stays suspended", "[migration]") {
  EngineFixture f;
  f.deploy(kLicenceV1, "licence.yaml");
  const CaseRecord c = f.start("licence", "{}");
  f.engine->suspend_case("giessen", c.id, "admin");
  f.deploy(kLicenceV2, "licence.yaml");
  const MigrationReport report =
      f.engine->migrate_cases(MigrationRequest{"giessen", "licence", 1, 2, {}, false, 1, "admin"});
  REQUIRE(report.cases.size() == 1);
  CHECK(report.cases.front().result == "migrated");
  const CaseRecord moved = f.engine->find_case("giessen", c.id)->record;
  CHECK(moved.process_version == 2);
  CHECK(moved.status == CaseStatus::Suspended);
  CHECK(f.engine->verify().empty());
}
