// Issue 11, defects 1, 2 and 7 at the engine: nothing that is not valid JSON is ever stored (a
// number beyond a double, a Lua infinity), text with control characters is refused whole, one
// unreadable row hides nothing else, and case cursors and document names are checked.
#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <cmath>
#include <limits>
#include <set>

#include "engine/error.hpp"
#include "engine/model/json_checks.hpp"
#include "engine/runtime/form_validator.hpp"
#include "engine/store/group_writer.hpp"
#include "tests/runtime/certificate_process.hpp"
#include "tests/runtime/incident_processes.hpp"
#include "tests/support/engine_fixture.hpp"

using namespace amtsweg;
using namespace amtsweg::testing;
namespace json = boost::json;

namespace {

// What a failing call threw: its kind and the field its details name ("" when none).
struct Refusal {
  ErrorKind kind = ErrorKind::Io;
  std::string field;
  std::string message;
};

template <class Call>
Refusal refusal_of(Call call) {
  try {
    call();
  } catch (const Error& e) {
    const auto* field = e.details().is_object() ? e.details().as_object().if_contains("field") : nullptr;
    return {e.kind(), field && field->is_string() ? std::string(field->as_string()) : "", e.what()};
  }
  FAIL("the call was accepted");
  return {};
}

std::vector<CaseRecord> all_cases(EngineFixture& f, const std::string& tenant = "giessen") {
  CaseQuery query;
  query.tenant = tenant;
  query.limit = 100;
  return f.engine->cases(query);
}

// Overwrites a stored JSON column behind the engine's back, as a damaged or old database would.
void damage(EngineFixture& f, const std::string& sql, const std::string& key) {
  SQLite::Database db(f.db_path(), SQLite::OPEN_READWRITE);
  SQLite::Statement statement(db, sql);
  statement.bind(1, key);
  REQUIRE(statement.exec() >= 1);
}

constexpr const char* kLuaInfinityYaml = R"(id: lua-infinity
title: A script that computes a number JSON cannot hold
start: received
form: {type: object}
states:
  received:
    entry:
      - set: {ratio: "= data.zero and 0/0 or math.huge"}
    always:
      - to: done
  done:
    final: true
)";

}  // namespace

TEST_CASE("a number beyond a double is refused at every engine entry, naming its field", "[runtime][poison]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  // Boost.JSON reads 1e400 as infinity; serialized it would be the non-JSON text "Infinity".
  REQUIRE(std::isinf(json::parse("1e400").as_double()));

  SECTION("intake, also negative and nested") {
    for (const auto& [text, field] : std::vector<std::pair<std::string, std::string>>{
             {R"({"name": "E", "copies": 1, "extra": 1e400})", "data.extra"},
             {R"({"name": "E", "copies": 1, "extra": -1e400})", "data.extra"},
             {R"({"name": "E", "copies": 1, "list": [1, {"deep": [2, 1e400]}]})", "data.list[1].deep[1]"},
             {R"({"name": "E", "copies": 1, "odd key": {"x": 1e999}})", "data[\"odd key\"].x"}}) {
      const auto refused = refusal_of([&] { f.start("certificate", text); });
      CHECK(refused.kind == ErrorKind::InvalidArgument);
      CHECK(refused.field == field);
      CHECK_THAT(refused.message, Catch::Contains(field) && Catch::Contains("out of range"));
    }
    CHECK(all_cases(f).empty());
  }
  SECTION("task completion data") {
    const CaseRecord c = f.start("certificate", R"({"name": "E", "copies": 1, "purpose": "pension"})");
    const TaskRecord task = f.open_task("giessen", c.id);
    const auto refused = refusal_of([&] {
      f.engine->complete("giessen", task.id, "anna", json::parse(R"({"decision": "approve", "extra": 1e400})"));
    });
    CHECK(refused.kind == ErrorKind::InvalidArgument);
    CHECK(refused.field == "data.extra");
    CHECK(f.engine->find_task("giessen", task.id)->status == TaskStatus::Open);
  }
  SECTION("event payload and correlation") {
    const CaseRecord c = f.start("certificate", R"({"name": "E", "copies": 1})");
    EventRequest event{
        "giessen", "pay-1", "payment.confirmed", json::object{{"case", c.id}}, json::parse(R"({"amount": 1e400})"),
        "payments"};
    CHECK(refusal_of([&] { f.engine->deliver(event); }).field == "payload.amount");
    event.payload = json::object{{"amount", 12}};
    event.correlation = json::parse(R"({"payment_ref": -1e400})").as_object();
    CHECK(refusal_of([&] { f.engine->deliver(event); }).field == "correlation.payment_ref");
    CHECK(f.engine->find_case("giessen", c.id)->record.state == "awaiting_payment");
  }
  SECTION("params overrides") {
    const auto refused = refusal_of([&] {
      f.engine->set_tenant_params("giessen", "certificate", json::parse(R"({"fee_first": 1e400})").as_object());
    });
    CHECK(refused.field == "params.fee_first");
    CHECK(f.engine->tenant_params("giessen", "certificate").empty());
  }
}

TEST_CASE("a Lua infinity or NaN written by set is a script failure, never stored", "[runtime][poison]") {
  EngineFixture f;
  f.deploy(kLuaInfinityYaml);
  for (const char* data : {R"({})", R"({"zero": true})"}) {
    const auto refused = refusal_of([&] { f.start("lua-infinity", data); });
    CHECK(refused.kind == ErrorKind::ScriptFailure);
    CHECK_THAT(refused.message, Catch::Contains("JSON cannot represent"));
  }
  CHECK(all_cases(f).empty());
}

TEST_CASE("the store refuses to write a non-finite number (defence in depth)", "[runtime][poison]") {
  CHECK_THROWS_WITH(finite_json_text(json::object{{"a", json::array{1, INFINITY}}}, "cases.data"),
                    Catch::Contains("cases.data.a[1]"));
  CHECK(json::parse(finite_json_text(json::object{{"a", 1.5}}, "cases.data")) == json::object{{"a", 1.5}});
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const CaseRecord c = f.start("certificate", R"({"name": "E", "copies": 1})");
  // Past the engine's entry checks, straight to the writer: refused, and nothing changes.
  CaseRecord poisoned = c;
  poisoned.id = "C-ffffffffffffffff";
  poisoned.data["extra"] = std::numeric_limits<double>::infinity();
  GroupWriter writer(*f.store, 1);
  const auto refused = refusal_of([&] { writer.run([&](StoreWriter& w) { w.insert_case(poisoned); }); });
  CHECK(refused.kind == ErrorKind::InvalidArgument);
  CHECK(refused.field == "cases.data.extra");
  CHECK(all_cases(f).size() == 1);
}

TEST_CASE("control characters are refused in application, task and event data, so enums see the whole text",
          "[runtime][poison]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  using namespace std::string_literals;
  const CaseRecord c = f.start("certificate", R"({"name": "E", "copies": 1, "purpose": "pension"})");
  const TaskRecord task = f.open_task("giessen", c.id);
  // "approve\0x" once passed enum [approve, reject]: valijson compared it as a C string.
  const auto refused = refusal_of([&] {
    f.engine->complete("giessen", task.id, "anna", json::object{{"decision", "approve\0x"s}});
  });
  CHECK(refused.kind == ErrorKind::InvalidArgument);
  CHECK(refused.field == "data.decision");
  CHECK_THAT(refused.message, Catch::Contains("U+0000"));
  CHECK(refusal_of([&] { f.start("certificate", R"({"name": "E\u001b[31m", "copies": 1})"); }).field == "data.name");
  CHECK(refusal_of([&] { f.start("certificate", R"({"name": "E", "copies": 1, "a\u0007": 1})"); }).field ==
        "data[\"a\\u0007\"]");
  EventRequest event{
      "giessen", "e-1", "payment.confirmed", json::object{{"case", c.id}}, json::object{{"note", "x\x7fy"}},
      "payments"};
  CHECK(refusal_of([&] { f.engine->deliver(event); }).field == "payload.note");
  // Tabs and line breaks are text; they stay.
  CHECK(f.start("certificate", R"({"name": "Erika\tMuster\r\nzweite Zeile", "copies": 1})").data.at("name") ==
        "Erika\tMuster\r\nzweite Zeile");

  // The form validator itself never sees a NUL: its adapter would cut the text there.
  FormValidator forms;
  const json::value schema = json::parse(R"({"type": "object", "properties": {"kind": {"enum": ["einfach"]}}})");
  CHECK_THROWS_AS(forms.check(schema, json::object{{"kind", "einfach\0x"s}}, "application"), Error);
  CHECK_NOTHROW(forms.check(schema, json::object{{"kind", "einfach"}}, "application"));
}

TEST_CASE("an unreadable case row hides no other case, verify names it and checks the rest", "[runtime][poison]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const CaseRecord good = f.start("certificate", R"({"name": "Gut", "copies": 1})");
  const CaseRecord bad = f.start("certificate", R"({"name": "Kaputt", "copies": 1})");
  damage(f, R"(UPDATE cases SET data = '{"extra":Infinity}' WHERE id = ?)", bad.id);

  const auto listed = all_cases(f);
  REQUIRE(listed.size() == 2);
  for (const auto& record : listed) {
    if (record.id == good.id) {
      CHECK(record.unreadable.empty());
      CHECK(record.data.at("name") == "Gut");
    } else {
      CHECK(record.id == bad.id);
      CHECK(record.state == "awaiting_payment");
      CHECK_THAT(record.unreadable, Catch::Contains("column data") && Catch::Contains("not valid JSON"));
    }
  }
  // The damaged case itself fails clearly; the others are untouched.
  CHECK(refusal_of([&] { f.engine->find_case("giessen", bad.id); }).kind == ErrorKind::Corruption);
  CHECK(f.engine->find_case("giessen", good.id)->record.data.at("name") == "Gut");

  damage(f, R"(UPDATE history SET detail = '{"x":-Infinity}' WHERE case_id = ? AND seq = 1)", good.id);
  const auto findings = f.engine->verify();
  REQUIRE(findings.size() == 2);
  std::set<std::string> named{findings[0].case_id, findings[1].case_id};
  CHECK(named == std::set<std::string>{good.id, bad.id});
  for (const auto& finding : findings) CHECK_THAT(finding.reason, Catch::Contains("not valid JSON"));
}

TEST_CASE("an unreadable buffered event is listed with why and blocks no delivery", "[runtime][poison]") {
  EngineFixture f;
  f.deploy(kPermitYaml);
  const CaseRecord c = f.start("permit", R"({"ref": "R-1"})");
  f.engine->deliver(EventRequest{"giessen", "pay-bad", "payment.confirmed", json::object{{"ref", "R-1"}},
                                 json::object{{"amount", 12}}, "payments"});
  f.engine->deliver(EventRequest{"giessen", "pay-good", "payment.confirmed", json::object{{"ref", "R-1"}},
                                 json::object{{"amount", 12}}, "payments"});
  damage(f, "UPDATE buffered_events SET payload = '{\"amount\":NaN}' WHERE event_id = ?", "pay-bad");

  BufferedEventQuery query;
  query.tenant = "giessen";
  query.limit = 100;
  const auto listed = f.engine->buffered_events(query);
  REQUIRE(listed.size() == 2);
  CHECK(listed[0].event_id == "pay-bad");
  CHECK_THAT(listed[0].unreadable, Catch::Contains("column payload"));
  CHECK(listed[1].unreadable.empty());

  // The case starts waiting: it takes the readable event; the damaged one waits to expire.
  f.engine->complete("giessen", f.open_task("giessen", c.id).id, "anna", json::object{});
  CHECK(f.engine->find_case("giessen", c.id)->record.state == "paid");
}

TEST_CASE("a damaged outbox message becomes a dead letter, the deliveries behind it go on", "[runtime][poison]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  f.engine->create_webhook(NewWebhook{"giessen", "https://crm.example.org/hooks", {"case.*"}, std::nullopt});
  f.engine->create_webhook(NewWebhook{"marburg", "https://crm.example.org/other", {"case.*"}, std::nullopt});
  const CaseRecord bad = f.start("certificate", R"({"name": "A", "copies": 1})");
  const CaseRecord good = f.start("certificate", R"({"name": "B", "copies": 1})", "marburg");
  damage(f, R"(UPDATE outbox SET payload = '{"x":Infinity}' WHERE case_id = ?)", bad.id);

  CHECK(f.engine->fan_out_webhooks(100) == 2);
  DeliveryClaim claim;
  claim.limit = 100;
  claim.per_subscription = 100;
  claim.lease = std::chrono::milliseconds(60'000);
  const auto due = f.engine->claim_webhook_deliveries(claim);
  REQUIRE(due.size() == 1);
  CHECK(due[0].delivery.case_id == good.id);
  CHECK(due[0].message.payload.at("process") == "certificate");

  const auto subscriptions = f.engine->webhooks("giessen");
  DeliveryQuery query;
  query.tenant = "giessen";
  query.subscription_id = subscriptions.at(0).id;
  const auto dead = f.engine->webhook_deliveries(query);
  REQUIRE(dead.size() == 1);
  CHECK(dead[0].status == DeliveryStatus::Dead);
  CHECK_THAT(dead[0].last_error, Catch::Contains("cannot be read") && Catch::Contains("payload"));
  CHECK(f.engine->claim_webhook_deliveries(claim).empty());  // claimed or dead: nothing stalls
}

TEST_CASE("the case search's cursor must be a case id", "[runtime][poison]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const CaseRecord c = f.start("certificate", R"({"name": "E", "copies": 1})");
  CaseQuery query;
  query.tenant = "giessen";
  query.limit = 10;
  for (const std::string cursor : {"x", "' OR 1=1 --", "C-XYZ", "C-0123456789ABCDEF", "C-0123456789abcdef0"}) {
    query.after_id = cursor;
    const auto refused = refusal_of([&] { f.engine->cases(query); });
    CHECK(refused.kind == ErrorKind::InvalidArgument);
    CHECK(refused.field == "after");
  }
  query.after_id = "C-0000000000000000";
  CHECK(f.engine->cases(query).size() == 1);
  query.after_id = c.id;
  CHECK(f.engine->cases(query).empty());
}

TEST_CASE("blank document names and names with bidirectional controls are refused", "[runtime][poison]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const CaseRecord c = f.start("certificate", R"({"name": "E", "copies": 1})");
  auto upload = [&](const std::string& name) {
    f.engine->attach_document(DocumentUpload{"giessen", c.id, name, "", "application/pdf", "%PDF-1.4", "portal"});
  };
  for (const std::string& name :
       std::vector<std::string>{"  ", "\t", "rechnung\u202Efdp.exe", "a\u2066b.pdf", "a\u200Fb.pdf", "a\u0085b.pdf",
                                std::string(256, 'a'), "a/b.pdf", "a\x01.pdf"}) {
    const auto refused = refusal_of([&] { upload(name); });
    CHECK(refused.kind == ErrorKind::InvalidArgument);
    CHECK(refused.field == "name");
  }
  CHECK_THAT(refusal_of([&] { upload("rechnung\u202Efdp.exe"); }).message, Catch::Contains("U+202E"));
  CHECK(f.engine->documents("giessen", c.id).empty());
  upload("Bescheid für Müller.pdf");
  CHECK(f.engine->documents("giessen", c.id).size() == 1);
}

TEST_CASE("a param override keeps the kind of its default, so no fee becomes text", "[runtime][poison]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const auto refused = refusal_of([&] {
    f.engine->set_tenant_params("giessen", "certificate", json::object{{"fee_more", 5}, {"fee_first", "zwölf"}});
  });
  CHECK(refused.kind == ErrorKind::InvalidArgument);
  CHECK(refused.field == "fee_first");
  CHECK_THAT(refused.message, Catch::Contains("fee_first: must be a number like its default 12.0"));
  CHECK(f.engine->effective_params("giessen", "certificate").at("fee_more") == 6.0);  // nothing stored
  f.engine->set_tenant_params("giessen", "certificate", json::object{{"fee_first", 15}, {"fee_more", 7.5}});
  CHECK(f.engine->effective_params("giessen", "certificate").at("fee_first") == 15);
}
