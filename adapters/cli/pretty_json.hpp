// Indented JSON for people reading the CLI's output, and the same on one line: the engine's one
// writer of outgoing JSON (engine/model/json_text.hpp), so decimals read as decimals.
#pragma once

#include <boost/json/value.hpp>
#include <string>

#include "engine/model/json_text.hpp"

namespace amtsweg::cli {

inline std::string pretty_json(const boost::json::value& value) { return json_text(value, JsonLayout::Indented); }
inline std::string compact_json(const boost::json::value& value) { return json_text(value); }

}  // namespace amtsweg::cli
