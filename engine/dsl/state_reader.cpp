// Reads states and parallel regions. Rules that need only one state's keys are checked here, at
// the offending key; rules across states (targets, reachability) are the validator's.
#include "engine/dsl/state_reader.hpp"

#include "engine/dsl/action_reader.hpp"
#include "engine/dsl/language_keys.hpp"
#include "engine/dsl/task_reader.hpp"
#include "engine/dsl/transition_reader.hpp"

namespace amtsweg {
namespace {

const MapEntry* find_key(const std::vector<MapEntry>& keys, std::string_view name) {
  for (const auto& key : keys)
    if (key.key == name) return &key;
  return nullptr;
}

std::vector<Region> read_regions(YamlReader& reader, const MapEntry& entry) {
  std::vector<Region> regions;
  if (!entry.value.IsMap() || entry.value.size() == 0) {
    reader.report(entry.value_pos, "'parallel' must map region names to {start: ..., states: {...}}");
    return regions;
  }
  for (auto& region_entry : reader.named_entries(entry.value)) {
    Region region;
    region.name = region_entry.key;
    region.pos = region_entry.key_pos;
    if (!is_identifier(region.name))
      reader.report(region.pos, "invalid region name '" + region.name +
                                    "': use letters, digits and '_', not starting with a digit");
    if (!region_entry.value.IsMap()) {
      reader.report(region_entry.value_pos,
                    "region '" + region.name + "' must be a mapping {start: ..., states: {...}}");
      continue;
    }
    auto keys = reader.entries(region_entry.value, language_keys::kRegion);
    reader.require(keys, "start", region_entry.value_pos, "the state region '" + region.name + "' begins in");
    reader.require(keys, "states", region_entry.value_pos, "the states of region '" + region.name + "'");
    for (const auto& key : keys) {
      if (key.key == "start") {
        if (auto start = reader.text(key, "the name of a state of the region")) {
          region.start = *start;
          region.start_pos = key.value_pos;
        }
      } else if (key.key == "states") {
        region.states = read_states(reader, key, true);
      }
    }
    regions.push_back(std::move(region));
  }
  return regions;
}

// The rules between a state's own keys: a final state ends the case, an outcome needs a final
// state, join needs parallel (and replaces always there), and regions do not nest.
void check_state_keys(YamlReader& reader, const StateDef& state, const std::vector<MapEntry>& keys, bool in_region) {
  for (std::string_view key : {"parallel", "join"}) {
    if (auto* entry = find_key(keys, key); entry && in_region)
      reader.report(entry->key_pos, "parallel states cannot be nested: state '" + state.name +
                                        "' inside a region may not have '" + std::string(key) + "'");
  }
  if (state.final) {
    for (std::string_view key : {"on", "always", "after", "task", "parallel", "join"})
      if (auto* entry = find_key(keys, key))
        reader.report(entry->key_pos, "final state '" + state.name + "' may not have '" + std::string(key) +
                                          "': a case ends in its final state");
  } else if (auto* outcome = find_key(keys, "outcome")) {
    reader.report(outcome->key_pos,
                  "'outcome' is only for final states: add 'final: true' to state '" + state.name + "'");
  }
  if (auto* always = find_key(keys, "always"); always && find_key(keys, "parallel"))
    reader.report(always->key_pos, "parallel state '" + state.name +
                                       "' moves on with 'join' or 'on'; its 'always' would never "
                                       "be evaluated");
  if (auto* join = find_key(keys, "join"); join && !in_region && !find_key(keys, "parallel"))
    reader.report(join->key_pos,
                  "'join' belongs to a parallel state, but state '" + state.name + "' has no 'parallel'");
}

StateDef read_state(YamlReader& reader, const MapEntry& entry, bool in_region) {
  StateDef state;
  state.name = entry.key;
  state.pos = entry.key_pos;
  if (!is_identifier(state.name))
    reader.report(state.pos,
                  "invalid state name '" + state.name + "': use letters, digits and '_', not starting with a digit");
  if (entry.value.IsNull()) return state;  // `name:` alone: a state without keys
  if (!entry.value.IsMap()) {
    reader.report(entry.value_pos,
                  "state '" + state.name + "' must be a mapping of keys (entry, on, task, final, ...)");
    return state;
  }
  auto keys = reader.entries(entry.value, language_keys::kState);
  for (const auto& key : keys) {
    if (key.key == "title") {
      if (auto title = reader.text(key)) state.title = *title;
    } else if (key.key == "description") {
      if (auto description = reader.text(key)) state.description = *description;
    } else if (key.key == "entry") {
      state.entry = read_actions(reader, key);
    } else if (key.key == "exit") {
      state.exit = read_actions(reader, key);
    } else if (key.key == "on") {
      state.on = read_event_handlers(reader, key);
    } else if (key.key == "always") {
      state.always = read_transitions(reader, key);
    } else if (key.key == "after") {
      state.after = read_timers(reader, key);
    } else if (key.key == "task") {
      state.task = read_task(reader, key);
    } else if (key.key == "final") {
      state.final = reader.boolean(key).value_or(false);
    } else if (key.key == "outcome") {
      if (auto outcome = reader.text(key, "a name (e.g. approved)")) state.outcome = *outcome;
    } else if (key.key == "parallel" && !in_region) {
      state.regions = read_regions(reader, key);
    } else if (key.key == "join") {  // read even where it is an error, so targets still count
      state.join = read_transitions(reader, key);
    }
  }
  check_state_keys(reader, state, keys, in_region);
  return state;
}

}  // namespace

std::vector<StateDef> read_states(YamlReader& reader, const MapEntry& entry, bool in_region) {
  std::vector<StateDef> states;
  if (!entry.value.IsMap() || entry.value.size() == 0) {
    reader.report(entry.value_pos, "'states' must map state names to states and name at least one state");
    return states;
  }
  for (auto& state_entry : reader.named_entries(entry.value, true))
    states.push_back(read_state(reader, state_entry, in_region));
  return states;
}

}  // namespace amtsweg
