// Assembling a case's export (see case_export.hpp) from the engine's tenant-scoped queries.
#include "engine/runtime/case_export.hpp"

#include "engine/error.hpp"
#include "engine/model/record_json.hpp"
#include "engine/runtime/case_view_json.hpp"
#include "engine/runtime/redaction.hpp"

namespace amtsweg {
namespace json = boost::json;

const char* const kChainVerificationHint =
    "Each entry's hash is the lower-case hex SHA-256 of a JSON array without spaces. Chain version 1: "
    "[case_id, seq, at_ms, actor, event, event_id, from, to, changes, detail, prev_hash]. Chain version 2: "
    "[2, case_id, seq, at_ms, actor, event, event_id, from, to, changes, detail, prev_hash] where first the value "
    "at each JSON pointer of `sealed` (into {\"changes\": ..., \"detail\": ...}) is replaced by the string "
    "\"sha256:\" + its commitment. A sealed value still present must satisfy commitment = SHA-256(salt + the "
    "value as JSON); a deleted one is null and has no salt. prev_hash links each entry to the one before "
    "(empty for the first); the case's history_head is the last entry's hash. `amtsweg verify` does all this.";

json::object export_case(Engine& engine, const std::string& tenant, const std::string& case_id, bool redact,
                         Timestamp now) {
  auto view = engine.find_case(tenant, case_id);
  if (!view) throw no_such("case", case_id);
  const auto definition = engine.process(view->record.process_id, view->record.process_version);
  auto history = engine.history(tenant, case_id);
  auto notes = engine.notes(tenant, case_id);
  if (redact) {
    redact_personal(*view, *definition);
    redact_personal(history, *definition);
    notes = without_personal(std::move(notes));
  }
  json::array history_json, notes_json, documents_json;
  for (const auto& entry : history) history_json.push_back(to_json(entry));
  for (const auto& note : notes) notes_json.push_back(to_json(note));
  for (const auto& document : engine.documents(tenant, case_id)) {
    json::object metadata = to_json(document);
    if (redact) metadata["name"] = nullptr;  // a file name may name the person ("Ausweis Müller.pdf")
    documents_json.push_back(std::move(metadata));
  }
  json::object out{{"case", to_json(*view, now)},
                   {"history", std::move(history_json)},
                   {"notes", std::move(notes_json)},
                   {"documents", std::move(documents_json)},
                   {"verification", kChainVerificationHint}};
  if (redact) out["redacted"] = "personal";
  return out;
}

}  // namespace amtsweg
