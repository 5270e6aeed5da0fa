// Retention of personal data over a real SQLite store: when a rule falls due, the personal values
// of case data, task data, history, documents, personal notes and buffered events are deleted, the
// case stays as a skeleton, the protocol says what happened without naming anyone, and `verify`
// passes afterwards yet still finds every other change.
#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <thread>

#include "engine/error.hpp"
#include "engine/model/incident_json.hpp"
#include "engine/model/record_json.hpp"
#include "engine/runtime/history_chain.hpp"
#include "engine/runtime/redaction.hpp"
#include "engine/runtime/timer_scheduler.hpp"
#include "tests/support/engine_fixture.hpp"

using namespace amtsweg;
using namespace amtsweg::testing;
namespace json = boost::json;

namespace {

constexpr const char* kLicenceYaml = R"(id: licence
title: Licence
start: review
summary: "{{ data.applicant.name }}"
retention: {issued: P1Y, rejected: P3Y, default: P6M}
events:
  proof.received: {buffer: P30D}
form:
  type: object
  required: [applicant, kind]
  properties:
    applicant:
      type: object
      required: [name]
      properties:
        name: {type: string, personal: true}
        email: {type: string, personal: true}
    kind: {type: string}
    children:
      type: array
      items:
        type: object
        properties:
          name: {type: string, personal: true}
          age: {type: integer}
states:
  review:
    task:
      title: "Licence for {{ data.applicant.name }}"
      role: amt
      form:
        type: object
        required: [decision]
        properties:
          decision: {enum: [issue, reject]}
          remark: {type: string, personal: true}
          email: {type: string, personal: true}
    on:
      task.completed:
        - to: issued
          when: event.payload.decision == 'issue'
          do:
            - set: {applicant.email: "= event.payload.email or data.applicant.email"}
        - to: rejected
      proof.received:
        - do:
            - set: {proof: "= event.payload.number"}
  issued:
    final: true
    outcome: issued
  rejected:
    final: true
    outcome: rejected
)";

constexpr const char* kApplication =
    R"({"applicant": {"name": "Erika Mustermann", "email": "erika@example.org"}, "kind": "angler",
        "children": [{"name": "Lena Mustermann", "age": 9}, {"age": 12}]})";

// Everything a case has that could hold a personal value, as one text.
std::string everything_of(EngineFixture& f, const std::string& case_id) {
  const auto view = f.engine->find_case("giessen", case_id);
  json::array all{json::value_from(to_json(view->record))};
  for (const auto& task : view->tasks) all.push_back(to_json(task, f.clock.now()));
  for (const auto& entry : f.engine->history("giessen", case_id)) all.push_back(to_json(entry));
  for (const auto& note : f.engine->notes("giessen", case_id)) all.push_back(to_json(note));
  for (const auto& document : f.engine->documents("giessen", case_id)) all.push_back(to_json(document));
  for (const auto& deletion : f.engine->deletions("giessen")) all.push_back(to_json(deletion));
  for (const auto& event : f.engine->buffered_events(BufferedEventQuery{"giessen"})) all.push_back(to_json(event));
  return json::serialize(all);
}

// An issued licence with a personal and a plain note, a document, and an event that waited in the
// buffer while the case was suspended.
CaseRecord issued_licence(EngineFixture& f) {
  f.deploy(kLicenceYaml);
  const CaseRecord c = f.start("licence", kApplication);
  f.engine->suspend_case("giessen", c.id, "clerk.anna");
  f.engine->deliver(EventRequest{"giessen", "E-" + c.id, "proof.received", json::object{{"case", c.id}},
                                 json::object{{"number", 7}, {"holder", "Erika Mustermann"}}, "portal"});
  f.engine->resume_case("giessen", c.id, "clerk.anna");
  f.engine->add_note("giessen", c.id, "Frau Mustermann rief an.", "clerk.anna", true);
  f.engine->add_note("giessen", c.id, "Akte vollständig.", "clerk.anna");
  f.engine->attach_document(
      DocumentUpload{"giessen", c.id, "Ausweis Mustermann.pdf", "", "application/pdf", "%PDF-1.7 x", "clerk.anna"});
  const TaskRecord task = f.open_task("giessen", c.id);
  f.engine->claim("giessen", task.id, "clerk.anna");
  f.engine->complete("giessen", task.id, "clerk.anna",
                     json::parse(R"({"decision": "issue", "remark": "Erika Mustermann persönlich bekannt",
                                     "email": "erika.neu@example.org"})"));
  return f.engine->find_case("giessen", c.id)->record;
}

void tamper(EngineFixture& f, const std::string& sql) {
  f.engine.reset();
  f.store.reset();
  {
    SQLite::Database db(f.db_path(), SQLite::OPEN_READWRITE);
    db.exec(sql);
  }
  f.open();
}

}  // namespace

TEST_CASE("retention deletes personal data when its rule falls due and keeps the case as a skeleton",
          "[runtime][retention]") {
  EngineFixture f;
  const CaseRecord c = issued_licence(f);
  REQUIRE(c.status == CaseStatus::Completed);
  REQUIRE(everything_of(f, c.id).find("Mustermann") != std::string::npos);
  REQUIRE(f.engine->verify().empty());

  // Planned for one calendar year after the case was closed; nothing is due yet.
  const auto plan = f.engine->retention_plan();
  REQUIRE(plan.size() == 1);
  CHECK(plan[0].candidate.case_id == c.id);
  CHECK(plan[0].rule == "issued: P1Y");
  CHECK(format_timestamp(plan[0].due_at) == "2027-03-02T09:00:00Z");
  CHECK(plan[0].fields == std::vector<std::string>{"applicant.name", "applicant.email", "children[].name"});
  CHECK(f.engine->apply_retention().deleted.empty());

  f.clock.set(plan[0].due_at);
  const RetentionReport report = f.engine->apply_retention();
  REQUIRE(report.failures.empty());
  REQUIRE(report.deleted.size() == 1);
  const DeletionRecord& line = report.deleted[0];
  CHECK(line.rule == "issued: P1Y");
  CHECK(line.outcome == "issued");
  CHECK(line.deleted.at("data_fields") == 3);
  CHECK(line.deleted.at("task_values") == 3);  // remark and email, and the title rendered with the name
  CHECK(line.deleted.at("notes") == 1);
  CHECK(line.deleted.at("buffered_events") == 1);
  CHECK(line.deleted.at("documents").as_array().size() == 1);
  CHECK(line.deleted.at("history_values").as_int64() >= 5);

  // No value of the person is left anywhere the engine shows, the protocol included.
  const std::string after = everything_of(f, c.id);
  CHECK(after.find("Mustermann") == std::string::npos);
  CHECK(after.find("Erika") == std::string::npos);
  CHECK(after.find("erika@example.org") == std::string::npos);
  CHECK(after.find("erika.neu@example.org") == std::string::npos);

  // The statistical skeleton stays: process, outcome, status, non-personal data, the history's steps.
  const auto view = f.engine->find_case("giessen", c.id);
  CHECK(view->record.status == CaseStatus::Completed);
  CHECK(view->record.outcome == "issued");
  CHECK(view->record.data.at("kind") == "angler");
  CHECK(view->record.data.at("children").at(0).as_object() == json::object{{"age", 9}});
  CHECK(view->record.data.at("applicant").as_object().empty());
  CHECK(view->record.data.at("proof") == 7);
  CHECK(view->tasks.at(0).data.as_object() == json::object{{"decision", "issue"}});
  CHECK(view->tasks.at(0).title == "Licence for {{ data.applicant.name }}");
  const auto history = f.engine->history("giessen", c.id);
  CHECK(history.back().event_type == "retention.deleted");
  CHECK(history.back().detail.at("message") == "personal data deleted under retention rule issued: P1Y");
  CHECK(f.engine->documents("giessen", c.id).empty());
  REQUIRE(f.engine->notes("giessen", c.id).size() == 1);
  CHECK(f.engine->notes("giessen", c.id)[0].text == "Akte vollständig.");

  // The chain verifies, with the documents retention deleted accounted for.
  CHECK(f.engine->verify().empty());
  // Once: the case is done, and later runs leave it alone.
  CHECK(f.engine->retention_plan().empty());
  f.clock.advance(std::chrono::hours(24 * 400));
  CHECK(f.engine->apply_retention().deleted.empty());
  const auto protocol = f.engine->deletions("giessen");
  REQUIRE(protocol.size() == 1);
  CHECK(protocol[0].case_id == c.id);
  CHECK(f.engine->deletions("wetzlar").empty());  // another tenant's protocol
}

TEST_CASE("after deletion, verify still finds every other change", "[runtime][retention][history]") {
  EngineFixture f;
  const CaseRecord c = issued_licence(f);
  f.clock.set(f.engine->retention_plan().at(0).due_at);
  REQUIRE(f.engine->apply_retention().deleted.size() == 1);
  REQUIRE(f.engine->verify().empty());
  // The step to `issued`, whose changes hold the applicant's old and new values.
  const std::string where = " WHERE case_id = '" + c.id + "' AND json_extract(changes, '$.applicant') IS NOT NULL";

  SECTION("a changed field outside the personal values") {
    tamper(f, "UPDATE history SET actor = 'mallory'" + where);
    const auto findings = f.engine->verify();
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].reason == "content does not match its hash");
  }
  SECTION("a deleted value written back") {
    tamper(f, "UPDATE history SET changes = json_set(changes, '$.applicant[1].name', 'Eve')" + where);
    const auto findings = f.engine->verify();
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].reason == "personal value /changes/applicant/1/name was deleted but is present again");
  }
  SECTION("a commitment removed to pass a value off as covered") {
    tamper(f, "UPDATE history SET sealed = json_remove(sealed, '$.\"/changes/applicant/1/name\"')" + where);
    const auto findings = f.engine->verify();
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].reason == "content does not match its hash");
  }
  SECTION("the retention entry itself") {
    tamper(f, "UPDATE history SET detail = json_set(detail, '$.rule', 'default: P1D') WHERE case_id = '" + c.id +
                  "' AND event_type = 'retention.deleted'");
    const auto findings = f.engine->verify();
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].reason == "content does not match its hash");
  }
}

TEST_CASE("before deletion, a changed personal value does not match its commitment", "[runtime][retention][history]") {
  EngineFixture f;
  const CaseRecord c = issued_licence(f);
  tamper(f, "UPDATE history SET changes = json_set(changes, '$.applicant[1].name', 'Eve') WHERE case_id = '" + c.id +
                "' AND json_extract(changes, '$.applicant') IS NOT NULL");
  const auto findings = f.engine->verify();
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].reason == "personal value /changes/applicant/1/name does not match its commitment");
}

TEST_CASE("history entries seal personal values with salted commitments", "[runtime][retention][history]") {
  EngineFixture f;
  const CaseRecord c = issued_licence(f);
  const auto history = f.engine->history("giessen", c.id);
  const auto with_applicant = [](const HistoryEntry& e) { return e.changes.contains("applicant"); };
  const auto step = std::find_if(history.begin(), history.end(), with_applicant);
  REQUIRE(step != history.end());
  CHECK(step->chain_version == 2);
  const auto& seal = step->sealed.at("/changes/applicant/1/name").as_object();
  const std::string salt(seal.at("salt").as_string());
  CHECK(salt.size() == 32);
  CHECK(seal.at("commitment") == json::value(sha256_hex(salt + "\"Erika Mustermann\"")));
  CHECK(step->sealed.contains("/changes/applicant/0/email"));
  CHECK(step->sealed.contains("/changes/applicant/1/email"));
  CHECK(step->sealed.size() == 4);
  // The clerk's completion: the personal fields of the task's form and the rendered title, not the decision.
  const auto completion = std::find_if(history.begin(), history.end(), [](const HistoryEntry& e) {
    return e.detail.contains("data") && e.event_type == "task.completed";
  });
  REQUIRE(completion != history.end());
  CHECK(completion->sealed.contains("/detail/data/remark"));
  CHECK(completion->sealed.contains("/detail/data/email"));
  CHECK(completion->sealed.contains("/detail/title"));
  CHECK_FALSE(completion->sealed.contains("/detail/data/decision"));
  // Two equal values get different salts, so equal commitments do not show that they are equal.
  const CaseRecord other = issued_licence(f);
  const auto other_history = f.engine->history("giessen", other.id);
  const auto other_step = std::find_if(other_history.begin(), other_history.end(), with_applicant);
  REQUIRE(other_step != other_history.end());
  CHECK(other_step->sealed.at("/changes/applicant/1/name").at("commitment") != seal.at("commitment"));
}

TEST_CASE("a municipality overrides retention periods like params", "[runtime][retention]") {
  EngineFixture f;
  const CaseRecord c = issued_licence(f);
  f.engine->set_tenant_params("giessen", "licence", json::object{{"retention", json::object{{"issued", "P2Y"}}}},
                              "admin");
  const auto plan = f.engine->retention_plan();
  REQUIRE(plan.size() == 1);
  CHECK(plan[0].rule == "issued: P2Y");
  CHECK(format_timestamp(plan[0].due_at) == "2028-03-02T09:00:00Z");
  (void)c;

  const auto refused = [&](json::object overrides) {
    try {
      f.engine->set_tenant_params("giessen", "licence", overrides, "admin");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::InvalidArgument);
      return std::string(e.what()) + " " + json::serialize(e.details());
    }
    return std::string("accepted");
  };
  CHECK(refused({{"retention", json::object{{"isued", "P1Y"}}}}) ==
        "retention.isued: process 'licence' has no outcome 'isued' (write one of: cancelled, default, issued, "
        "rejected) {\"field\":\"retention.isued\"}");
  CHECK(refused({{"retention", json::object{{"issued", "PT1H"}}}}) ==
        "retention.issued: must be an ISO-8601 period such as \"P1Y\", \"P6M\" or \"P30D\", not \"PT1H\" "
        "{\"field\":\"retention.issued\"}");
  CHECK(refused({{"retention", "P1Y"}}).rfind("retention: must map outcomes to periods", 0) == 0);
  // Nothing of the refused overrides was stored.
  CHECK(f.engine->retention_plan().at(0).rule == "issued: P2Y");
}

TEST_CASE("a case without a retention rule keeps its personal data", "[runtime][retention]") {
  EngineFixture f;
  f.deploy(R"(id: plain
title: Plain
start: done
form:
  type: object
  properties:
    name: {type: string, personal: true}
states:
  done:
    final: true
)");
  const CaseRecord c = f.start("plain", R"({"name": "Max"})");
  CHECK(c.status == CaseStatus::Completed);
  f.clock.advance(std::chrono::hours(24 * 365 * 30));
  CHECK(f.engine->retention_plan().empty());
  CHECK(f.engine->apply_retention().deleted.empty());
  CHECK(f.engine->find_case("giessen", c.id)->record.data.at("name") == "Max");
}

TEST_CASE("redaction hides personal values and keeps the chain checkable", "[runtime][retention]") {
  EngineFixture f;
  const CaseRecord c = issued_licence(f);
  const auto definition = f.engine->process("licence");
  auto view = f.engine->find_case("giessen", c.id).value();
  redact_personal(view, *definition);
  auto history = f.engine->history("giessen", c.id);
  redact_personal(history, *definition);
  json::array shown{json::value_from(to_json(view.record))};
  for (const auto& task : view.tasks) shown.push_back(to_json(task, f.clock.now()));
  for (const auto& entry : history) shown.push_back(to_json(entry));
  const std::string text = json::serialize(shown);
  CHECK(text.find("Mustermann") == std::string::npos);
  CHECK(text.find("\"salt\"") == std::string::npos);  // a salt would let guesses be tested
  CHECK(view.record.data.at("kind") == "angler");
  CHECK_FALSE(verify_history_chain(history, view.record.history_head, view.record.history_length));
  // The stored case is unchanged.
  CHECK(f.engine->find_case("giessen", c.id)->record.data.at("applicant").at("name") == "Erika Mustermann");
}

TEST_CASE("a history of chain version 1 still verifies, and retention leaves its values and counts them",
          "[runtime][retention][history]") {
  EngineFixture f;
  const CaseRecord c = issued_licence(f);
  // Rewrite the chain as an amtsweg before chain version 2 wrote it: values hashed directly.
  auto entries = f.engine->history("giessen", c.id);
  f.engine.reset();
  f.store.reset();
  {
    SQLite::Database db(f.db_path(), SQLite::OPEN_READWRITE);
    std::string previous;
    for (auto& entry : entries) {
      entry.chain_version = 1;
      entry.sealed = {};
      seal_history_entry(entry, previous);
      previous = entry.hash;
      SQLite::Statement update(db,
                               "UPDATE history SET chain_version = 1, sealed = '{}', prev_hash = ?, hash = ? "
                               "WHERE case_id = ? AND seq = ?");
      update.bind(1, entry.prev_hash);
      update.bind(2, entry.hash);
      update.bind(3, c.id);
      update.bind(4, std::int64_t{entry.seq});
      REQUIRE(update.exec() == 1);
    }
    SQLite::Statement head(db, "UPDATE cases SET history_head = ? WHERE id = ?");
    head.bind(1, previous);
    head.bind(2, c.id);
    REQUIRE(head.exec() == 1);
  }
  f.open();
  REQUIRE(f.engine->verify().empty());
  CHECK(f.engine->history("giessen", c.id).front().chain_version == 1);

  // New entries continue the old chain in version 2.
  f.engine->add_note("giessen", c.id, "Nachgereicht: Frau Mustermann", "clerk.anna", true);
  CHECK(f.engine->history("giessen", c.id).back().chain_version == 2);
  CHECK(f.engine->verify().empty());

  f.clock.set(f.engine->retention_plan().at(0).due_at);
  const auto report = f.engine->apply_retention();
  REQUIRE(report.deleted.size() == 1);
  CHECK(report.deleted[0].deleted.at("history_entries_before_chain_version_2").as_int64() >= 1);
  CHECK(f.engine->verify().empty());
  const auto view = f.engine->find_case("giessen", c.id);
  CHECK_FALSE(view->record.data.at("applicant").as_object().contains("name"));
  // The note's text in the version 2 entry is gone; the version 1 entries keep theirs.
  const auto history = f.engine->history("giessen", c.id);
  const auto note = std::find_if(history.begin(), history.end(), [](const HistoryEntry& e) {
    return e.chain_version == 2 && e.event_type == "note.added";
  });
  REQUIRE(note != history.end());
  CHECK(note->detail.at("text").is_null());
  const auto step = std::find_if(history.begin(), history.end(), [](const HistoryEntry& e) {
    return e.chain_version == 1 && e.changes.contains("applicant");
  });
  REQUIRE(step != history.end());
  CHECK(json::serialize(step->changes).find("Erika Mustermann") != std::string::npos);
}

TEST_CASE("the scheduler runs retention on its own", "[runtime][retention]") {
  EngineFixture f;
  const CaseRecord c = issued_licence(f);
  f.clock.set(f.engine->retention_plan().at(0).due_at);
  std::atomic<int> runs{0};
  {
    TimerSchedulerOptions options;
    options.interval = std::chrono::milliseconds(10);
    options.retention_interval = std::chrono::milliseconds(10);
    options.on_retention = [&](const RetentionReport& report) { runs += static_cast<int>(report.deleted.size()); };
    TimerScheduler scheduler(*f.engine, options);
    for (int i = 0; i < 500 && runs.load() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(runs.load() == 1);
  REQUIRE(f.engine->deletions("giessen").size() == 1);
  CHECK(f.engine->deletions("giessen")[0].case_id == c.id);
}
