// Form validation messages name the fields at fault, also when a conditional schema (allOf,
// if/then) required them, without the enclosing schemas' echoes.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "engine/error.hpp"
#include "engine/runtime/form_validator.hpp"

using namespace amtsweg;
namespace json = boost::json;

namespace {

// The refusal's details of checking `data` against `schema`; null when the data is valid.
json::value refusal(const char* schema, const char* data) {
  FormValidator validator;
  try {
    validator.check(json::parse(schema), json::parse(data), "application");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::RuleViolation);
    return e.details();
  }
  return nullptr;
}

}  // namespace

TEST_CASE("a field required by if/then inside allOf is named alone", "[runtime]") {
  const char* schema = R"({"type": "object", "properties": {"relation": {"enum": ["self", "other"]},
      "interest": {"type": "string"}, "applicant": {"type": "object"}},
    "allOf": [{"if": {"required": ["relation"], "properties": {"relation": {"const": "other"}}},
               "then": {"required": ["interest"]}},
              {"then": {"properties": {"applicant": {"required": ["address"]}}}, "if": {"required": ["relation"]}}]})";
  CHECK(refusal(schema, R"({"relation": "self", "applicant": {"address": "x"}})").is_null());
  CHECK(refusal(schema, R"({"relation": "other", "applicant": {"address": "x"}})") ==
        json::parse(R"([{"field": "/interest", "message": "Missing required property 'interest'."}])"));
  CHECK(refusal(schema, R"({"relation": "self", "applicant": {}})") ==
        json::parse(R"([{"field": "/applicant/address", "message": "Missing required property 'address'."}])"));
}

TEST_CASE("a failing nested field is named without its enclosing objects", "[runtime]") {
  const char* schema = R"({"type": "object", "properties": {"applicant": {"type": "object",
      "properties": {"name": {"type": "string", "minLength": 2}}}}})";
  const json::value details = refusal(schema, R"({"applicant": {"name": "x"}})");
  REQUIRE(details.as_array().size() == 1);
  CHECK(details.at(0).at("field") == "/applicant/name");
}
