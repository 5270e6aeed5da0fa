// Applying a command's collected changes to the store, inside the writer's savepoint.
#include "engine/runtime/case_changes.hpp"

namespace amtsweg {

std::vector<std::int64_t> apply_case_changes(StoreWriter& writer, CaseRecord& record, const CaseChanges& changes) {
  record.revision = changes.loaded_revision + 1;
  if (changes.new_case)
    writer.insert_case(record);
  else
    writer.update_case(record, changes.loaded_revision);
  for (const auto& entry : changes.history) writer.append_history(entry);
  for (const auto& task : changes.task_writes) writer.put_task(task);
  for (auto id : changes.removed_timers) writer.delete_timer(id);
  std::vector<std::int64_t> armed;
  for (const auto& timer : changes.armed_timers) armed.push_back(writer.insert_timer(timer));
  for (const auto& message : changes.outbox) writer.insert_outbox(message);
  for (const auto& document : changes.documents) writer.insert_document(document);
  for (const auto& note : changes.notes) writer.insert_note(note);
  if (changes.dimensions) writer.replace_case_dimensions(record, *changes.dimensions);
  return armed;
}

}  // namespace amtsweg
