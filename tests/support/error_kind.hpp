// The kind of the amtsweg::Error a piece of test code throws, for CHECKs that expect one; and of
// a store write that fails.
#pragma once

#include <catch2/catch.hpp>

#include "engine/error.hpp"
#include "engine/store/store.hpp"

namespace amtsweg::testing {

// Runs `body` and returns the kind of the amtsweg::Error it threw (fails the test if none).
template <class Body>
ErrorKind error_kind_of(Body&& body) {
  try {
    body();
  } catch (const Error& error) {
    return error.kind();
  }
  FAIL("no amtsweg::Error was thrown");
  return ErrorKind::Io;
}

// The kind of the error of a write that fails inside a savepoint, undone as the group writer
// undoes a failed command (on PostgreSQL a failed statement spoils its transaction until then).
template <class Body>
ErrorKind kind_of_failed_write(StoreWriter& writer, Body&& body) {
  writer.savepoint();
  const ErrorKind kind = error_kind_of(body);
  writer.rollback_to_savepoint();
  return kind;
}

}  // namespace amtsweg::testing
