// What a failed PostgreSQL call throws inside the store: the server's message with its SQLSTATE
// code, which pg_errors.cpp maps to an ErrorKind (as sqlite_errors.cpp does for SQLite's codes).
#pragma once

#include <stdexcept>
#include <string>

namespace amtsweg {

class PgFailure : public std::runtime_error {
 public:
  // `sqlstate`: the five-character code ("23505"), empty when the connection itself failed.
  PgFailure(std::string sqlstate, const std::string& message)
      : std::runtime_error(message), sqlstate_(std::move(sqlstate)) {}
  const std::string& sqlstate() const { return sqlstate_; }

 private:
  std::string sqlstate_;
};

}  // namespace amtsweg
