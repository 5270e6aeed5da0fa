// Which failed commands are worth a durable record (and which hold their case with an incident),
// and the text a record keeps: shared by the command pipeline and the engine's failure hooks.
#pragma once

#include <exception>
#include <string>

#include "engine/error.hpp"

namespace amtsweg {

// Plain refusals (bad input, nothing found, a lost race) are answered to the caller only; what is
// kept is a command that failed while running a case: scripts, rules, the store.
inline bool worth_recording(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const Error& error) {
    // A full store is nobody's case's fault (and has no room for the record either).
    return error.kind() != ErrorKind::InvalidArgument && error.kind() != ErrorKind::NotFound &&
           error.kind() != ErrorKind::Conflict && error.kind() != ErrorKind::StorageFull;
  } catch (...) {
    return true;
  }
}

inline std::string error_text(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    return ex.what();
  } catch (...) {
    return "unknown failure";
  }
}

// Whether a failed asynchronous command holds its case with an incident: failures of the
// definition's code or rules do, and would fail again at once; a lost race or a store failure is
// retried at the next chance instead.
inline bool incident_worthy(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const Error& error) {
    return error.kind() != ErrorKind::Io && error.kind() != ErrorKind::StorageFull && worth_recording(e);
  } catch (...) {
    return true;
  }
}

}  // namespace amtsweg
