// The embedded default store: one SQLite database file in WAL mode, a writer connection for the
// single writer thread and a pool of read-only connections that readers on any thread share.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "engine/store/store.hpp"

namespace amtsweg {

class SqliteConnection;
class SqliteReaderPool;

class SqliteStore final : public Store {
 public:
  // Idle read-only connections kept for reuse: enough for the HTTP threads plus timers and tools.
  static constexpr std::size_t kMaxIdleReaders = 8;

  // Opens the database at `path` (created when absent), switches it to WAL mode and migrates it
  // to the newest schema. Refuses, with Error{Corruption} and before writing anything, a file
  // that is not an SQLite database, belongs to another application, or was written by a newer
  // amtsweg; nothing is ever repaired. It reads the header and the schema only, so opening takes
  // milliseconds however large the file: damage elsewhere surfaces when a query reaches it, or
  // up front with check_every_page(). Error{Io} when it cannot be opened or migrated.
  // (":memory:" is not supported: readers and the writer need separate connections to one file.)
  // `durability`: EveryCommit (the default, what the engine's acknowledgements promise) or
  // Checkpoints (synchronous=NORMAL: a power loss may lose the newest commits; only for bulk
  // loads that can simply be run again, such as a simulated demo history).
  enum class Durability { EveryCommit, Checkpoints };
  static std::unique_ptr<SqliteStore> open(const std::string& path, Durability durability = Durability::EveryCommit);
  // Reads every page of the existing database at `path` (SQLite's quick_check: seconds per GiB)
  // besides what open() checks, and changes nothing: Error{Corruption} naming the file and the
  // first damage found, Error{NotFound} when there is no such file. For `amtsweg verify` and
  // `serve --check`, which refuse a damaged file before they use it.
  static void check_every_page(const std::string& path);
  // A private database that lives in memory only as long as the store (scenario tests, tools):
  // a uniquely named database of SQLite's memdb VFS, which the writer and the readers share with
  // ordinary locking. Rollback journal instead of WAL (memdb has no WAL). Throws Error{Io}.
  static std::unique_ptr<SqliteStore> open_in_memory();

  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  // A writer on a new read-write connection. One writer at a time is expected; a second one
  // would wait (busy timeout, 5 s) for the first one's transactions. Throws Error{Io}.
  std::unique_ptr<StoreWriter> open_writer() override;
  // A reader on a pooled read-only connection: one read transaction, so one snapshot, until it is
  // destroyed (see StoreReader). Thread-safe. Readers may outlive the store.
  // Throws Error{Io}.
  std::unique_ptr<StoreReader> open_reader() override;

  // Writes a copy of the whole database to the new file `target` (SQLite's online backup: every
  // page in one transaction, no write-ahead log) and syncs it: the bulk path by which a history
  // built in memory (the demo) becomes a file in one sequential write. `target` must not
  // exist or be empty (Error{Conflict} otherwise); Error{Io} when it cannot be written. Waits for
  // the writer's transaction in progress; readers go on.
  void write_copy(const std::string& target);

  const std::string& path() const { return path_; }
  // Lets the database grow to at most `bytes` (0: as far as the disk allows). Beyond it, writes
  // fail with Error{StorageFull} and change nothing, as on a full disk; raising the limit lets
  // them succeed again. Takes effect at the writer's next transaction. Thread-safe.
  void set_size_limit(std::int64_t bytes);
  // Read-only connections waiting in the pool for the next reader (for tests and metrics).
  std::size_t idle_readers() const;

 private:
  // Lets open() build the store through make_unique while nobody else can.
  struct OpenedByOpen {};

 public:
  SqliteStore(OpenedByOpen, std::string path, std::shared_ptr<SqliteReaderPool> readers,
              std::unique_ptr<SqliteConnection> keep_alive = nullptr, Durability durability = Durability::EveryCommit);

 private:
  // Constant after construction.
  const std::string path_;
  const std::shared_ptr<SqliteReaderPool> readers_;
  // In memory only: the connection that keeps the database alive (memdb drops a database when
  // its last connection closes). Never used for queries.
  const std::unique_ptr<SqliteConnection> keep_alive_;
  const Durability durability_;
  // Bytes the database may grow to (0: no limit); the writer applies it before each transaction.
  const std::shared_ptr<std::atomic<std::int64_t>> size_limit_;
};

}  // namespace amtsweg
