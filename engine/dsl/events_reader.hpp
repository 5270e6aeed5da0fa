// Reads the top-level `events:` of a definition: the event types it declares and, per type, how
// long an early event is buffered, e.g. {payment.confirmed: {buffer: P14D}}.
#pragma once

#include <vector>

#include "engine/dsl/yaml_reader.hpp"
#include "engine/model/definition.hpp"

namespace amtsweg {

// The declarations in source order. Findings go to `reader`.
std::vector<EventDecl> read_event_decls(YamlReader& reader, const MapEntry& entry);

}  // namespace amtsweg
