// The engine's one error style: every failure is thrown as amtsweg::Error carrying a kind,
// a message that names what was wrong and where, and optional structured details.
#pragma once

#include <boost/json/value.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

namespace amtsweg {

enum class ErrorKind {
  InvalidArgument,  // malformed input: bad JSON, unknown process, wrong field type
  NotFound,         // no such case, task, definition, or no case matches a correlation
  Conflict,         // lost race, wrong lifecycle state, version conflict
  RuleViolation,    // well-formed but against the rules: form validation, four-eyes
  ScriptFailure,    // a guard or script failed or exceeded its budget
  Invalid,          // a definition failed validation (details hold the diagnostics)
  Corruption,       // stored data is inconsistent (tampered history, bad row)
  Io,               // the store could not read or write (I/O error, locked, shut down): try again later
  StorageFull,      // the store has no room left (disk full, or its size limit): nothing was written
  UnsupportedType,  // content of a media type the definition does not accept (details: allowed types)
  TooLarge,         // content larger than the definition allows (details: size, max_size)
};

// Stable lower-case name of a kind ("not_found"), used in CLI output and API error codes.
std::string_view to_string(ErrorKind kind);

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message, boost::json::value details = nullptr)
      : std::runtime_error(message), kind_(kind), details_(std::move(details)) {}

  ErrorKind kind() const { return kind_; }
  const boost::json::value& details() const { return details_; }

 private:
  ErrorKind kind_;
  boost::json::value details_;
};

// The refusal of an id that names nothing: Error{NotFound} "no case C-1", or, for an empty id,
// Error{InvalidArgument} "the case id is empty" (an empty id is a mistake of the caller, not a
// case that might exist later). `what` is "case", "task", ...
Error no_such(std::string_view what, std::string_view id);

}  // namespace amtsweg
