// Which PostgreSQL SQLSTATE codes mean which amtsweg error kind (as sqlite_errors.cpp does for
// SQLite's result codes).
#include <string>

#include "engine/store/postgres/pg_failure.hpp"
#include "engine/store/sql/store_errors.hpp"

namespace amtsweg {

void throw_store_error(const PgFailure& failure, std::string_view operation, std::string_view subject) {
  const std::string& state = failure.sqlstate();
  if (state == "23505")  // unique_violation
    throw Error(ErrorKind::Conflict,
                store_message(operation, subject, std::string("already exists (") + failure.what() + ")"));
  if (state == "23503")  // foreign_key_violation: rows that belong to a case must name a stored case
    throw Error(ErrorKind::NotFound,
                store_message(operation, subject,
                              std::string("the case it belongs to does not exist (") + failure.what() + ")"));
  // Another transaction changed the rows meanwhile (serialization failure, deadlock): the revision
  // check's kind of failure.
  if (state == "40001" || state == "40P01")
    throw Error(ErrorKind::Conflict, store_message(operation, subject, failure.what()));
  // disk_full, out_of_memory, too_many_connections... class 53: insufficient resources.
  if (state == "53100") throw Error(ErrorKind::StorageFull, store_message(operation, subject, failure.what()));
  // data_corrupted, index_corrupted.
  if (state == "XX001" || state == "XX002")
    throw Error(ErrorKind::Corruption, store_message(operation, subject, failure.what()));
  throw Error(ErrorKind::Io, store_message(operation, subject, failure.what()));
}

}  // namespace amtsweg
