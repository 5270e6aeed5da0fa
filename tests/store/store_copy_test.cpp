// Moving an installation from SQLite to PostgreSQL (migrate-store): every table arrives with its
// rows, chains and document bytes intact, the engine goes on working on the copy, and a target
// that already holds data is refused without a change.
#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "engine/error.hpp"
#include "engine/store/store_copy.hpp"
#include "tests/runtime/certificate_process.hpp"
#include "tests/support/engine_fixture.hpp"
#include "tests/support/store_backends.hpp"

using namespace amtsweg;
using namespace amtsweg::testing;

namespace {

const std::string kScan = std::string("%PDF-1.7\0\r\n\xff\xfe scan\0end", 22);

// A SQLite installation with a little of everything: cases in several states, an armed timer, a
// completed task, a document with binary bytes, a personal note, a token, outbox messages.
struct SourceInstallation {
  EngineFixture f;
  CaseRecord paying, reviewed;
  std::string document_id;

  SourceInstallation() {
    f.deploy(kCertificateYaml);
    paying = f.start("certificate", R"({"name": "Erika", "copies": 2, "purpose": "marriage"})");
    reviewed = start_review(f);
    start_review(f, "wetzlar");
    f.engine->complete("giessen", f.open_task("giessen", reviewed.id).id, "anna",
                       boost::json::parse(R"({"decision": "approve"})"));
    document_id = f.engine
                      ->attach_document(DocumentUpload{"giessen", paying.id, "antrag.pdf", "application",
                                                       "application/pdf", kScan, "anna"})
                      .id;
    f.engine->add_note("giessen", paying.id, "Rückruf erbeten", "anna", true);
    f.engine->issue_token("giessen", "fachverfahren", {"integrator"});
  }
};

std::int64_t rows_of(const std::vector<TableCopy>& copies, const std::string& table) {
  for (const auto& copy : copies)
    if (copy.table == table) return copy.target_rows;
  FAIL("no table " << table << " was copied");
  return -1;
}

}  // namespace

TEST_CASE("migrate-store copies a SQLite installation into PostgreSQL with chains and bytes intact",
          "[store][postgres][migrate]") {
  if (!test_postgres_url()) {
    WARN("AMTSWEG_TEST_POSTGRES_URL is not set: the move to PostgreSQL is not tested (scripts/test sets it)");
    return;
  }
  SourceInstallation source;
  const auto source_case = source.f.engine->find_case("giessen", source.paying.id)->record;
  const auto source_history = source.f.engine->history("giessen", source.paying.id);
  source.f.engine.reset();  // the server is stopped before a move
  source.f.store.reset();

  TestDatabase target(StoreBackend::Postgres);
  const auto copies = copy_sqlite_to_postgres(source.f.db_path(), target.db());
  for (const auto& copy : copies) CHECK(copy.source_rows == copy.target_rows);
  CHECK(rows_of(copies, "cases") == 3);
  CHECK(rows_of(copies, "documents") == 1);
  CHECK(rows_of(copies, "notes") == 1);
  CHECK(rows_of(copies, "api_tokens") == 1);
  CHECK(rows_of(copies, "timers") >= 1);
  CHECK(rows_of(copies, "outbox") >= 1);

  auto store = target.open();
  ManualClock clock{kMonday + kDay};
  Engine engine(*store, clock);
  CHECK(engine.verify().empty());
  const auto copied = engine.find_case("giessen", source.paying.id);
  REQUIRE(copied);
  CHECK(copied->record.state == source_case.state);
  CHECK(copied->record.history_head == source_case.history_head);
  CHECK(copied->record.data == source_case.data);
  CHECK(engine.history("giessen", source.paying.id).size() == source_history.size());
  CHECK(engine.document("giessen", source.paying.id, source.document_id).content == kScan);
  CHECK(engine.notes("giessen", source.paying.id).at(0).personal);
  CHECK(engine.tokens("giessen").size() == 1);
  CHECK(engine.find_case("wetzlar", source.paying.id) == std::nullopt);  // tenants stay apart

  SECTION("the engine goes on on the copy: new rows take ids after the copied ones, chains continue") {
    EventRequest payment;
    payment.tenant = "giessen";
    payment.id = "pay-1";
    payment.type = "payment.confirmed";
    payment.correlation = {{"payment_ref", "PAY-" + source.paying.id}};
    payment.payload = boost::json::parse(R"({"amount": 18})");
    engine.deliver(payment);
    StartRequest request;
    request.tenant = "giessen";
    request.process_id = "certificate";
    request.data = boost::json::parse(R"({"name": "Jan", "copies": 1})");
    engine.start(request);
    engine.add_note("giessen", source.paying.id, "zweite Notiz", "anna");
    CHECK(engine.find_case("giessen", source.paying.id)->record.state == "review");
    CHECK(engine.notes("giessen", source.paying.id).size() == 2);
    CHECK(engine.verify().empty());
  }

  SECTION("a second move into the same database is refused and changes nothing") {
    try {
      copy_sqlite_to_postgres(source.f.db_path(), target.db());
      FAIL("a non-empty target was accepted");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::Conflict);
      CHECK_THAT(e.what(), Catch::Contains("is not empty"));
    }
    CHECK(store->open_reader()->all_case_ids().size() == 3);
  }
}

TEST_CASE("migrate-store refuses a source file that does not exist", "[store][migrate]") {
  TempDir dir;
  CHECK(error_kind_of([&] { copy_sqlite_to_postgres(dir.file("none.db"), "postgresql://127.0.0.1:1/none"); }) ==
        ErrorKind::NotFound);
}
