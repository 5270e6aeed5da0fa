// Reads a process definition from YAML into the model (engine/model/definition.hpp), keeping
// the file:line:column of every element, and runs every static check (see validator.hpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/dsl/diagnostic.hpp"
#include "engine/model/definition.hpp"

namespace amtsweg {

struct LoadResult {
  std::optional<ProcessDefinition> definition;  // set only when there are no diagnostics
  Diagnostics diagnostics;                      // ordered by position
  bool ok() const { return definition.has_value(); }
};

// Parses and validates `yaml`; `source_name` names the file in every diagnostic.
LoadResult load_definition(std::string_view yaml, const std::string& source_name);

// Reads the file at `path` and loads it (a missing/unreadable file is a diagnostic at 0:0).
LoadResult load_definition_file(const std::string& path);

}  // namespace amtsweg
