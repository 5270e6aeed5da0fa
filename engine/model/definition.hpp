// The process language as plain value types: what dsl/ builds from YAML and runtime/ executes.
// Every element keeps its SourcePos so that validation and run-time errors can name file:line:column.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "engine/calendar/retention_period.hpp"

namespace amtsweg {

// 1-based position in the definition's source; line 0 means "not from a file".
struct SourcePos {
  int line = 0;
  int column = 0;
};

// A Lua expression (guards, computed values) or a Lua script (script actions).
// `pos` is where the code text itself starts (for block scalars: the line after the indicator),
// so that Lua's "chunk:N:" maps to file line pos.line + N - 1.
struct Expression {
  std::string code;
  SourcePos pos;
};

// A value in the YAML: a literal, or a Lua expression when written as a string starting with '='.
struct ValueSpec {
  boost::json::value literal;
  std::optional<Expression> expression;
  SourcePos pos;
};

using FieldSpecs = std::vector<std::pair<std::string, ValueSpec>>;

// set: {path: value, ...}: computed values into case data (dotted paths address nested objects).
struct SetAction {
  FieldSpecs fields;
};

// emit: an outbox message for integrators (webhooks), e.g. {type: certificate.issued, payload: {...}}.
struct EmitAction {
  std::string type;
  FieldSpecs payload;
};

// notify: a message to the applicant; subject and text are templates with {{ lua expression }}.
struct NotifyAction {
  std::string to = "applicant";
  std::string subject;
  std::string text;
  SourcePos subject_pos;  // where each template's text starts (for {{ }} error positions)
  SourcePos text_pos;
};

// script: Lua code that may read everything and change `data`.
struct ScriptAction {
  Expression code;
};

// assign: who works the state's task: a user (assignee) and/or a candidate role.
struct AssignAction {
  std::optional<ValueSpec> user;
  std::optional<ValueSpec> role;
};

// One action of `entry`, `exit` or `do`; with a guard (`when:` beside the action's key) it runs
// only when the guard holds, so a conditional message needs no state of its own.
struct Action {
  std::variant<SetAction, EmitAction, NotifyAction, ScriptAction, AssignAction> body;
  std::optional<Expression> guard;
  SourcePos pos;
};

// A transition: taken when its guard holds; without a target it is internal (actions only, the
// state is neither left nor re-entered).
struct Transition {
  std::optional<std::string> target;
  SourcePos target_pos;
  std::optional<Expression> guard;
  std::vector<Action> actions;
  SourcePos pos;
};

// A duration as written: an ISO-8601 duration (a fixed number of milliseconds, e.g. P14D) or a
// number of working days ("10 working days"), counted in the tenant's calendar when applied.
struct DurationSpec {
  std::string text;      // as written, for messages
  std::int64_t ms = 0;   // ISO-8601: the length
  int working_days = 0;  // "N working days": N >= 1 (ms is then 0)
  SourcePos pos;
  bool in_working_days() const { return working_days > 0; }
};

// after: a durable timer armed on entry: either a fixed delay (a duration, e.g. P14D)
// or an absolute time computed by an expression (`at: "= data.appointment"`).
struct TimerSpec {
  DurationSpec delay;            // when `in:` is used
  std::optional<Expression> at;  // when `at:` is used
  Transition transition;
  SourcePos pos;
};

// `x-enum-param: zones` on a field: its allowed values are the tenant's value of a param (a list),
// checked at intake, so that each municipality lists its own (parking zones, districts, ...).
struct ParamEnum {
  std::string field;  // dotted path as for personal fields: "zone", "vehicles[].zone"
  std::string param;
  SourcePos pos;  // of the param's name
};

// A JSON Schema (written in YAML) plus the fields marked as personal data.
struct FormSchema {
  boost::json::value schema;                 // null: no form
  std::vector<std::string> personal_fields;  // dotted paths of fields with `personal: true`
  std::vector<ParamEnum> param_enums;        // fields whose allowed values are a param
  SourcePos pos;
  bool empty() const { return schema.is_null(); }
};

// escalate: what happens once a task is overdue: a role is told, or the task is handed to it.
struct EscalationSpec {
  DurationSpec after;    // after the due time; zero when not written
  std::string notify;    // the role to notify ...
  std::string reassign;  // ... or the role the task is handed to (exactly one of the two)
  SourcePos pos;
};

// task: a human task created on entering the state; completing it posts `task.completed`.
struct TaskSpec {
  std::string title;        // template with {{ lua expression }}
  std::string description;  // template as well
  std::string role;         // candidate group, e.g. "standesamt"
  std::optional<ValueSpec> assignee;
  FormSchema form;                     // the clerk's decision form
  std::optional<DurationSpec> due;     // after creation
  std::optional<DurationSpec> remind;  // before the due time
  std::optional<EscalationSpec> escalate;
  bool four_eyes = false;                            // a second, different clerk must approve the completion
  std::string requires_document;                     // a document kind that must be attached before completion
  std::optional<Expression> requires_document_when;  // ... only while this guard holds (none: always)
  SourcePos pos;
  SourcePos title_pos;  // where each template's text starts (for {{ }} error positions)
  SourcePos description_pos;
};

struct StateDef;

// One region of a parallel state: a small flat state machine with its own start and finals.
struct Region {
  std::string name;
  std::string start;
  SourcePos start_pos;
  std::vector<StateDef> states;
  SourcePos pos;
};

using EventHandlers = std::vector<std::pair<std::string, std::vector<Transition>>>;

struct StateDef {
  std::string name;
  std::string title;  // what people call the state (e.g. "In Prüfung"); empty: its name
  std::string description;
  std::vector<Action> entry;
  std::vector<Action> exit;
  EventHandlers on;                // event type -> transitions, first matching guard wins
  std::vector<Transition> always;  // eventless decisions evaluated on entry
  std::vector<TimerSpec> after;
  std::optional<TaskSpec> task;
  bool final = false;
  std::string outcome;           // final states: approved, rejected, withdrawn, ...
  std::vector<Region> regions;   // non-empty: a parallel state
  std::vector<Transition> join;  // parallel states: taken when every region is final
  SourcePos pos;

  bool is_parallel() const { return !regions.empty(); }
  const std::vector<Transition>* handlers_for(const std::string& event_type) const;
};

// A parameter with a default that each tenant (municipality) may override.
struct ParamDef {
  std::string name;
  boost::json::value default_value;
  std::string description;
  SourcePos pos;
};

// correlate: keys under which events find a case, and the key that groups related cases.
struct Correlation {
  std::vector<std::pair<std::string, Expression>> keys;
  std::optional<Expression> related;
};

inline constexpr std::int64_t kMebibyte = 1024 * 1024;
// The largest `documents: max_size` a definition may set; the REST server's upload limit
// defaults to it, so every valid definition works with a default server.
inline constexpr std::int64_t kLargestDocumentSize = 32 * kMebibyte;

// documents: what a case's file (eAkte) accepts. Types are media types ("application/pdf") or
// ranges ("image/*"), lower case.
struct DocumentRules {
  std::int64_t max_size = 10 * kMebibyte;
  std::vector<std::string> types = {"application/pdf", "image/png", "image/jpeg",
                                    "application/xml", "text/xml",  "text/plain"};
  SourcePos pos;  // of `documents:`; line 0 when the defaults apply
};

// events: an event type the process declares. With `buffer`, an event of this type that no
// waiting case takes is kept that long and delivered once a matching case waits for it.
struct EventDecl {
  std::string type;
  std::string description;
  std::optional<DurationSpec> buffer;
  SourcePos pos;
};

// retention: how long a closed case keeps its personal data, counted from entering its final
// state, per outcome; the rule "default" applies to every outcome without its own.
struct RetentionRule {
  std::string outcome;  // an outcome of a final state, "cancelled", or "default"
  RetentionPeriod period;
  SourcePos pos;  // of the outcome's key
};

// stats: what the statistics API counts beyond states and outcomes. A dimension names a data
// path (e.g. payment_method: data.payment.method) whose values cases are counted by, each with the
// sum of the `amount` path; `success` lists the outcomes that are no drop-off.
struct StatsDimension {
  std::string name;
  std::string path;  // dotted, without the leading "data." (e.g. "payment.method")
  SourcePos pos;
};

struct StatsOutcome {
  std::string outcome;
  SourcePos pos;
};

struct StatsSpec {
  std::vector<StatsOutcome> success;  // empty: every outcome counts as success
  std::string amount;                 // dotted data path summed per dimension value, without "data."; empty: none
  std::vector<StatsDimension> dimensions;
};

// A whole definition: one state machine over one case.
struct ProcessDefinition {
  std::string id;
  int version = 0;  // as stated in the YAML; 0 when not stated
  std::string title;
  std::string description;
  // What one case is about in a line (e.g. the applicant's name), a template with {{ lua
  // expression }} rendered whenever the case changes; empty: none. Task listings show it.
  std::string summary;
  SourcePos summary_pos;  // where the template's text starts (for {{ }} error positions)
  std::string start;
  SourcePos start_pos;
  FormSchema form;
  std::vector<ParamDef> params;
  Correlation correlate;
  std::vector<StateDef> states;
  DocumentRules documents;
  std::vector<RetentionRule> retention;  // empty: personal data is kept until deleted otherwise
  std::vector<EventDecl> events;
  StatsSpec stats;
  std::string source_name;  // file name or "<api>", used in positions
  // Who deployed it, not part of the YAML: empty for a shared definition that every tenant may
  // use (EfA, deployed by the platform operator), else the one tenant that owns it.
  std::string owner_tenant;

  const StateDef* find_state(const std::string& name) const;
  const EventDecl* find_event(const std::string& type) const;
  // The state at a path as cases record it: "review" or "parallel/region/state"; nullptr if none.
  const StateDef* find_state_path(const std::string& path) const;
};

// Calls `visit(transition, kind)` for every transition of a state, kind naming where it is written.
template <typename Visit>
void for_each_transition(const StateDef& state, Visit visit) {
  for (const auto& [event, transitions] : state.on)
    for (const auto& transition : transitions) visit(transition, "on");
  for (const auto& transition : state.always) visit(transition, "always");
  for (const auto& timer : state.after) visit(timer.transition, "after");
  for (const auto& transition : state.join) visit(transition, "join");
}

// Finds a state by name among `states` (a definition's top level or a region); nullptr if absent.
const StateDef* find_state_in(const std::vector<StateDef>& states, const std::string& name);

}  // namespace amtsweg
