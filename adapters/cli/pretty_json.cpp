// Recursive indentation of objects and arrays; scalars use Boost.JSON's own serialisation.
#include "adapters/cli/pretty_json.hpp"

#include <boost/json.hpp>
#include <charconv>

namespace amtsweg::cli {

namespace {

// Shortest text that reads back as the same double, keeping a ".0" so it stays a float
// (Boost.JSON would print 15.0 as "1.5E1").
std::string format_double(double d) {
  char buffer[64];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, d);
  std::string text(buffer, error == std::errc() ? end : buffer);
  if (text.find_first_of(".en") == std::string::npos) text += ".0";
  return text;
}

// indent < 0: compact, on one line.
void print(const boost::json::value& v, std::string& out, int indent) {
  const bool compact = indent < 0;
  const std::string pad = compact ? "" : std::string(indent + 2, ' ');
  const std::string open_line = compact ? "" : "\n", close = compact ? "" : std::string(indent, ' ');
  const std::string separator = compact ? "," : ",\n";
  const int inner = compact ? indent : indent + 2;
  if (v.is_object() && !v.as_object().empty()) {
    out += "{" + open_line;
    bool first = true;
    for (const auto& [key, child] : v.as_object()) {
      if (!first) out += separator;
      first = false;
      out += pad + boost::json::serialize(boost::json::value(key)) + (compact ? ":" : ": ");
      print(child, out, inner);
    }
    out += open_line + close + "}";
  } else if (v.is_array() && !v.as_array().empty()) {
    out += "[" + open_line;
    bool first = true;
    for (const auto& child : v.as_array()) {
      if (!first) out += separator;
      first = false;
      out += pad;
      print(child, out, inner);
    }
    out += open_line + close + "]";
  } else if (v.is_double()) {
    out += format_double(v.as_double());
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

namespace amtsweg::cli {

std::string compact_json(const boost::json::value& value) {
  std::string out;
  print(value, out, -1);
  return out;
}

}  // namespace amtsweg::cli
