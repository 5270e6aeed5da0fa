// The case file (eAkte) through the engine: documents and notes enter the history and its hash
// chain, verify checks their bytes, tenants stay apart, the definition's limits hold, and a task
// that requires a document cannot be completed without one.
#include <SQLiteCpp/SQLiteCpp.h>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "engine/error.hpp"
#include "engine/runtime/history_chain.hpp"
#include "tests/runtime/certificate_process.hpp"
#include "tests/support/engine_fixture.hpp"

using namespace amtsweg;
using namespace amtsweg::testing;
namespace json = boost::json;

namespace {

// Bytes no text handling survives: NUL, CR LF, high bytes.
const std::string kPdfBytes = std::string("%PDF-1.7\0\r\n\xff\xfe binary\0end", 24);

// A permit whose review task needs the issued permit attached, with four eyes; small limits.
constexpr const char* kPermitYaml = R"(id: permit
title: Building permit
start: intake
documents:
  max_size: 1 KiB
  types: [application/pdf, image/*]
states:
  intake:
    on:
      submitted: review
  review:
    task:
      title: Issue the permit
      role: bauamt
      four_eyes: true
      requires_document: permit
    on:
      task.completed: issued
  issued:
    final: true
)";

DocumentUpload upload(const CaseRecord& c, std::string content, std::string content_type = "application/pdf",
                      std::string kind = "", std::string name = "urkunde.pdf") {
  return DocumentUpload{c.tenant,           c.id,  std::move(name), std::move(kind), std::move(content_type),
                        std::move(content), "anna"};
}

// The message of the amtsweg::Error `action` throws (empty when none).
std::string error_message_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("an attached document keeps its exact bytes and enters the history chain", "[runtime][case_file]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const CaseRecord c = start_review(f);
  f.clock.advance(std::chrono::minutes(5));

  const CaseDocument document = f.engine->attach_document(upload(c, kPdfBytes, "application/pdf", "certificate"));
  CHECK(document.id.rfind("D-", 0) == 0);
  CHECK(document.case_id == c.id);
  CHECK(document.name == "urkunde.pdf");
  CHECK(document.kind == "certificate");
  CHECK(document.size == 24);
  CHECK(document.sha256 == sha256_hex(kPdfBytes));
  CHECK(document.added_by == "anna");
  CHECK(document.added_at == f.clock.now());

  const auto view = f.engine->find_case("giessen", c.id);
  CHECK(view->record.revision == c.revision + 1);
  CHECK(view->record.history_length == c.history_length + 1);
  CHECK(view->record.state == c.state);  // the case file changes no state
  const HistoryEntry last = f.engine->history("giessen", c.id).back();
  CHECK(last.event_type == "document.added");
  CHECK(last.actor == "anna");
  CHECK(last.detail == json::object{{"document_id", document.id},
                                    {"name", "urkunde.pdf"},
                                    {"kind", "certificate"},
                                    {"content_type", "application/pdf"},
                                    {"size", 24},
                                    {"sha256", document.sha256}});
  CHECK(last.hash == view->record.history_head);
  CHECK(f.engine->verify().empty());

  f.reopen();  // durable once acknowledged
  const CaseDocumentFile file = f.engine->document("giessen", c.id, document.id);
  CHECK(file.content == kPdfBytes);
  CHECK(file.metadata.sha256 == document.sha256);
  const auto listed = f.engine->documents("giessen", c.id);
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].id == document.id);
  CHECK(listed[0].content_type == "application/pdf");
}

TEST_CASE("documents and notes are listed in the order they were added", "[runtime][case_file]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const CaseRecord c = start_review(f);
  const auto first = f.engine->attach_document(upload(c, "one", "text/plain", "", "b.txt"));
  const auto second = f.engine->attach_document(upload(c, "two", "text/plain; charset=utf-8", "", "a.txt"));
  const CaseNote note = f.engine->add_note("giessen", c.id, "Antragsteller angerufen.\nRückruf morgen.", "anna");
  f.clock.advance(std::chrono::seconds(1));
  f.engine->add_note("giessen", c.id, "Unterlagen vollständig", "bert");

  const auto documents = f.engine->documents("giessen", c.id);
  REQUIRE(documents.size() == 2);
  CHECK(documents[0].id == first.id);
  CHECK(documents[1].id == second.id);
  CHECK(documents[1].content_type == "text/plain; charset=utf-8");  // kept as given
  const auto notes = f.engine->notes("giessen", c.id);
  REQUIRE(notes.size() == 2);
  CHECK(notes[0].id == note.id);
  CHECK(notes[0].author == "anna");
  CHECK(notes[0].text == "Antragsteller angerufen.\nRückruf morgen.");
  CHECK(notes[1].author == "bert");
  CHECK(notes[1].created_at == notes[0].created_at + 1000);

  const auto history = f.engine->history("giessen", c.id);
  CHECK(history.back().event_type == "note.added");
  CHECK(history.back().detail == json::object{{"note_id", notes[1].id}, {"text", "Unterlagen vollständig"}});
  CHECK(f.engine->verify().empty());
}

TEST_CASE("a closed case still takes documents and notes", "[runtime][case_file]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const CaseRecord c = start_review(f);
  f.engine->cancel_case("giessen", c.id, "admin", "withdrawn");
  f.engine->attach_document(upload(c, kPdfBytes));
  f.engine->add_note("giessen", c.id, "Rücknahme schriftlich bestätigt", "anna");
  CHECK(f.engine->find_case("giessen", c.id)->record.status == CaseStatus::Cancelled);
  CHECK(f.engine->verify().empty());
}

TEST_CASE("verify finds document bytes or hashes changed behind the engine's back", "[runtime][case_file]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const CaseRecord c = start_review(f);
  const auto document = f.engine->attach_document(upload(c, kPdfBytes));
  const auto seq = f.engine->find_case("giessen", c.id)->record.history_length;
  REQUIRE(f.engine->verify().empty());
  f.engine.reset();
  f.store.reset();
  {
    SQLite::Database db(f.db_path(), SQLite::OPEN_READWRITE);
    std::string sql;
    SECTION("same size, other bytes") { sql = "UPDATE documents SET content = zeroblob(24)"; }
    SECTION("other bytes with a matching new hash") {
      sql = "UPDATE documents SET content = X'00', size = 1, sha256 = '" + sha256_hex(std::string(1, '\0')) + "'";
    }
    SECTION("other size") { sql = "UPDATE documents SET content = X'00'"; }
    SECTION("deleted") { sql = "DELETE FROM documents"; }
    db.exec(sql);
  }
  f.open();
  const auto findings = f.engine->verify();
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].case_id == c.id);
  CHECK(findings[0].seq == seq);
  CHECK_THAT(findings[0].reason, Catch::Contains(document.id));
}

TEST_CASE("another tenant's case file is not found, nor a document of another case", "[runtime][case_file]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const CaseRecord c = start_review(f);
  const CaseRecord other = start_review(f);
  const auto document = f.engine->attach_document(upload(c, kPdfBytes));
  f.engine->add_note("giessen", c.id, "intern", "anna");

  DocumentUpload foreign = upload(c, kPdfBytes);
  foreign.tenant = "marburg";
  CHECK(error_kind_of([&] { f.engine->attach_document(foreign); }) == ErrorKind::NotFound);
  CHECK(error_kind_of([&] { f.engine->add_note("marburg", c.id, "x", "mara"); }) == ErrorKind::NotFound);
  CHECK(error_kind_of([&] { f.engine->documents("marburg", c.id); }) == ErrorKind::NotFound);
  CHECK(error_kind_of([&] { f.engine->notes("marburg", c.id); }) == ErrorKind::NotFound);
  CHECK(error_kind_of([&] { f.engine->document("marburg", c.id, document.id); }) == ErrorKind::NotFound);
  CHECK(error_kind_of([&] { f.engine->document("giessen", other.id, document.id); }) == ErrorKind::NotFound);
  CHECK(error_kind_of([&] { f.engine->document("giessen", c.id, "D-nope"); }) == ErrorKind::NotFound);
  CHECK(f.engine->documents("giessen", other.id).empty());
  CHECK(f.engine->find_case("giessen", c.id)->record.history_length == c.history_length + 2);
}

TEST_CASE("bad names, kinds, notes and empty files are refused naming the field", "[runtime][case_file]") {
  EngineFixture f;
  f.deploy(kCertificateYaml);
  const CaseRecord c = start_review(f);
  auto named = [&](const std::string& name) { return upload(c, kPdfBytes, "application/pdf", "", name); };
  for (const std::string& name : {std::string(), std::string("../etc/passwd"), std::string("scans/a.pdf"),
                                  std::string("C:\\a.pdf"), std::string("a\nb.pdf"), std::string("a\0b", 3),
                                  std::string(".."), std::string("\xff.pdf"), std::string(256, 'a')}) {
    INFO(name);
    const std::string message = error_message_of([&] { f.engine->attach_document(named(name)); });
    CHECK(error_kind_of([&] { f.engine->attach_document(named(name)); }) == ErrorKind::InvalidArgument);
    CHECK_THAT(message, Catch::StartsWith("name: "));
  }
  CHECK_THAT(error_message_of([&] { f.engine->attach_document(upload(c, kPdfBytes, "application/pdf", "Cert!")); }),
             Catch::StartsWith("kind: invalid document kind 'Cert!'"));
  CHECK_THAT(error_message_of([&] { f.engine->attach_document(upload(c, "")); }),
             Catch::Equals("content: the document is empty"));
  for (const std::string& text :
       {std::string(), std::string(" \n\t"), std::string("bell\a"), std::string(10001, 'x'), std::string("\xc3\x28")}) {
    INFO(text);
    CHECK_THAT(error_message_of([&] { f.engine->add_note("giessen", c.id, text, "anna"); }),
               Catch::StartsWith("text: "));
  }
  // Names in any script are fine, and nothing refused above left a trace.
  CHECK(f.engine->attach_document(named("Geburtsurkunde Ölçer 2026.pdf")).name == "Geburtsurkunde Ölçer 2026.pdf");
  CHECK(f.engine->find_case("giessen", c.id)->record.history_length == c.history_length + 1);
  CHECK(f.engine->notes("giessen", c.id).empty());
}

TEST_CASE("the case's definition limits documents by media type and size", "[runtime][case_file]") {
  EngineFixture f;
  f.deploy(kPermitYaml, "permit.yaml");
  const CaseRecord c = f.start("permit", "{}");
  const std::string kib(1024, 'x');

  SECTION("listed types and ranges are accepted, with parameters and in any case") {
    CHECK(f.engine->attach_document(upload(c, "png", "image/png")).content_type == "image/png");
    CHECK(f.engine->attach_document(upload(c, "webp", "image/webp")).content_type == "image/webp");
    CHECK(f.engine->attach_document(upload(c, "pdf", "Application/PDF; name=x")).size == 3);
    CHECK(f.engine->attach_document(upload(c, kib)).size == 1024);  // exactly max_size
  }
  SECTION("another type is unsupported, with the accepted types in the details") {
    try {
      f.engine->attach_document(upload(c, "<html>", "text/html"));
      FAIL("text/html accepted");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::UnsupportedType);
      CHECK(std::string(e.what()) ==
            "process 'permit' does not accept media type 'text/html' (accepted: application/pdf, image/*)");
      CHECK(e.details().at("allowed") == json::array{"application/pdf", "image/*"});
      CHECK(e.details().at("content_type") == "text/html");
    }
    CHECK(error_kind_of([&] { f.engine->attach_document(upload(c, "x", "")); }) == ErrorKind::UnsupportedType);
    CHECK(error_kind_of([&] { f.engine->attach_document(upload(c, "x", "image/*")); }) == ErrorKind::UnsupportedType);
  }
  SECTION("a byte more than max_size is too large") {
    try {
      f.engine->attach_document(upload(c, kib + "x"));
      FAIL("oversize accepted");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::TooLarge);
      CHECK(std::string(e.what()) == "the document has 1025 bytes; process 'permit' accepts at most 1 KiB");
      CHECK(e.details() == json::object{{"size", 1025}, {"max_size", 1024}});
    }
  }
  SECTION("the rules of the case's own definition version apply") {
    std::string v2 = kPermitYaml;
    v2.replace(v2.find("1 KiB"), 5, "2 KiB");
    f.deploy(v2, "permit.yaml");
    const CaseRecord newer = f.start("permit", "{}");
    CHECK(error_kind_of([&] { f.engine->attach_document(upload(c, kib + kib)); }) == ErrorKind::TooLarge);
    CHECK(f.engine->attach_document(upload(newer, kib + kib)).size == 2048);
  }
  SECTION("without a documents: key the defaults apply (10 MiB; pdf, png, jpeg, xml, text)") {
    f.deploy(kCertificateYaml);
    const CaseRecord certificate = start_review(f);
    for (const char* type : {"application/pdf", "image/png", "image/jpeg", "application/xml", "text/xml", "text/plain"})
      CHECK(f.engine->attach_document(upload(certificate, "x", type)).content_type == type);
    CHECK(error_kind_of([&] { f.engine->attach_document(upload(certificate, "x", "image/gif")); }) ==
          ErrorKind::UnsupportedType);
    const std::string ten_mib(10 * 1024 * 1024, 'x');
    CHECK(f.engine->attach_document(upload(certificate, ten_mib)).size == 10 * 1024 * 1024);
    CHECK(error_kind_of([&] { f.engine->attach_document(upload(certificate, ten_mib + "x")); }) == ErrorKind::TooLarge);
  }
  CHECK(f.engine->verify().empty());
}

TEST_CASE("a task that requires a document is completed only once one of that kind was attached",
          "[runtime][case_file]") {
  EngineFixture f;
  f.deploy(kPermitYaml, "permit.yaml");
  const CaseRecord c = f.start("permit", "{}");
  // Attached before the task exists: it does not count for the task.
  f.engine->attach_document(upload(c, "draft", "application/pdf", "permit", "entwurf.pdf"));
  f.clock.advance(std::chrono::minutes(1));
  f.engine->deliver(
      EventRequest{"giessen", "e-1", "submitted", json::object{{"case", c.id}}, json::object{}, "portal"});
  const TaskRecord task = f.open_task("giessen", c.id);
  f.engine->claim("giessen", task.id, "anna");
  f.clock.advance(std::chrono::minutes(1));

  auto complete = [&] { f.engine->complete("giessen", task.id, "anna", json::object{}); };
  try {
    complete();
    FAIL("completed without the permit");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::RuleViolation);
    CHECK(std::string(e.what()) == "task " + task.id + " requires a document of kind 'permit': attach one to case " +
                                       c.id + " before completing the task");
    CHECK(e.details() == json::object{{"task_id", task.id}, {"requires_document", "permit"}});
  }
  f.engine->attach_document(upload(c, "scan", "image/png", "floor-plan", "plan.png"));
  CHECK(error_kind_of(complete) == ErrorKind::RuleViolation);  // a document of another kind
  CHECK(f.engine->find_case("giessen", c.id)->tasks.front().status == TaskStatus::Claimed);

  f.engine->attach_document(upload(c, "signed", "application/pdf", "permit", "genehmigung.pdf"));
  const TaskRecord prepared = f.engine->complete("giessen", task.id, "anna", json::object{});
  CHECK(prepared.stage == 2);  // four eyes: the approver needs no document of its own
  f.engine->complete("giessen", task.id, "bert", json::object{});
  CHECK(f.engine->find_case("giessen", c.id)->record.state == "issued");
  CHECK(f.engine->verify().empty());
}
