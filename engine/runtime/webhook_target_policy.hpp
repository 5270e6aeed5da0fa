// Where webhooks may be sent: public addresses only, unless the operator allows named hosts or
// ranges. One policy for both checks, at subscription (the URL's host) and at connect time (every
// address the host resolved to), so a name that resolves to a private address is caught too.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/runtime/ip_address.hpp"
#include "engine/runtime/webhook_url.hpp"

namespace amtsweg {

// Refused unless allowed: loopback (127.0.0.0/8, ::1, localhost and *.localhost), unspecified
// (0.0.0.0/8, ::), link-local (169.254.0.0/16 with the cloud metadata address, fe80::/10),
// private (10/8, 172.16/12, 192.168/16, fc00::/7, fec0::/10), shared CGNAT (100.64.0.0/10),
// multicast, broadcast, documentation, benchmarking and other reserved ranges, IPv6 outside
// 2000::/3, and IPv4 addresses inside IPv6 (mapped ::ffff:0:0/96, NAT64 64:ff9b::/96, 6to4
// 2002::/16) by the IPv4 address they carry.
class WebhookTargetPolicy {
 public:
  // Allows nothing beyond public addresses.
  WebhookTargetPolicy() = default;
  // Each entry a CIDR range ("10.0.0.0/8", "fd00::/8"), one address ("127.0.0.1"), or a host
  // name ("crm.intern", also every address it resolves to). Throws Error{InvalidArgument} naming
  // the entry that is none of these.
  explicit WebhookTargetPolicy(const std::vector<std::string>& allow);

  // Why a subscription to `url` is refused; nullopt when it may be subscribed. A host name other
  // than localhost passes here: what it resolves to is checked at every connection.
  std::optional<std::string> refusal_for(const WebhookUrl& url) const;
  // As refusal_for(), thrown as Error{InvalidArgument} with details {"field": "url"}.
  void check_subscription(const WebhookUrl& url) const;
  // Why connecting to `address` (a literal, as the resolver reported it) for `host` is refused;
  // nullopt when allowed. An address that cannot be read is refused.
  std::optional<std::string> refusal_for_address(std::string_view host, std::string_view address) const;

  // The allow list as given, for messages and logs.
  const std::vector<std::string>& allowed() const { return allowed_; }

 private:
  bool allows_name(std::string_view host) const;
  std::optional<std::string> refusal_for(const IpAddress& address) const;

  std::vector<std::string> allowed_;
  std::vector<IpRange> ranges_;
  std::vector<std::string> names_;  // lower case, no trailing dot
};

}  // namespace amtsweg
