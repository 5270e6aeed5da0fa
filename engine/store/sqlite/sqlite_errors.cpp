// Which SQLite result codes mean which amtsweg error kind, and how store error messages read.
#include "engine/store/sqlite/sqlite_errors.hpp"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

namespace amtsweg {

void throw_store_error(const SQLite::Exception& failure, std::string_view operation, std::string_view subject) {
  switch (failure.getExtendedErrorCode()) {
    case SQLITE_CONSTRAINT_PRIMARYKEY:
    case SQLITE_CONSTRAINT_UNIQUE:
      throw Error(ErrorKind::Conflict,
                  store_message(operation, subject, std::string("already exists (") + failure.what() + ")"));
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      // Rows that belong to a case (history, tasks, timers) must name a stored case.
      throw Error(ErrorKind::NotFound,
                  store_message(operation, subject,
                                std::string("the case it belongs to does not exist (") + failure.what() + ")"));
    default:
      break;
  }
  switch (failure.getErrorCode()) {  // the primary code, whatever the extended one
    case SQLITE_FULL:
      // The disk is full or the database reached its size limit (max_page_count).
      throw Error(ErrorKind::StorageFull, store_message(operation, subject, failure.what()));
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      throw Error(ErrorKind::Corruption, store_message(operation, subject, failure.what()));
    default:
      throw Error(ErrorKind::Io, store_message(operation, subject, failure.what()));
  }
}

}  // namespace amtsweg
