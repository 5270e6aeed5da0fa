// JSON as it leaves the engine (REST bodies, webhooks, the CLI, history views): decimals written as
// decimals (30.0, 0.1), never Boost.JSON 1.81's "3E1"; compact on one line or indented for people.
#pragma once

#include <boost/json/value.hpp>
#include <string>

namespace amtsweg {

enum class JsonLayout { Compact, Indented };

// The JSON text of `value`. A double is written as the shortest text that reads back as the same
// double, with ".0" when it is whole (30.0 stays a decimal for every reader), in exponent form
// only beyond 1e16 or below 1e-5 ("1e+21"); a non-finite double (which JSON cannot hold) as null.
// Strings and keys are escaped as Boost.JSON escapes them. Indented: two spaces per level.
std::string json_text(const boost::json::value& value, JsonLayout layout = JsonLayout::Compact);

// The text of one double as json_text writes it (for callers that write numbers into text).
std::string json_number_text(double number);

}  // namespace amtsweg
