// Opening the SQLite store: the database-wide settings (WAL), the schema migration, handing out
// the writer and readers, and copying a database into a new file.
#include "engine/store/sqlite/sqlite_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>

#include <SQLiteCpp/Backup.h>

#include "engine/error.hpp"
#include "engine/store/sqlite/sqlite_connection.hpp"
#include "engine/store/sqlite/sqlite_errors.hpp"
#include "engine/store/sqlite/sqlite_file_check.hpp"
#include "engine/store/sqlite/sqlite_reader_pool.hpp"
#include "engine/store/sqlite/sqlite_schema.hpp"
#include "engine/store/sqlite/sqlite_writer.hpp"

namespace amtsweg {

namespace {

// Flushes the file at `path` to the disk, so that a copy is complete there before anyone renames
// or uses it. Throws Error{Io}.
void sync_file(const std::string& path) {
  const int file = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  const bool synced = file >= 0 && ::fsync(file) == 0;
  const int error = errno;
  if (file >= 0) ::close(file);
  if (!synced)
    throw Error(ErrorKind::Io, store_message("copy", path, std::string("cannot sync: ") + std::strerror(error)));
}

}  // namespace

std::unique_ptr<SqliteStore> SqliteStore::open(const std::string& path, Durability durability) {
  // Before anything is written: a damaged or foreign file is refused as it is.
  auto setup = open_checked_sqlite_file(path);
  with_store_errors("open", path, [&] {
    // WAL is a property of the file, not the connection: readers never block the writer and
    // the writer never blocks readers.
    auto mode = setup->statement("PRAGMA journal_mode = WAL");
    if (!mode->executeStep() || mode->getColumn(0).getString() != "wal") {
      throw Error(ErrorKind::Io, store_message("open", path, "the database cannot be switched to WAL mode"));
    }
  });
  migrate_sqlite_schema(*setup);
  mark_sqlite_file(*setup);
  return std::make_unique<SqliteStore>(OpenedByOpen{}, path, std::make_shared<SqliteReaderPool>(path, kMaxIdleReaders),
                                       nullptr, durability);
}

void SqliteStore::check_every_page(const std::string& path) {
  // Opening read-write would create an absent file; an absent file has no pages to check.
  if (!std::filesystem::exists(path)) throw Error(ErrorKind::NotFound, store_message("check", path, "no such file"));
  open_checked_sqlite_file(path, SqliteFileCheck::EveryPage);
}

std::unique_ptr<SqliteStore> SqliteStore::open_in_memory() {
  // The name only has to be unique within this process: memdb databases are process-local.
  std::random_device random;
  const std::string path = "file:/amtsweg-" + std::to_string(random()) + "-" + std::to_string(random()) + "?vfs=memdb";
  auto keeper = with_store_errors(
      "open", path, [&] { return std::make_unique<SqliteConnection>(path, SqliteConnection::Mode::ReadWrite); });
  migrate_sqlite_schema(*keeper);
  mark_sqlite_file(*keeper);  // so that a copy written to a file (write_copy) carries the mark
  return std::make_unique<SqliteStore>(OpenedByOpen{}, path, std::make_shared<SqliteReaderPool>(path, kMaxIdleReaders),
                                       std::move(keeper));
}

void SqliteStore::write_copy(const std::string& target) {
  if (std::filesystem::exists(target) && std::filesystem::file_size(target) > 0)
    throw Error(ErrorKind::Conflict, store_message("copy", target, "the file exists; a copy goes into a new file"));
  with_store_errors("copy", target, [&] {
    // SQLite's online backup, page by page into a file of the default file system (VACUUM INTO
    // would create its file with the source's VFS, in memory for an in-memory store).
    SqliteConnection source(path_, SqliteConnection::Mode::ReadOnly);
    SQLite::Database copy(target, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    SQLite::Backup backup(copy, source.database());
    backup.executeStep();  // every page at once
  });
  sync_file(target);
}

SqliteStore::SqliteStore(OpenedByOpen, std::string path, std::shared_ptr<SqliteReaderPool> readers,
                         std::unique_ptr<SqliteConnection> keep_alive, Durability durability)
    : path_(std::move(path)),
      readers_(std::move(readers)),
      keep_alive_(std::move(keep_alive)),
      durability_(durability),
      size_limit_(std::make_shared<std::atomic<std::int64_t>>(0)) {}

SqliteStore::~SqliteStore() = default;

std::unique_ptr<StoreWriter> SqliteStore::open_writer() {
  auto connection = with_store_errors("open_writer", path_, [&] {
    return std::make_unique<SqliteConnection>(path_, SqliteConnection::Mode::ReadWrite,
                                              durability_ == Durability::EveryCommit);
  });
  return std::make_unique<SqliteWriter>(std::move(connection), size_limit_);
}

void SqliteStore::set_size_limit(std::int64_t bytes) { size_limit_->store(std::max<std::int64_t>(bytes, 0)); }

std::unique_ptr<StoreReader> SqliteStore::open_reader() { return readers_->open_reader(); }

std::size_t SqliteStore::idle_readers() const { return readers_->idle_count(); }

}  // namespace amtsweg
