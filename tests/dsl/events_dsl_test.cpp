// `events:` in the language: declarations with a buffer time, and the mistakes authors make.
#include <catch2/catch.hpp>

#include "tests/dsl/dsl_test_support.hpp"

using namespace amtsweg;
using namespace amtsweg::testing;

TEST_CASE("events: declarations are read with their buffer time", "[dsl][buffer]") {
  const auto result = load_definition(yaml(R"(
id: t
title: T
start: a
events:
  payment.confirmed:
    buffer: P14D
    description: from the payment provider
  documents.received:
    buffer: 10 working days
states:
  a:
    on:
      payment.confirmed: [{to: b}]
      documents.received: [{to: b}]
  b:
    final: true
)"),
                                      "t.yaml");
  REQUIRE(result.ok());
  const auto& events = result.definition->events;
  REQUIRE(events.size() == 2);
  CHECK(events[0].type == "payment.confirmed");
  CHECK(events[0].buffer->ms == 14LL * 24 * 3600 * 1000);
  CHECK(events[0].description == "from the payment provider");
  CHECK(events[1].buffer->working_days == 10);
  CHECK(result.definition->find_event("documents.received") == &events[1]);
  CHECK(result.definition->find_event("other") == nullptr);
}

TEST_CASE("events: mistakes are reported where they are written", "[dsl][buffer]") {
  CHECK(findings(R"(
id: t
title: T
start: a
events:
  payment.confirmd:
    buffer: P14D
  task.completed:
    buffer: P1D
  paid:
    bufer: P1D
  late:
    buffer: PT0S
  odd: 5
states:
  a:
    on:
      payment.confirmed: [{to: b}]
      paid: [{to: b}]
      late: [{to: b}]
      odd: [{to: b}]
  b:
    final: true
)") == std::vector<std::string>{
           "t.yaml:5:3: event 'payment.confirmd' is declared but no state waits for it under 'on:'; did you mean "
           "'payment.confirmed'?",
           "t.yaml:7:3: 'task.completed' is raised by the engine itself and cannot be declared; declare events that "
           "other systems send",
           "t.yaml:7:3: event 'task.completed' is declared but no state waits for it under 'on:'",
           "t.yaml:9:3: missing 'buffer': how long an event that no case waits for yet is kept, e.g. P14D",
           "t.yaml:10:5: unknown key 'bufer'; did you mean 'buffer'?",
           "t.yaml:12:13: 'buffer' must be longer than zero",
           "t.yaml:13:8: event 'odd' must be a mapping, e.g. {buffer: P14D}",
       });
}
