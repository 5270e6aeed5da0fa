// Redaction for reports and exports: a case view or history with every personal value hidden
// (the fields a form marks `personal: true`, a personal note's text, sealed history values).
#pragma once

#include <vector>

#include "engine/model/definition.hpp"
#include "engine/model/records.hpp"
#include "engine/runtime/engine.hpp"

namespace amtsweg {

// Removes the personal fields of the application from the case data, those of each task's form
// from its data, the summary and task titles (rendered from the data; a title becomes its template).
void redact_personal(CaseView& view, const ProcessDefinition& definition);

// Replaces each sealed personal value by null and drops the salts (with a salt, a commitment
// could be tested against guessed values); in entries of chain version 1, the personal fields
// of the changes. Hashes and commitments stay, so the chain still verifies where values are gone.
void redact_personal(std::vector<HistoryEntry>& history, const ProcessDefinition& definition);

// The case's notes without those marked personal.
std::vector<CaseNote> without_personal(std::vector<CaseNote> notes);

}  // namespace amtsweg
