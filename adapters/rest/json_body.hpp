// Reading JSON request bodies strictly: 415 for a non-JSON content type, 400 naming the parse
// error's position, and field readers that reject unknown fields and wrong types by name.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/rest/http_message.hpp"

namespace amtsweg::rest {

// The body as JSON. Throws HttpError 415 when Content-Type is present and not application/json
// (or +json), Error{InvalidArgument} (400) when the body is empty or not valid JSON.
boost::json::value parse_json_body(const Request& request);

// Like parse_json_body, and the value must be an object; an empty body counts as {} when
// `empty_is_empty_object` (for commands whose fields are all optional).
boost::json::object parse_json_object_body(const Request& request, bool empty_is_empty_object = false);

// Typed access to the fields of a request object. Constructing it rejects any field not in
// `allowed`; the getters throw Error{InvalidArgument} naming the field when it is missing or
// has the wrong type.
class JsonFields {
 public:
  JsonFields(const boost::json::object& object, std::initializer_list<std::string_view> allowed);

  std::string required_string(std::string_view name) const;
  std::optional<std::string> optional_string(std::string_view name) const;
  boost::json::object required_object(std::string_view name) const;
  // The field's value, or `fallback` when absent.
  boost::json::value value_or(std::string_view name, boost::json::value fallback) const;
  std::optional<boost::json::object> optional_object(std::string_view name) const;
  // An array of strings; a wrong element is named as "name[i]".
  std::vector<std::string> required_string_list(std::string_view name) const;

 private:
  const boost::json::object& object_;
};

}  // namespace amtsweg::rest
