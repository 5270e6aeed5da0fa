// Lookups on the definition model.
#include "engine/model/definition.hpp"

namespace amtsweg {

const StateDef* find_state_in(const std::vector<StateDef>& states, const std::string& name) {
  for (const auto& s : states)
    if (s.name == name) return &s;
  return nullptr;
}

const StateDef* ProcessDefinition::find_state(const std::string& name) const { return find_state_in(states, name); }

const EventDecl* ProcessDefinition::find_event(const std::string& type) const {
  for (const auto& event : events)
    if (event.type == type) return &event;
  return nullptr;
}

const StateDef* ProcessDefinition::find_state_path(const std::string& path) const {
  const auto slash = path.find('/');
  const StateDef* top = find_state(path.substr(0, slash));
  if (top == nullptr || slash == std::string::npos) return top;
  const auto second = path.find('/', slash + 1);
  if (second == std::string::npos) return nullptr;
  const std::string region_name = path.substr(slash + 1, second - slash - 1);
  for (const auto& region : top->regions)
    if (region.name == region_name) return find_state_in(region.states, path.substr(second + 1));
  return nullptr;
}

const std::vector<Transition>* StateDef::handlers_for(const std::string& event_type) const {
  for (const auto& [type, transitions] : on)
    if (type == event_type) return &transitions;
  return nullptr;
}

}  // namespace amtsweg
