// The one writer of outgoing JSON: Boost.JSON's serializer for strings and whole numbers, our own
// text for doubles (Boost.JSON 1.81 prints 30.0 as "3E1", which readers take for a float in
// scientific notation and people do not read as money).
#include "engine/model/json_text.hpp"

#include <boost/json.hpp>
#include <charconv>
#include <cmath>

namespace amtsweg {

namespace json = boost::json;

namespace {

void append(const json::value& v, std::string& out, int indent);

template <class Range, class Element>
void append_container(const Range& range, char open, char close, std::string& out, int indent, Element element) {
  const bool compact = indent < 0;
  out += open;
  bool first = true;
  for (const auto& item : range) {
    if (!first) out += ',';
    first = false;
    if (!compact) out += "\n" + std::string(indent + 2, ' ');
    element(item, compact ? indent : indent + 2);
  }
  if (!compact && !first) out += "\n" + std::string(indent, ' ');
  out += close;
}

void append(const json::value& v, std::string& out, int indent) {
  switch (v.kind()) {
    case json::kind::object:
      append_container(v.get_object(), '{', '}', out, indent, [&](const json::key_value_pair& member, int inner) {
        out += json::serialize(json::string_view(member.key()));
        out += indent < 0 ? ":" : ": ";
        append(member.value(), out, inner);
      });
      break;
    case json::kind::array:
      append_container(v.get_array(), '[', ']', out, indent,
                       [&](const json::value& element, int inner) { append(element, out, inner); });
      break;
    case json::kind::double_:
      out += json_number_text(v.get_double());
      break;
    default:
      out += json::serialize(v);
  }
}

}  // namespace

std::string json_number_text(double number) {
  if (!std::isfinite(number)) return "null";
  char buffer[64];
  const double magnitude = std::fabs(number);
  const bool plain = magnitude == 0 || (magnitude >= 1e-5 && magnitude < 1e16);
  const auto [end, error] = plain ? std::to_chars(buffer, buffer + sizeof buffer, number, std::chars_format::fixed)
                                  : std::to_chars(buffer, buffer + sizeof buffer, number);
  std::string text(buffer, error == std::errc() ? end : buffer);
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  return text;
}

std::string json_text(const json::value& value, JsonLayout layout) {
  std::string out;
  append(value, out, layout == JsonLayout::Compact ? -1 : 0);
  return out;
}

}  // namespace amtsweg
