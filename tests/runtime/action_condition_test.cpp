// Conditional actions at run time: an action whose `when:` does not hold is skipped (entry, a
// transition's `do`, an internal transition), later actions see earlier ones, and a failing
// condition fails the whole command like any other code.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "engine/error.hpp"
#include "tests/support/engine_fixture.hpp"

using namespace amtsweg;
using namespace amtsweg::testing;
namespace json = boost::json;

namespace {

const std::string kConditionalYaml = R"(
id: conditional
title: Conditional actions
start: received
states:
  received:
    entry:
      - set: {fee: "= data.copies * 10"}
      - when: data.copies > 2
        set: {discount: true}
      - when: data.discount
        set: {fee: "= data.fee - 5"}
      - when: data.urgent
        emit: {type: urgent.received, payload: {copies: "= data.copies"}}
      - notify: {text: received}
      - when: data.urgent
        notify: {text: "urgent: {{ data.copies }}"}
    on:
      note:
        do:
          - when: event.payload.important
            set: {important_note: "= event.payload.text"}
      close:
        to: closed
        do:
          - when: event.payload.reason ~= nil
            set: {close_reason: "= event.payload.reason"}
          - when: event.payload.boom
            set: {x: "= nil + 1"}
  closed: {final: true}
)";

// The case's own messages: an emitted type, or "notify: <text>".
std::vector<std::string> messages_of(const std::vector<OutboxMessage>& outbox) {
  std::vector<std::string> messages;
  for (const auto& m : outbox) {
    if (m.kind == "emit") messages.push_back(m.type);
    if (m.kind == "notify") messages.push_back("notify: " + std::string(m.payload.at("text").as_string()));
  }
  return messages;
}

EventRequest event(const CaseRecord& c, const std::string& id, const std::string& type, const std::string& payload) {
  return EventRequest{c.tenant, id, type, json::object{{"case", c.id}}, json::parse(payload), "integrator"};
}

}  // namespace

TEST_CASE("entry actions run only when their condition holds, in order", "[runtime]") {
  EngineFixture f;
  f.deploy(kConditionalYaml);
  const CaseRecord plain = f.start("conditional", R"({"copies": 1})");
  CHECK(plain.data.at("fee").as_int64() == 10);
  CHECK_FALSE(plain.data.contains("discount"));
  CHECK(messages_of(f.engine->outbox("giessen", plain.id)) == std::vector<std::string>{"notify: received"});

  const CaseRecord urgent = f.start("conditional", R"({"copies": 3, "urgent": true})");
  CHECK(urgent.data.at("discount") == true);
  CHECK(urgent.data.at("fee").as_int64() == 25);  // the third action sees what the second set
  CHECK(messages_of(f.engine->outbox("giessen", urgent.id)) ==
        std::vector<std::string>{"urgent.received", "notify: received", "notify: urgent: 3"});
}

TEST_CASE("conditions in internal transitions and in a transition's do", "[runtime]") {
  EngineFixture f;
  f.deploy(kConditionalYaml);
  const CaseRecord c = f.start("conditional", R"({"copies": 1})");
  f.engine->deliver(event(c, "e1", "note", R"({"text": "unimportant"})"));
  f.engine->deliver(event(c, "e2", "note", R"({"text": "read this", "important": true})"));
  CHECK(f.engine->find_case("giessen", c.id)->record.data.at("important_note") == "read this");
  f.engine->deliver(event(c, "e3", "close", R"({})"));
  const auto closed = f.engine->find_case("giessen", c.id);
  CHECK(closed->record.state == "closed");
  CHECK_FALSE(closed->record.data.contains("close_reason"));
}

TEST_CASE("a condition that fails at run time fails the command and changes nothing", "[runtime]") {
  EngineFixture f;
  f.deploy(kConditionalYaml);
  const CaseRecord c = f.start("conditional", R"({"copies": 1})");
  try {
    f.engine->deliver(event(c, "e1", "close", R"({"boom": true})"));
    FAIL("the failing action was not reported");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::ScriptFailure);
  }
  const auto after = f.engine->find_case("giessen", c.id);
  CHECK(after->record.state == "received");
  CHECK(after->record.revision == c.revision);
}
