// The loader's view of a YAML document: 1-based positions of nodes in the source text, typed
// reads that report a Diagnostic instead of throwing, mappings checked for repeated/unknown keys.
#pragma once

#include <yaml-cpp/yaml.h>

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/dsl/diagnostic.hpp"
#include "engine/model/definition.hpp"

namespace amtsweg {

// One key: value pair of a mapping, as written.
struct MapEntry {
  std::string key;
  SourcePos key_pos;
  YAML::Node value;
  SourcePos value_pos;  // an empty value (`key:`) is reported at its key
};

// The keys a mapping may have, in the order they are listed in messages.
using AllowedKeys = std::vector<std::string_view>;

// Reads nodes of one document; every finding goes into the Diagnostics it was given (which must
// outlive the reader). One reader per load, on one thread.
// Columns are counted in characters (UTF-8), as editors show them; yaml-cpp counts bytes.
class YamlReader {
 public:
  // Limits of a document with every alias followed (an alias repeats the node it names, so ten
  // levels of ten aliases each make ten billion nodes, and an alias inside its own anchor an
  // endless tree): the readers walk the document that way.
  static constexpr std::size_t kMaxExpandedNodes = 1'000'000;
  static constexpr int kMaxDepth = 1000;

  YamlReader(std::string_view source, std::string file, Diagnostics& out);

  // Parses `source` (the text this reader was made for) and returns its first document's root.
  // Reports a syntax error, a document beyond the limits above (both: nullopt), and every further
  // non-empty document ("a <what> file holds one YAML document").
  std::optional<YAML::Node> load_document(std::string_view source, std::string_view what);

  // Where the node starts (its first character, quote or block indicator); {0,0} when unknown.
  SourcePos pos(const YAML::Node& node) const;
  SourcePos pos(const YAML::Mark& mark) const;
  // Where a scalar's text starts: after an opening quote; for block scalars (| >) the line after
  // the indicator, at the content's indentation.
  SourcePos content_pos(const YAML::Node& node) const;

  void report(SourcePos pos, std::string message);

  // The entries of a mapping in source order. Keys not in `allowed` are reported (with a
  // suggestion) and left out; a repeated key is reported and left out. Non-scalar keys are
  // reported and left out.
  std::vector<MapEntry> entries(const YAML::Node& map, const AllowedKeys& allowed);
  // The same for mappings whose keys are names chosen by the author (any key allowed);
  // with keep_duplicates the caller reports repeated keys itself (states: "duplicate state").
  std::vector<MapEntry> named_entries(const YAML::Node& map, bool keep_duplicates = false);

  // Reports "missing '<key>': <meaning>" at `where` unless `key` is among `entries`.
  bool require(const std::vector<MapEntry>& entries, std::string_view key, SourcePos where, std::string_view meaning);

  // Typed reads of an entry's value; on a wrong type they report "'<key>' must be <what>" and
  // return nullopt.
  std::optional<std::string> text(const MapEntry& entry, std::string_view what = "text");
  std::optional<bool> boolean(const MapEntry& entry);
  // A duration (ISO-8601 or "N working days"), positioned at the value; a bad one is reported
  // with what is wrong with it.
  std::optional<DurationSpec> duration(const MapEntry& entry);
  // A plain Lua expression or script (no '=' prefix): its code and where the code starts.
  std::optional<Expression> code(const MapEntry& entry, std::string_view what);
  // A value: JSON literal, or a Lua expression when it is a string starting with '='.
  ValueSpec value_spec(const MapEntry& entry);

  // The node as JSON (scalars as in scalar_json.hpp); repeated keys are reported.
  boost::json::value to_json(const YAML::Node& node);

  // The Expression for the text of `node` from byte `offset` of its value on.
  Expression expression_at(const YAML::Node& node, std::size_t offset) const;

 private:
  std::vector<MapEntry> collect(const YAML::Node& map, const AllowedKeys* allowed, bool keep_duplicates);
  int char_column(int line_index, int byte_column) const;

  std::vector<std::string> lines_;
  std::string file_;
  Diagnostics& out_;
};

}  // namespace amtsweg
