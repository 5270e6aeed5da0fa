// Keeps the OpenAPI document (adapters/rest/openapi.json, compiled in) true to the server: every
// route the real router has is documented with the same method and path, and vice versa; the
// document is well-formed enough for tools (summaries, 2xx responses, declared path parameters,
// resolvable $refs), and GET /api/v1/openapi.json serves it without a token.
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "adapters/rest/openapi_document.hpp"
#include "tests/rest/rest_fixture.hpp"

using namespace amtsweg;
using namespace amtsweg::testing;
namespace json = boost::json;

namespace {

constexpr const char* kMethods[] = {"get", "put", "post", "delete", "patch", "head", "options", "trace"};

json::object document() { return json::parse(rest::openapi_document()).as_object(); }

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

// Calls `visit("GET /api/v1/cases/{id}", path item, operation)` for every operation.
template <class Visit>
void for_each_operation(const json::object& doc, Visit visit) {
  for (const auto& [path, item] : doc.at("paths").as_object())
    for (const char* method : kMethods)
      if (const auto* operation = item.as_object().if_contains(method))
        visit(upper(method) + " " + std::string(path), item.as_object(), operation->as_object());
}

// The node a local reference ("#/components/parameters/CaseId") points to, or nullptr. The
// document's names need no JSON-pointer escapes (~0, ~1), so segments compare as they are.
const json::value* resolve(const json::object& doc, std::string_view ref) {
  if (!ref.starts_with("#/")) return nullptr;
  const json::object* object = &doc;
  const json::value* node = nullptr;
  for (std::string_view rest = ref.substr(2); object;) {
    const std::size_t slash = rest.find('/');
    node = object->if_contains(rest.substr(0, slash));
    if (!node || slash == std::string_view::npos) return node;
    object = node->if_object();
    rest.remove_prefix(slash + 1);
  }
  return nullptr;
}

// Every "$ref" anywhere below `value` that does not resolve.
void collect_broken_refs(const json::object& doc, const json::value& value, std::string& broken) {
  if (value.is_array())
    for (const auto& element : value.as_array()) collect_broken_refs(doc, element, broken);
  if (!value.is_object()) return;
  for (const auto& [key, child] : value.as_object()) {
    if (key == "$ref" && child.is_string() && !resolve(doc, child.as_string()))
      broken += "\n  " + std::string(child.as_string());
    collect_broken_refs(doc, child, broken);
  }
}

// The names of the path parameters an operation declares, its path item's included ($refs resolved).
std::set<std::string> declared_path_parameters(const json::object& doc, const json::object& item,
                                               const json::object& operation) {
  std::set<std::string> names;
  for (const json::object* owner : {&item, &operation}) {
    const auto* parameters = owner->if_contains("parameters");
    if (!parameters) continue;
    for (const auto& parameter : parameters->as_array()) {
      const json::value* p = &parameter;
      if (const auto* ref = parameter.as_object().if_contains("$ref")) p = resolve(doc, ref->as_string());
      if (p && p->as_object().at("in") == "path") names.insert(std::string(p->as_object().at("name").as_string()));
    }
  }
  return names;
}

std::set<std::string> placeholders(std::string_view path) {
  std::set<std::string> names;
  for (std::size_t open = path.find('{'); open != std::string_view::npos; open = path.find('{', open + 1))
    names.insert(std::string(path.substr(open + 1, path.find('}', open) - open - 1)));
  return names;
}

}  // namespace

TEST_CASE("the OpenAPI document is JSON with openapi, info and paths, and its $refs resolve", "[rest]") {
  json::value parsed;
  REQUIRE_NOTHROW(parsed = json::parse(rest::openapi_document()));
  REQUIRE(parsed.is_object());
  const json::object& doc = parsed.as_object();
  REQUIRE(doc.contains("openapi"));
  CHECK(std::string(doc.at("openapi").as_string()).starts_with("3."));
  REQUIRE(doc.contains("info"));
  CHECK(doc.at("info").as_object().contains("title"));
  CHECK(doc.at("info").as_object().contains("version"));
  REQUIRE(doc.contains("paths"));
  CHECK_FALSE(doc.at("paths").as_object().empty());
  std::string broken;
  collect_broken_refs(doc, parsed, broken);
  INFO("unresolved $ref:" << broken);
  CHECK(broken.empty());
}

TEST_CASE("every route of the server is documented and every documented operation is served", "[rest]") {
  RestFixture api;
  std::set<std::string> served;
  for (const auto& route : api.router.routes()) served.insert(route);
  std::set<std::string> documented;
  for_each_operation(document(), [&](const std::string& route, const json::object&, const json::object&) {
    documented.insert(route);
  });

  std::string undocumented, not_served;
  for (const auto& route : served)
    if (!documented.contains(route)) undocumented += "\n  " + route;
  for (const auto& route : documented)
    if (!served.contains(route)) not_served += "\n  " + route;

  INFO("served but not in adapters/rest/openapi.json:" << undocumented);
  INFO("in adapters/rest/openapi.json but not served:" << not_served);
  CHECK((undocumented + not_served).empty());
}

TEST_CASE("every documented operation has a summary, a 2xx response and its path parameters", "[rest]") {
  const json::object doc = document();
  std::string problems;
  for_each_operation(doc, [&](const std::string& route, const json::object& item, const json::object& operation) {
    const auto* summary = operation.if_contains("summary");
    if (!summary || !summary->is_string() || summary->as_string().empty()) problems += "\n  " + route + ": no summary";
    bool success = false;
    if (const auto* responses = operation.if_contains("responses"))
      for (const auto& [status, response] : responses->as_object()) success = success || status.starts_with("2");
    if (!success) problems += "\n  " + route + ": no 2xx response";
    const std::set<std::string> declared = declared_path_parameters(doc, item, operation);
    const std::set<std::string> in_path = placeholders(route);
    for (const auto& name : in_path)
      if (!declared.contains(name)) problems += "\n  " + route + ": {" + name + "} is not declared as a path parameter";
    for (const auto& name : declared)
      if (!in_path.contains(name)) problems += "\n  " + route + ": path parameter '" + name + "' is not in the path";
  });
  INFO("problems:" << problems);
  CHECK(problems.empty());
}

TEST_CASE("GET /api/v1/openapi.json serves the document without a token", "[rest]") {
  RestFixture api;
  const auto response = api.call("GET", "/api/v1/openapi.json", "");
  CHECK(response.status == 200);
  CHECK(response.content_type == "application/json");
  CHECK(response.body == rest::openapi_document());
  CHECK(RestFixture::json_of(response).at("info").at("title") == "amtsweg REST API");
}
