// The scenario runner: passing scenarios, failures reported with position and both sides,
// refusals expected or not, clock moves that fire timers at their due times, several cases.
#include <catch2/catch.hpp>

#include "tests/scenario/scenario_fixture.hpp"

using namespace amtsweg;
using namespace amtsweg::testing;

TEST_CASE("a scenario whose expectations hold passes", "[scenario]") {
  ScenarioFixture f;
  const auto results = f.run(R"(
process: certificate.yaml
tenant: giessen
clock: 2026-03-02T09:00:00Z
scenarios:
  paid, checked and issued:
    params: {fee_first: 15.0}
    application: {name: Erika, copies: 3}
    expect:
      state: awaiting_payment
      status: active
      data: {fee: 27.0, payment_ref: "PAY-${case.id}"}
      tasks: []
    steps:
      - advance: P2D
      - event: {type: payment.confirmed, correlation: {payment_ref: "${data.payment_ref}"}, payload: {amount: 27}}
      - expect:
          state: review
          data: {paid: 27}
          tasks: [{state: review, title: Erika, role: standesamt, status: open, assignee: ~, due: 2026-03-09T09:00:00Z}]
          messages: [{kind: task, type: task.created}]
      - claim: {task: review, by: anna}
      - expect: {tasks: [{assignee: anna, status: claimed, due: 2026-03-09}]}
      - complete: {by: anna, data: {decision: approve}}
      - expect:
          state: issued
          status: completed
          outcome: issued
          tasks: []
          messages:
            - {kind: notify, to: applicant, subject: certificate, text: "Dear Erika"}
            - {type: case.completed, payload: {outcome: issued}}
          no_messages: [payment.requested]
)");
  INFO(f.report(results));
  REQUIRE(results.size() == 1);
  CHECK(results[0].passed());
  CHECK(f.report(results) == "PASS paid, checked and issued\n");
}

TEST_CASE("a failing scenario reports each difference of the failing expect block with its position", "[scenario]") {
  ScenarioFixture f;
  const auto results = f.run(R"(
process: certificate.yaml
scenarios:
  wrong fee:
    application: {name: Erika, copies: 2}
    expect:
      state: review
      data: {fee: 20, payment_ref: "PAY-${case.id}", missing: {x: 1}}
    steps:
      - expect: {state: cancelled}
)");
  REQUIRE(results.size() == 1);
  const auto& mismatches = results[0].mismatches;
  REQUIRE(mismatches.size() == 3);  // the block after the failing one is not checked
  CHECK(mismatches[0].pos.line == 6);
  CHECK(mismatches[0].pos.column == 14);
  CHECK(f.report(results) ==
        "FAIL wrong fee\n"
        "  t.scenarios.yaml:6:14: state\n"
        "    expected: \"review\"\n"
        "    actual:   \"awaiting_payment\"\n"
        "  t.scenarios.yaml:7:14: data.fee\n"
        "    expected: 20\n"
        "    actual:   18.0\n"
        "  t.scenarios.yaml:7:54: data.missing\n"
        "    expected: {\"x\": 1}\n"
        "    actual:   (absent)\n");
}

TEST_CASE("task and message expectations show the actual tasks and messages when they fail", "[scenario]") {
  ScenarioFixture f;
  const auto results = f.run(R"(
process: certificate.yaml
scenarios:
  fee-free:
    application: {name: Max, copies: 1, purpose: pension}
    expect:
      tasks: [{state: review, role: buergerbuero}]
      messages: [{type: payment.requested}]
)");
  REQUIRE(results[0].mismatches.size() == 2);
  const std::string report = f.report(results);
  CHECK(report.find(
            "t.scenarios.yaml:6:7: tasks (the open tasks)\n"
            "    expected: 1 task\n"
            "              {\"state\": \"review\", \"role\": \"buergerbuero\"}\n"
            "    actual:   1 open task\n"
            "              {\"state\": \"review\", \"title\": \"Check request of Max\", \"role\": \"standesamt\", "
            "\"status\": \"open\", \"due\": \"2026-01-10T09:00:00Z\"}\n") != std::string::npos);
  CHECK(report.find("t.scenarios.yaml:7:18: messages (in this order, since the last expect)\n"
                    "    expected: {\"type\": \"payment.requested\"}\n"
                    "    actual:   2 new messages\n"
                    "              case case.started {}\n"
                    "              task task.created {\"title\": \"Check request of Max\"}\n") != std::string::npos);
}

TEST_CASE("a refusal is expected with error, an unexpected one, or a missing one, fails", "[scenario]") {
  ScenarioFixture f;
  const auto results = f.run(R"(
process: certificate.yaml
scenarios:
  expected refusals:
    application: {name: Max, copies: 0}
    expect:
      error: {kind: rule_violation, message: application is invalid, field: /copies}
    steps:
      - start: {case: second, application: {name: Max, copies: 1, purpose: pension}}
      - complete: {task: review, by: anna, data: {decision: maybe}}
      - expect:
          error: {kind: rule_violation, field: /decision}
          state: review
  unexpected refusal:
    application: {name: Max, copies: 1, purpose: pension}
    steps:
      - complete: {by: anna, data: {}}
      - expect: {state: issued}
  missing refusal:
    application: {name: Max, copies: 1, purpose: pension}
    steps:
      - complete: {by: anna, data: {decision: approve}}
      - expect: {error: {kind: conflict}}
  wrong refusal:
    application: {name: Max, copies: 1}
    expect:
      error: {kind: conflict, message: nope, field: /name}
)");
  REQUIRE(results.size() == 4);
  CHECK(results[0].passed());
  const std::string report = f.report(results);
  INFO(report);
  CHECK(report.find("FAIL unexpected refusal\n"
                    "  t.scenarios.yaml:16:9: complete was refused\n"
                    "    expected: success (or an 'expect: {error: ...}' right after the step)\n"
                    "    actual:   rule_violation: task form is invalid: /decision: Missing required property "
                    "'decision'.\n") != std::string::npos);
  CHECK(report.find("FAIL missing refusal\n"
                    "  t.scenarios.yaml:22:18: error\n"
                    "    expected: the step before to be refused\n"
                    "    actual:   it succeeded\n") != std::string::npos);
  REQUIRE(results[3].mismatches.size() == 1);  // the application was accepted
  CHECK(results[3].mismatches[0].actual == "it succeeded");
}

TEST_CASE("a failed start leaves no case: later steps on it fail, naming the step", "[scenario]") {
  ScenarioFixture f;
  const auto results = f.run(R"(
process: certificate.yaml
scenarios:
  no case:
    application: {name: Max}
    expect: {error: {field: /copies}}
    steps:
      - complete: {by: anna, data: {decision: approve}}
)");
  REQUIRE(results[0].mismatches.size() == 1);
  CHECK(results[0].mismatches[0].pos.line == 7);
  CHECK(results[0].mismatches[0].actual == "none: its start was refused or it was never started");
}

TEST_CASE("a task step needs exactly one matching open task", "[scenario]") {
  ScenarioFixture f;
  const auto results = f.run(R"(
process: certificate.yaml
scenarios:
  no such task:
    application: {name: Max, copies: 1, purpose: pension}
    steps:
      - claim: {task: {state: review, role: buergerbuero}, by: anna}
)");
  REQUIRE(results[0].mismatches.size() == 1);
  const auto& mismatch = results[0].mismatches[0];
  CHECK(mismatch.pos.line == 6);
  CHECK(mismatch.pos.column == 23);
  CHECK(mismatch.expected == "one open task like {\"state\": \"review\", \"role\": \"buergerbuero\"}");
  CHECK(mismatch.actual.rfind("none matches: 1 open task\n", 0) == 0);
}

TEST_CASE("clock moves fire each timer at its due time, and never go back", "[scenario]") {
  ScenarioFixture f(R"(id: chain
title: Timer chain
start: first
states:
  first:
    after:
      - {in: P1D, to: second}
  second:
    entry:
      - set: {second_at: "= now"}
    after:
      - {in: P1D, to: third}
      - {in: PT12H, do: [{set: {half_day_at: "= now"}}]}
  third:
    entry:
      - set: {third_at: "= now"}
    after:
      - {in: P14D, to: done}
  done:
    final: true
)");
  const auto results = f.run(R"(
process: certificate.yaml
clock: 2026-03-02T09:00:00Z
scenarios:
  chain:
    application: {}
    steps:
      - advance: P3D
      - expect:
          state: third
          data: {second_at: 2026-03-03T09:00:00Z, half_day_at: 2026-03-03T21:00:00Z, third_at: 2026-03-04T09:00:00Z}
      - clock: 2026-03-18T08:59:59Z
      - expect: {state: third}
      - advance: PT1S
      - expect: {state: done, status: completed}
      - clock: 2026-03-01T00:00:00Z
)");
  INFO(f.report(results));
  REQUIRE(results[0].mismatches.size() == 1);
  CHECK(results[0].mismatches[0].pos.line == 15);
  CHECK(results[0].mismatches[0].what == "clock");
  CHECK(results[0].mismatches[0].actual == "2026-03-01T00:00:00Z");
}

TEST_CASE("start steps name further cases, steps and expectations address them with case", "[scenario]") {
  ScenarioFixture f;
  const auto results = f.run(R"(
process: certificate.yaml
scenarios:
  two cases:
    application: {name: Erika, copies: 1}
    steps:
      - start: {case: pension, application: {name: Max, copies: 1, purpose: pension}}
      - expect: {state: review}
      - expect: {case: main, state: awaiting_payment}
      - event: {case: main, type: payment.confirmed, payload: {amount: 12}}
      - complete: {case: main, by: anna, data: {decision: reject, reason: unknown entry}}
      - expect: {case: main, state: rejected, data: {reason: unknown entry}}
      - expect: {state: review, tasks: [{state: review, title: Max}]}
      - event: {id: pay-1, type: payment.confirmed, correlation: {case: "${case.id}"}, payload: {amount: 1}}
      - expect: {state: review}
)");
  INFO(f.report(results));
  CHECK(results[0].passed());
}

TEST_CASE("scenario files: control characters in an application or task data are refused naming the field",
          "[scenario][poison]") {
  ScenarioFixture f;
  const auto results = f.run(R"(
process: certificate.yaml
scenarios:
  nul in the application:
    application: {name: "Max\0", copies: 1}
    expect: {error: {kind: invalid_argument, message: "U+0000", field: data.name}}
  nul in a task decision:
    application: {name: Max, copies: 1, purpose: pension}
    steps:
      - complete: {by: anna, data: {decision: "approve\0 or not"}}
      - expect:
          error: {kind: invalid_argument, field: data.decision}
          state: review
)");
  REQUIRE(results.size() == 2);
  INFO(f.report(results));
  CHECK(results[0].passed());
  CHECK(results[1].passed());
}
