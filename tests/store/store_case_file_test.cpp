// The case file rows of the store (each backend): documents keep any bytes and every field, reads are scoped by
// tenant and case and ordered as added, and ids and the owning case are enforced.
#include <catch2/catch.hpp>

#include "engine/error.hpp"
#include "tests/store/sample_records.hpp"
#include "tests/support/error_kind.hpp"
#include "tests/support/store_backends.hpp"

namespace amtsweg {
namespace {

using namespace testing;

CaseDocumentFile sample_document(const std::string& id, const std::string& case_id, Timestamp at) {
  CaseDocument d{
      id,          "stadt-a",   case_id, "Meldebescheinigung ä.pdf", "certificate", "application/pdf; x=1", 0,
      "sha-" + id, "m.mueller", at};
  const std::string content = std::string("\0%PDF\r\n\xff\0", 9) + id;
  d.size = static_cast<std::int64_t>(content.size());
  return {d, content};
}

TEST_CASE("store: documents and notes round-trip, scoped by tenant and case, in order", "[store]") {
  TestDatabase database(GENERATE(from_range(store_backends())));
  auto store = database.open();
  auto writer = store->open_writer();
  writer->begin();
  writer->insert_case(sample_case("C-1"));
  writer->insert_case(sample_case("C-2"));
  const auto later = sample_document("D-1", "C-1", 2000);
  const auto earlier = sample_document("D-2", "C-1", 1000);
  writer->insert_document(later);
  writer->insert_document(earlier);
  writer->insert_note(CaseNote{"N-1", "stadt-a", "C-1", "m.mueller", "Rückruf\nmorgen", 3000});
  writer->insert_note(CaseNote{"N-2", "stadt-a", "C-1", "k.schulz", "erledigt", 3000});
  writer->commit();

  auto reader = store->open_reader();
  const auto documents = reader->documents_of_case("stadt-a", "C-1");
  REQUIRE(documents.size() == 2);
  CHECK(documents[0].id == "D-2");  // ordered by added_at
  const CaseDocument& d = documents[1];
  CHECK(d.id == "D-1");
  CHECK(d.tenant == "stadt-a");
  CHECK(d.case_id == "C-1");
  CHECK(d.name == "Meldebescheinigung ä.pdf");
  CHECK(d.kind == "certificate");
  CHECK(d.content_type == "application/pdf; x=1");
  CHECK(d.size == 12);
  CHECK(d.sha256 == "sha-D-1");
  CHECK(d.added_by == "m.mueller");
  CHECK(d.added_at == 2000);
  const auto file = reader->find_document("stadt-a", "C-1", "D-1");
  REQUIRE(file);
  CHECK(file->content == later.content);
  CHECK(file->content.size() == 12);

  CHECK(reader->documents_of_case("stadt-b", "C-1").empty());
  CHECK_FALSE(reader->find_document("stadt-b", "C-1", "D-1"));
  CHECK_FALSE(reader->find_document("stadt-a", "C-2", "D-1"));
  const auto notes = reader->notes_of_case("stadt-a", "C-1");
  REQUIRE(notes.size() == 2);
  CHECK(notes[0].id == "N-1");  // same time: in the order written
  CHECK(notes[0].text == "Rückruf\nmorgen");
  CHECK(notes[1].author == "k.schulz");
  CHECK(reader->notes_of_case("stadt-b", "C-1").empty());
}

TEST_CASE("store: a document id is unique and its case must exist", "[store]") {
  TestDatabase database(GENERATE(from_range(store_backends())));
  auto store = database.open();
  auto writer = store->open_writer();
  writer->begin();
  writer->insert_case(sample_case("C-1"));
  writer->insert_document(sample_document("D-1", "C-1", 1000));
  CHECK(kind_of_failed_write(*writer, [&] { writer->insert_document(sample_document("D-1", "C-1", 1000)); }) ==
        ErrorKind::Conflict);
  CHECK(kind_of_failed_write(*writer, [&] { writer->insert_document(sample_document("D-9", "C-none", 1000)); }) ==
        ErrorKind::NotFound);
  CHECK(kind_of_failed_write(*writer, [&] {
          writer->insert_note(CaseNote{"N-1", "stadt-a", "C-none", "a", "t", 1});
        }) == ErrorKind::NotFound);
  writer->rollback();
}

}  // namespace
}  // namespace amtsweg
