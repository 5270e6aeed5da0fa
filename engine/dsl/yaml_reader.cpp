// The loader's view of a YAML document: positions, typed reads that report instead of throwing,
// and mappings checked for repeated and unknown keys (yaml-cpp 0.7 keeps repeated keys).
#include "engine/dsl/yaml_reader.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <map>

#include "engine/dsl/duration.hpp"
#include "engine/dsl/name_suggestion.hpp"
#include "engine/dsl/scalar_json.hpp"

namespace amtsweg {
namespace {

std::vector<std::string> split_lines(std::string_view source) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= source.size()) {
    std::size_t end = source.find('\n', start);
    if (end == std::string_view::npos) end = source.size();
    std::string line(source.substr(start, end - start));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

bool is_utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::string join(const AllowedKeys& keys) {
  std::string text;
  for (auto key : keys) {
    if (!text.empty()) text += ", ";
    text += key;
  }
  return text;
}

std::size_t indentation(const std::string& line) {
  std::size_t i = 0;
  while (i < line.size() && line[i] == ' ') ++i;
  return i;
}

bool is_blank(const std::string& line) { return line.find_first_not_of(" \t") == std::string::npos; }

// Walks `node` as the readers do, following aliases; stops (false, `where` the node reached) once
// it has visited more than kMaxExpandedNodes nodes or gone deeper than kMaxDepth, so the walk itself
// stays short.
bool expansion_fits(const YAML::Node& node, int depth, std::size_t& visited, YAML::Node& where) {
  if (++visited > YamlReader::kMaxExpandedNodes || depth > YamlReader::kMaxDepth) {
    where = node;
    return false;
  }
  if (node.IsMap()) {
    for (const auto& entry : node)
      if (!expansion_fits(entry.first, depth + 1, visited, where) ||
          !expansion_fits(entry.second, depth + 1, visited, where))
        return false;
  } else if (node.IsSequence()) {
    for (const auto& item : node)
      if (!expansion_fits(item, depth + 1, visited, where)) return false;
  }
  return true;
}

}  // namespace

std::optional<YAML::Node> YamlReader::load_document(std::string_view source, std::string_view what) {
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(std::string(source));
  } catch (const YAML::Exception& e) {
    SourcePos where = pos(e.mark);
    report(where.line == 0 ? SourcePos{1, 1} : where, "YAML syntax error: " + e.msg);
    return std::nullopt;
  }
  for (std::size_t i = 1; i < documents.size(); ++i) {
    if (documents[i].IsNull()) continue;  // an empty document after a trailing '---' does no harm
    report(pos(documents[i]), "a " + std::string(what) + " file holds one YAML document; this is a second one");
  }
  YAML::Node root = documents.empty() ? YAML::Node() : documents.front();
  std::size_t visited = 0;
  YAML::Node where;
  if (!expansion_fits(root, 0, visited, where)) {
    const SourcePos at = pos(where);
    report(at.line == 0 ? SourcePos{1, 1} : at,
           "the document is too large once its aliases are followed (more than " + std::to_string(kMaxExpandedNodes) +
               " nodes or " + std::to_string(kMaxDepth) +
               " levels): an alias repeats its anchor's node, so aliases of aliases multiply, and an alias inside "
               "its own anchor never ends");
    return std::nullopt;
  }
  return root;
}

YamlReader::YamlReader(std::string_view source, std::string file, Diagnostics& out)
    : lines_(split_lines(source)), file_(std::move(file)), out_(out) {}

int YamlReader::char_column(int line_index, int byte_column) const {
  if (line_index < 0 || line_index >= static_cast<int>(lines_.size())) return byte_column + 1;
  const std::string& line = lines_[line_index];
  int column = 1;
  for (int i = 0; i < byte_column && i < static_cast<int>(line.size()); ++i)
    if (!is_utf8_continuation(line[i])) ++column;
  return column;
}

SourcePos YamlReader::pos(const YAML::Mark& mark) const {
  if (mark.is_null() || mark.line < 0) return {};
  return {mark.line + 1, char_column(mark.line, mark.column)};
}

SourcePos YamlReader::pos(const YAML::Node& node) const {
  if (!node.IsDefined()) return {};
  return pos(node.Mark());
}

SourcePos YamlReader::content_pos(const YAML::Node& node) const {
  if (!node.IsDefined()) return {};
  YAML::Mark mark = node.Mark();
  if (mark.is_null() || mark.line < 0 || mark.line >= static_cast<int>(lines_.size())) return pos(mark);
  const std::string& line = lines_[mark.line];
  std::size_t i = mark.column;
  // The mark is at a tag (!!str) or anchor (&a) when the scalar has one: skip past them.
  while (i < line.size() && (line[i] == '!' || line[i] == '&')) {
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  }
  if (i >= line.size()) return pos(mark);
  char first = line[i];
  if (first == '"' || first == '\'') return {mark.line + 1, char_column(mark.line, int(i) + 1)};
  if (first == '|' || first == '>') {
    // Block scalar: the text starts on the next line, at the indentation of its first
    // non-blank line (which is what yaml-cpp strips from every line).
    int column = 1;
    for (std::size_t k = mark.line + 1; k < lines_.size(); ++k) {
      if (is_blank(lines_[k])) continue;
      column = static_cast<int>(indentation(lines_[k])) + 1;
      break;
    }
    return {mark.line + 2, column};
  }
  return {mark.line + 1, char_column(mark.line, int(i))};
}

void YamlReader::report(SourcePos where, std::string message) {
  out_.push_back(Diagnostic{file_, where, std::move(message)});
}

std::vector<MapEntry> YamlReader::collect(const YAML::Node& map, const AllowedKeys* allowed, bool keep_duplicates) {
  std::vector<MapEntry> result;
  if (!map.IsMap()) return result;
  std::map<std::string, SourcePos> seen;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const YAML::Node key = it->first;  // a copy: `it->` yields a temporary proxy
    SourcePos key_pos = pos(key);
    if (!key.IsScalar()) {
      report(key_pos, "a key must be a plain name, not a list or mapping");
      continue;
    }
    std::string name = key.Scalar();
    if (allowed != nullptr) {
      bool known = false;
      for (auto candidate : *allowed) known = known || candidate == name;
      if (!known) {
        std::vector<std::string> candidates(allowed->begin(), allowed->end());
        auto nearest = nearest_name(name, candidates);
        report(key_pos, "unknown key '" + name + "'" +
                            (nearest ? "; did you mean '" + *nearest + "'?" : " (allowed: " + join(*allowed) + ")"));
        continue;
      }
    }
    auto [first, inserted] = seen.emplace(name, key_pos);
    if (!inserted && !keep_duplicates) {
      report(key_pos, "duplicate key '" + name + "' (first at line " + std::to_string(first->second.line) + ")");
      continue;
    }
    const YAML::Node value = it->second;
    SourcePos value_pos = pos(value);
    bool empty_value = !value.IsDefined() || value.IsNull();
    if (value_pos.line == 0 || (empty_value && value_pos.line != key_pos.line))
      value_pos = key_pos;  // `key:` with nothing after it: yaml-cpp marks the next token
    result.push_back(MapEntry{std::move(name), key_pos, value, value_pos});
  }
  return result;
}

std::vector<MapEntry> YamlReader::entries(const YAML::Node& map, const AllowedKeys& allowed) {
  return collect(map, &allowed, false);
}

std::vector<MapEntry> YamlReader::named_entries(const YAML::Node& map, bool keep_duplicates) {
  return collect(map, nullptr, keep_duplicates);
}

bool YamlReader::require(const std::vector<MapEntry>& entries, std::string_view key, SourcePos where,
                         std::string_view meaning) {
  for (const auto& entry : entries)
    if (entry.key == key) return true;
  report(where, "missing '" + std::string(key) + "': " + std::string(meaning));
  return false;
}

std::optional<std::string> YamlReader::text(const MapEntry& entry, std::string_view what) {
  if (entry.value.IsScalar()) return entry.value.Scalar();
  report(entry.value_pos, "'" + entry.key + "' must be " + std::string(what));
  return std::nullopt;
}

std::optional<bool> YamlReader::boolean(const MapEntry& entry) {
  if (auto value = plain_boolean(entry.value)) return value;
  report(entry.value_pos, "'" + entry.key + "' must be true or false");
  return std::nullopt;
}

std::optional<DurationSpec> YamlReader::duration(const MapEntry& entry) {
  const auto written = text(entry, "a duration (e.g. P14D, PT2H or 10 working days)");
  if (!written) return std::nullopt;
  DurationParse parsed = parse_duration(*written);
  if (!parsed.duration) {
    report(entry.value_pos, parsed.problem);
    return std::nullopt;
  }
  parsed.duration->pos = entry.value_pos;
  return parsed.duration;
}

std::optional<Expression> YamlReader::code(const MapEntry& entry, std::string_view what) {
  if (entry.value.IsScalar()) return expression_at(entry.value, 0);
  report(entry.value_pos, "'" + entry.key + "' must be " + std::string(what));
  return std::nullopt;
}

Expression YamlReader::expression_at(const YAML::Node& node, std::size_t offset) const {
  const std::string& value = node.Scalar();
  SourcePos at = content_pos(node);
  int line_start_column = at.column;
  for (std::size_t i = 0; i < offset && i < value.size(); ++i) {
    if (value[i] == '\n') {
      ++at.line;
      at.column = line_start_column;
    } else if (!is_utf8_continuation(value[i])) {
      ++at.column;
    }
  }
  return Expression{value.substr(std::min(offset, value.size())), at};
}

ValueSpec YamlReader::value_spec(const MapEntry& entry) {
  ValueSpec spec;
  spec.pos = entry.value_pos;
  if (entry.value.IsScalar()) {
    boost::json::value literal = scalar_to_json(entry.value);
    if (literal.is_string() && literal.as_string().starts_with("=")) {
      const std::string& text = entry.value.Scalar();
      std::size_t offset = 1;
      while (offset < text.size() && (text[offset] == ' ' || text[offset] == '\t')) ++offset;
      spec.expression = expression_at(entry.value, offset);
      return spec;
    }
    spec.literal = std::move(literal);
    return spec;
  }
  spec.literal = to_json(entry.value);
  return spec;
}

boost::json::value YamlReader::to_json(const YAML::Node& node) {
  if (node.IsMap()) {
    boost::json::object object;
    for (auto& entry : named_entries(node)) object[entry.key] = to_json(entry.value);
    return object;
  }
  if (node.IsSequence()) {
    boost::json::array array;
    for (const auto& item : node) array.push_back(to_json(item));
    return array;
  }
  return scalar_to_json(node);
}

}  // namespace amtsweg
