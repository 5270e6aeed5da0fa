// Body-hash ETags (see etag.hpp). A weak comparison (W/ prefixes ignored), as RFC 9110 13.1.2
// prescribes for If-None-Match; the list form ("a", "b") is split at commas.
#include "adapters/rest/etag.hpp"

#include "engine/runtime/history_chain.hpp"

namespace amtsweg::rest {
namespace {

bool names_tag(std::string_view header, std::string_view tag) {
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.starts_with("W/")) item.remove_prefix(2);
    if (item == tag || item == "*") return true;
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
  }
  return false;
}

}  // namespace

bool matches_if_none_match(const Request& request, std::string_view tag) {
  return names_tag(request.header("If-None-Match"), tag);
}

Response with_etag(const Request& request, Response response) {
  const std::string tag = "\"" + sha256_hex(response.body).substr(0, 32) + "\"";
  response.headers["ETag"] = tag;
  response.headers["Cache-Control"] = "no-cache";
  if (response.status == 200 && matches_if_none_match(request, tag)) {
    response.status = 304;
    response.body.clear();
  }
  return response;
}

}  // namespace amtsweg::rest
