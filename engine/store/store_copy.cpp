// Copying a SQLite database into an empty PostgreSQL database: read with SQLiteCpp, written through
// the PostgreSQL store's connection with prepared statements, all in one transaction.
#include "engine/store/store_copy.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <map>
#include <set>

#include "engine/error.hpp"
#include "engine/store/postgres/pg_connection.hpp"
#include "engine/store/postgres/postgres_store.hpp"
#include "engine/store/sql/store_errors.hpp"
#include "engine/store/sqlite/sqlite_store.hpp"

namespace amtsweg {

namespace {

struct TargetColumn {
  std::string name;
  bool identity = false;
};

std::string quoted(const std::string& identifier) { return "\"" + identifier + "\""; }

// Tables whose rows the schema itself creates (the webhook fan-out cursor, one row at 0): an empty
// database has them, and the move replaces them with the source's.
bool seeded_by_schema(const std::string& table) { return table == "webhook_fanout"; }

// The tables of the source (not SQLite's own, not schema_version: each store keeps its own steps),
// those referenced by others first so that every foreign key finds its row.
std::vector<std::string> source_tables(SQLite::Database& source) {
  std::vector<std::string> names;
  SQLite::Statement list(
      source,
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
      "AND name <> 'schema_version' ORDER BY name");
  while (list.executeStep()) names.push_back(list.getColumn(0).getString());

  std::map<std::string, std::set<std::string>> references;
  for (const auto& table : names) {
    SQLite::Statement keys(source, "SELECT \"table\" FROM pragma_foreign_key_list(?)");
    keys.bind(1, table);
    while (keys.executeStep())
      if (keys.getColumn(0).getString() != table) references[table].insert(keys.getColumn(0).getString());
  }
  std::vector<std::string> ordered;
  std::set<std::string> placed;
  while (ordered.size() < names.size()) {
    const auto before = ordered.size();
    for (const auto& table : names) {
      if (placed.count(table) != 0) continue;
      bool ready = true;
      for (const auto& referenced : references[table]) ready = ready && placed.count(referenced) != 0;
      if (!ready) continue;
      ordered.push_back(table);
      placed.insert(table);
    }
    if (ordered.size() == before)
      throw Error(ErrorKind::Corruption, "migrate-store: the source's foreign keys form a cycle");
  }
  return ordered;
}

std::vector<std::string> source_columns(SQLite::Database& source, const std::string& table) {
  std::vector<std::string> columns;
  SQLite::Statement info(source, "SELECT name FROM pragma_table_info(?) ORDER BY cid");
  info.bind(1, table);
  while (info.executeStep()) columns.push_back(info.getColumn(0).getString());
  return columns;
}

std::vector<std::string> target_tables(PgConnection& target) {
  std::vector<std::string> names;
  auto list = target.statement(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
      "AND table_type = 'BASE TABLE' AND table_name <> 'schema_version' ORDER BY table_name");
  while (list->executeStep()) names.push_back(list->getColumn(0).getString());
  return names;
}

std::vector<TargetColumn> target_columns(PgConnection& target, const std::string& table) {
  std::vector<TargetColumn> columns;
  auto info = target.statement(
      "SELECT column_name, is_identity FROM information_schema.columns WHERE table_schema = current_schema() "
      "AND table_name = ? ORDER BY ordinal_position");
  info->bind(1, table);
  while (info->executeStep())
    columns.push_back(TargetColumn{info->getColumn(0).getString(), info->getColumn(1).getString() == "YES"});
  return columns;
}

std::int64_t count_rows(PgConnection& target, const std::string& table) {
  auto count = target.statement("SELECT COUNT(*) FROM " + quoted(table));
  count->executeStep();
  return count->getColumn(0).getInt64();
}

// A move never merges: every table of the target must be empty.
void require_empty(PgConnection& target, const std::string& url) {
  for (const auto& table : target_tables(target)) {
    if (seeded_by_schema(table)) continue;
    auto any = target.statement("SELECT 1 FROM " + quoted(table) + " LIMIT 1");
    if (any->executeStep())
      throw Error(ErrorKind::Conflict, "migrate-store: the target " + url_for_messages(url) + " is not empty (table " +
                                           table + " has rows); a move copies into an empty database only");
  }
}

// One value of the source row, bound as the target expects it: NULL, an integer, text (the
// columns' own text, so JSON and hash inputs stay byte for byte), a BLOB as binary, a REAL in
// its shortest exact decimal form.
void bind_value(SqlStatement& insert, int index, const SQLite::Column& value) {
  switch (value.getType()) {
    case SQLITE_NULL:
      insert.bind(index);
      return;
    case SQLITE_INTEGER:
      insert.bind(index, std::int64_t{value.getInt64()});
      return;
    case SQLITE_FLOAT: {
      char text[32];
      const auto end = std::to_chars(text, text + sizeof text, value.getDouble()).ptr;
      insert.bind(index, std::string(text, end));
      return;
    }
    case SQLITE_BLOB:
      insert.bindNoCopy(index, value.getBlob(), value.getBytes());
      return;
    default:
      insert.bind(index, value.getString());
  }
}

// Copies one table; returns the rows copied. A column the target has and the source does not is
// left to its default, except `rowid` (documents, notes, incidents), which takes SQLite's rowid so
// that the insertion order the queries sort by is kept.
std::int64_t copy_table(SQLite::Database& source, PgConnection& target, const std::string& table) {
  const auto from = source_columns(source, table);
  const auto to = target_columns(target, table);
  if (to.empty())
    throw Error(ErrorKind::Corruption,
                "migrate-store: the target has no table " + table +
                    " (the source was written by a newer amtsweg, or the target by an older one)");
  std::map<std::string, bool> identity;
  for (const auto& column : to) identity[column.name] = column.identity;

  std::vector<std::string> selected;  // source expressions
  std::vector<std::string> columns;   // target columns, in the same order
  bool overriding = false;
  for (const auto& column : from) {
    if (identity.count(column) == 0)
      throw Error(ErrorKind::Corruption, "migrate-store: the target's table " + table + " has no column " + column);
    selected.push_back(quoted(column));
    columns.push_back(quoted(column));
    overriding = overriding || identity[column];
  }
  if (identity.count("rowid") != 0 && std::find(from.begin(), from.end(), "rowid") == from.end()) {
    selected.push_back("rowid");
    columns.push_back(quoted("rowid"));
    overriding = true;
  }

  std::string column_list, placeholders, expressions;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const char* comma = i == 0 ? "" : ", ";
    column_list += comma + columns[i];
    placeholders += std::string(comma) + "?";
    expressions += comma + selected[i];
  }
  const std::string insert_sql = "INSERT INTO " + quoted(table) + " (" + column_list + ") " +
                                 (overriding ? "OVERRIDING SYSTEM VALUE " : "") + "VALUES (" + placeholders + ")";
  if (seeded_by_schema(table)) target.execute("DELETE FROM " + quoted(table));
  SQLite::Statement rows(source, "SELECT " + expressions + " FROM " + quoted(table));
  std::int64_t copied = 0;
  while (rows.executeStep()) {
    auto insert = target.statement(insert_sql);
    for (int i = 0; i < static_cast<int>(columns.size()); ++i) bind_value(*insert, i + 1, rows.getColumn(i));
    insert->exec();
    ++copied;
  }
  // Identity counters go on after the copied ids, so the next insert does not collide.
  for (const auto& column : to) {
    if (!column.identity) continue;
    auto restart = target.statement("SELECT setval(pg_get_serial_sequence('" + table + "', '" + column.name +
                                    "'), GREATEST(COALESCE(MAX(" + quoted(column.name) + "), 0), 1), MAX(" +
                                    quoted(column.name) + ") IS NOT NULL) FROM " + quoted(table));
    restart->executeStep();
  }
  return copied;
}

}  // namespace

std::vector<TableCopy> copy_sqlite_to_postgres(const std::string& sqlite_path, const std::string& postgres_url,
                                               const TableCopied& progress) {
  if (!std::filesystem::exists(sqlite_path))  // opening would create an empty database
    throw Error(ErrorKind::NotFound, "migrate-store: no database " + sqlite_path);
  // Both to this build's newest schema step: the same tables and columns on both sides.
  SqliteStore::open(sqlite_path).reset();
  PostgresStore::open(postgres_url).reset();

  return with_store_errors("migrate-store", url_for_messages(postgres_url), [&] {
    SQLite::Database source(sqlite_path, SQLite::OPEN_READONLY);
    source.exec("BEGIN");  // one snapshot of the source, even if a server still writes it
    PgConnection target(postgres_url);
    target.execute("BEGIN ISOLATION LEVEL SERIALIZABLE");
    require_empty(target, postgres_url);
    std::vector<TableCopy> copies;
    for (const auto& table : source_tables(source)) {
      copies.push_back(TableCopy{table, copy_table(source, target, table), 0});
      if (progress) progress(copies.back());
    }
    target.execute("COMMIT");
    for (auto& copy : copies) copy.target_rows = count_rows(target, copy.table);
    return copies;
  });
}

}  // namespace amtsweg
