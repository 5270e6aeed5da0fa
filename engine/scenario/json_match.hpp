// How a scenario's expected values are compared with the engine's: subset matching of JSON (an
// expected mapping names only the fields it cares about), numbers by value, and a compact display.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>

namespace amtsweg {

// Where two values first differ: the path below the compared value ("applicant.name",
// "items[2]"; empty: the value itself) and both sides as display text.
struct JsonDifference {
  std::string path;
  std::string expected;
  std::string actual;
};

// Compares `expected` with `actual` (nullptr for "absent"):
// - a mapping matches a mapping that has at least its fields, each matching; an expected null
//   field matches an absent or null one;
// - a list matches a list of the same length, item by item;
// - numbers match by value (12 matches 12.0), everything else by equality.
std::optional<JsonDifference> json_difference(const boost::json::value& expected, const boost::json::value* actual);

// Compact JSON for reports: numbers as written by people (18.0, 12.5, 3), "(absent)" for nullptr.
std::string display_json(const boost::json::value* value);
inline std::string display_json(const boost::json::value& value) { return display_json(&value); }

}  // namespace amtsweg
