// Hiding personal values in views (see redaction.hpp).
#include "engine/runtime/redaction.hpp"

#include <algorithm>

#include "engine/runtime/history_chain.hpp"
#include "engine/runtime/personal_values.hpp"

namespace amtsweg {
namespace json = boost::json;

void redact_personal(CaseView& view, const ProcessDefinition& definition) {
  json::value data = std::move(view.record.data);
  remove_personal_values(data, definition.form.personal_fields);
  view.record.data = std::move(data.as_object());
  view.record.summary.clear();
  for (auto& task : view.tasks) {
    const StateDef* state = definition.find_state_path(task.state_path);
    if (!state || !state->task) continue;
    remove_personal_values(task.data, state->task->form.personal_fields);
    remove_personal_values(task.prepared_data, state->task->form.personal_fields);
    task.title = state->task->title;  // rendered from the case data; the template names no one
  }
}

void redact_personal(std::vector<HistoryEntry>& history, const ProcessDefinition& definition) {
  for (auto& entry : history) {
    if (entry.chain_version >= 2) {
      delete_personal_values(entry);
      continue;
    }
    json::value content = json::object{{"changes", entry.changes}};
    for (const auto& pointer : personal_pointers_in_changes(entry.changes, definition.form.personal_fields)) {
      boost::system::error_code error;
      if (json::value* value = content.find_pointer(pointer, error)) *value = nullptr;
    }
    entry.changes = std::move(content.at("changes").as_object());
  }
}

std::vector<CaseNote> without_personal(std::vector<CaseNote> notes) {
  std::erase_if(notes, [](const CaseNote& note) { return note.personal; });
  return notes;
}

}  // namespace amtsweg
