// Recursive indentation of objects and arrays; scalars use Boost.JSON's own serialisation.
#include "adapters/cli/pretty_json.hpp"

#include <boost/json.hpp>

namespace amtsweg::cli {

namespace {

void print(const boost::json::value& v, std::string& out, int indent) {
  const std::string pad(indent + 2, ' '), close(indent, ' ');
  if (v.is_object() && !v.as_object().empty()) {
    out += "{\n";
    bool first = true;
    for (const auto& [key, child] : v.as_object()) {
      if (!first) out += ",\n";
      first = false;
      out += pad + boost::json::serialize(boost::json::value(key)) + ": ";
      print(child, out, indent + 2);
    }
    out += "\n" + close + "}";
  } else if (v.is_array() && !v.as_array().empty()) {
    out += "[\n";
    bool first = true;
    for (const auto& child : v.as_array()) {
      if (!first) out += ",\n";
      first = false;
      out += pad;
      print(child, out, indent + 2);
    }
    out += "\n" + close + "]";
  } else {
    out += boost::json::serialize(v);
  }
}

}  // namespace

std::string pretty_json(const boost::json::value& value) {
  std::string out;
  print(value, out, 0);
  return out;
}

}  // namespace amtsweg::cli
