// Reads a form's JSON Schema: checks the keywords whose misuse would otherwise only show when the
// first application arrives, collects the personal-data fields, and lets valijson parse the rest.
#include "engine/dsl/form_reader.hpp"

#include <algorithm>
#include <optional>
#include <regex>
#include <stdexcept>
#include <string>
// The build defines VALIJSON_USE_EXCEPTIONS for every file: valijson then throws on a bad schema
// instead of calling abort(), so an administrator's upload can never stop the server.
#include <valijson/adapters/boost_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>

#include "engine/dsl/scalar_json.hpp"

namespace amtsweg {
namespace {

constexpr std::string_view kTypes[] = {"object", "array", "string", "number", "integer", "boolean", "null"};
constexpr std::string_view kNumericKeywords[] = {"minimum",    "maximum",       "exclusiveMinimum", "exclusiveMaximum",
                                                 "minLength",  "maxLength",     "minItems",         "maxItems",
                                                 "multipleOf", "minProperties", "maxProperties"};
// Keywords whose value is one schema, or a list or map of schemas: checked like the top.
// The first group describes the same property as the schema they are in (its path carries over).
constexpr std::string_view kSamePathKeywords[] = {"not", "if", "then", "else"};
constexpr std::string_view kSubschemaKeywords[] = {"additionalProperties", "contains", "propertyNames",
                                                   "additionalItems"};
constexpr std::string_view kSchemaListKeywords[] = {"allOf", "anyOf", "oneOf"};
constexpr std::string_view kSchemaMapKeywords[] = {"definitions", "$defs", "dependencies", "patternProperties"};

template <std::size_t N>
bool contains(const std::string_view (&list)[N], std::string_view word) {
  for (auto item : list)
    if (item == word) return true;
  return false;
}

bool is_type_name(const YAML::Node& node) { return node.IsScalar() && contains(kTypes, node.Scalar()); }

bool is_number(const YAML::Node& node) { return node.IsScalar() && scalar_to_json(node).is_number(); }

// Walks one (sub)schema. `path` is the dotted path of the property it describes: "" for the form
// itself, nullopt where no single property is described (definitions, additionalProperties).
class SchemaChecker {
 public:
  SchemaChecker(YamlReader& reader, FormSchema& form) : reader_(reader), form_(form) {}

  using Path = std::optional<std::string>;

  void check(const YAML::Node& schema, const Path& path) {
    for (auto& entry : reader_.named_entries(schema)) check_keyword(entry, path);
  }

  bool found_errors() const { return found_errors_; }

 private:
  void fail(SourcePos where, std::string message) {
    reader_.report(where, std::move(message));
    found_errors_ = true;
  }

  void check_keyword(const MapEntry& entry, const Path& path) {
    const std::string& key = entry.key;
    const YAML::Node& value = entry.value;
    if (key == "type") {
      check_type(entry);
    } else if (key == "properties") {
      check_properties(entry, path);
    } else if (key == "required") {
      bool ok = value.IsSequence();
      for (const auto& item : value) ok = ok && scalar_to_json(item).is_string();
      if (!ok) fail(entry.value_pos, "'required' must be a list of field names");
    } else if (key == "enum") {
      if (!value.IsSequence()) fail(entry.value_pos, "'enum' must be a list of allowed values");
    } else if (contains(kNumericKeywords, key)) {
      if (!is_number(value)) fail(entry.value_pos, "'" + key + "' must be a number");
    } else if (key == "items") {
      if (!value.IsMap())
        fail(entry.value_pos, "'items' must be the schema of each item (a mapping)");
      else
        check(value, path ? Path(*path + "[]") : std::nullopt);
    } else if (key == "pattern") {
      check_pattern(entry);
    } else if (key == "personal") {
      check_personal(entry, path);
    } else if (key == "x-enum-param") {
      check_enum_param(entry, path);
    } else if (key == "x-message" || key == "errorMessage") {
      if (!value.IsScalar() || !scalar_to_json(value).is_string())
        fail(entry.value_pos, "'" + key + "' must be text (what the field expects)");
    } else if (contains(kSamePathKeywords, key)) {
      if (value.IsMap()) check(value, path);
    } else if (contains(kSubschemaKeywords, key)) {
      if (value.IsMap()) check(value, std::nullopt);
    } else if (contains(kSchemaListKeywords, key)) {
      if (!value.IsSequence()) {
        fail(entry.value_pos, "'" + key + "' must be a list of schemas");
        return;
      }
      for (const auto& item : value)
        if (item.IsMap()) check(item, path);
    } else if (contains(kSchemaMapKeywords, key)) {
      for (auto& sub : reader_.named_entries(value))
        if (sub.value.IsMap()) check(sub.value, std::nullopt);
    }
  }

  void check_type(const MapEntry& entry) {
    static const std::string message =
        "'type' must be one of object, array, string, number, integer, boolean, null "
        "(or a list of them)";
    if (entry.value.IsSequence() && entry.value.size() > 0) {
      for (const auto& item : entry.value)
        if (!is_type_name(item)) fail(reader_.pos(item), message);
    } else if (!is_type_name(entry.value)) {
      fail(entry.value_pos, message);
    }
  }

  void check_properties(const MapEntry& entry, const Path& path) {
    if (!entry.value.IsMap()) {
      fail(entry.value_pos, "'properties' must map each field name to its schema");
      return;
    }
    for (auto& field : reader_.named_entries(entry.value)) {
      if (!field.value.IsMap()) {
        fail(field.value_pos, "the schema of field '" + field.key + "' must be a mapping (e.g. {type: string})");
        continue;
      }
      if (!path)
        check(field.value, std::nullopt);
      else
        check(field.value, path->empty() ? field.key : *path + "." + field.key);
    }
  }

  void check_pattern(const MapEntry& entry) {
    if (!entry.value.IsScalar()) {
      fail(entry.value_pos, "'pattern' must be a regular expression");
      return;
    }
    try {
      std::regex compiled(entry.value.Scalar(), std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      fail(reader_.content_pos(entry.value), "invalid regular expression in 'pattern': " + std::string(e.what()));
    }
  }

  void check_personal(const MapEntry& entry, const Path& path) {
    auto personal = plain_boolean(entry.value);
    if (!personal) {
      fail(entry.value_pos, "'personal' must be true or false");
      return;
    }
    if (!*personal || !path) return;
    if (path->empty()) {
      fail(entry.key_pos, "'personal' marks a field: put it on a property under 'properties'");
      return;
    }
    auto& fields = form_.personal_fields;
    if (std::find(fields.begin(), fields.end(), *path) == fields.end()) fields.push_back(*path);
  }

  void check_enum_param(const MapEntry& entry, const Path& path) {
    const boost::json::value name = entry.value.IsScalar() ? scalar_to_json(entry.value) : boost::json::value();
    if (!name.is_string() || name.as_string().empty()) {
      fail(entry.value_pos, "'x-enum-param' must be the name of a param whose value lists the allowed values");
      return;
    }
    if (!path || path->empty()) {
      fail(entry.key_pos, "'x-enum-param' restricts a field: put it on a property under 'properties'");
      return;
    }
    form_.param_enums.push_back(ParamEnum{*path, std::string(name.as_string()), entry.value_pos});
  }

  YamlReader& reader_;
  FormSchema& form_;
  bool found_errors_ = false;
};

}  // namespace

FormSchema read_form(YamlReader& reader, const MapEntry& entry) {
  FormSchema form;
  form.pos = entry.value_pos;
  if (!entry.value.IsMap()) {
    reader.report(entry.value_pos, "'" + entry.key +
                                       "' must be a JSON Schema written as a mapping "
                                       "(e.g. {type: object, properties: {...}})");
    return form;
  }
  SchemaChecker checker(reader, form);
  checker.check(entry.value, std::string{});
  form.schema = reader.to_json(entry.value);
  if (checker.found_errors()) return form;  // valijson would only repeat the first of them
  try {
    valijson::adapters::BoostJsonAdapter adapter(form.schema);
    valijson::Schema schema;
    valijson::SchemaParser parser;
    parser.populateSchema(adapter, schema);
  } catch (const std::exception& e) {
    reader.report(form.pos, "invalid JSON Schema: " + std::string(e.what()));
  }
  return form;
}

}  // namespace amtsweg
