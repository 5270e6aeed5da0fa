// Durations in working days and the deadlines of tasks in the process language: what the loader
// reads into the model, and each mistake reported at its exact file:line:column.
#include <catch2/catch.hpp>

#include "engine/dsl/duration.hpp"
#include "engine/dsl/loader.hpp"
#include "tests/dsl/dsl_test_support.hpp"

using amtsweg::load_definition;
using amtsweg::parse_duration;
using amtsweg::testing::findings;
using amtsweg::testing::yaml;
using Lines = std::vector<std::string>;

TEST_CASE("working days: 'N working days' and '1 working day'", "[dsl]") {
  const auto ten = parse_duration("10 working days");
  REQUIRE(ten.duration);
  CHECK(ten.duration->working_days == 10);
  CHECK(ten.duration->ms == 0);
  CHECK(ten.duration->text == "10 working days");
  CHECK(parse_duration("1 working day").duration->working_days == 1);
  CHECK(parse_duration("10000 working days").duration->working_days == 10000);
  CHECK(parse_duration("P14D").duration->ms == 14LL * 24 * 3600 * 1000);
  CHECK_FALSE(parse_duration("P14D").duration->in_working_days());

  CHECK(parse_duration("0 working days").problem == "'0 working days': the number of working days must be at least 1");
  CHECK(parse_duration("10001 working days").problem == "'10001 working days' is too long: at most 10000 working days");
  CHECK(parse_duration("99999999999 working days").problem ==
        "'99999999999 working days' is too long: at most 10000 working days");
  CHECK(parse_duration("10 workdays").problem ==
        "'10 workdays' is not a number of working days (e.g. 10 working days, 1 working day)");
  CHECK(parse_duration("-2 working days").problem ==
        "'-2 working days' is not a number of working days (e.g. 10 working days, 1 working day)");
  CHECK(parse_duration("ten working days").problem ==
        "'ten working days' is not a number of working days (e.g. 10 working days, 1 working day)");
  CHECK(parse_duration("2 Werktage").problem ==
        "'2 Werktage' is not a duration: write ISO-8601 (e.g. P14D, PT2H) or working days (e.g. 10 working days)");
  CHECK(parse_duration("P2M").problem == "'P2M' is not an ISO-8601 duration (e.g. P14D, PT2H)");
}

TEST_CASE("working days in after, due, remind and escalate are read into the model", "[dsl]") {
  const auto result = load_definition(yaml(R"(
id: t
title: T
start: a
states:
  a:
    task:
      title: A
      role: sachbearbeitung
      due: 10 working days
      remind: 2 working days
      escalate: {after: 1 working day, notify: leitung}
    after:
      - in: 20 working days
        to: b
  b:
    task:
      title: B
      role: sachbearbeitung
      due: P5D
      escalate: {reassign: leitung}
    on: {task.completed: c}
  c: {final: true}
)"),
                                      "t.yaml");
  REQUIRE(result.ok());
  const auto& a = *result.definition->find_state("a");
  REQUIRE(a.task->due);
  CHECK(a.task->due->working_days == 10);
  CHECK(a.task->due->pos.line == 9);
  CHECK(a.task->due->pos.column == 12);
  CHECK(a.task->remind->working_days == 2);
  REQUIRE(a.task->escalate);
  CHECK(a.task->escalate->after.working_days == 1);
  CHECK(a.task->escalate->notify == "leitung");
  CHECK(a.task->escalate->reassign.empty());
  CHECK(a.after[0].delay.working_days == 20);
  const auto& b = *result.definition->find_state("b");
  CHECK_FALSE(b.task->remind);
  CHECK(b.task->escalate->reassign == "leitung");
  CHECK(b.task->escalate->after.ms == 0);  // at the due time when 'after' is not written
  CHECK_FALSE(b.task->escalate->after.in_working_days());
}

TEST_CASE("bad working-day durations are reported at their values", "[dsl]") {
  REQUIRE(findings(R"(
id: t
title: T
start: a
states:
  a:
    task:
      title: A
      role: r
      due: 0 working days
      remind: 10 workng days
      escalate: {after: 20000 working days, notify: leitung}
    after:
      - in: ten working days
        to: b
      - {in: [10, working, days], to: b}
  b: {final: true}
)") == Lines{
           "t.yaml:9:12: '0 working days': the number of working days must be at least 1",
           "t.yaml:10:15: '10 workng days' is not a number of working days (e.g. 10 working days, 1 working day)",
           "t.yaml:11:25: '20000 working days' is too long: at most 10000 working days",
           "t.yaml:13:13: 'ten working days' is not a number of working days (e.g. 10 working days, 1 working "
           "day)",
           "t.yaml:15:14: 'in' must be a duration (e.g. P14D, PT2H or 10 working days)",
       });
}

TEST_CASE("bad remind and escalate are reported where they are written", "[dsl]") {
  REQUIRE(findings(R"(
id: t
title: T
start: a
states:
  a:
    task: {title: A, role: r, remind: P1D, escalate: {notify: leitung}}
    on: {go: b}
  b:
    task:
      title: B
      role: r
      due: P5D
      escalate: leitung
    on: {go: c}
  c:
    task:
      title: C
      role: r
      due: 3 working days
      escalate: {after: P1D, notify: leitung, reassign: chef}
    on: {go: d}
  d:
    task:
      title: D
      role: r
      due: 3 working days
      escalate: {after: P1D, notfy: leitung}
    on: {go: e}
  e:
    task: {title: E, role: r, due: P1D, escalate: {reassign: ""}}
    on: {go: f}
  f: {final: true}
)") == Lines{
           "t.yaml:6:31: 'remind' needs 'due': a reminder is counted back from the due date",
           "t.yaml:6:44: 'escalate' needs 'due': an escalation is counted from the due date",
           "t.yaml:13:17: 'escalate' must be a mapping {after: ..., notify: <role>} or {after: ..., reassign: "
           "<role>}",
           "t.yaml:20:47: 'escalate' has either 'notify' or 'reassign', not both",
           "t.yaml:27:17: 'escalate' needs 'notify' (the role to tell) or 'reassign' (the role to hand the task to)",
           "t.yaml:27:30: unknown key 'notfy'; did you mean 'notify'?",
           "t.yaml:30:62: 'reassign' must be the name of a role (e.g. standesamt)",
       });
}

TEST_CASE("a definition that declares a calendar param must give it a valid default", "[dsl]") {
  REQUIRE(findings(R"(
id: t
title: T
params:
  time_zone: Mars/Olympus
  closing_days: [2026-12-24, 2026-13-01]
start: a
states:
  a: {final: true}
)") == Lines{
           "t.yaml:4:3: time_zone: unknown time zone 'Mars/Olympus' (supported: Europe/Berlin, UTC)",
           "t.yaml:5:3: closing_days[1]: '2026-13-01' is not a date (YYYY-MM-DD)",
       });
  const auto result = load_definition(yaml(R"(
id: t
title: T
params:
  time_zone: UTC
start: a
states:
  a: {final: true}
)"),
                                      "t.yaml");
  REQUIRE(result.ok());
  REQUIRE(result.definition->params.size() == 2);  // the declared time_zone and the implicit closing_days
  CHECK(result.definition->params[0].default_value == "UTC");
  CHECK(result.definition->params[1].name == "closing_days");
}
