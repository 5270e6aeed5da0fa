// The on-disk schema of the SQLite store as an ordered list of migration steps, and the
// function that brings a database file up to the newest step this build knows.
#pragma once

#include "engine/store/sqlite/sqlite_connection.hpp"

namespace amtsweg {

// The schema version this build writes: the number of migration steps it knows.
int sqlite_schema_version();

// Applies every step the database has not yet recorded in `schema_version`, each in its own
// transaction. Throws Error{Corruption} when the database is newer than this build, Error{Io}
// when a step fails (that step leaves no trace).
void migrate_sqlite_schema(SqliteConnection& connection);

// Computes the statistics' aggregates (stats_counts) anew from the cases, tasks and dimensions in
// the database, in the caller's transaction; for data written around the store (the bench's fill).
void rebuild_sqlite_statistics(SQLite::Database& database);

}  // namespace amtsweg
