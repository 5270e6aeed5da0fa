// Parsing and checking webhook receiver URLs (see webhook_url.hpp). Strict on purpose: a URL that
// is refused at subscription time cannot fail in a less visible way at every delivery later.
#include "engine/runtime/webhook_url.hpp"

#include <algorithm>
#include <boost/json/object.hpp>
#include <cctype>

#include "engine/error.hpp"

namespace amtsweg {

namespace {

[[noreturn]] void refuse(std::string_view url, const std::string& why) {
  throw Error(ErrorKind::InvalidArgument, "field 'url' " + why + " (got '" + std::string(url) + "')",
              boost::json::object{{"field", "url"}});
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool valid_host_name(std::string_view host) {
  return !host.empty() && std::all_of(host.begin(), host.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '.' || c == '_';
  });
}

}  // namespace

WebhookUrl parse_webhook_url(std::string_view text) {
  if (text.empty()) refuse(text, "is required: an http:// or https:// URL");
  if (std::any_of(text.begin(), text.end(), [](unsigned char c) { return c <= ' ' || c == 0x7f; }))
    refuse(text, "must not contain spaces or control characters");
  const auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos) refuse(text, "must be an absolute http:// or https:// URL");
  const std::string scheme = lower(text.substr(0, scheme_end));
  if (scheme != "http" && scheme != "https") refuse(text, "must use http or https, not '" + scheme + "'");
  if (text.find('#') != std::string_view::npos) refuse(text, "must not have a fragment ('#...')");

  WebhookUrl url;
  url.tls = scheme == "https";
  const std::string_view rest = text.substr(scheme_end + 3);
  const auto target_start = rest.find_first_of("/?");
  const std::string_view authority = rest.substr(0, target_start);
  url.target = target_start == std::string_view::npos ? "/" : std::string(rest.substr(target_start));
  if (url.target.front() == '?') url.target.insert(0, "/");
  if (authority.find('@') != std::string_view::npos)
    refuse(text, "must not carry user info ('user@'); receivers authenticate deliveries by their signature");

  std::string_view port;
  if (authority.starts_with("[")) {  // an IPv6 literal
    const auto close = authority.find(']');
    if (close == std::string_view::npos) refuse(text, "has an unclosed '[' in its host");
    url.host = std::string(authority.substr(1, close - 1));
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty() && !after.starts_with(":")) refuse(text, "has something other than a port after its host");
    if (!after.empty()) port = after.substr(1);
    if (url.host.empty() || url.host.find_first_not_of("0123456789abcdefABCDEF:.") != std::string::npos)
      refuse(text, "has an invalid IPv6 address");
  } else {
    const auto colon = authority.find(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
    if (url.host.empty()) refuse(text, "needs a host");
    if (!valid_host_name(url.host)) refuse(text, "has an invalid host '" + url.host + "'");
  }
  if (port.empty()) {
    url.port = url.tls ? "443" : "80";
  } else {
    const bool digits =
        port.size() <= 5 && std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c); });
    const int number = digits ? std::stoi(std::string(port)) : 0;
    if (number < 1 || number > 65535) refuse(text, "has an invalid port '" + std::string(port) + "' (1 to 65535)");
    url.port = std::to_string(number);
  }
  return url;
}

}  // namespace amtsweg
