// Everything one command did to one case, collected while deciding and written in one go:
// the case row, sealed history entries, task writes, timers armed and removed, outbox messages,
// documents and notes added to the case file.
#pragma once

#include <optional>
#include <vector>

#include "engine/model/records.hpp"
#include "engine/store/store.hpp"

namespace amtsweg {

struct CaseChanges {
  bool new_case = false;
  std::int64_t loaded_revision = 0;          // the case's revision when the command began
  std::vector<HistoryEntry> history;         // sealed, in order
  std::vector<TaskRecord> task_writes;       // in order; a task may appear more than once
  std::vector<TimerRecord> armed_timers;     // not yet stored (id 0)
  std::vector<std::int64_t> removed_timers;  // stored timers cancelled or consumed
  std::vector<OutboxMessage> outbox;
  std::vector<CaseDocumentFile> documents;  // attached to the case file
  std::vector<CaseNote> notes;
  std::optional<std::vector<CaseDimension>> dimensions;  // set: replaces the case's stats dimensions
};

// Writes `record` (revision bumped by one) and `changes` through `writer`; returns the ids of the
// timers it armed. Throws Error{Conflict} when the case or a task changed since it was loaded.
std::vector<std::int64_t> apply_case_changes(StoreWriter& writer, CaseRecord& record, const CaseChanges& changes);

}  // namespace amtsweg
