// valijson over Boost.JSON: schema compilation, validation, and turning valijson's error contexts
// into JSON-pointer field names a user can act on.
#include "engine/runtime/form_validator.hpp"

#include <boost/json.hpp>
#include <valijson/adapters/boost_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>
#include <vector>

#include "engine/error.hpp"
#include "engine/model/json_checks.hpp"

namespace amtsweg {

namespace json = boost::json;

FormValidator::FormValidator() = default;
FormValidator::~FormValidator() = default;

std::shared_ptr<const valijson::Schema> FormValidator::compiled(const json::value& schema) {
  std::string key = json::serialize(schema);
  std::lock_guard lock(mutex_);
  if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  auto parsed = std::make_shared<valijson::Schema>();
  valijson::SchemaParser parser;
  try {
    parser.populateSchema(valijson::adapters::BoostJsonAdapter(schema), *parsed);
  } catch (const std::exception& e) {
    throw Error(ErrorKind::Invalid, std::string("form is not a valid JSON Schema: ") + e.what());
  }
  cache_.emplace(std::move(key), parsed);
  return parsed;
}

std::unique_ptr<valijson::Validator> FormValidator::borrow_validator() {
  std::lock_guard lock(mutex_);
  if (idle_validators_.empty()) return std::make_unique<valijson::Validator>();
  auto validator = std::move(idle_validators_.back());
  idle_validators_.pop_back();
  return validator;
}

void FormValidator::give_back(std::unique_ptr<valijson::Validator> validator) {
  std::lock_guard lock(mutex_);
  idle_validators_.push_back(std::move(validator));
}

namespace {

// valijson's context ["<root>", "[applicant]", "[name]"] -> "/applicant/name".
std::string field_pointer(const std::vector<std::string>& context) {
  std::string pointer;
  for (const auto& part : context) {
    if (part == "<root>") continue;
    std::string name = part;
    if (name.size() >= 2 && name.front() == '[' && name.back() == ']') name = name.substr(1, name.size() - 2);
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
    pointer += "/" + name;
  }
  return pointer.empty() ? "/" : pointer;
}

// The schema of the field at `pointer` ("/applicant/email", "/children/0/name"), following
// `properties` and `items`; nullptr where the path leads through anything else.
const json::object* field_schema(const json::value& schema, std::string_view pointer) {
  const json::object* node = schema.if_object();
  std::size_t start = 1;
  while (node && start <= pointer.size() && pointer != "/") {
    const std::size_t end = std::min(pointer.find('/', start), pointer.size());
    const std::string_view name = pointer.substr(start, end - start);
    const json::value* next = nullptr;
    if (const auto* properties = node->if_contains("properties"); properties && properties->is_object())
      next = properties->as_object().if_contains(name);
    if (!next && !name.empty() && name.find_first_not_of("0123456789") == std::string_view::npos)
      next = node->if_contains("items");
    node = next ? next->if_object() : nullptr;
    start = end + 1;
  }
  return node;
}

// What the form's author says a field expects, for a value that does not match its pattern: its
// `x-message` (or `errorMessage`), else its `description`; empty when it says nothing.
std::string expected_format(const json::value& schema, std::string_view pointer) {
  const json::object* field = field_schema(schema, pointer);
  if (!field) return {};
  for (const char* key : {"x-message", "errorMessage", "description"})
    if (const auto* text = field->if_contains(key); text && text->is_string() && !text->as_string().empty())
      return std::string(text->as_string());
  return {};
}

}  // namespace

void FormValidator::check(const json::value& schema, const json::value& data, std::string_view what) {
  if (schema.is_null()) return;
  // valijson's Boost.JSON adapter reads a string as a C string (getString: get_string().c_str()),
  // so "einfach\u0000x" would pass an enum of "einfach": such text never reaches it.
  require_clean_json(data, "");
  const auto compiled_schema = compiled(schema);
  auto validator = borrow_validator();
  valijson::ValidationResults results;
  const bool valid = validator->validate(*compiled_schema, valijson::adapters::BoostJsonAdapter(data), &results);
  give_back(std::move(validator));  // one that threw (a bad pattern) is simply dropped
  if (valid) return;

  // valijson reports a failing field and then each enclosing schema again ("Failed to validate
  // ..."): the objects that hold the field, and the allOf / if-then that required it at the same
  // level. Keep the findings of their own.
  std::vector<valijson::ValidationResults::Error> errors;
  valijson::ValidationResults::Error error;
  while (results.popError(error)) errors.push_back(error);
  auto is_wrapper = [](const valijson::ValidationResults::Error& e) {
    return e.description.rfind("Failed to validate", 0) == 0;
  };
  auto is_enclosing = [&](const valijson::ValidationResults::Error& e) {
    if (!is_wrapper(e)) return false;
    for (const auto& other : errors)
      if (!is_wrapper(other) && other.context.size() >= e.context.size() &&
          std::equal(e.context.begin(), e.context.end(), other.context.begin()))
        return true;
    return false;
  };
  json::array details;
  std::string message = std::string(what) + " is invalid:";
  for (const auto& e : errors) {
    if (is_enclosing(e)) continue;
    std::string field = field_pointer(e.context);
    // "Missing required property 'name'." belongs to the missing field, not to its parent.
    static constexpr std::string_view kMissing = "Missing required property '";
    if (e.description.rfind(kMissing, 0) == 0) {
      const auto name =
          e.description.substr(kMissing.size(), e.description.find('\'', kMissing.size()) - kMissing.size());
      field = (field == "/" ? "" : field) + "/" + name;
    }
    json::object detail{{"field", field}, {"message", e.description}};
    std::string text = e.description;
    if (e.description.find("'pattern'") != std::string::npos) {
      if (const std::string expected = expected_format(schema, field); !expected.empty()) {
        text = "does not have the expected format: " + expected;
        detail["message"] = text;
        detail["expected"] = expected;
      }
    }
    details.push_back(std::move(detail));
    message += " " + field + ": " + text + ";";
  }
  message.pop_back();
  throw Error(ErrorKind::RuleViolation, message, std::move(details));
}

}  // namespace amtsweg
