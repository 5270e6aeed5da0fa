// The writer of the SQLite store: transactions and savepoints on the one read-write connection it
// owns; its writes and reads are the shared ones (sql/), which see its own uncommitted writes.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "engine/store/sql/sql_writer.hpp"
#include "engine/store/sqlite/sqlite_connection.hpp"

namespace amtsweg {

// Used by the single writer thread only; the writes themselves are SqlWriter's.
class SqliteWriter final : public SqlWriter {
 public:
  // `size_limit`: the most bytes the database may grow to (0: no limit but the disk's), shared with
  // the store so it can change while the writer runs; null: no limit.
  explicit SqliteWriter(std::unique_ptr<SqliteConnection> connection,
                        std::shared_ptr<const std::atomic<std::int64_t>> size_limit = nullptr);
  SqliteWriter(const SqliteWriter&) = delete;
  SqliteWriter& operator=(const SqliteWriter&) = delete;

  // BEGIN IMMEDIATE: takes the write lock at once, so a group never fails half-way for a lock.
  // Applies a changed size limit first (max_page_count: beyond it writes fail with StorageFull).
  void begin() override;
  void commit() override;
  // Nothing to do when SQLite already rolled the transaction back itself after an error.
  void rollback() override;
  // One fixed savepoint name ("cmd"). They nest: SQLite releases or rolls back to the innermost
  // savepoint of a name, so a command may open one inside its own (e.g. for a buffered event).
  void savepoint() override;
  void release_savepoint() override;
  // Throws Error{Io} when SQLite rolled back the whole transaction after an error (I/O, a full
  // disk): every command of the group is undone, not only the last.
  void rollback_to_savepoint() override;

 protected:
  SqliteConnection& connection() override { return *connection_; }

 private:
  void run(std::string_view operation, const std::string& sql);
  void apply_size_limit();
  std::int64_t pragma_value(const std::string& pragma);

  std::unique_ptr<SqliteConnection> connection_;
  const std::shared_ptr<const std::atomic<std::int64_t>> size_limit_;
  std::int64_t applied_size_limit_ = 0;          // bytes; 0: none
  std::optional<std::int64_t> unlimited_pages_;  // max_page_count before any limit was applied
};

}  // namespace amtsweg
