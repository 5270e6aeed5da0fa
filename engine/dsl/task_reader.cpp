// Reads a task specification. Missing title/role are the validator's to report (so that a
// definition built without YAML gets the same check).
#include "engine/dsl/task_reader.hpp"

#include "engine/dsl/duration.hpp"
#include "engine/dsl/form_reader.hpp"
#include "engine/model/records.hpp"

namespace amtsweg {
namespace {

void read_required_document(YamlReader& reader, const MapEntry& entry, TaskSpec& task) {
  const auto kind = reader.text(entry, "the kind of a document (e.g. certificate)");
  if (!kind) return;
  if (is_document_kind(*kind))
    task.requires_document = *kind;
  else
    reader.report(entry.value_pos, "invalid document kind '" + *kind +
                                       "': use lower-case letters, digits, '_', '-' and '.', starting with a "
                                       "letter or digit, at most 64 characters");
}

}  // namespace

std::optional<TaskSpec> read_task(YamlReader& reader, const MapEntry& entry) {
  if (!entry.value.IsMap()) {
    reader.report(entry.value_pos,
                  "'task' must be a mapping {title: ..., role: ..., form: ..., due: ...}");
    return std::nullopt;
  }
  TaskSpec task;
  task.pos = entry.value_pos;
  auto keys = reader.entries(
      entry.value, {"title", "description", "role", "assignee", "form", "due", "four_eyes", "requires_document"});
  for (const auto& key : keys) {
    if (key.key == "title") {
      if (auto title = reader.text(key)) task.title = *title;
      task.title_pos = reader.content_pos(key.value);
    } else if (key.key == "description") {
      if (auto description = reader.text(key)) task.description = *description;
      task.description_pos = reader.content_pos(key.value);
    } else if (key.key == "role") {
      if (auto role = reader.text(key, "the name of a role (e.g. standesamt)")) task.role = *role;
    } else if (key.key == "assignee") {
      task.assignee = reader.value_spec(key);
    } else if (key.key == "form") {
      task.form = read_form(reader, key);
    } else if (key.key == "due") {
      if (auto due = reader.text(key, "an ISO-8601 duration (e.g. P5D)")) {
        task.due_text = *due;
        if (auto ms = parse_iso_duration(*due))
          task.due_ms = *ms;
        else
          reader.report(key.value_pos,
                        "'" + *due + "' is not an ISO-8601 duration (e.g. P14D, PT2H)");
      }
    } else if (key.key == "four_eyes") {
      task.four_eyes = reader.boolean(key).value_or(false);
    } else if (key.key == "requires_document") {
      read_required_document(reader, key, task);
    }
  }
  return task;
}

}  // namespace amtsweg
