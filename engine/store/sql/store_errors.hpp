// Turning a backend's failure (SQLite's or PostgreSQL's exception) into amtsweg::Error around every
// store call, so that the shared queries report errors alike on both backends.
#pragma once

#include <string>
#include <string_view>

#include "engine/error.hpp"

namespace SQLite {
class Exception;
}

namespace amtsweg {

class PgFailure;

// "store: insert_case C-12: database is locked" (subject may be empty).
std::string store_message(std::string_view operation, std::string_view subject, std::string_view what);

// Error{Corruption}: the database at `subject` has schema version `found`, newer than the `known`
// versions of this build (a newer amtsweg wrote it).
Error newer_schema_error(std::string_view subject, int found, int known);

// Throw the amtsweg::Error that `failure` stands for (sqlite/sqlite_errors.cpp, postgres/pg_errors.cpp).
[[noreturn]] void throw_store_error(const SQLite::Exception& failure, std::string_view operation,
                                    std::string_view subject);
[[noreturn]] void throw_store_error(const PgFailure& failure, std::string_view operation, std::string_view subject);

// Runs `body`, turning the backends' exceptions into amtsweg::Error; amtsweg::Errors thrown by
// `body` (Conflict, Corruption...) pass unchanged. The message is only built on failure: this
// wraps every call on the hot path.
template <class Body>
decltype(auto) with_store_errors(std::string_view operation, std::string_view subject, Body&& body);

}  // namespace amtsweg

#include <SQLiteCpp/Exception.h>

#include "engine/store/postgres/pg_failure.hpp"

namespace amtsweg {

template <class Body>
decltype(auto) with_store_errors(std::string_view operation, std::string_view subject, Body&& body) {
  try {
    return body();
  } catch (const SQLite::Exception& failure) {
    throw_store_error(failure, operation, subject);
  } catch (const PgFailure& failure) {
    throw_store_error(failure, operation, subject);
  }
}

}  // namespace amtsweg
