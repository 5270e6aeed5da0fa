// Reads a state's `task:`: the human task created on entering the state (title, role, form, due
// date, reminder, escalation, four-eyes, a required document).
#pragma once

#include <optional>

#include "engine/dsl/yaml_reader.hpp"
#include "engine/model/definition.hpp"

namespace amtsweg {

// The task; nullopt when `task:` is not a mapping (reported). A missing title or role is left
// empty for the validator to report.
std::optional<TaskSpec> read_task(YamlReader& reader, const MapEntry& entry);

}  // namespace amtsweg
