// Strict JSON body parsing for the REST handlers (see json_body.hpp). Every rejection names the
// problem, because the caller is usually a developer integrating a portal who needs to fix it.
#include "adapters/rest/json_body.hpp"

#include <algorithm>
#include <boost/json/error.hpp>
#include <cctype>

#include "adapters/rest/api_error.hpp"
#include "engine/error.hpp"
#include "engine/model/json_checks.hpp"
#include "engine/model/json_kind.hpp"
#include "engine/model/json_parse.hpp"

namespace amtsweg::rest {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// "application/json", "application/json; charset=utf-8", "application/problem+json" are JSON.
bool is_json_media_type(std::string_view content_type) {
  std::string media = lower(content_type.substr(0, content_type.find(';')));
  while (!media.empty() && media.back() == ' ') media.pop_back();
  return media == "application/json" || (media.starts_with("application/") && media.ends_with("+json"));
}

}  // namespace

boost::json::value parse_json_body(const Request& request) {
  const std::string content_type = request.header("Content-Type");
  if (!content_type.empty() && !is_json_media_type(content_type))
    throw HttpError(415, "unsupported_media_type",
                    "the body must be JSON (Content-Type: application/json), not " + content_type);
  if (request.body.empty())
    throw Error(ErrorKind::InvalidArgument, "the request body is empty; a JSON value is required");
  boost::system::error_code error;
  std::size_t consumed = 0;
  boost::json::value value = parse_json(request.body, error, consumed);
  if (error) {
    throw Error(ErrorKind::InvalidArgument,
                "the body is not valid JSON: " + error.message() + " at byte " + std::to_string(consumed),
                boost::json::object{{"offset", consumed}});
  }
  // Before anything reads it: a number beyond a double (1e400) or a control character is named by
  // its field here, relative to the body ("extra", "data.kind").
  require_clean_json(value, "");
  return value;
}

boost::json::object parse_json_object_body(const Request& request, bool empty_is_empty_object) {
  if (request.body.empty() && empty_is_empty_object) return {};
  boost::json::value value = parse_json_body(request);
  if (!value.is_object())
    throw Error(ErrorKind::InvalidArgument,
                std::string("the body must be a JSON object, not ") + json_kind_name(value));
  return std::move(value.as_object());
}

JsonFields::JsonFields(const boost::json::object& object, std::initializer_list<std::string_view> allowed)
    : object_(object) {
  for (const auto& field : object_) {
    if (std::find(allowed.begin(), allowed.end(), field.key()) != allowed.end()) continue;
    std::string names;
    for (std::string_view name : allowed) names += (names.empty() ? "" : ", ") + std::string(name);
    throw Error(ErrorKind::InvalidArgument, "unknown field '" + std::string(field.key()) + "' (allowed: " + names + ")",
                boost::json::object{{"field", field.key()}});
  }
}

std::optional<std::string> JsonFields::optional_string(std::string_view name) const {
  const auto* value = object_.if_contains(name);
  if (!value) return std::nullopt;
  if (!value->is_string())
    throw Error(ErrorKind::InvalidArgument,
                "field '" + std::string(name) + "' must be a string, not " + json_kind_name(*value),
                boost::json::object{{"field", name}});
  return std::string(value->as_string());
}

std::string JsonFields::required_string(std::string_view name) const {
  auto value = optional_string(name);
  if (!value || value->empty())
    throw Error(ErrorKind::InvalidArgument,
                "field '" + std::string(name) + "' " + (value ? "is empty" : "is required") + " (a non-empty string)",
                boost::json::object{{"field", name}});
  return *value;
}

std::optional<boost::json::object> JsonFields::optional_object(std::string_view name) const {
  const auto* value = object_.if_contains(name);
  if (!value) return std::nullopt;
  if (!value->is_object())
    throw Error(ErrorKind::InvalidArgument,
                "field '" + std::string(name) + "' must be an object, not " + json_kind_name(*value),
                boost::json::object{{"field", name}});
  return value->as_object();
}

boost::json::object JsonFields::required_object(std::string_view name) const {
  auto value = optional_object(name);
  if (!value)
    throw Error(ErrorKind::InvalidArgument, "field '" + std::string(name) + "' is required (an object)",
                boost::json::object{{"field", name}});
  return *value;
}

std::vector<std::string> JsonFields::required_string_list(std::string_view name) const {
  const auto* value = object_.if_contains(name);
  if (!value || !value->is_array())
    throw Error(ErrorKind::InvalidArgument,
                "field '" + std::string(name) + "' is required (an array of strings)" +
                    (value ? std::string(", not ") + json_kind_name(*value) : std::string()),
                boost::json::object{{"field", name}});
  std::vector<std::string> list;
  for (const auto& item : value->as_array()) {
    if (!item.is_string()) {
      const std::string field = std::string(name) + "[" + std::to_string(list.size()) + "]";
      throw Error(ErrorKind::InvalidArgument, "field '" + field + "' must be a string, not " + json_kind_name(item),
                  boost::json::object{{"field", field}});
    }
    list.emplace_back(item.as_string());
  }
  return list;
}

boost::json::value JsonFields::value_or(std::string_view name, boost::json::value fallback) const {
  const auto* value = object_.if_contains(name);
  return value ? *value : fallback;
}

}  // namespace amtsweg::rest
