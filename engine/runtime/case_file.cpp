// The case file's checks (see case_file.hpp). Names and notes are refused rather than cleaned:
// what is stored is exactly what was sent, and the history's hash covers it.
#include "engine/runtime/case_file.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <map>

#include "engine/dsl/byte_size.hpp"
#include "engine/error.hpp"
#include "engine/model/media_type.hpp"

namespace amtsweg {
namespace {

namespace json = boost::json;

[[noreturn]] void refuse(std::string_view field, const std::string& why) {
  throw Error(ErrorKind::InvalidArgument, std::string(field) + ": " + why, json::object{{"field", field}});
}

// Well-formed UTF-8: no stray continuation bytes, overlong forms, surrogates or values past U+10FFFF.
bool is_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const int length = byte < 0x80 ? 1 : (byte >> 5) == 0x6 ? 2 : (byte >> 4) == 0xE ? 3 : (byte >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > text.size()) return false;
    std::uint32_t code = length == 1 ? byte : byte & (0x7F >> length);
    for (int k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    static constexpr std::uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kSmallest[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    i += length;
  }
  return true;
}

bool is_control(char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; }

// Characters a file name may not hold although they are valid UTF-8: C1 controls (U+0080-U+009F)
// and the bidirectional controls (U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) that make
// "rechnung\u202Efdp.exe" look like "rechnungexe.pdf" in a clerk's list. The first, or "".
std::string_view invisible_control(std::string_view text) {
  static constexpr std::string_view kForbidden[] = {"\u200E", "\u200F", "\u202A", "\u202B", "\u202C", "\u202D",
                                                    "\u202E", "\u2066", "\u2067", "\u2068", "\u2069"};
  for (std::size_t i = 0; i + 1 < text.size(); ++i)
    if (static_cast<unsigned char>(text[i]) == 0xC2 && static_cast<unsigned char>(text[i + 1]) <= 0x9F)
      return text.substr(i, 2);
  for (std::string_view forbidden : kForbidden)
    if (text.find(forbidden) != std::string_view::npos) return forbidden;
  return "";
}

std::string code_point_name(std::string_view utf8) {
  std::uint32_t code = utf8.size() == 2 ? (utf8[0] & 0x1F) << 6 | (utf8[1] & 0x3F)
                                        : (utf8[0] & 0x0F) << 12 | (utf8[1] & 0x3F) << 6 | (utf8[2] & 0x3F);
  char name[8];
  std::snprintf(name, sizeof name, "U+%04X", static_cast<unsigned>(code));
  return name;
}

std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

}  // namespace

void check_document_name(std::string_view name) {
  if (name.find_first_not_of(" \t\r\n") == std::string_view::npos)
    refuse("name", "a document needs a file name (not empty, not only blanks)");
  if (name.size() > kMaxDocumentNameBytes)
    refuse("name", "a file name has at most " + std::to_string(kMaxDocumentNameBytes) + " bytes");
  if (!is_utf8(name)) refuse("name", "the file name is not UTF-8 text");
  if (std::any_of(name.begin(), name.end(), is_control)) refuse("name", "the file name contains control characters");
  if (const auto control = invisible_control(name); !control.empty())
    refuse("name", "the file name contains the invisible control character " + code_point_name(control) +
                       " (bidirectional text controls could disguise its extension)");
  if (name.find_first_of("/\\") != std::string_view::npos)
    refuse("name", "'" + std::string(name) + "' is a path; give the file name only, without '/' or '\\'");
  if (name == "." || name == "..") refuse("name", "'" + std::string(name) + "' is not a file name");
}

void check_document_kind(std::string_view kind) {
  if (!kind.empty() && !is_document_kind(kind))
    refuse("kind", "invalid document kind '" + std::string(kind) +
                       "': use lower-case letters, digits, '_', '-' and '.', starting with a letter or digit, at "
                       "most 64 characters");
}

void check_note_text(std::string_view text) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) refuse("text", "a note needs text");
  if (text.size() > kMaxNoteBytes) refuse("text", "a note has at most " + std::to_string(kMaxNoteBytes) + " bytes");
  if (!is_utf8(text)) refuse("text", "the note is not UTF-8 text");
  const bool stray_control = std::any_of(text.begin(), text.end(),
                                         [](char c) { return is_control(c) && c != '\n' && c != '\r' && c != '\t'; });
  if (stray_control) refuse("text", "the note contains control characters (only line breaks and tabs are allowed)");
}

void check_document_content(const ProcessDefinition& process, std::string_view content_type, std::string_view content) {
  const DocumentRules& rules = process.documents;
  if (std::any_of(content_type.begin(), content_type.end(), is_control))
    refuse("content_type", "the media type contains control characters");
  const std::string media_type = media_type_of(content_type);
  if (!media_type_allowed(media_type, rules.types)) {
    const std::string what =
        media_type.empty() ? "a document without a media type (Content-Type)" : "media type '" + media_type + "'";
    throw Error(
        ErrorKind::UnsupportedType,
        "process '" + process.id + "' does not accept " + what + " (accepted: " + joined(rules.types) + ")",
        json::object{{"content_type", content_type}, {"allowed", json::array(rules.types.begin(), rules.types.end())}});
  }
  if (content.empty()) refuse("content", "the document is empty");
  const auto size = static_cast<std::int64_t>(content.size());
  if (size > rules.max_size)
    throw Error(ErrorKind::TooLarge,
                "the document has " + std::to_string(size) + " bytes; process '" + process.id + "' accepts at most " +
                    format_byte_size(rules.max_size),
                json::object{{"size", size}, {"max_size", rules.max_size}});
}

void check_required_document(const TaskSpec& spec, const TaskRecord& task, StoreReader& store) {
  if (spec.requires_document.empty()) return;
  const auto documents = store.documents_of_case(task.tenant, task.case_id);
  const bool attached = std::any_of(documents.begin(), documents.end(), [&](const CaseDocument& d) {
    return d.kind == spec.requires_document && d.added_at >= task.created_at;
  });
  if (attached) return;
  throw Error(ErrorKind::RuleViolation,
              "task " + task.id + " requires a document of kind '" + spec.requires_document + "': attach one to case " +
                  task.case_id + " before completing the task",
              json::object{{"task_id", task.id}, {"requires_document", spec.requires_document}});
}

json::object document_added_detail(const CaseDocument& d) {
  return {{"document_id", d.id},
          {"name", d.name},
          {"kind", d.kind.empty() ? json::value(nullptr) : json::value(d.kind)},
          {"content_type", d.content_type},
          {"size", d.size},
          {"sha256", d.sha256}};
}

std::optional<ChainBreak> verify_case_documents(StoreReader& store, const CaseRecord& record,
                                                const std::vector<HistoryEntry>& history) {
  std::map<std::string, const HistoryEntry*> recorded;  // document id -> its "document.added"
  for (const auto& entry : history) {
    if (entry.event_type == "document.added")
      if (const auto* id = entry.detail.if_contains("document_id"); id && id->is_string())
        recorded.emplace(std::string(id->as_string()), &entry);
    // Retention deleted these, and says so in the chain: they may no longer be stored.
    if (entry.event_type == kRetentionDeleted)
      if (const auto* ids = entry.detail.if_contains("documents"); ids && ids->is_array())
        for (const auto& id : ids->as_array())
          if (id.is_string()) recorded.erase(std::string(id.as_string()));
  }
  for (const auto& document : store.documents_of_case(record.tenant, record.id)) {
    const auto found = recorded.find(document.id);
    if (found == recorded.end())
      return ChainBreak{0, "document " + document.id + " is stored but its history has no document.added entry"};
    const HistoryEntry& entry = *found->second;
    recorded.erase(found);
    const json::value* sha256 = entry.detail.if_contains("sha256");
    std::string actual;
    try {
      const auto file = store.find_document(record.tenant, record.id, document.id);
      actual = file ? sha256_hex(file->content) : "";
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::Corruption) throw;
      return ChainBreak{entry.seq, e.what()};
    }
    if (!sha256 || *sha256 != json::value(document.sha256) || actual != document.sha256)
      return ChainBreak{entry.seq, "document " + document.id + " does not match the SHA-256 its history entry records"};
  }
  if (!recorded.empty())
    return ChainBreak{recorded.begin()->second->seq,
                      "document " + recorded.begin()->first + " is recorded in the history but no longer stored"};
  return std::nullopt;
}

}  // namespace amtsweg
