// The one check every JSON value passes before the engine accepts or stores it: finite numbers
// only (JSON has no Infinity or NaN), and, for data from outside, text without control characters.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace amtsweg {

// Where a value sits below `root`, in the notation of the error messages: "data.extra",
// "data.items[2]", "data[\"a b\"]"; an empty root makes "extra", "items[2]".
std::string json_member_path(std::string_view root, std::string_view key);
std::string json_element_path(std::string_view root, std::size_t index);

// The path of the first number that is not finite (Boost.JSON parses 1e400 as infinity), or
// nullopt. Nesting depth is bounded by the parser (Boost.JSON: 32) and by the Lua conversion.
std::optional<std::string> first_non_finite(const boost::json::value& value, std::string_view root);

// Throws Error{InvalidArgument} naming the field (message "FIELD: ...", details {"field": FIELD})
// when `value` holds a number that is not finite.
void require_finite_json(const boost::json::value& value, std::string_view root);

// Data from outside (applications, task forms, events, params): finite numbers, and no control
// character in any key or string but TAB, LF and CR (U+0000-U+001F, U+007F: a NUL would end the
// text early for code that reads C strings, and none belongs in an application). Throws
// Error{InvalidArgument} naming the field.
void require_clean_json(const boost::json::value& value, std::string_view root);

// JSON text of `value` for storage; Error{InvalidArgument} naming `what` and the field when it holds
// a non-finite number, because Boost.JSON would write "Infinity", which no reader can parse back.
std::string finite_json_text(const boost::json::value& value, std::string_view what);

// Parses text from outside (a CLI argument, a file) and applies require_clean_json(root):
// Error{InvalidArgument} naming `root` and the byte offset for text that is not JSON.
boost::json::value parse_clean_json(std::string_view text, std::string_view root);

}  // namespace amtsweg
