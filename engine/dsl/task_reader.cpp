// Reads a task specification. Missing title/role are the validator's to report (so that a
// definition built without YAML gets the same check).
#include "engine/dsl/task_reader.hpp"

#include <algorithm>

#include "engine/dsl/form_reader.hpp"
#include "engine/dsl/language_keys.hpp"
#include "engine/model/records.hpp"

namespace amtsweg {
namespace {

// requires_document: KIND, or {kind: KIND, when: GUARD} for a document only some cases need.
void read_required_document(YamlReader& reader, const MapEntry& entry, TaskSpec& task) {
  std::optional<std::string> kind;
  if (entry.value.IsMap()) {
    for (const auto& key : reader.entries(entry.value, language_keys::kRequiredDocument)) {
      if (key.key == "kind") kind = reader.text(key, "the kind of a document (e.g. certificate)");
      if (key.key == "when") task.requires_document_when = reader.code(key, "a Lua expression (the guard)");
    }
    if (!kind) reader.report(entry.value_pos, "missing 'kind': the kind of document the task requires");
  } else {
    kind = reader.text(entry, "the kind of a document (e.g. certificate)");
  }
  if (!kind) return;
  if (is_document_kind(*kind))
    task.requires_document = *kind;
  else
    reader.report(entry.value_pos, "invalid document kind '" + *kind +
                                       "': use lower-case letters, digits, '_', '-' and '.', starting with a "
                                       "letter or digit, at most 64 characters");
}

// A task names a clerk group ("parking"); a token carries it as the role "clerk:parking". Writing
// the token's form would give a task that no clerk ever sees.
void check_role_name(YamlReader& reader, SourcePos pos, const std::string& role) {
  static constexpr std::string_view kTokenPrefix = "clerk:";
  if (role.rfind(kTokenPrefix, 0) != 0) return;
  const std::string group = role.substr(kTokenPrefix.size());
  reader.report(pos, "role '" + role + "' is how a token names the group; did you mean '" + group +
                         "'? (a task of role '" + group + "' is served to tokens with the role 'clerk:" + group + "')");
}

// escalate: {after: <duration>, notify: <role>} or {after: <duration>, reassign: <role>}.
std::optional<EscalationSpec> read_escalation(YamlReader& reader, const MapEntry& entry) {
  if (!entry.value.IsMap()) {
    reader.report(entry.value_pos,
                  "'escalate' must be a mapping {after: ..., notify: <role>} or {after: ..., reassign: <role>}");
    return std::nullopt;
  }
  EscalationSpec escalation;
  escalation.pos = entry.value_pos;
  escalation.after = DurationSpec{"PT0S", 0, 0, entry.value_pos};
  const MapEntry* target = nullptr;
  for (const auto& key : reader.entries(entry.value, language_keys::kEscalation)) {
    if (key.key == "after") {
      if (auto after = reader.duration(key)) escalation.after = std::move(*after);
      continue;
    }
    if (target) {
      reader.report(key.key_pos, "'escalate' has either 'notify' or 'reassign', not both");
      continue;
    }
    target = &key;
    const std::string_view what = "the name of a role (e.g. standesamt)";
    const auto role = reader.text(key, what);
    if (!role) continue;
    if (role->empty()) {
      reader.report(key.value_pos, "'" + key.key + "' must be " + std::string(what));
      continue;
    }
    check_role_name(reader, key.value_pos, *role);
    (key.key == "notify" ? escalation.notify : escalation.reassign) = *role;
  }
  if (!target)
    reader.report(entry.value_pos,
                  "'escalate' needs 'notify' (the role to tell) or 'reassign' (the role to hand the task to)");
  return escalation;
}

// A reminder counts back from the due date and an escalation counts from it: both need `due`
// (written; whether its value is valid is reported at the value).
void require_due(YamlReader& reader, const std::vector<MapEntry>& keys) {
  const auto written = [&](std::string_view name) {
    return std::find_if(keys.begin(), keys.end(), [&](const MapEntry& key) { return key.key == name; });
  };
  if (written("due") != keys.end()) return;
  if (auto remind = written("remind"); remind != keys.end())
    reader.report(remind->key_pos, "'remind' needs 'due': a reminder is counted back from the due date");
  if (auto escalate = written("escalate"); escalate != keys.end())
    reader.report(escalate->key_pos, "'escalate' needs 'due': an escalation is counted from the due date");
}

}  // namespace

std::optional<TaskSpec> read_task(YamlReader& reader, const MapEntry& entry) {
  if (!entry.value.IsMap()) {
    reader.report(entry.value_pos, "'task' must be a mapping {title: ..., role: ..., form: ..., due: ...}");
    return std::nullopt;
  }
  TaskSpec task;
  task.pos = entry.value_pos;
  auto keys = reader.entries(entry.value, language_keys::kTask);
  for (const auto& key : keys) {
    if (key.key == "title") {
      if (auto title = reader.text(key)) task.title = *title;
      task.title_pos = reader.content_pos(key.value);
    } else if (key.key == "description") {
      if (auto description = reader.text(key)) task.description = *description;
      task.description_pos = reader.content_pos(key.value);
    } else if (key.key == "role") {
      if (auto role = reader.text(key, "the name of a role (e.g. standesamt)")) {
        check_role_name(reader, key.value_pos, *role);
        task.role = *role;
      }
    } else if (key.key == "assignee") {
      task.assignee = reader.value_spec(key);
    } else if (key.key == "form") {
      task.form = read_form(reader, key);
    } else if (key.key == "due") {
      task.due = reader.duration(key);
    } else if (key.key == "remind") {
      task.remind = reader.duration(key);
    } else if (key.key == "escalate") {
      task.escalate = read_escalation(reader, key);
    } else if (key.key == "four_eyes") {
      task.four_eyes = reader.boolean(key).value_or(false);
    } else if (key.key == "requires_document") {
      read_required_document(reader, key, task);
    }
  }
  require_due(reader, keys);
  return task;
}

}  // namespace amtsweg
