// A valid definition becomes the expected model: states, transitions, guards, values, timers,
// tasks, params, form, correlation, parallel regions, and the positions of every piece of code.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "engine/dsl/loader.hpp"
#include "tests/dsl/dsl_test_support.hpp"

using namespace amtsweg;
using amtsweg::testing::yaml;

namespace {

const std::string kDefinition = yaml(R"(
id: urkunde
version: 3
title: Urkunde beantragen
description: Antrag auf eine Personenstandsurkunde
start: received
form:
  type: object
  required: [applicant]
  properties:
    applicant:
      type: object
      properties:
        name: {type: string, personal: true}
        birth:
          type: object
          properties:
            date: {type: string, personal: true}
    children:
      type: array
      items:
        type: object
        properties:
          name: {type: string, personal: true}
    copies: {type: integer, minimum: 1}
params:
  fee: 12
  office:
    default: Standesamt
    description: the responsible office
  limits: {copies: 5}
correlate:
  keys:
    reference: data.reference
  related: data.municipality
states:
  received:
    entry:
      - set:
          fee: "= params.fee * data.copies"
          note: keine
          count: 2
          address.city: '=  data.city'
    always:
      - to: review
        when: data.copies > 1
      - to: review
  review:
    task:
      title: "Urkunde für {{ data.applicant.name }}"
      description: Register prüfen
      role: standesamt
      assignee: "= data.clerk"
      due: P5D
      four_eyes: true
      form:
        type: object
        properties:
          decision: {type: string, enum: [approve, reject]}
    on:
      task.completed:
        - to: issued
          when: event.payload.decision == "approve"
          do:
            - emit: {type: certificate.issued, payload: {amount: "= data.fee", currency: EUR}}
        - to: rejected
      note.added:
        do:
          - script: |
              data.notes = (data.notes or 0) + 1
              data.last = now
      reminder: review
    after:
      - in: P1DT12H
        do:
          - notify: {subject: "Erinnerung", text: "Bitte {{ data.reference }} bearbeiten"}
      - at: "= data.deadline"
        to: rejected
  issued:
    final: true
    outcome: issued
    entry:
      - emit: certificate.sent
      - assign: {user: alice}
  rejected:
    final: true
    outcome: rejected
)");

const StateDef& state(const ProcessDefinition& definition, const std::string& name) {
  const StateDef* found = definition.find_state(name);
  REQUIRE(found != nullptr);
  return *found;
}

}  // namespace

TEST_CASE("a valid definition loads without diagnostics", "[dsl]") {
  LoadResult result = load_definition(kDefinition, "urkunde.yaml");
  REQUIRE(amtsweg::testing::formatted(result.diagnostics) == std::vector<std::string>{});
  REQUIRE(result.ok());
  const ProcessDefinition& d = *result.definition;
  CHECK(d.id == "urkunde");
  CHECK(d.version == 3);
  CHECK(d.title == "Urkunde beantragen");
  CHECK(d.description == "Antrag auf eine Personenstandsurkunde");
  CHECK(d.start == "received");
  CHECK(d.start_pos.line == 5);
  CHECK(d.start_pos.column == 8);
  CHECK(d.source_name == "urkunde.yaml");
  REQUIRE(d.states.size() == 4);
  CHECK(d.states[0].name == "received");
  CHECK(d.states[0].pos.line == 36);
  CHECK(d.states[0].pos.column == 3);
  CHECK(d.states[3].name == "rejected");
}

TEST_CASE("the form keeps its JSON Schema and the paths of personal fields", "[dsl]") {
  const ProcessDefinition d = *load_definition(kDefinition, "urkunde.yaml").definition;
  CHECK(d.form.personal_fields ==
        std::vector<std::string>{"applicant.name", "applicant.birth.date", "children[].name"});
  CHECK(d.form.pos.line == 7);
  CHECK(d.form.schema.at("type") == "object");
  CHECK(d.form.schema.at("required") == boost::json::array{"applicant"});
  CHECK(d.form.schema.at("properties").at("copies").at("minimum").is_int64());
  CHECK(d.form.schema.at("properties").at("applicant").at("properties").at("name").at("personal") == true);
}

TEST_CASE("params take a plain default or the long form", "[dsl]") {
  const ProcessDefinition d = *load_definition(kDefinition, "urkunde.yaml").definition;
  REQUIRE(d.params.size() == 5);
  CHECK(d.params[0].name == "fee");
  CHECK(d.params[0].default_value == 12);
  CHECK(d.params[0].pos.line == 26);
  CHECK(d.params[1].name == "office");
  CHECK(d.params[1].default_value == "Standesamt");
  CHECK(d.params[1].description == "the responsible office");
  CHECK(d.params[2].name == "limits");
  CHECK(d.params[2].default_value == boost::json::object{{"copies", 5}});
  // Every definition has the calendar params, which municipalities override like the others.
  CHECK(d.params[3].name == "closing_days");
  CHECK(d.params[3].default_value == boost::json::array{});
  CHECK(d.params[4].name == "time_zone");
  CHECK(d.params[4].default_value == "Europe/Berlin");
}

TEST_CASE("correlation keys and the related key are Lua expressions with positions", "[dsl]") {
  const ProcessDefinition d = *load_definition(kDefinition, "urkunde.yaml").definition;
  REQUIRE(d.correlate.keys.size() == 1);
  CHECK(d.correlate.keys[0].first == "reference");
  CHECK(d.correlate.keys[0].second.code == "data.reference");
  CHECK(d.correlate.keys[0].second.pos.line == 33);
  CHECK(d.correlate.keys[0].second.pos.column == 16);
  REQUIRE(d.correlate.related);
  CHECK(d.correlate.related->code == "data.municipality");
}

TEST_CASE("set values are literals, or expressions when they start with '='", "[dsl]") {
  const ProcessDefinition d = *load_definition(kDefinition, "urkunde.yaml").definition;
  const StateDef& received = state(d, "received");
  REQUIRE(received.entry.size() == 1);
  CHECK(received.entry[0].pos.line == 38);
  const auto& set = std::get<SetAction>(received.entry[0].body);
  REQUIRE(set.fields.size() == 4);
  CHECK(set.fields[0].first == "fee");
  REQUIRE(set.fields[0].second.expression);
  CHECK(set.fields[0].second.expression->code == "params.fee * data.copies");
  // `fee: "= params...`: the quote is at column 16, the code at 19.
  CHECK(set.fields[0].second.expression->pos.line == 39);
  CHECK(set.fields[0].second.expression->pos.column == 19);
  CHECK(set.fields[1].second.literal == "keine");
  CHECK_FALSE(set.fields[1].second.expression);
  CHECK(set.fields[2].second.literal == 2);
  CHECK(set.fields[3].first == "address.city");
  REQUIRE(set.fields[3].second.expression);
  CHECK(set.fields[3].second.expression->code == "data.city");  // '=' and both spaces stripped
  CHECK(set.fields[3].second.expression->pos.column == 29);
}

TEST_CASE("always transitions keep their order, guards and target positions", "[dsl]") {
  const ProcessDefinition d = *load_definition(kDefinition, "urkunde.yaml").definition;
  const StateDef& received = state(d, "received");
  REQUIRE(received.always.size() == 2);
  CHECK(received.always[0].target == "review");
  CHECK(received.always[0].target_pos.line == 44);
  CHECK(received.always[0].target_pos.column == 13);
  REQUIRE(received.always[0].guard);
  CHECK(received.always[0].guard->code == "data.copies > 1");
  CHECK(received.always[0].guard->pos.line == 45);
  CHECK(received.always[0].guard->pos.column == 15);
  CHECK_FALSE(received.always[1].guard);
}

TEST_CASE("a task keeps title, role, assignee, form, due date and four-eyes", "[dsl]") {
  const ProcessDefinition d = *load_definition(kDefinition, "urkunde.yaml").definition;
  const StateDef& review = state(d, "review");
  REQUIRE(review.task);
  const TaskSpec& task = *review.task;
  CHECK(task.title == "Urkunde für {{ data.applicant.name }}");
  CHECK(task.title_pos.line == 49);
  CHECK(task.title_pos.column == 15);
  CHECK(task.description == "Register prüfen");
  CHECK(task.role == "standesamt");
  REQUIRE(task.assignee);
  REQUIRE(task.assignee->expression);
  CHECK(task.assignee->expression->code == "data.clerk");
  REQUIRE(task.due);
  CHECK(task.due->text == "P5D");
  CHECK(task.due->ms == 5 * 24 * 3600 * 1000LL);
  CHECK_FALSE(task.due->in_working_days());
  CHECK(task.four_eyes);
  CHECK(task.form.schema.at("properties").at("decision").at("enum") == boost::json::array{"approve", "reject"});
  CHECK(task.pos.line == 49);
}

TEST_CASE("event handlers: a list, an internal transition, and the shorthand", "[dsl]") {
  const ProcessDefinition d = *load_definition(kDefinition, "urkunde.yaml").definition;
  const StateDef& review = state(d, "review");
  REQUIRE(review.on.size() == 3);
  const auto* completed = review.handlers_for("task.completed");
  REQUIRE(completed);
  REQUIRE(completed->size() == 2);
  CHECK((*completed)[0].target == "issued");
  CHECK((*completed)[0].guard->code == "event.payload.decision == \"approve\"");
  REQUIRE((*completed)[0].actions.size() == 1);
  const auto& emit = std::get<EmitAction>((*completed)[0].actions[0].body);
  CHECK(emit.type == "certificate.issued");
  REQUIRE(emit.payload.size() == 2);
  CHECK(emit.payload[0].second.expression->code == "data.fee");
  CHECK(emit.payload[1].second.literal == "EUR");

  const auto* note = review.handlers_for("note.added");
  REQUIRE(note);
  REQUIRE(note->size() == 1);
  CHECK_FALSE((*note)[0].target);  // internal: actions only
  const auto& script = std::get<ScriptAction>((*note)[0].actions[0].body);
  CHECK(script.code.code == "data.notes = (data.notes or 0) + 1\ndata.last = now\n");
  // A block scalar's code starts on the line after '|', at the content's indentation.
  CHECK(script.code.pos.line == 69);
  CHECK(script.code.pos.column == 15);

  const auto* reminder = review.handlers_for("reminder");
  REQUIRE(reminder);
  CHECK((*reminder)[0].target == "review");
  CHECK((*reminder)[0].target_pos.line == 71);
  CHECK((*reminder)[0].target_pos.column == 17);
}

TEST_CASE("timers: a duration in milliseconds, or an expression for the time", "[dsl]") {
  const ProcessDefinition d = *load_definition(kDefinition, "urkunde.yaml").definition;
  const StateDef& review = state(d, "review");
  REQUIRE(review.after.size() == 2);
  CHECK(review.after[0].delay.text == "P1DT12H");
  CHECK(review.after[0].delay.ms == 36 * 3600 * 1000LL);
  CHECK_FALSE(review.after[0].at);
  CHECK_FALSE(review.after[0].transition.target);
  const auto& notify = std::get<NotifyAction>(review.after[0].transition.actions[0].body);
  CHECK(notify.to == "applicant");
  CHECK(notify.subject == "Erinnerung");
  CHECK(notify.text == "Bitte {{ data.reference }} bearbeiten");
  CHECK(notify.text_pos.line == 75);
  CHECK(notify.text_pos.column == 52);
  REQUIRE(review.after[1].at);
  CHECK(review.after[1].at->code == "data.deadline");
  CHECK(review.after[1].at->pos.column == 16);
  CHECK(review.after[1].transition.target == "rejected");
  CHECK(review.after[1].pos.line == 76);
}

TEST_CASE("final states keep their outcome and entry actions", "[dsl]") {
  const ProcessDefinition d = *load_definition(kDefinition, "urkunde.yaml").definition;
  const StateDef& issued = state(d, "issued");
  CHECK(issued.final);
  CHECK(issued.outcome == "issued");
  REQUIRE(issued.entry.size() == 2);
  CHECK(std::get<EmitAction>(issued.entry[0].body).type == "certificate.sent");
  const auto& assign = std::get<AssignAction>(issued.entry[1].body);
  REQUIRE(assign.user);
  CHECK(assign.user->literal == "alice");
  CHECK_FALSE(assign.role);
  CHECK_FALSE(state(d, "review").final);
}

TEST_CASE("a parallel state has regions with their own start and states, and a join", "[dsl]") {
  LoadResult result = load_definition(yaml(R"(
id: p
title: P
start: both
states:
  both:
    parallel:
      left:
        start: working
        states:
          working:
            on: {left.done: finished}
          finished:
            final: true
      right:
        start: done
        states:
          done:
            final: true
    join:
      - to: end
    on:
      withdrawn: end
  end:
    final: true
)"),
                                      "p.yaml");
  REQUIRE(amtsweg::testing::formatted(result.diagnostics) == std::vector<std::string>{});
  const StateDef& both = state(*result.definition, "both");
  REQUIRE(both.is_parallel());
  REQUIRE(both.regions.size() == 2);
  CHECK(both.regions[0].name == "left");
  CHECK(both.regions[0].start == "working");
  CHECK(both.regions[0].start_pos.line == 8);
  CHECK(both.regions[0].pos.line == 7);
  REQUIRE(both.regions[0].states.size() == 2);
  CHECK(both.regions[0].states[0].handlers_for("left.done")->at(0).target == "finished");
  CHECK(both.regions[1].name == "right");
  CHECK(both.regions[1].states[0].final);
  REQUIRE(both.join.size() == 1);
  CHECK(both.join[0].target == "end");
  CHECK(both.on.size() == 1);
}
