// A scenario file as plain values: the definition it tests, and named scenarios made of steps
// (intake, events, task commands, clock moves) and expectations, each with its file position.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "engine/clock.hpp"
#include "engine/model/definition.hpp"

namespace amtsweg {

// One expected value and where it is written (the position a failure report names).
struct Expected {
  std::string label;  // what is checked, as the report names it: "state", "data.fee", ...
  boost::json::value value;
  SourcePos pos;
};

// `error:` in an expect block: the step before must have been refused like this.
struct ErrorExpectation {
  std::optional<std::string> kind;     // "rule_violation", "conflict", ... (ErrorKind names)
  std::optional<std::string> message;  // contained in the refusal's message
  std::optional<std::string> field;    // a form field the refusal names ("/copies")
  SourcePos pos;
};

// One entry of `tasks:` or `messages:`: a subset of the record's fields (see the matcher).
struct RecordExpectation {
  boost::json::object fields;
  SourcePos pos;
};

struct Expectation {
  std::optional<Expected> state;
  std::optional<Expected> status;
  std::optional<Expected> outcome;
  std::optional<Expected> regions;                      // parallel states: region -> state (subset)
  std::vector<Expected> data;                           // label "data.<path>"
  std::optional<std::vector<RecordExpectation>> tasks;  // the open tasks, exactly these
  SourcePos tasks_pos;
  std::optional<std::vector<RecordExpectation>> messages;  // among the new outbox messages, in order
  SourcePos messages_pos;
  std::vector<Expected> no_messages;                        // types that must not be among the new messages
  std::optional<std::vector<RecordExpectation>> incidents;  // the case's incidents, oldest first, exactly these
  SourcePos incidents_pos;
  std::optional<std::vector<RecordExpectation>> buffered;  // the tenant's buffered events, in arrival order
  SourcePos buffered_pos;
  std::optional<ErrorExpectation> error;
};

// Which open task of the case a task step acts on; every given field must match.
struct TaskSelector {
  std::optional<std::string> state;  // the task's state (or the last part of a region's path)
  std::optional<std::string> title;  // contained in the title
  std::optional<std::string> role;
  SourcePos pos;
};

struct StartStep {
  boost::json::value application;
};

struct EventStep {
  std::string type;
  std::string id;                                  // generated when not written
  std::optional<boost::json::object> correlation;  // default: {"case": the case's id}
  boost::json::value payload = boost::json::object{};
  std::string actor;
};

enum class TaskStepKind { Claim, Unclaim, Delegate, Complete };

struct TaskStep {
  TaskStepKind kind = TaskStepKind::Complete;
  TaskSelector task;
  std::string by;  // the clerk
  std::string to;  // delegate: the new assignee
  boost::json::value data = boost::json::object{};
};

// `attach: {kind: nachweis, ...}`: a document added to the case's file, as an integrator or a
// clerk uploads it (a task with `requires_document` needs one of its kind).
struct AttachStep {
  std::string kind;  // empty: no kind
  std::string name;  // the file name
  std::string content_type = "application/pdf";
  std::string content;  // the bytes (text)
  std::string by;       // who attaches it
};

// `advance: P14D` (relative) or `clock: 2026-03-16T09:00:00Z` (absolute); due timers fire on the way.
struct ClockStep {
  std::int64_t advance_ms = 0;      // advance: how far
  std::optional<Timestamp> target;  // clock: the moment
};

struct Step {
  std::variant<StartStep, EventStep, TaskStep, AttachStep, ClockStep, Expectation> body;
  std::string kind;       // the key as written: "event", "complete", "attach", "expect", ...
  std::string case_name;  // the case it acts on; empty: the last one started
  SourcePos pos;
};

struct Scenario {
  std::string name;
  SourcePos pos;
  std::string tenant;
  boost::json::object params;  // the tenant's overrides (file-level merged with the scenario's)
  SourcePos params_pos;
  Timestamp clock = 0;
  std::vector<Step> steps;  // `application` and the `expect` after it come first
};

struct ScenarioFile {
  std::string path;          // as given
  std::string process_path;  // the definition's path (relative to the scenario file resolved)
  SourcePos process_pos;
  std::string definition_yaml;  // its text, deployed afresh for every scenario
  ProcessDefinition definition;
  std::vector<Scenario> scenarios;
};

}  // namespace amtsweg
