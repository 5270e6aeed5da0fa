// Media types (RFC 9110 8.3.1) of documents in a case file: the syntax the `documents: types`
// list accepts, and matching an upload's Content-Type against such a list.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace amtsweg {

// "type/subtype" or the range "type/*", in lower case, without parameters.
bool is_media_range(std::string_view text);

// The media type of a Content-Type value in lower case without parameters or surrounding blanks:
// "Text/Plain; charset=utf-8" -> "text/plain". Empty when `content_type` has no media type.
std::string media_type_of(std::string_view content_type);

// Whether `media_type` (as media_type_of gives it) is one of `allowed` or falls in a range of it.
bool media_type_allowed(std::string_view media_type, const std::vector<std::string>& allowed);

}  // namespace amtsweg
