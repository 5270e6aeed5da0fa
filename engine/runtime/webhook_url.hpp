// The receiver address of a webhook subscription: an absolute http:// or https:// URL, split into
// what a client needs to connect and send (host, port, target). No user info, no fragment.
#pragma once

#include <string>
#include <string_view>

namespace amtsweg {

struct WebhookUrl {
  bool tls = false;    // https
  std::string host;    // a name, an IPv4 address, or an IPv6 address without its brackets
  std::string port;    // "80" / "443" unless given
  std::string target;  // path and query, at least "/"
};

// Parses `text`. Throws Error{InvalidArgument} with details {"field": "url"} saying what is
// wrong: another scheme, no host, a bad port, user info, a fragment, spaces or control characters.
WebhookUrl parse_webhook_url(std::string_view text);

}  // namespace amtsweg
