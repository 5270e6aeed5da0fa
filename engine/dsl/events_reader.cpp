// Reads `events:` (see events_reader.hpp). Only events from outside can be declared: the engine's
// own (timer, task.*, case.*) never arrive early. Whether a state waits for a declared event is
// the validator's check.
#include "engine/dsl/events_reader.hpp"

#include "engine/dsl/language_keys.hpp"

namespace amtsweg {
namespace {

bool reserved_event_type(const std::string& type) {
  return type == "timer" || type.rfind("task.", 0) == 0 || type.rfind("case.", 0) == 0;
}

EventDecl read_event_decl(YamlReader& reader, const MapEntry& entry) {
  EventDecl event;
  event.type = entry.key;
  event.pos = entry.key_pos;
  if (reserved_event_type(entry.key))
    reader.report(entry.key_pos, "'" + entry.key +
                                     "' is raised by the engine itself and cannot be declared; "
                                     "declare events that other systems send");
  if (!entry.value.IsMap()) {
    reader.report(entry.value_pos, "event '" + entry.key + "' must be a mapping, e.g. {buffer: P14D}");
    return event;
  }
  const auto keys = reader.entries(entry.value, language_keys::kEvent);
  reader.require(keys, "buffer", entry.key_pos, "how long an event that no case waits for yet is kept, e.g. P14D");
  for (const auto& key : keys) {
    if (key.key == "description") {
      if (auto text = reader.text(key)) event.description = *text;
    } else if (key.key == "buffer") {
      event.buffer = reader.duration(key);
      if (event.buffer && !event.buffer->in_working_days() && event.buffer->ms <= 0)
        reader.report(key.value_pos, "'buffer' must be longer than zero");
    }
  }
  return event;
}

}  // namespace

std::vector<EventDecl> read_event_decls(YamlReader& reader, const MapEntry& entry) {
  std::vector<EventDecl> events;
  if (!entry.value.IsMap()) {
    reader.report(entry.value_pos,
                  "'events' must be a mapping of event types, e.g. {payment.confirmed: {buffer: P14D}}");
    return events;
  }
  for (const auto& event : reader.named_entries(entry.value)) events.push_back(read_event_decl(reader, event));
  return events;
}

}  // namespace amtsweg
