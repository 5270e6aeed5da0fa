// Strict reading of query parameters shared by the list routes: unknown names and bad values are
// refused with 400 naming the parameter, page sizes are bounded.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/rest/http_message.hpp"
#include "engine/error.hpp"

namespace amtsweg::rest {

inline constexpr int kDefaultPageSize = 100;
inline constexpr int kMaxPageSize = 500;

// Error{InvalidArgument}: "query parameter 'NAME' WHY", details {"parameter": NAME}.
Error bad_parameter(const std::string& name, const std::string& why);

// Throws bad_parameter for any query parameter not in `known`.
void reject_unknown_parameters(const Request& request, std::initializer_list<std::string_view> known);

// ?NAME= as an integer from `min` to `max`; nullopt when absent. Throws bad_parameter otherwise.
std::optional<int> int_parameter(const Request& request, const std::string& name, int min, int max);

// ?limit= as 1..kMaxPageSize, kDefaultPageSize when absent.
int page_size(const Request& request);

// ?redact=personal: personal values are to be hidden (reports, exports); false when absent.
// Throws bad_parameter for any other value.
bool redaction_asked(const Request& request);

}  // namespace amtsweg::rest
