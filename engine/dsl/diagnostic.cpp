// Formatting of validation findings as "file:line:column: message", the shape editors and CI
// logs recognise as a jump target.
#include "engine/dsl/diagnostic.hpp"

namespace amtsweg {

std::string Diagnostic::format() const {
  return file + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column) + ": " + message;
}

}  // namespace amtsweg
