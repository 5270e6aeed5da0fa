// Moving a whole installation from its SQLite file to a PostgreSQL database (`amtsweg migrate-store`):
// every row of every table, byte for byte, so that history chains and document hashes stay intact.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace amtsweg {

struct TableCopy {
  std::string table;
  std::int64_t source_rows = 0;
  std::int64_t target_rows = 0;  // counted again on the target after the commit
};

// Called after each table with the rows copied so far (for a progress line).
using TableCopied = std::function<void(const TableCopy&)>;

// Brings both databases to the newest schema of this build, then copies every table of the SQLite
// file `sqlite_path` into the PostgreSQL database at `postgres_url` in one transaction (tables
// referenced by others first; identity counters continue after the copied ids), and counts the
// rows of every table on both sides afterwards. Nothing is written when anything fails.
// Error{NotFound}: no such file. Error{Conflict}: the target already holds rows (it names the
// table); a move never merges. Error{Corruption}: a table or column of the source that the target
// lacks (the two schemas differ). Store errors (Io...) as the stores raise them.
std::vector<TableCopy> copy_sqlite_to_postgres(const std::string& sqlite_path, const std::string& postgres_url,
                                               const TableCopied& progress = {});

}  // namespace amtsweg
