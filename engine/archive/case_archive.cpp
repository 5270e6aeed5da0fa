// Assembles a case's archive package (see case_archive.hpp) from the engine's tenant-scoped queries.
#include "engine/archive/case_archive.hpp"

#include "engine/archive/xdomea_metadata.hpp"
#include "engine/archive/zip_file.hpp"
#include "engine/calendar/retention_period.hpp"
#include "engine/error.hpp"
#include "engine/model/json_text.hpp"
#include "engine/model/record_json.hpp"
#include "engine/runtime/case_export.hpp"
#include "engine/runtime/case_view_json.hpp"
#include "engine/runtime/history_chain.hpp"
#include "engine/runtime/retention_rules.hpp"

namespace amtsweg {
namespace json = boost::json;

namespace {

// When the case was closed: a completed case's first entry into its final state, a cancelled
// case's entry that records the outcome (as the store's retention candidates count it).
std::optional<Timestamp> closed_at(const CaseRecord& record, const std::vector<HistoryEntry>& history) {
  if (record.status != CaseStatus::Completed && record.status != CaseStatus::Cancelled) return std::nullopt;
  for (const auto& entry : history)
    if (entry.detail.contains("outcome") || (record.status == CaseStatus::Completed && entry.to_state == record.state))
      return entry.at;
  return std::nullopt;
}

std::string state_title(const ProcessDefinition& definition, const std::string& state) {
  const StateDef* found = definition.find_state(state);
  return found && !found->title.empty() ? found->title : state;
}

ArchiveFacts facts_of(Engine& engine, const CaseView& view, const ProcessDefinition& definition,
                      const std::vector<HistoryEntry>& history) {
  const CaseRecord& c = view.record;
  ArchiveFacts facts;
  facts.tenant = c.tenant;
  facts.case_id = c.id;
  facts.process_id = c.process_id;
  facts.process_version = c.process_version;
  facts.process_title = definition.title;
  facts.state_title = state_title(definition, c.state);
  facts.status = to_string(c.status);
  facts.outcome = c.outcome;
  facts.created_at = c.created_at;
  facts.closed_at = closed_at(c, history);
  if (facts.closed_at) {
    if (auto rule = retention_rule_for(definition, engine.tenant_params(c.tenant, c.process_id), c.outcome)) {
      facts.retention_rule = describe(*rule);
      facts.retention_until = add_retention_period(*facts.closed_at, rule->period);
    }
  }
  facts.history_head = c.history_head;
  facts.history_length = c.history_length;
  return facts;
}

}  // namespace

std::string case_archive(Engine& engine, const std::string& tenant, const std::string& case_id, Timestamp now) {
  const auto view = engine.find_case(tenant, case_id);
  if (!view) throw no_such("case", case_id);
  const auto definition = engine.process(view->record.process_id, view->record.process_version);
  const auto history = engine.history(tenant, case_id);
  ArchiveFacts facts = facts_of(engine, *view, *definition, history);
  const std::string root = case_id + "/";
  std::vector<ZipMember> files;
  files.emplace_back(root + "case.json", json_text(to_json(*view, now), JsonLayout::Indented) + "\n");
  std::string lines;
  for (const auto& entry : history) lines += json_text(to_json(entry)) + "\n";
  files.emplace_back(root + "history.jsonl", std::move(lines));
  json::array notes, documents;
  for (const auto& note : engine.notes(tenant, case_id)) notes.push_back(to_json(note));
  files.emplace_back(root + "notes.json", json_text(notes, JsonLayout::Indented) + "\n");
  for (const auto& metadata : engine.documents(tenant, case_id)) {
    CaseDocumentFile file = engine.document(tenant, case_id, metadata.id);
    const std::string path = "documents/" + metadata.id + "_" + metadata.name;
    json::object described = to_json(metadata);
    described["path"] = path;
    documents.push_back(std::move(described));
    facts.documents.push_back(ArchiveDocument{metadata.id, metadata.name, metadata.content_type, path, metadata.sha256,
                                              metadata.size, metadata.added_at});
    files.emplace_back(root + path, std::move(file.content));
  }
  files.emplace_back(root + "documents.json", json_text(documents, JsonLayout::Indented) + "\n");
  files.emplace_back(root + "xdomea.xml", xdomea_metadata(facts));
  files.emplace_back(root + "README.txt",
                     "Case " + case_id + " of " + tenant + ", exported " + format_timestamp(now) + ".\n" +
                         "history.jsonl: " + std::to_string(facts.history_length) + " entries, the last one's hash " +
                         facts.history_head + ".\n\n" + kChainVerificationHint +
                         "\n\nsha256sums.txt lists the SHA-256 of every other file of this package "
                         "(check with `sha256sum -c sha256sums.txt` in this folder); documents.json and "
                         "the history's document.added entries record each document's SHA-256.\n");
  std::string sums;
  for (const auto& [path, bytes] : files) sums += sha256_hex(bytes) + "  " + path.substr(root.size()) + "\n";
  files.emplace_back(root + "sha256sums.txt", std::move(sums));
  return write_zip(files, now);
}

}  // namespace amtsweg
