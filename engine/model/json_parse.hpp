// Reading JSON text with every number correctly rounded: the one parser for JSON the engine reads
// (REST bodies, CLI arguments, stored columns), so a stored double always reads back unchanged.
#pragma once

#include <boost/json/value.hpp>
#include <boost/system/error_code.hpp>
#include <cstddef>
#include <string_view>

namespace amtsweg {

// Why not boost::json::parse: Boost.JSON 1.81 writes 2^67 as 1.4757395258967641E20 (the shortest
// text that reads back exactly) but reads that text one unit in the last place lower, so a number
// would change on its way through the store. This parser takes Boost.JSON's grammar and limits
// (depth 32, no comments) and converts each number's text with std::from_chars instead.
//
// Parses the whole of `text`. On failure sets `error` (trailing data is error::extra_data) and
// `consumed` to the byte offset where parsing stopped, and returns null. Numbers beyond a double
// (1e400) become infinity as with Boost.JSON, for json_checks.hpp to name the field.
boost::json::value parse_json(std::string_view text, boost::system::error_code& error, std::size_t& consumed);

// The same, for callers that do not report an offset.
boost::json::value parse_json(std::string_view text, boost::system::error_code& error);

// The same, throwing boost::system::system_error as boost::json::parse does: for text the engine
// wrote itself, where a failure is a bug or a damaged file.
boost::json::value parse_json(std::string_view text);

}  // namespace amtsweg
