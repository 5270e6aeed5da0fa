// Indented JSON for people reading the CLI's output (Boost.JSON 1.81 only prints compactly).
#pragma once

#include <boost/json/value.hpp>
#include <string>

namespace amtsweg::cli {

std::string pretty_json(const boost::json::value& value);
// The same on one line.
std::string compact_json(const boost::json::value& value);

}  // namespace amtsweg::cli
