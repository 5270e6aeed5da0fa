// Reads `states:` mappings (the definition's, and each parallel region's) into StateDefs,
// with the structural rules of a state: final states end, outcomes need final, no nested parallel.
#pragma once

#include <vector>

#include "engine/dsl/yaml_reader.hpp"
#include "engine/model/definition.hpp"

namespace amtsweg {

// The states of `entry` (name -> state). Repeated names are kept: the validator reports them.
// Inside a region (`in_region`) a state may not itself be parallel.
std::vector<StateDef> read_states(YamlReader& reader, const MapEntry& entry, bool in_region);

}  // namespace amtsweg
