// The event buffer's rules (see event_buffer.hpp).
#include "engine/runtime/event_buffer.hpp"

#include <algorithm>

namespace amtsweg {
namespace {

bool from_outside(const std::string& type) {
  return type != "timer" && type.rfind("task.", 0) != 0 && type.rfind("case.", 0) != 0;
}

void add_handled(const StateDef& state, std::vector<std::string>& types) {
  for (const auto& [type, transitions] : state.on)
    if (from_outside(type) && std::find(types.begin(), types.end(), type) == types.end()) types.push_back(type);
}

}  // namespace

std::vector<std::string> awaited_event_types(const ProcessDefinition& definition, const CaseRecord& record) {
  std::vector<std::string> types;
  if (record.status == CaseStatus::Completed || record.status == CaseStatus::Cancelled) return types;
  const StateDef* top = definition.find_state(record.state);
  if (top == nullptr) return types;
  add_handled(*top, types);
  for (const auto& region : top->regions)
    if (auto current = record.regions.find(region.name); current != record.regions.end())
      if (const StateDef* state = find_state_in(region.states, current->second)) add_handled(*state, types);
  return types;
}

bool buffered_event_matches(const BufferedEvent& event, const CaseRecord& record) {
  if (event.tenant != record.tenant || event.correlation.empty()) return false;
  return std::all_of(event.correlation.begin(), event.correlation.end(), [&](const auto& entry) {
    const std::string value = correlation_text(entry.value());
    if (entry.key() == "case") return value == record.id;
    const auto own = record.correlation.find(std::string(entry.key()));
    return own != record.correlation.end() && own->second == value;
  });
}

boost::json::value event_json(const std::string& id, const std::string& type, const boost::json::value& payload,
                              const std::string& actor, const boost::json::object& correlation) {
  return boost::json::object{
      {"id", id}, {"type", type}, {"payload", payload}, {"actor", actor}, {"correlation", correlation}};
}

}  // namespace amtsweg
