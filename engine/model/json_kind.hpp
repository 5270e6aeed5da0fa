// The kind of a JSON value as error messages name it ("a number", "an object"), so that every
// refusal of a value of the wrong kind reads the same, wherever it is raised.
#pragma once

#include <boost/json/value.hpp>

namespace amtsweg {

// "null", "a boolean", "a number" (integer or decimal), "a string", "an array" or "an object".
inline const char* json_kind_name(const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::null:
      return "null";
    case boost::json::kind::bool_:
      return "a boolean";
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_:
      return "a number";
    case boost::json::kind::string:
      return "a string";
    case boost::json::kind::array:
      return "an array";
    case boost::json::kind::object:
      return "an object";
  }
  return "a value";
}

}  // namespace amtsweg
