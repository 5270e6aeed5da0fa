// Keeps the JSON Schema of the process language (engine/dsl/process.schema.json, compiled in) true
// to the loader: every shipped definition is valid under it, its closed mappings have exactly the
// keys of the readers' tables (engine/dsl/language_keys.hpp), and what the loader refuses for an
// unknown key, a wrong keyword value or a wrong value at a fixed place, the schema refuses too.
//
// Definitions are read into JSON the way the loader reads them (YamlReader::to_json, YAML 1.2's
// core schema, like VS Code's YAML extension) and validated with valijson's Boost.JSON adapter.
// valijson's yaml-cpp adapter cannot serve here: it reports every node, mappings included, as a
// string (isString() is true), so `type: string` would accept a mapping and `pattern` on one throws.
#include <algorithm>
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <valijson/adapters/boost_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "engine/dsl/language_keys.hpp"
#include "engine/dsl/loader.hpp"
#include "engine/dsl/process_schema.hpp"
#include "engine/dsl/yaml_reader.hpp"
#include "tests/dsl/dsl_test_support.hpp"

using namespace amtsweg;
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

// The schema, compiled once per test.
class SchemaCheck {
 public:
  SchemaCheck() {
    const json::value document = json::parse(process_schema_json());
    valijson::SchemaParser(valijson::SchemaParser::kDraft7)
        .populateSchema(valijson::adapters::BoostJsonAdapter(document), schema_);
  }

  // "" when `yaml` is valid under the schema, else valijson's errors, one a line.
  std::string problems(const std::string& yaml) {
    Diagnostics diagnostics;
    YamlReader reader(yaml, "t.yaml", diagnostics);
    const auto root = reader.load_document(yaml, "definition");
    if (!root) return "not YAML";
    const json::value document = reader.to_json(*root);
    valijson::Validator validator;
    valijson::ValidationResults results;
    if (validator.validate(schema_, valijson::adapters::BoostJsonAdapter(document), &results)) return "";
    std::string text;
    valijson::ValidationResults::Error error;
    while (results.popError(error)) {
      std::string where;
      for (const auto& part : error.context) where += part;
      text += where + ": " + error.description + "\n";
    }
    return text.empty() ? "invalid" : text;
  }

 private:
  valijson::Schema schema_;
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every definition the project ships: processes/, examples/, the language's own tests and the
// load tests' definitions (scenario files are not definitions).
std::vector<fs::path> shipped_definitions() {
  std::vector<fs::path> files;
  for (const char* dir : {"processes", "examples", "tests/language", "tests/load/processes"}) {
    const fs::path root = fs::path(AMTSWEG_SOURCE_DIR) / dir;
    if (!fs::exists(root)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      const std::string name = entry.path().filename().string();
      if (entry.is_regular_file() && name.ends_with(".yaml") && !name.ends_with(".scenarios.yaml"))
        files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::set<std::string> property_names(const json::object& node) {
  std::set<std::string> names;
  if (const auto* properties = node.if_contains("properties"))
    for (const auto& [name, schema] : properties->as_object()) names.insert(std::string(name));
  return names;
}

// A mapping with fixed keys: no others allowed, and no names of the author's choosing (states,
// params, event types: those are `patternProperties`).
bool is_closed(const json::object& node) {
  const auto* additional = node.if_contains("additionalProperties");
  return additional && additional->is_bool() && !additional->as_bool() && !node.contains("patternProperties");
}

// A definition with every fixed mapping of the language, each marked by a comment `# @NAME` (NAME
// as in language_keys::kSchemaDefinitions) where a key of that mapping may stand.
const std::string kProbe = testing::yaml(R"(
id: schema-probe
title: Probe
start: received
# @
form:
  type: object
  properties:
    kind: {type: string, enum: [a, b]}
params:
  fee:
    default: 10
    description: Gebühr
    # @paramLongForm
correlate:
  keys: {ref: data.ref}
  related: data.municipality
  # @correlate
documents:
  max_size: 10 MiB
  types: [application/pdf]
  # @documents
events:
  payment.confirmed:
    buffer: P14D
    # @eventDeclaration
states:
  received:
    # @state
    entry:
      - set: {fee: "= params.fee"}
        # @action
      - emit:
          type: payment.requested
          payload: {amount: "= data.fee"}
          # @emit
      - notify:
          text: Eingegangen
          # @notify
    task:
      title: Prüfen
      role: buero
      due: 5 working days
      requires_document:
        kind: certificate
        when: data.needs
        # @requiredDocument
      escalate:
        after: P1D
        notify: leitung
        # @escalation
      # @task
    on:
      payment.confirmed: checks
      task.completed:
        to: checks
        do:
          - assign:
              role: buero
              # @assign
        # @transition
    after:
      - in: P30D
        to: done
        # @timer
  checks:
    parallel:
      a:
        start: one
        states:
          one: {on: {task.completed: two}, task: {title: A, role: buero}}
          two: {final: true}
        # @region
    join: [{to: done}]
  done:
    final: true
stats:
  amount: data.fee
  dimensions:
    kind: data.kind
  # @stats
retention:
  done: P1Y
)");

// kProbe with the marker line `# @name` replaced by `line` at the marker's indentation.
std::string with_line_at(const std::string& name, const std::string& line) {
  const std::string marker = "# @" + name + "\n";
  const std::size_t at = kProbe.find(marker);
  REQUIRE(at != std::string::npos);
  std::string text = kProbe;
  text.replace(at, marker.size() - 1, line);
  return text;
}

// kProbe with its one occurrence of `from` replaced by `to`.
std::string with_replaced(const std::string& from, const std::string& to) {
  const std::size_t at = kProbe.find(from);
  REQUIRE(at != std::string::npos);
  REQUIRE(kProbe.find(from, at + 1) == std::string::npos);
  std::string text = kProbe;
  text.replace(at, from.size(), to);
  return text;
}

}  // namespace

TEST_CASE("the process schema is draft-07 JSON that valijson compiles", "[dsl][schema]") {
  const json::value schema = json::parse(process_schema_json());
  CHECK(schema.at("$schema") == "http://json-schema.org/draft-07/schema#");
  CHECK_NOTHROW(SchemaCheck());
}

TEST_CASE("every shipped definition and every one in the reference is valid under the process schema",
          "[dsl][schema]") {
  SchemaCheck schema;
  int checked = 0;
  for (const auto& path : shipped_definitions()) {
    INFO(path.string());
    const std::string text = read_file(path);
    REQUIRE(load_definition(text, path.string()).ok());
    CHECK(schema.problems(text) == "");
    ++checked;
  }
  CHECK(checked >= 10);
  for (const auto& text : testing::reference_definitions()) {
    INFO(text.substr(0, text.find('\n')));
    CHECK(schema.problems(text) == "");
  }
}

TEST_CASE("the schema's closed mappings have exactly the keys the loader accepts", "[dsl][schema]") {
  const json::value document = json::parse(process_schema_json());
  const json::object& definitions = document.at("definitions").as_object();
  std::set<std::string> tabled;
  for (const auto& [name, keys] : language_keys::kSchemaDefinitions) {
    INFO("schema definition '" << name << "'");
    tabled.insert(std::string(name));
    const json::value* node = name.empty() ? &document : definitions.if_contains(name);
    REQUIRE(node);
    CHECK(is_closed(node->as_object()));
    CHECK(property_names(node->as_object()) == std::set<std::string>(keys->begin(), keys->end()));
  }
  // The other way round: every closed mapping of the schema has its table of keys.
  for (const auto& [name, node] : definitions) {
    INFO("schema definition '" << std::string(name) << "'");
    if (is_closed(node.as_object())) CHECK(tabled.contains(std::string(name)));
  }
}

TEST_CASE("the probe definition is valid for the loader and the schema", "[dsl][schema]") {
  CHECK(testing::findings(kProbe) == std::vector<std::string>{});
  CHECK(SchemaCheck().problems(kProbe) == "");
}

TEST_CASE("an unknown key in any fixed mapping is refused by the loader and by the schema", "[dsl][schema]") {
  SchemaCheck schema;
  for (const auto& [name, keys] : language_keys::kSchemaDefinitions) {
    INFO("in '" << name << "'");
    const std::string text = with_line_at(std::string(name), "bogus_key: 1");
    const auto findings = testing::findings(text);
    REQUIRE(findings.size() == 1);
    CHECK_THAT(findings[0], Catch::Contains("unknown key 'bogus_key'"));
    CHECK(schema.problems(text) != "");
  }
}

TEST_CASE("wrong values at fixed places are refused by the loader and by the schema", "[dsl][schema]") {
  SchemaCheck schema;
  const std::pair<std::string, std::string> mistakes[] = {
      {"id: schema-probe", "id: Schema Probe"},
      {"title: Probe\n", "title: Probe\nversion: 0\n"},
      {"kind: {type: string,", "kind: {type: text,"},
      {"  done:\n    final: true", "  done:\n    final: yes"},
      {"  done:\n    final: true", "  done:\n    final: true\n    on: {x: received}"},
      {"  checks:\n    parallel:", "  checks:\n    outcome: checked\n    parallel:"},
      {"due: 5 working days", "due: 5 workdays"},
      {"after: P1D", "after: P1M"},
      {"      role: buero\n      due:", "      role: clerk:buero\n      due:"},
      {"kind: certificate", "kind: Certificate"},
      {"      - in: P30D", "      - in: P30D\n        at: now"},
      {"  payment.confirmed:\n    buffer", "  task.completed:\n    buffer"},
      {"max_size: 10 MiB", "max_size: ten"},
      {"done: P1Y", "done: one year"},
      {"      - set: {fee:", "      - set: {fee-x:"},
      {"      - notify:\n          text: Eingegangen", "      - notify:\n          subject: Eingegangen"},
      {"          one: {on:", "          one: {join: [done], on:"},
      {"- set: {fee: \"= params.fee\"}", "- set: {fee: \"= params.fee\"}\n        emit: x"},
  };
  for (const auto& [from, to] : mistakes) {
    INFO(from << " -> " << to);
    const std::string text = with_replaced(from, to);
    CHECK_FALSE(load_definition(text, "t.yaml").ok());
    CHECK(schema.problems(text) != "");
  }
}
