// Refusing a database file that is not a sound amtsweg database (not SQLite at all, damaged, or
// another application's) before anything is written to it, and marking amtsweg's own files.
#pragma once

#include <memory>
#include <string>

#include "engine/store/sqlite/sqlite_connection.hpp"

namespace amtsweg {

// "amtw": SQLite's application_id of amtsweg databases (`file` recognises it as such).
inline constexpr int kAmtswegApplicationId = 0x616d7477;

// How much of a file is read before it is trusted. Header: the file header and the schema (what
// every open needs, a few pages however large the file). EveryPage: also SQLite's quick_check,
// which reads every page once (seconds per GiB): `amtsweg verify` and `serve --check`.
enum class SqliteFileCheck { Header, EveryPage };

// Checks the file behind `connection` and throws Error{Corruption} with a message naming the file
// and what is wrong when it is not an SQLite database, holds tables of another application (an
// application_id other than amtsweg's, or no amtsweg schema), or, with EveryPage, fails SQLite's
// quick_check. An empty file and an amtsweg database (marked, or written before the mark existed)
// pass. Reads only: nothing is repaired or changed. Error{Io} when the file cannot be read at all.
void check_sqlite_file(SqliteConnection& connection, SqliteFileCheck check = SqliteFileCheck::Header);

// Opens `path` read-write (created when absent) and checks it as check_sqlite_file() does,
// including a file SQLite refuses to open at all.
std::unique_ptr<SqliteConnection> open_checked_sqlite_file(const std::string& path,
                                                           SqliteFileCheck check = SqliteFileCheck::Header);

// Marks the database as amtsweg's (application_id) unless it already is. Throws Error{Io}.
void mark_sqlite_file(SqliteConnection& connection);

}  // namespace amtsweg
