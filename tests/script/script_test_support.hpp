// Shared fixtures for the script tests: a case's bindings built from JSON text, and helpers that
// evaluate a code string at a known source position.
#pragma once

#include <boost/json.hpp>
#include <string>

#include "engine/error.hpp"
#include "engine/script/script_engine.hpp"

namespace amtsweg::script_test {

// 2026-03-15T10:30:00Z
inline constexpr Timestamp kNow = 1'773'570'600'000;

// Owns the JSON values that ScriptBindings points to.
struct CaseFixture {
  boost::json::object data = boost::json::parse(R"({
      "name": "Erika Mustermann", "age": 34, "fee": 12.5, "married": false,
      "address": {"city": "Köln", "zip": "50667"},
      "children": [{"name": "Anna", "age": 4}, {"name": "Ben", "age": 9}],
      "tags": ["eilig", "online"], "submitted": "2026-03-01T08:00:00Z"})")
                                 .as_object();
  boost::json::value task = boost::json::parse(R"({"id": "t-1", "decision": "approve", "form": {"note": "ok"}})");
  boost::json::value event = boost::json::parse(R"({"type": "payment.received", "payload": {"amount": 25}})");
  boost::json::value params = boost::json::parse(R"({"fee": 25, "office": "Standesamt", "deadline_days": 14})");
  boost::json::value case_info = boost::json::parse(R"({"id": "c-42", "state": "review", "tenant": "koeln"})");
  boost::json::value related =
      boost::json::parse(R"([{"id": "c-1", "data": {"amount": 1000}}, {"id": "c-2", "data": {"amount": 3000}}])");

  ScriptBindings bindings() {
    ScriptBindings b;
    b.data = &data;
    b.task = &task;
    b.event = &event;
    b.params = &params;
    b.case_info = &case_info;
    b.related = &related;
    b.now = kNow;
    b.source_name = "processes/test.yaml";
    return b;
  }
};

inline Expression code(std::string text, SourcePos pos = {1, 1}) { return Expression{std::move(text), pos}; }

// The message of the ScriptFailure that `action` throws; fails the test if it throws nothing.
template <class Action>
std::string failure_message(Action&& action) {
  try {
    action();
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::ScriptFailure) return "wrong error kind: " + std::string(e.what());
    return e.what();
  }
  return "<no error>";
}

}  // namespace amtsweg::script_test
