// The schema of the PostgreSQL store as an ordered list of migration steps, and the function that
// brings a database up to the newest step this build knows.
#pragma once

#include "engine/store/postgres/pg_connection.hpp"

namespace amtsweg {

// The schema version this build writes: the number of migration steps it knows.
int postgres_schema_version();

// Applies every step the database has not yet recorded in `schema_version`, all in one
// transaction under an advisory lock (nodes starting at once migrate one after the other).
// Throws Error{Corruption} when the database is newer than this build, Error{Io} when a step
// fails (then nothing of it stays).
void migrate_postgres_schema(PgConnection& connection);

}  // namespace amtsweg
