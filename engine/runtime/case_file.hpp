// The rules of a case's file (eAkte): what a document or a note must be to be added, whether a
// task that requires a document may be completed, and how documents are tied to the history.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/definition.hpp"
#include "engine/model/records.hpp"
#include "engine/runtime/history_chain.hpp"
#include "engine/store/store.hpp"

namespace amtsweg {

inline constexpr std::size_t kMaxDocumentNameBytes = 255;
inline constexpr std::size_t kMaxNoteBytes = 10000;

// Each throws Error{InvalidArgument} whose message starts with the field ("name: ...") and whose
// details are {"field": "<field>"}.
// name: a file name: UTF-8 with something besides blanks, at most kMaxDocumentNameBytes, no '/',
// '\', control characters (C0, DEL, C1) or bidirectional controls (U+200E/F, U+202A-E,
// U+2066-9), not "." or "..". kind: empty or is_document_kind(). content: not empty.
void check_document_name(std::string_view name);
void check_document_kind(std::string_view kind);
// text: UTF-8 with something besides blanks, at most kMaxNoteBytes, no control characters other
// than line breaks and tabs.
void check_note_text(std::string_view text);

// Checks content against the `documents:` rules of the case's definition `process`:
// Error{InvalidArgument} (field "content") for no bytes, Error{UnsupportedType} for a media type
// the rules do not accept (details {"content_type", "allowed"}), Error{TooLarge} beyond max_size
// (details {"size", "max_size"}).
void check_document_content(const ProcessDefinition& process, std::string_view content_type, std::string_view content);

// Error{RuleViolation} naming the kind when `spec` requires a document and none of that kind was
// added to the task's case at or after the task's creation (details {"task_id",
// "requires_document"}). Reads the case's documents from `store` only when one is required.
void check_required_document(const TaskSpec& spec, const TaskRecord& task, StoreReader& store);

// The detail of a document's "document.added" history entry: document_id, name, kind (null for
// none), content_type, size, sha256 — what the history's hash chain vouches for.
boost::json::object document_added_detail(const CaseDocument& document);

// The history entry retention appends when it deletes a case's personal data.
inline constexpr const char* kRetentionDeleted = "retention.deleted";

// For `verify`: each stored document of `record` must have its "document.added" history entry
// (among `history`, the case's verified chain) recording the same SHA-256, and its bytes must
// hash to it; each recorded document must still be stored, unless a later "retention.deleted"
// entry lists it among the deleted documents. The first mismatch, if any.
std::optional<ChainBreak> verify_case_documents(StoreReader& store, const CaseRecord& record,
                                                const std::vector<HistoryEntry>& history);

}  // namespace amtsweg
