// Names of error kinds, shared by the CLI and the REST adapter's error codes, and the refusal of
// an id that names nothing.
#include "engine/error.hpp"

namespace amtsweg {

std::string_view to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::InvalidArgument:
      return "invalid_argument";
    case ErrorKind::NotFound:
      return "not_found";
    case ErrorKind::Conflict:
      return "conflict";
    case ErrorKind::RuleViolation:
      return "rule_violation";
    case ErrorKind::ScriptFailure:
      return "script_failure";
    case ErrorKind::Invalid:
      return "invalid_definition";
    case ErrorKind::Corruption:
      return "corruption";
    case ErrorKind::Io:
      return "storage_unavailable";
    case ErrorKind::StorageFull:
      return "storage_full";
    case ErrorKind::UnsupportedType:
      return "unsupported_media_type";
    case ErrorKind::TooLarge:
      return "payload_too_large";
  }
  return "unknown";
}

Error no_such(std::string_view what, std::string_view id) {
  if (id.empty()) return Error(ErrorKind::InvalidArgument, "the " + std::string(what) + " id is empty");
  return Error(ErrorKind::NotFound, "no " + std::string(what) + " " + std::string(id));
}

}  // namespace amtsweg
