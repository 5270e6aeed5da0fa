// Lookups on the definition model.
#include "engine/model/definition.hpp"

namespace amtsweg {

const StateDef* find_state_in(const std::vector<StateDef>& states, const std::string& name) {
  for (const auto& s : states)
    if (s.name == name) return &s;
  return nullptr;
}

const StateDef* ProcessDefinition::find_state(const std::string& name) const {
  return find_state_in(states, name);
}

const std::vector<Transition>* StateDef::handlers_for(const std::string& event_type) const {
  for (const auto& [type, transitions] : on)
    if (type == event_type) return &transitions;
  return nullptr;
}

}  // namespace amtsweg
