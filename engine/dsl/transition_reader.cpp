// Reads transitions and timers. Whether a transition needs `to` depends on where it is (always and
// join do, on and after do not); the validator checks that on the model.
#include "engine/dsl/transition_reader.hpp"

#include "engine/dsl/action_reader.hpp"
#include "engine/dsl/language_keys.hpp"

namespace amtsweg {
namespace {

// Reads `to`, `when` and `do` from `keys` into `transition`; other keys are the caller's.
void read_transition_keys(YamlReader& reader, const std::vector<MapEntry>& keys, Transition& transition) {
  for (const auto& key : keys) {
    if (key.key == "to") {
      if (key.value.IsScalar()) {
        transition.target = key.value.Scalar();
        transition.target_pos = key.value_pos;
      } else {
        reader.report(key.value_pos, "'to' must be the name of a state");
      }
    } else if (key.key == "when") {
      transition.guard = reader.code(key, "a Lua expression (the guard)");
    } else if (key.key == "do") {
      transition.actions = read_actions(reader, key);
    }
  }
}

std::optional<Transition> read_transition(YamlReader& reader, const YAML::Node& node) {
  Transition transition;
  transition.pos = reader.pos(node);
  if (node.IsScalar()) {
    transition.target = node.Scalar();
    transition.target_pos = transition.pos;
    return transition;
  }
  if (!node.IsMap()) {
    reader.report(transition.pos, "a transition must be a state name or a mapping {to: ..., when: ..., do: ...}");
    return std::nullopt;
  }
  read_transition_keys(reader, reader.entries(node, language_keys::kTransition), transition);
  return transition;
}

std::optional<TimerSpec> read_timer(YamlReader& reader, const YAML::Node& node) {
  TimerSpec timer;
  timer.pos = reader.pos(node);
  timer.transition.pos = timer.pos;
  if (!node.IsMap()) {
    reader.report(timer.pos, "a timer must be a mapping {in: P14D, to: ..., when: ..., do: ...}");
    return std::nullopt;
  }
  auto keys = reader.entries(node, language_keys::kTimer);
  read_transition_keys(reader, keys, timer.transition);
  const MapEntry* in = nullptr;
  const MapEntry* at = nullptr;
  for (const auto& key : keys) {
    if (key.key == "in") in = &key;
    if (key.key == "at") at = &key;
  }
  if (in && at) {
    reader.report(at->key_pos, "a timer has either 'in' (a duration) or 'at' (a time), not both");
  } else if (!in && !at) {
    reader.report(timer.pos,
                  "a timer needs 'in' (a duration such as P14D) or 'at' (an expression giving "
                  "the time)");
  }
  if (in)
    if (auto delay = reader.duration(*in)) timer.delay = std::move(*delay);
  if (at && at->value.IsScalar()) {
    // `at` is Lua; the '=' that marks expressions elsewhere is allowed here too.
    const std::string& text = at->value.Scalar();
    std::size_t offset = 0;
    if (text.starts_with("=")) {
      offset = 1;
      while (offset < text.size() && (text[offset] == ' ' || text[offset] == '\t')) ++offset;
    }
    timer.at = reader.expression_at(at->value, offset);
  } else if (at) {
    reader.report(at->value_pos, "'at' must be a Lua expression giving a time");
  }
  return timer;
}

}  // namespace

std::vector<Transition> read_transitions(YamlReader& reader, const MapEntry& entry) {
  std::vector<Transition> transitions;
  if (entry.value.IsSequence()) {
    for (const auto& item : entry.value)
      if (auto transition = read_transition(reader, item)) transitions.push_back(std::move(*transition));
    return transitions;
  }
  if (entry.value.IsScalar() || entry.value.IsMap()) {
    if (auto transition = read_transition(reader, entry.value)) transitions.push_back(std::move(*transition));
    return transitions;
  }
  reader.report(entry.value_pos, "'" + entry.key +
                                     "' must be a state name, a transition {to, when, do} or a "
                                     "list of transitions");
  return transitions;
}

EventHandlers read_event_handlers(YamlReader& reader, const MapEntry& entry) {
  EventHandlers handlers;
  if (!entry.value.IsMap()) {
    reader.report(entry.value_pos, "'on' must map event types to transitions (e.g. {payment.confirmed: paid})");
    return handlers;
  }
  for (auto& handler : reader.named_entries(entry.value)) {
    if (!is_event_type(handler.key))
      reader.report(handler.key_pos,
                    "invalid event type '" + handler.key + "': use letters, digits, '.', ':', '-' and '_'");
    handlers.emplace_back(handler.key, read_transitions(reader, handler));
  }
  return handlers;
}

std::vector<TimerSpec> read_timers(YamlReader& reader, const MapEntry& entry) {
  std::vector<TimerSpec> timers;
  if (entry.value.IsMap()) {
    if (auto timer = read_timer(reader, entry.value)) timers.push_back(std::move(*timer));
    return timers;
  }
  if (!entry.value.IsSequence()) {
    reader.report(entry.value_pos, "'after' must be a list of timers (e.g. [{in: P14D, to: ...}])");
    return timers;
  }
  for (const auto& item : entry.value)
    if (auto timer = read_timer(reader, item)) timers.push_back(std::move(*timer));
  return timers;
}

}  // namespace amtsweg
