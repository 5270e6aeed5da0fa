// How a YAML scalar becomes a JSON value (core schema resolution of plain scalars).
// yaml-cpp tags quoted and block scalars "!" and plain ones "?", which is what tells them apart.
#include "engine/dsl/scalar_json.hpp"

#include <charconv>
#include <cstdint>
#include <regex>
#include <stdexcept>
#include <string>

namespace amtsweg {
namespace {

constexpr const char* kStringTag = "tag:yaml.org,2002:str";

bool is_null_text(const std::string& s) { return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL"; }

std::optional<boost::json::value> integer_value(const std::string& s) {
  static const std::regex decimal{"[-+]?[0-9]+"};
  static const std::regex hex{"0x[0-9a-fA-F]+"};
  int base = 10;
  std::string digits = s;
  if (std::regex_match(s, hex)) {
    base = 16;
    digits = s.substr(2);
  } else if (!std::regex_match(s, decimal)) {
    return std::nullopt;
  }
  if (!digits.empty() && digits[0] == '+') digits.erase(0, 1);
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
  if (ec == std::errc{} && end == digits.data() + digits.size()) return boost::json::value(value);
  return std::nullopt;  // beyond 64 bits: read as a float (or kept as text)
}

std::optional<boost::json::value> float_value(const std::string& s) {
  static const std::regex number{R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)"};
  if (!std::regex_match(s, number)) return std::nullopt;
  try {
    return boost::json::value(std::stod(s));
  } catch (const std::out_of_range&) {
    return std::nullopt;  // too large for a double: kept as text
  }
}

}  // namespace

bool is_string_scalar(const YAML::Node& node) {
  return node.IsScalar() && (node.Tag() == "!" || node.Tag() == kStringTag);
}

std::optional<bool> plain_boolean(const YAML::Node& node) {
  if (!node.IsScalar() || is_string_scalar(node)) return std::nullopt;
  const std::string& s = node.Scalar();
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  return std::nullopt;
}

boost::json::value scalar_to_json(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return nullptr;
  const std::string& s = node.Scalar();
  if (is_string_scalar(node)) return boost::json::value(s);
  if (is_null_text(s)) return nullptr;
  if (auto b = plain_boolean(node)) return *b;
  if (auto i = integer_value(s)) return *i;
  if (auto d = float_value(s)) return *d;
  return boost::json::value(s);
}

}  // namespace amtsweg
