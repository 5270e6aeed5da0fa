// Loads a process definition: YAML syntax, then the top-level keys (id, version, title, summary,
// start, form, params, correlate, states, documents, events, retention, stats) into the model, then the validator's
// semantic checks.
#include "engine/dsl/loader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <limits>
#include <regex>
#include <sstream>

#include "engine/calendar/calendar_params.hpp"
#include "engine/dsl/action_reader.hpp"
#include "engine/dsl/documents_reader.hpp"
#include "engine/dsl/events_reader.hpp"
#include "engine/dsl/form_reader.hpp"
#include "engine/dsl/language_keys.hpp"
#include "engine/dsl/retention_reader.hpp"
#include "engine/dsl/scalar_json.hpp"
#include "engine/dsl/state_reader.hpp"
#include "engine/dsl/stats_reader.hpp"
#include "engine/dsl/validator.hpp"
#include "engine/dsl/yaml_reader.hpp"
#include "engine/error.hpp"

namespace amtsweg {
namespace {

bool is_process_id(std::string_view text) {
  static const std::regex pattern{"[a-z][a-z0-9_-]*"};
  return std::regex_match(text.begin(), text.end(), pattern);
}

// A parameter's value is its default, unless it is the long form {default: V, description: T}.
bool is_long_form_param(const YAML::Node& value) {
  if (!value.IsMap()) return false;
  bool has_default = false, only_description = value.size() > 0;
  for (auto it = value.begin(); it != value.end(); ++it) {
    std::string key = it->first.IsScalar() ? it->first.Scalar() : "";
    has_default = has_default || key == "default";
    only_description = only_description && key == "description";
  }
  return has_default || only_description;
}

std::vector<ParamDef> read_params(YamlReader& reader, const MapEntry& entry) {
  std::vector<ParamDef> params;
  if (!entry.value.IsMap()) {
    reader.report(entry.value_pos, "'params' must map parameter names to default values");
    return params;
  }
  for (auto& param_entry : reader.named_entries(entry.value)) {
    ParamDef param;
    param.name = param_entry.key;
    param.pos = param_entry.key_pos;
    if (!is_identifier(param.name))
      reader.report(param.pos, "invalid parameter name '" + param.name +
                                   "': use letters, digits and '_', not starting with a digit");
    if (!is_long_form_param(param_entry.value)) {
      param.default_value = reader.to_json(param_entry.value);
      params.push_back(std::move(param));
      continue;
    }
    auto keys = reader.entries(param_entry.value, language_keys::kParam);
    reader.require(keys, "default", param_entry.value_pos, "the value used when a municipality sets none");
    for (const auto& key : keys) {
      if (key.key == "default") param.default_value = reader.to_json(key.value);
      if (key.key == "description")
        if (auto description = reader.text(key)) param.description = *description;
    }
    params.push_back(std::move(param));
  }
  return params;
}

Correlation read_correlation(YamlReader& reader, const MapEntry& entry) {
  Correlation correlation;
  if (!entry.value.IsMap()) {
    reader.report(entry.value_pos, "'correlate' must be a mapping {keys: {...}, related: ...}");
    return correlation;
  }
  for (const auto& key : reader.entries(entry.value, language_keys::kCorrelate)) {
    if (key.key == "related") {
      correlation.related = reader.code(key, "a Lua expression");
      continue;
    }
    if (!key.value.IsMap()) {
      reader.report(key.value_pos, "'keys' must map key names to Lua expressions (e.g. {reference: data.ref})");
      continue;
    }
    for (auto& correlation_key : reader.named_entries(key.value)) {
      if (!is_identifier(correlation_key.key))
        reader.report(correlation_key.key_pos, "invalid correlation key name '" + correlation_key.key +
                                                   "': use letters, digits and '_', not starting with a digit");
      if (auto code = reader.code(correlation_key, "a Lua expression"))
        correlation.keys.emplace_back(correlation_key.key, std::move(*code));
    }
  }
  return correlation;
}

void read_top_level(YamlReader& reader, const YAML::Node& root, ProcessDefinition& definition) {
  SourcePos root_pos = reader.pos(root);
  if (root_pos.line == 0) root_pos = {1, 1};
  if (!root.IsDefined() || root.IsNull()) {
    reader.report({1, 1}, "the definition is empty: it needs at least id, title, start and states");
    return;
  }
  if (!root.IsMap()) {
    reader.report(root_pos, "a process definition must be a mapping of keys (id, title, start, states, ...)");
    return;
  }
  auto keys = reader.entries(root, language_keys::kTopLevel);
  reader.require(keys, "id", root_pos, "the process id, e.g. meldebescheinigung");
  reader.require(keys, "title", root_pos, "the name of the procedure as people know it");
  reader.require(keys, "start", root_pos, "the state a new case begins in");
  reader.require(keys, "states", root_pos, "the states a case can be in");
  for (const auto& key : keys) {
    if (key.key == "id") {
      if (auto id = reader.text(key, "a name (e.g. meldebescheinigung)")) {
        definition.id = *id;
        if (!is_process_id(*id))
          reader.report(key.value_pos, "invalid process id '" + *id +
                                           "': use lower-case letters, digits, '-' and '_', "
                                           "starting with a letter");
      }
    } else if (key.key == "version") {
      boost::json::value version = scalar_to_json(key.value);
      constexpr std::int64_t kLargest = std::numeric_limits<int>::max();
      if (version.is_int64() && version.as_int64() > 0 && version.as_int64() <= kLargest)
        definition.version = static_cast<int>(version.as_int64());
      else
        reader.report(key.value_pos, "'version' must be a positive whole number");
    } else if (key.key == "title") {
      if (auto title = reader.text(key)) definition.title = *title;
    } else if (key.key == "description") {
      if (auto description = reader.text(key)) definition.description = *description;
    } else if (key.key == "summary") {
      if (auto summary = reader.text(key, "a template such as \"{{ data.applicant.name }}\""))
        definition.summary = *summary;
      definition.summary_pos = reader.content_pos(key.value);
    } else if (key.key == "start") {
      if (auto start = reader.text(key, "the name of a state")) {
        definition.start = *start;
        definition.start_pos = key.value_pos;
      }
    } else if (key.key == "form") {
      definition.form = read_form(reader, key);
    } else if (key.key == "params") {
      definition.params = read_params(reader, key);
    } else if (key.key == "correlate") {
      definition.correlate = read_correlation(reader, key);
    } else if (key.key == "states") {
      definition.states = read_states(reader, key, false);
    } else if (key.key == "documents") {
      definition.documents = read_document_rules(reader, key);
    } else if (key.key == "events") {
      definition.events = read_event_decls(reader, key);
    } else if (key.key == "retention") {
      definition.retention = read_retention(reader, key);
    } else if (key.key == "stats") {
      definition.stats = read_stats(reader, key);
    }
  }
}

// Every definition has the calendar params. A definition may declare them itself to set its own
// defaults, which must then be valid calendar params.
void add_calendar_params(YamlReader& reader, ProcessDefinition& definition) {
  for (auto& implicit : calendar_params()) {
    const auto declared = std::find_if(definition.params.begin(), definition.params.end(),
                                       [&](const ParamDef& p) { return p.name == implicit.name; });
    if (declared == definition.params.end()) {
      definition.params.push_back(std::move(implicit));
      continue;
    }
    try {
      calendar_from_params(boost::json::object{{declared->name, declared->default_value}});
    } catch (const Error& e) {
      reader.report(declared->pos, e.what());
    }
  }
}

}  // namespace

LoadResult load_definition(std::string_view yaml, const std::string& source_name) {
  LoadResult result;
  YamlReader reader(yaml, source_name, result.diagnostics);
  const std::optional<YAML::Node> root = reader.load_document(yaml, "definition");
  if (!root) return result;
  ProcessDefinition definition;
  definition.source_name = source_name;
  read_top_level(reader, *root, definition);
  check_retention_outcomes(reader, definition);
  add_calendar_params(reader, definition);
  for (auto& finding : validate(definition)) result.diagnostics.push_back(std::move(finding));
  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::pair(a.pos.line, a.pos.column) < std::pair(b.pos.line, b.pos.column);
  });
  if (result.diagnostics.empty()) result.definition = std::move(definition);
  return result;
}

LoadResult load_definition_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    LoadResult result;
    result.diagnostics.push_back({path, {0, 0}, "cannot read the file: " + std::string(std::strerror(errno))});
    return result;
  }
  std::ostringstream text;
  text << file.rdbuf();
  return load_definition(text.str(), path);
}

}  // namespace amtsweg
