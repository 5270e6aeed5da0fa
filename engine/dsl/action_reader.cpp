// Reads action lists into the model's Action variants. Each action kind has its own small
// reader; all of them report findings and still return what could be read.
#include "engine/dsl/action_reader.hpp"

#include <regex>

#include "engine/dsl/language_keys.hpp"

namespace amtsweg {
namespace {

FieldSpecs read_fields(YamlReader& reader, const MapEntry& entry, bool paths) {
  FieldSpecs fields;
  if (!entry.value.IsMap()) {
    reader.report(entry.value_pos, "'" + entry.key + "' must be a mapping of " +
                                       (paths ? "data paths to values (e.g. {fee: 12})" : "fields to values"));
    return fields;
  }
  for (auto& field : reader.named_entries(entry.value)) {
    if (paths && !is_data_path(field.key)) {
      reader.report(field.key_pos,
                    "invalid data path '" + field.key + "': use names of letters, digits and '_' joined by '.'");
      continue;
    }
    fields.emplace_back(field.key, reader.value_spec(field));
  }
  return fields;
}

void check_event_type(YamlReader& reader, const std::string& type, SourcePos where) {
  if (!is_event_type(type))
    reader.report(where, "invalid event type '" + type + "': use letters, digits, '.', ':', '-' and '_'");
}

EmitAction read_emit(YamlReader& reader, const MapEntry& entry) {
  EmitAction emit;
  if (entry.value.IsScalar()) {
    emit.type = entry.value.Scalar();
    check_event_type(reader, emit.type, entry.value_pos);
    return emit;
  }
  if (!entry.value.IsMap()) {
    reader.report(entry.value_pos, "'emit' must be an event type or a mapping {type: ..., payload: {...}}");
    return emit;
  }
  auto keys = reader.entries(entry.value, language_keys::kEmit);
  reader.require(keys, "type", entry.value_pos, "the type of the message to emit");
  for (auto& key : keys) {
    if (key.key == "type") {
      if (auto type = reader.text(key, "an event type")) {
        emit.type = *type;
        check_event_type(reader, emit.type, key.value_pos);
      }
    } else if (key.key == "payload") {
      emit.payload = read_fields(reader, key, false);
    }
  }
  return emit;
}

NotifyAction read_notify(YamlReader& reader, const MapEntry& entry) {
  NotifyAction notify;
  if (!entry.value.IsMap()) {
    reader.report(entry.value_pos, "'notify' must be a mapping {to: ..., subject: ..., text: ...}");
    return notify;
  }
  auto keys = reader.entries(entry.value, language_keys::kNotify);
  reader.require(keys, "text", entry.value_pos, "the message to send");
  for (auto& key : keys) {
    if (key.key == "to") {
      if (auto to = reader.text(key, "a recipient")) notify.to = *to;
    } else if (key.key == "subject") {
      if (auto subject = reader.text(key)) notify.subject = *subject;
      notify.subject_pos = reader.content_pos(key.value);
    } else if (key.key == "text") {
      if (auto text = reader.text(key)) notify.text = *text;
      notify.text_pos = reader.content_pos(key.value);
    }
  }
  return notify;
}

AssignAction read_assign(YamlReader& reader, const MapEntry& entry) {
  AssignAction assign;
  if (!entry.value.IsMap()) {
    reader.report(entry.value_pos, "'assign' must be a mapping {user: ..., role: ...}");
    return assign;
  }
  auto keys = reader.entries(entry.value, language_keys::kAssign);
  for (auto& key : keys) {
    if (key.key == "user") assign.user = reader.value_spec(key);
    if (key.key == "role") assign.role = reader.value_spec(key);
  }
  if (keys.empty()) reader.report(entry.value_pos, "'assign' needs 'user' or 'role'");
  return assign;
}

// The action under `entry` (its one kind key), without its condition.
std::optional<Action> read_action_body(YamlReader& reader, const MapEntry& entry, SourcePos item_pos) {
  Action action;
  action.pos = item_pos;
  if (entry.key == "set") {
    action.body = SetAction{read_fields(reader, entry, true)};
  } else if (entry.key == "emit") {
    action.body = read_emit(reader, entry);
  } else if (entry.key == "notify") {
    action.body = read_notify(reader, entry);
  } else if (entry.key == "script") {
    auto code = reader.code(entry, "Lua code");
    if (!code) return std::nullopt;
    action.body = ScriptAction{*code};
  } else {
    action.body = read_assign(reader, entry);
  }
  return action;
}

std::optional<Action> read_action(YamlReader& reader, const YAML::Node& item) {
  SourcePos item_pos = reader.pos(item);
  if (!item.IsMap()) {
    reader.report(item_pos,
                  "an action must be a mapping with one key: set, emit, notify, "
                  "script or assign");
    return std::nullopt;
  }
  auto keys = reader.entries(item, language_keys::kAction);
  std::optional<Expression> guard;
  std::optional<SourcePos> guard_pos;
  std::vector<MapEntry> kinds;
  for (auto& key : keys) {
    if (key.key == "when") {
      guard = reader.code(key, "a Lua expression (the guard)");
      guard_pos = key.key_pos;
    } else {
      kinds.push_back(std::move(key));
    }
  }
  if (kinds.empty()) {
    // Only an unknown key (reported already), or a condition without anything to do.
    if (guard_pos)
      reader.report(*guard_pos,
                    "'when' makes an action conditional, but this item has no action: "
                    "add set, emit, notify, script or assign beside it");
    return std::nullopt;
  }
  for (std::size_t i = 1; i < kinds.size(); ++i)
    reader.report(kinds[i].key_pos, "an action has exactly one key: put '" + kinds[i].key +
                                        "' in a list item of its own ('- " + kinds[i].key + ": ...')");
  auto action = read_action_body(reader, kinds.front(), item_pos);
  if (action) action->guard = std::move(guard);
  return action;
}

}  // namespace

bool is_data_path(std::string_view text) {
  static const std::regex pattern{R"([A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*)"};
  return std::regex_match(text.begin(), text.end(), pattern);
}

bool is_event_type(std::string_view text) {
  static const std::regex pattern{R"([A-Za-z0-9_.:-]+)"};
  return std::regex_match(text.begin(), text.end(), pattern);
}

bool is_identifier(std::string_view text) {
  static const std::regex pattern{R"([A-Za-z_][A-Za-z0-9_]*)"};
  return std::regex_match(text.begin(), text.end(), pattern);
}

std::vector<Action> read_actions(YamlReader& reader, const MapEntry& entry) {
  std::vector<Action> actions;
  if (entry.value.IsNull()) return actions;
  if (!entry.value.IsSequence()) {
    reader.report(entry.value_pos, "'" + entry.key + "' must be a list of actions");
    return actions;
  }
  for (const auto& item : entry.value)
    if (auto action = read_action(reader, item)) actions.push_back(std::move(*action));
  return actions;
}

}  // namespace amtsweg
