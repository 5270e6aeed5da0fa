// A validation finding: what is wrong in a definition and exactly where (file:line:column).
// Validation collects all findings instead of stopping at the first one.
#pragma once

#include <string>
#include <vector>

#include "engine/model/definition.hpp"

namespace amtsweg {

struct Diagnostic {
  std::string file;
  SourcePos pos;
  std::string message;

  // "file:line:column: message"
  std::string format() const;
};

using Diagnostics = std::vector<Diagnostic>;

}  // namespace amtsweg
