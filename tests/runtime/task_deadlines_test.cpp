// Deadlines in working days with the manual clock: a task's due date, its reminder and its
// escalation (each fired exactly once, cancelled when the task closes, fired after a restart),
// overdue tasks in the inbox, and the tenant's calendar params (closing days, time zone).
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "engine/error.hpp"
#include "engine/model/record_json.hpp"
#include "tests/support/engine_fixture.hpp"

using namespace amtsweg;
using namespace amtsweg::testing;
namespace json = boost::json;

namespace {

// Monday 2 March 2026 (kMonday, 10:00 in Berlin): due on Thursday, reminded on Wednesday,
// escalated on Friday, expired after 10 working days; every day ending at 23:59:59.999 CET.
constexpr const char* kApplicationYaml = R"yaml(
id: antrag
title: Antrag
start: review
states:
  review:
    entry:
      - set: {answer_by: "= add_working_days(date(now), 2)"}
    task:
      title: Antrag prüfen
      role: sachbearbeitung
      due: 3 working days
      remind: 1 working day
      escalate: {after: 1 working day, notify: leitung}
    after:
      - in: 10 working days
        to: expired
    on:
      task.completed: done
  done: {final: true}
  expired: {final: true}
)yaml";

constexpr const char* kReassigningYaml = R"(
id: widerspruch
title: Widerspruch
start: review
states:
  review:
    task:
      title: Widerspruch prüfen
      role: sachbearbeitung
      due: 2 working days
      escalate: {reassign: leitung}
    on:
      task.completed: done
  done: {final: true}
)";

Timestamp at(const char* text) { return *parse_timestamp(text); }

std::vector<OutboxMessage> notices(EngineFixture& f, const std::string& case_id) {
  std::vector<OutboxMessage> found;
  for (auto& message : f.engine->outbox("giessen", case_id))
    if (message.kind == "notify") found.push_back(std::move(message));
  return found;
}

std::vector<std::string> events_in_history(EngineFixture& f, const std::string& tenant, const std::string& case_id) {
  std::vector<std::string> events;
  for (const auto& entry : f.engine->history(tenant, case_id)) events.push_back(entry.event_type);
  return events;
}

std::vector<std::string> timer_kinds(EngineFixture& f, const std::string& tenant, const std::string& case_id) {
  std::vector<std::string> kinds;
  const auto view = f.engine->find_case(tenant, case_id);
  for (const auto& timer : view->timers) kinds.emplace_back(to_string(timer.kind));
  return kinds;
}

}  // namespace

TEST_CASE("a task's due date, reminder, escalation and a timer are counted in working days", "[runtime][deadlines]") {
  EngineFixture f;
  f.deploy(kApplicationYaml);
  const CaseRecord c = f.start("antrag", "{}");
  CHECK(c.data.at("answer_by") == "2026-03-04");  // add_working_days in the case's calendar
  const TaskRecord task = f.open_task("giessen", c.id);
  REQUIRE(task.due_at);
  CHECK(format_timestamp(*task.due_at) == "2026-03-05T22:59:59.999Z");
  CHECK(task.time_zone == "Europe/Berlin");
  const json::object view = to_json(task, f.clock.now());
  CHECK(view.at("due_local") == "2026-03-05T23:59:59.999+01:00");
  CHECK(view.at("overdue") == false);

  const auto timers = f.engine->find_case("giessen", c.id)->timers;
  REQUIRE(timers.size() == 3);
  std::map<std::string, std::string> due_by_kind;
  for (const auto& timer : timers) {
    due_by_kind[std::string(to_string(timer.kind))] = format_timestamp(timer.due_at);
    CHECK(timer.task_id == (timer.kind == TimerKind::After ? "" : task.id));
    CHECK(timer.state_path == "review");
  }
  CHECK(due_by_kind == std::map<std::string, std::string>{{"remind", "2026-03-04T22:59:59.999Z"},
                                                          {"escalate", "2026-03-06T22:59:59.999Z"},
                                                          {"after", "2026-03-16T22:59:59.999Z"}});
}

TEST_CASE("a reminder and an escalation each fire exactly once, at their time", "[runtime][deadlines]") {
  EngineFixture f;
  f.deploy(kApplicationYaml);
  const CaseRecord c = f.start("antrag", "{}");
  const TaskRecord task = f.open_task("giessen", c.id);

  f.clock.set(at("2026-03-04T22:59:59.998Z"));
  CHECK(f.engine->fire_due_timers().fired == 0);
  f.clock.set(at("2026-03-04T22:59:59.999Z"));
  CHECK(f.engine->fire_due_timers().fired == 1);
  CHECK(f.engine->fire_due_timers().fired == 0);
  auto sent = notices(f, c.id);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].type == "task.reminder");
  CHECK(sent[0].payload.at("to") == "role:sachbearbeitung");  // nobody holds the task yet
  CHECK(sent[0].payload.at("task_id").as_string() == task.id);
  CHECK(sent[0].payload.at("due_local") == "2026-03-05T23:59:59.999+01:00");
  CHECK(sent[0].payload.at("subject") == "Erinnerung: Antrag prüfen");
  CHECK(sent[0].payload.at("text") == "Die Aufgabe „Antrag prüfen“ ist am 05.03.2026 um 23:59 Uhr fällig.");

  // Not overdue until the due date has passed; then marked and found by the inbox filter.
  TaskQuery overdue;
  overdue.tenant = "giessen";
  overdue.overdue_at = f.clock.now();
  CHECK(f.engine->tasks(overdue).empty());
  f.clock.set(at("2026-03-05T23:00:00Z"));
  overdue.overdue_at = f.clock.now();
  REQUIRE(f.engine->tasks(overdue).size() == 1);
  CHECK(to_json(f.open_task("giessen", c.id), f.clock.now()).at("overdue") == true);
  TaskQuery not_overdue;
  not_overdue.tenant = "giessen";
  not_overdue.not_overdue_at = f.clock.now();
  CHECK(f.engine->tasks(not_overdue).empty());

  f.clock.set(at("2026-03-06T22:59:59.999Z"));
  CHECK(f.engine->fire_due_timers().fired == 1);
  CHECK(f.engine->fire_due_timers().fired == 0);
  sent = notices(f, c.id);
  REQUIRE(sent.size() == 2);
  CHECK(sent[1].type == "task.escalation");
  CHECK(sent[1].payload.at("to") == "role:leitung");
  CHECK(sent[1].payload.at("text") ==
        "Die Aufgabe „Antrag prüfen“ war am 05.03.2026 um 23:59 Uhr fällig und ist noch nicht erledigt.");
  CHECK(events_in_history(f, "giessen", c.id) ==
        std::vector<std::string>{"case.started", "task.reminded", "task.escalated"});
  const auto history = f.engine->history("giessen", c.id);
  CHECK(history[1].detail.at("to") == "role:sachbearbeitung");
  CHECK(history[2].detail.at("notified") == "role:leitung");
  CHECK(f.engine->find_case("giessen", c.id)->record.state == "review");  // the case itself waits on
  CHECK(timer_kinds(f, "giessen", c.id) == std::vector<std::string>{"after"});
}

TEST_CASE("a reminder goes to the clerk who holds the task", "[runtime][deadlines]") {
  EngineFixture f;
  f.deploy(kApplicationYaml);
  const CaseRecord c = f.start("antrag", "{}");
  f.engine->claim("giessen", f.open_task("giessen", c.id).id, "anna");
  f.clock.set(at("2026-03-05T08:00:00Z"));
  CHECK(f.engine->fire_due_timers().fired == 1);
  CHECK(notices(f, c.id).at(0).payload.at("to") == "user:anna");
}

TEST_CASE("an escalation may hand the overdue task to another role", "[runtime][deadlines]") {
  EngineFixture f;
  f.deploy(kReassigningYaml);
  const CaseRecord c = f.start("widerspruch", "{}");
  const TaskRecord task = f.engine->claim("giessen", f.open_task("giessen", c.id).id, "anna");
  f.clock.set(at("2026-03-04T22:59:59.999Z"));  // due (and escalated, after: 0) at the end of Wednesday
  CHECK(f.engine->fire_due_timers().fired == 1);
  const TaskRecord handed = f.open_task("giessen", c.id);
  CHECK(handed.id == task.id);
  CHECK(handed.role == "leitung");
  CHECK(handed.assignee.empty());
  CHECK(handed.status == TaskStatus::Open);
  const auto outbox = f.engine->outbox("giessen", c.id);
  CHECK(outbox.back().type == "task.reassigned");
  const auto history = f.engine->history("giessen", c.id);
  CHECK(history.back().event_type == "task.escalated");
  CHECK(history.back().detail.at("reassigned_to") == "leitung");
  CHECK(history.back().detail.at("from_role") == "sachbearbeitung");
  CHECK(history.back().detail.at("from_assignee") == "anna");
  CHECK(f.engine->fire_due_timers().fired == 0);
  f.engine->complete("giessen", task.id, "lena", json::object{});  // the new role finishes it
  CHECK(f.engine->find_case("giessen", c.id)->record.state == "done");
}

TEST_CASE("closing the task cancels its reminder and escalation, not the state's timers", "[runtime][deadlines]") {
  EngineFixture f;
  f.deploy(kApplicationYaml);

  SECTION("completed: the case moves on and nothing of the task fires") {
    const CaseRecord c = f.start("antrag", "{}");
    f.engine->complete("giessen", f.open_task("giessen", c.id).id, "anna", json::object{});
    CHECK(f.engine->find_case("giessen", c.id)->timers.empty());
    f.clock.set(at("2026-04-01T00:00:00Z"));
    CHECK(f.engine->fire_due_timers().fired == 0);
    CHECK(notices(f, c.id).empty());
  }
  SECTION("cancelled while the case stays in the state: only the state's own timer is left") {
    const CaseRecord c = f.start("antrag", "{}");
    f.engine->cancel_task("giessen", f.open_task("giessen", c.id).id, "admin");
    CHECK(f.engine->find_case("giessen", c.id)->record.state == "review");
    CHECK(timer_kinds(f, "giessen", c.id) == std::vector<std::string>{"after"});
    f.clock.set(at("2026-03-16T22:59:59.999Z"));
    CHECK(f.engine->fire_due_timers().fired == 1);
    CHECK(notices(f, c.id).empty());
    CHECK(f.engine->find_case("giessen", c.id)->record.state == "expired");
  }
}

TEST_CASE("reminders and escalations that fell due while the engine was down fire after reopening, in due order",
          "[runtime][deadlines]") {
  EngineFixture f;
  f.deploy(kApplicationYaml);
  const CaseRecord c = f.start("antrag", "{}");
  f.reopen();
  f.clock.set(at("2026-03-10T08:00:00Z"));
  CHECK(f.engine->fire_due_timers().fired == 2);
  CHECK(f.engine->fire_due_timers().fired == 0);
  const auto sent = notices(f, c.id);
  REQUIRE(sent.size() == 2);
  CHECK(sent[0].type == "task.reminder");
  CHECK(sent[1].type == "task.escalation");
  CHECK(timer_kinds(f, "giessen", c.id) == std::vector<std::string>{"after"});
}

TEST_CASE("a reminder whose time has passed when the task is created is not armed", "[runtime][deadlines]") {
  EngineFixture f;
  f.deploy(R"(
id: kurz
title: Kurz
start: review
states:
  review:
    task: {title: Sofort, role: r, due: PT1H, remind: P1D}
    on: {task.completed: done}
  done: {final: true}
)");
  const CaseRecord c = f.start("kurz", "{}");
  CHECK(f.engine->find_case("giessen", c.id)->timers.empty());
  CHECK(format_timestamp(*f.open_task("giessen", c.id).due_at) == "2026-03-02T10:00:00Z");
}

TEST_CASE("a tenant's closing days and time zone apply to its own cases", "[runtime][deadlines]") {
  EngineFixture f;
  f.deploy(kApplicationYaml);
  f.engine->set_tenant_params("kassel", "antrag", json::object{{"closing_days", json::array{"2026-03-04"}}});
  f.engine->set_tenant_params("marburg", "antrag", json::object{{"time_zone", "UTC"}});

  const CaseRecord giessen = f.start("antrag", "{}", "giessen");
  const CaseRecord kassel = f.start("antrag", "{}", "kassel");
  const CaseRecord marburg = f.start("antrag", "{}", "marburg");
  CHECK(format_timestamp(*f.open_task("giessen", giessen.id).due_at) == "2026-03-05T22:59:59.999Z");
  CHECK(format_timestamp(*f.open_task("kassel", kassel.id).due_at) == "2026-03-06T22:59:59.999Z");
  CHECK(kassel.data.at("answer_by") == "2026-03-05");  // the closing day is skipped in Lua too
  const TaskRecord utc_task = f.open_task("marburg", marburg.id);
  CHECK(format_timestamp(*utc_task.due_at) == "2026-03-05T23:59:59.999Z");
  CHECK(utc_task.time_zone == "UTC");
  CHECK(to_json(utc_task, f.clock.now()).at("due_local") == "2026-03-05T23:59:59.999+00:00");
}

TEST_CASE("bad calendar params are refused naming the field and change nothing", "[runtime][deadlines]") {
  EngineFixture f;
  f.deploy(kApplicationYaml);
  f.engine->set_tenant_params("kassel", "antrag", json::object{{"closing_days", json::array{"2026-03-04"}}});
  auto refusal = [&](json::object params) {
    try {
      f.engine->set_tenant_params("kassel", "antrag", params);
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::InvalidArgument);
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  CHECK(refusal({{"closing_days", json::array{"2026-03-05", "5.3.2026"}}}) ==
        "closing_days[1]: '5.3.2026' is not a date (YYYY-MM-DD)");
  CHECK(refusal({{"time_zone", "Europe/Paris"}}) ==
        "time_zone: unknown time zone 'Europe/Paris' (supported: Europe/Berlin, UTC)");
  const CaseRecord c = f.start("antrag", "{}", "kassel");  // still only 4 March closed
  CHECK(format_timestamp(*f.open_task("kassel", c.id).due_at) == "2026-03-06T22:59:59.999Z");
}
