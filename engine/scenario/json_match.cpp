// Subset matching and display of JSON values for scenario reports.
#include "engine/scenario/json_match.hpp"

#include <boost/json.hpp>
#include <cmath>

#include "engine/model/json_text.hpp"

namespace amtsweg {

namespace json = boost::json;

namespace {

std::string join_path(const std::string& base, const std::string& part) {
  if (part.starts_with("[")) return base + part;
  return base.empty() ? part : base + "." + part;
}

bool numbers_equal(const json::value& a, const json::value& b) {
  if (a.is_double() || b.is_double()) {
    const double x = a.to_number<double>(), y = b.to_number<double>();
    return std::fabs(x - y) <= 1e-9 * std::max({1.0, std::fabs(x), std::fabs(y)});
  }
  if (a.is_int64() && b.is_int64()) return a.as_int64() == b.as_int64();
  return a == b;  // uint64 on either side
}

std::optional<JsonDifference> differ_at(const std::string& path, const json::value& expected,
                                        const json::value* actual) {
  if (expected.is_object() && actual != nullptr && actual->is_object()) {
    const auto& have = actual->as_object();
    for (const auto& [key, value] : expected.as_object()) {
      const json::value* field = have.if_contains(key);
      if (auto difference = differ_at(join_path(path, std::string(key)), value, field)) return difference;
    }
    return std::nullopt;
  }
  if (expected.is_array() && actual != nullptr && actual->is_array() &&
      expected.as_array().size() == actual->as_array().size()) {
    const auto& want = expected.as_array();
    for (std::size_t i = 0; i < want.size(); ++i)
      if (auto difference = differ_at(join_path(path, "[" + std::to_string(i) + "]"), want[i], &actual->as_array()[i]))
        return difference;
    return std::nullopt;
  }
  if (expected.is_null() && (actual == nullptr || actual->is_null())) return std::nullopt;
  if (actual != nullptr) {
    if (expected.is_number() && actual->is_number() && numbers_equal(expected, *actual)) return std::nullopt;
    if (!expected.is_number() && expected == *actual) return std::nullopt;
  }
  return JsonDifference{path, display_json(expected), display_json(actual)};
}

void write_number(std::string& out, const json::value& value) {
  out += value.is_double() ? json_number_text(value.as_double()) : json::serialize(value);
}

void write(std::string& out, const json::value& value) {
  if (value.is_object()) {
    out += '{';
    bool first = true;
    for (const auto& [key, item] : value.as_object()) {
      if (!first) out += ", ";
      first = false;
      out += json::serialize(json::value(key)) + ": ";
      write(out, item);
    }
    out += '}';
  } else if (value.is_array()) {
    out += '[';
    bool first = true;
    for (const auto& item : value.as_array()) {
      if (!first) out += ", ";
      first = false;
      write(out, item);
    }
    out += ']';
  } else if (value.is_number()) {
    write_number(out, value);
  } else {
    out += json::serialize(value);
  }
}

}  // namespace

std::optional<JsonDifference> json_difference(const json::value& expected, const json::value* actual) {
  return differ_at("", expected, actual);
}

std::string display_json(const json::value* value) {
  if (value == nullptr) return "(absent)";
  std::string out;
  write(out, *value);
  return out;
}

}  // namespace amtsweg
