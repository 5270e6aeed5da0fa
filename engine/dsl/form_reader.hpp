// Reads a `form:` (the application's data, or a task's decision form): a JSON Schema written in
// YAML, checked keyword by keyword at the offending node, then compiled once with valijson.
#pragma once

#include "engine/dsl/yaml_reader.hpp"
#include "engine/model/definition.hpp"

namespace amtsweg {

// The schema as JSON plus the dotted paths of properties marked `personal: true`
// (e.g. "applicant.name"; array items add "[]": "children[].name"). Findings go to `reader`.
FormSchema read_form(YamlReader& reader, const MapEntry& entry);

}  // namespace amtsweg
