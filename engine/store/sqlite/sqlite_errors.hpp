// Translation of SQLite failures into amtsweg::Error (Conflict, NotFound for a missing parent row,
// StorageFull, Corruption for a damaged file, else Io); messages name the operation.
#pragma once

#include <SQLiteCpp/Exception.h>

#include <string>
#include <string_view>

#include "engine/error.hpp"

namespace amtsweg {

// "store: insert_case C-12: database is locked" (subject may be empty).
std::string store_message(std::string_view operation, std::string_view subject, std::string_view what);

// Throws the amtsweg::Error that `failure` stands for.
[[noreturn]] void throw_store_error(const SQLite::Exception& failure, std::string_view operation,
                                    std::string_view subject);

// Runs `body`, turning SQLite exceptions into amtsweg::Error; amtsweg::Errors thrown by `body`
// (Conflict, Corruption...) pass unchanged. The message is only built on failure: this wraps
// every call on the hot path.
template <class Body>
decltype(auto) with_store_errors(std::string_view operation, std::string_view subject, Body&& body) {
  try {
    return body();
  } catch (const SQLite::Exception& failure) {
    throw_store_error(failure, operation, subject);
  }
}

}  // namespace amtsweg
