// The checks SqliteStore::open() makes before it switches a file to WAL or migrates it (and, for
// verify and serve --check, the page-by-page one): a file that is damaged or foreign is refused
// with a clear message, never repaired or taken over.
#include "engine/store/sqlite/sqlite_file_check.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "engine/error.hpp"
#include "engine/store/sql/sql_query_helpers.hpp"
#include "engine/store/sqlite/sqlite_errors.hpp"

namespace amtsweg {

namespace {

using sql_queries::all_rows;
using sql_queries::first_column_integer;
using sql_queries::first_column_text;

[[noreturn]] void refuse(const std::string& path, const std::string& why) {
  throw Error(ErrorKind::Corruption, store_message("open", path,
                                                   why + "; amtsweg refuses to use it and changed nothing (give "
                                                         "--db a new file, or restore the database from a backup)"));
}

[[noreturn]] void refuse(const SqliteConnection& connection, const std::string& why) { refuse(connection.path(), why); }

// A failure of SQLite itself while opening or checking: a file it cannot read as a database is
// refused with the reason, anything else is the usual store error.
[[noreturn]] void open_failed(const std::string& path, const SQLite::Exception& failure) {
  if (failure.getErrorCode() == SQLITE_NOTADB)
    refuse(path, "the file is not an SQLite database (" + std::string(failure.what()) + ")");
  if (failure.getErrorCode() == SQLITE_CORRUPT)
    refuse(path, "the database is damaged (" + std::string(failure.what()) + ")");
  throw_store_error(failure, "open", path);
}

std::string hex(std::int64_t value) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08llx", static_cast<unsigned long long>(value) & 0xffffffffULL);
  return text;
}

std::int64_t single_integer(SqliteConnection& connection, const std::string& sql) {
  auto query = connection.statement(sql);
  return query->executeStep() ? first_column_integer(*query) : 0;
}

// The first problem quick_check finds, or nothing. Bounded: it reads every page once.
std::optional<std::string> first_damage(SqliteConnection& connection) {
  auto query = connection.statement("PRAGMA quick_check(1)");
  const auto found = query->executeStep() ? first_column_text(*query) : std::string("no answer");
  if (found == "ok") return std::nullopt;
  return found;
}

void check_owner(SqliteConnection& connection) {
  const std::int64_t application_id = single_integer(connection, "PRAGMA application_id");
  if (application_id == kAmtswegApplicationId) return;
  auto tables = connection.statement("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
  const std::vector<std::string> names = all_rows(tables, first_column_text);
  if (names.empty() && application_id == 0) return;  // a new, empty file
  const bool amtsweg_schema = std::find(names.begin(), names.end(), "schema_version") != names.end() &&
                              std::find(names.begin(), names.end(), "cases") != names.end();
  // Files written before the mark existed carry amtsweg's tables and no application_id.
  if (application_id == 0 && amtsweg_schema) return;
  std::string listed;
  for (std::size_t index = 0; index < names.size() && index < 5; ++index)
    listed += (index == 0 ? "" : ", ") + names[index];
  if (names.size() > 5) listed += ", ...";
  refuse(connection, application_id != 0
                         ? "the file belongs to another application (SQLite application_id " + hex(application_id) +
                               ", amtsweg's is " + hex(kAmtswegApplicationId) + ")"
                         : "the file is an SQLite database of another application (tables: " + listed + ")");
}

}  // namespace

void check_sqlite_file(SqliteConnection& connection, SqliteFileCheck check) {
  try {
    // Reading the schema reads the header: a file that is not SQLite fails here.
    check_owner(connection);
    if (check != SqliteFileCheck::EveryPage) return;
    if (auto damage = first_damage(connection))
      refuse(connection, "the database is damaged (quick_check: " + *damage + ")");
  } catch (const SQLite::Exception& failure) {
    open_failed(connection.path(), failure);
  }
}

std::unique_ptr<SqliteConnection> open_checked_sqlite_file(const std::string& path, SqliteFileCheck check) {
  std::unique_ptr<SqliteConnection> connection;
  try {
    connection = std::make_unique<SqliteConnection>(path, SqliteConnection::Mode::ReadWrite);
  } catch (const SQLite::Exception& failure) {
    open_failed(path, failure);  // its pragmas already read the file's header
  }
  check_sqlite_file(*connection, check);
  return connection;
}

void mark_sqlite_file(SqliteConnection& connection) {
  with_store_errors("open", connection.path(), [&] {
    if (single_integer(connection, "PRAGMA application_id") != kAmtswegApplicationId)
      connection.execute("PRAGMA application_id = " + std::to_string(kAmtswegApplicationId));
  });
}

}  // namespace amtsweg
