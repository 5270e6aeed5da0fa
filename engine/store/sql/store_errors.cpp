// How store error messages read, for both backends.
#include "engine/store/sql/store_errors.hpp"

#include <string>

namespace amtsweg {

std::string store_message(std::string_view operation, std::string_view subject, std::string_view what) {
  std::string message = "store: ";
  message += operation;
  if (!subject.empty()) {
    message += ' ';
    message += subject;
  }
  message += ": ";
  message += what;
  return message;
}

Error newer_schema_error(std::string_view subject, int found, int known) {
  return Error(ErrorKind::Corruption,
               store_message("open", subject,
                             "the database has schema version " + std::to_string(found) +
                                 " but this amtsweg knows versions up to " + std::to_string(known) +
                                 "; it was written by a newer amtsweg, use that one"));
}

}  // namespace amtsweg
