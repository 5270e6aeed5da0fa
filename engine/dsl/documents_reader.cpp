// Reads `documents:` (see documents_reader.hpp): max_size as bytes or with a unit, bounded by
// kLargestDocumentSize; types as a non-empty list of distinct media types or ranges.
#include "engine/dsl/documents_reader.hpp"

#include <algorithm>
#include <cctype>

#include "engine/dsl/byte_size.hpp"
#include "engine/dsl/language_keys.hpp"
#include "engine/model/media_type.hpp"

namespace amtsweg {
namespace {

void read_max_size(YamlReader& reader, const MapEntry& entry, DocumentRules& rules) {
  const auto text = reader.text(entry, "a size such as 10 MiB, 500 kB or a number of bytes");
  if (!text) return;
  const auto bytes = parse_byte_size(*text);
  if (!bytes) {
    reader.report(entry.value_pos, "'" + *text +
                                       "' is not a size: write a number of bytes or a number with "
                                       "B, kB, KiB, MB or MiB (e.g. 10 MiB)");
  } else if (*bytes < 1) {
    reader.report(entry.value_pos, "'max_size' must be at least 1 byte");
  } else if (*bytes > kLargestDocumentSize) {
    reader.report(entry.value_pos, "'max_size' of " + format_byte_size(*bytes) + " exceeds the largest allowed, " +
                                       format_byte_size(kLargestDocumentSize));
  } else {
    rules.max_size = *bytes;
  }
}

void read_types(YamlReader& reader, const MapEntry& entry, DocumentRules& rules) {
  if (!entry.value.IsSequence() || entry.value.size() == 0) {
    reader.report(entry.value_pos, "'types' must be a non-empty list of media types (e.g. [application/pdf, image/*])");
    return;
  }
  std::vector<std::string> types;
  for (const auto& item : entry.value) {
    const SourcePos where = reader.pos(item);
    if (!item.IsScalar()) {
      reader.report(where, "a media type must be text such as application/pdf");
      continue;
    }
    std::string type = item.Scalar();
    std::transform(type.begin(), type.end(), type.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!is_media_range(type)) {
      reader.report(where, "'" + item.Scalar() +
                               "' is not a media type: write type/subtype (e.g. application/pdf) "
                               "or type/* (e.g. image/*)");
    } else if (std::find(types.begin(), types.end(), type) != types.end()) {
      reader.report(where, "media type '" + type + "' is listed twice");
    } else {
      types.push_back(std::move(type));
    }
  }
  if (!types.empty()) rules.types = std::move(types);
}

}  // namespace

DocumentRules read_document_rules(YamlReader& reader, const MapEntry& entry) {
  DocumentRules rules;
  rules.pos = entry.key_pos;
  if (!entry.value.IsMap()) {
    reader.report(entry.value_pos, "'documents' must be a mapping {max_size: ..., types: [...]}");
    return rules;
  }
  for (const auto& key : reader.entries(entry.value, language_keys::kDocuments)) {
    if (key.key == "max_size") read_max_size(reader, key, rules);
    if (key.key == "types") read_types(reader, key, rules);
  }
  return rules;
}

}  // namespace amtsweg
