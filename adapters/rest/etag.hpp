// Conditional GET for JSON answers that change when their resources do (the inbox): an ETag from
// the body's hash, and 304 Not Modified when the client's If-None-Match names it.
#pragma once

#include "adapters/rest/http_message.hpp"

namespace amtsweg::rest {

// True when `request`'s If-None-Match names `tag` (a quoted entity tag) or is "*".
bool matches_if_none_match(const Request& request, std::string_view tag);

// `response` with an ETag over its body and Cache-Control: no-cache (clients revalidate every
// time); 304 without a body when `request`'s If-None-Match holds that ETag (or "*").
Response with_etag(const Request& request, Response response);

}  // namespace amtsweg::rest
