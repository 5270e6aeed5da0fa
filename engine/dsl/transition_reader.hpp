// Reads transitions (`on` handlers, `always`, `join`) and timers (`after`): a target state name,
// one {to, when, do} mapping, or a list of them.
#pragma once

#include <vector>

#include "engine/dsl/yaml_reader.hpp"
#include "engine/model/definition.hpp"

namespace amtsweg {

// The transitions written as the value of `entry`: "target", {to, when, do} or a list of these.
std::vector<Transition> read_transitions(YamlReader& reader, const MapEntry& entry);

// The `on:` mapping: event type -> transitions.
EventHandlers read_event_handlers(YamlReader& reader, const MapEntry& entry);

// The `after:` timers: a list of {in | at, to, when, do} (one mapping is accepted too).
std::vector<TimerSpec> read_timers(YamlReader& reader, const MapEntry& entry);

}  // namespace amtsweg
