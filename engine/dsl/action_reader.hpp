// Reads action lists (`entry`, `exit`, a transition's `do`): set, emit, notify, script, assign,
// each a one-key mapping in a YAML list.
#pragma once

#include <vector>

#include "engine/dsl/yaml_reader.hpp"
#include "engine/model/definition.hpp"

namespace amtsweg {

// The actions of `entry` (whose value must be a list; an empty value is no actions).
std::vector<Action> read_actions(YamlReader& reader, const MapEntry& entry);

// Names checked by the reader: dotted data paths for `set`, event types for `on`/`emit`.
bool is_data_path(std::string_view text);
bool is_event_type(std::string_view text);
bool is_identifier(std::string_view text);

}  // namespace amtsweg
