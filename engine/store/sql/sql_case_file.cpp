// The case file's rows in the SQLite store (schema step 3): documents with their bytes and notes.
// Reads are members of SqlReadQueries (for reader and writer alike), writes of SqliteWriter.
#include <limits>

#include "engine/error.hpp"
#include "engine/store/sql/sql_read_queries.hpp"
#include "engine/store/sql/sql_writer.hpp"
#include "engine/store/sql/store_errors.hpp"

namespace amtsweg {
namespace {

// Whole SQL texts (they are the statement cache's keys); read_document() decodes columns 0..9.
constexpr const char* kListDocuments =
    "SELECT id, tenant, case_id, name, kind, content_type, size, sha256, added_by, added_at FROM documents "
    "WHERE tenant = ? AND case_id = ? ORDER BY added_at, rowid";
constexpr const char* kFindDocument =
    "SELECT id, tenant, case_id, name, kind, content_type, size, sha256, added_by, added_at, content FROM documents "
    "WHERE id = ? AND tenant = ? AND case_id = ?";
constexpr const char* kListNotes =
    "SELECT id, tenant, case_id, author, text, created_at, personal FROM notes WHERE tenant = ? AND case_id = ? "
    "ORDER BY created_at, rowid";

CaseDocument read_document(const SqlStatement& row) {
  CaseDocument document;
  document.id = row.getColumn(0).getString();
  document.tenant = row.getColumn(1).getString();
  document.case_id = row.getColumn(2).getString();
  document.name = row.getColumn(3).getString();
  document.kind = row.getColumn(4).getString();
  document.content_type = row.getColumn(5).getString();
  document.size = row.getColumn(6).getInt64();
  document.sha256 = row.getColumn(7).getString();
  document.added_by = row.getColumn(8).getString();
  document.added_at = row.getColumn(9).getInt64();
  return document;
}

CaseNote read_note(const SqlStatement& row) {
  return CaseNote{row.getColumn(0).getString(),  row.getColumn(1).getString(), row.getColumn(2).getString(),
                  row.getColumn(3).getString(),  row.getColumn(4).getString(), row.getColumn(5).getInt64(),
                  row.getColumn(6).getInt() != 0};
}

}  // namespace

template <class Interface>
std::vector<CaseDocument> SqlReadQueries<Interface>::documents_of_case(const std::string& tenant,
                                                                       const std::string& case_id) {
  return with_store_errors("documents_of_case", case_id, [&] {
    auto query = connection().statement(kListDocuments);
    query->bind(1, tenant);
    query->bind(2, case_id);
    std::vector<CaseDocument> documents;
    while (query->executeStep()) documents.push_back(read_document(*query));
    return documents;
  });
}

template <class Interface>
std::optional<CaseDocumentFile> SqlReadQueries<Interface>::find_document(const std::string& tenant,
                                                                         const std::string& case_id,
                                                                         const std::string& document_id) {
  return with_store_errors("find_document", document_id, [&]() -> std::optional<CaseDocumentFile> {
    auto query = connection().statement(kFindDocument);
    query->bind(1, document_id);
    query->bind(2, tenant);
    query->bind(3, case_id);
    if (!query->executeStep()) return std::nullopt;
    CaseDocumentFile file{read_document(*query), {}};
    const std::string_view content = query->getColumn(10).getBytesView();
    file.content.assign(content.data(), content.size());
    if (static_cast<std::int64_t>(file.content.size()) != file.metadata.size)
      throw Error(ErrorKind::Corruption, "store: document " + document_id + " has " +
                                             std::to_string(file.content.size()) + " bytes but records " +
                                             std::to_string(file.metadata.size));
    return file;
  });
}

template <class Interface>
std::vector<CaseNote> SqlReadQueries<Interface>::notes_of_case(const std::string& tenant, const std::string& case_id) {
  return with_store_errors("notes_of_case", case_id, [&] {
    auto query = connection().statement(kListNotes);
    query->bind(1, tenant);
    query->bind(2, case_id);
    std::vector<CaseNote> notes;
    while (query->executeStep()) notes.push_back(read_note(*query));
    return notes;
  });
}

// The members above, for exactly the two interfaces the class template is instantiated for.
template std::vector<CaseDocument> SqlReadQueries<StoreReader>::documents_of_case(const std::string&,
                                                                                  const std::string&);
template std::vector<CaseDocument> SqlReadQueries<StoreWriter>::documents_of_case(const std::string&,
                                                                                  const std::string&);
template std::optional<CaseDocumentFile> SqlReadQueries<StoreReader>::find_document(const std::string&,
                                                                                    const std::string&,
                                                                                    const std::string&);
template std::optional<CaseDocumentFile> SqlReadQueries<StoreWriter>::find_document(const std::string&,
                                                                                    const std::string&,
                                                                                    const std::string&);
template std::vector<CaseNote> SqlReadQueries<StoreReader>::notes_of_case(const std::string&, const std::string&);
template std::vector<CaseNote> SqlReadQueries<StoreWriter>::notes_of_case(const std::string&, const std::string&);

void SqlWriter::insert_document(const CaseDocumentFile& file) {
  const CaseDocument& d = file.metadata;
  with_store_errors("insert_document", d.id, [&] {
    if (file.content.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
      throw Error(ErrorKind::InvalidArgument, "store: document " + d.id + " is too large for one BLOB");
    auto insert = connection().statement(
        "INSERT INTO documents (id, tenant, case_id, name, kind, content_type, size, sha256, added_by, added_at, "
        "content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert->bind(1, d.id);
    insert->bind(2, d.tenant);
    insert->bind(3, d.case_id);
    insert->bind(4, d.name);
    insert->bind(5, d.kind);
    insert->bind(6, d.content_type);
    insert->bind(7, static_cast<std::int64_t>(file.content.size()));
    insert->bind(8, d.sha256);
    insert->bind(9, d.added_by);
    insert->bind(10, std::int64_t{d.added_at});
    // Up to tens of MiB: the database reads the bytes where they are instead of a copy of them.
    insert->bindNoCopy(11, file.content.data(), static_cast<int>(file.content.size()));
    insert->exec();
    insert->clearBindings();  // the cached statement must not keep a pointer into `file`
  });
}

void SqlWriter::insert_note(const CaseNote& note) {
  with_store_errors("insert_note", note.id, [&] {
    auto insert = connection().statement(
        "INSERT INTO notes (id, tenant, case_id, author, text, created_at, personal) VALUES (?, ?, ?, ?, ?, ?, ?)");
    insert->bind(1, note.id);
    insert->bind(2, note.tenant);
    insert->bind(3, note.case_id);
    insert->bind(4, note.author);
    insert->bind(5, note.text);
    insert->bind(6, std::int64_t{note.created_at});
    insert->bind(7, note.personal ? 1 : 0);
    insert->exec();
  });
}

}  // namespace amtsweg
