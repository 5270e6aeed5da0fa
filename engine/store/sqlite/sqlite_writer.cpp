// The SQLite writer's transactions, savepoints and size limit; its writes are the shared ones
// (sql/sql_writer.cpp).
#include "engine/store/sqlite/sqlite_writer.hpp"

#include <algorithm>

#include "engine/error.hpp"
#include "engine/store/sqlite/sqlite_errors.hpp"

namespace amtsweg {

SqliteWriter::SqliteWriter(std::unique_ptr<SqliteConnection> connection,
                           std::shared_ptr<const std::atomic<std::int64_t>> size_limit)
    : connection_(std::move(connection)), size_limit_(std::move(size_limit)) {}

void SqliteWriter::run(std::string_view operation, const std::string& sql) {
  with_store_errors(operation, "", [&] { connection_->statement(sql)->exec(); });
}

void SqliteWriter::begin() {
  apply_size_limit();
  run("begin", "BEGIN IMMEDIATE");
}

void SqliteWriter::commit() { run("commit", "COMMIT"); }

void SqliteWriter::rollback() {
  // SQLite may have rolled the whole transaction back itself (I/O error, full disk): then there is
  // nothing left to undo, and ROLLBACK would only fail.
  if (connection_->in_transaction()) run("rollback", "ROLLBACK");
}

void SqliteWriter::savepoint() { run("savepoint", "SAVEPOINT cmd"); }
void SqliteWriter::release_savepoint() { run("release_savepoint", "RELEASE cmd"); }

void SqliteWriter::rollback_to_savepoint() {
  if (!connection_->in_transaction()) {
    // Not just this command is gone: every command of the transaction so far was undone with it.
    throw Error(ErrorKind::Io,
                store_message("rollback_to_savepoint", "", "SQLite rolled back the whole transaction after an error"));
  }
  // ROLLBACK TO undoes the command but keeps the savepoint open; RELEASE then removes it.
  run("rollback_to_savepoint", "ROLLBACK TO cmd");
  run("rollback_to_savepoint", "RELEASE cmd");
}

void SqliteWriter::apply_size_limit() {
  const std::int64_t bytes = size_limit_ ? size_limit_->load() : 0;
  if (bytes == applied_size_limit_) return;
  with_store_errors("size_limit", std::to_string(bytes), [&] {
    if (!unlimited_pages_) unlimited_pages_ = pragma_value("PRAGMA max_page_count");
    const std::int64_t pages =
        bytes == 0 ? *unlimited_pages_ : std::max<std::int64_t>(1, bytes / pragma_value("PRAGMA page_size"));
    // Never below the current size: SQLite keeps the larger of the two.
    connection_->execute("PRAGMA max_page_count = " + std::to_string(pages));
  });
  applied_size_limit_ = bytes;
}

std::int64_t SqliteWriter::pragma_value(const std::string& pragma) {
  auto query = connection_->statement(pragma);
  query->executeStep();
  return query->getColumn(0).getInt64();
}

}  // namespace amtsweg
