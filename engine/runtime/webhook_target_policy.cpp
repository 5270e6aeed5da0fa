// The webhook target policy (see webhook_target_policy.hpp): the table of address ranges a
// webhook may not reach, the operator's allow list, and the two checks built on them.
#include "engine/runtime/webhook_target_policy.hpp"

#include <algorithm>
#include <boost/json/object.hpp>
#include <cctype>

#include "engine/error.hpp"

namespace amtsweg {

namespace {

struct ForbiddenRange {
  IpRange range;
  std::string kind;  // "a loopback address"
};

// The special-purpose ranges (IANA IPv4 and IPv6 special-purpose address registries) that no
// public receiver has, most specific first where ranges nest.
std::vector<ForbiddenRange> make_forbidden_ranges() {
  const std::pair<const char*, const char*> table[] = {
      {"0.0.0.0/8", "an unspecified address (\"this network\")"},
      {"10.0.0.0/8", "a private address"},
      {"100.64.0.0/10", "a shared address (carrier-grade NAT)"},
      {"127.0.0.0/8", "a loopback address"},
      {"169.254.0.0/16", "a link-local address (cloud metadata services live here)"},
      {"172.16.0.0/12", "a private address"},
      {"192.0.0.0/24", "a reserved address (IETF protocol assignments)"},
      {"192.0.2.0/24", "a documentation address"},
      {"192.88.99.0/24", "a reserved address (6to4 relay anycast)"},
      {"192.168.0.0/16", "a private address"},
      {"198.18.0.0/15", "a benchmarking address"},
      {"198.51.100.0/24", "a documentation address"},
      {"203.0.113.0/24", "a documentation address"},
      {"224.0.0.0/4", "a multicast address"},
      {"255.255.255.255/32", "the broadcast address"},
      {"240.0.0.0/4", "a reserved address"},
      {"::/128", "the unspecified address"},
      {"::1/128", "a loopback address"},
      {"::/96", "a reserved address (IPv4-compatible IPv6)"},
      {"64:ff9b:1::/48", "a private address (local-use NAT64)"},
      {"100::/64", "a reserved address (discard only)"},
      {"2001:db8::/32", "a documentation address"},
      {"2001::/23", "a reserved address (IETF protocol assignments)"},
      {"fc00::/7", "a private address (unique local)"},
      {"fe80::/10", "a link-local address"},
      {"fec0::/10", "a private address (site-local)"},
      {"ff00::/8", "a multicast address"},
  };
  std::vector<ForbiddenRange> ranges;
  for (const auto& [cidr, kind] : table) ranges.push_back({*parse_ip_range(cidr), kind});
  return ranges;
}

const std::vector<ForbiddenRange>& forbidden_ranges() {
  static const std::vector<ForbiddenRange> ranges = make_forbidden_ranges();  // constant once built
  return ranges;
}

// The IPv4 address an IPv6 address carries by a translation scheme that reaches it: NAT64's
// well-known prefix 64:ff9b::/96 and 6to4's 2002::/16. (IPv4-mapped ones are IPv4 already.)
std::optional<IpAddress> embedded_v4(const IpAddress& address) {
  static const IpRange nat64 = *parse_ip_range("64:ff9b::/96");
  const auto& b = address.bytes;
  const auto v4 = [](std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
    return IpAddress::v4((std::uint32_t(a) << 24) | (std::uint32_t(b) << 16) | (std::uint32_t(c) << 8) | d);
  };
  if (nat64.contains(address)) return v4(b[12], b[13], b[14], b[15]);
  if (b[0] == 0x20 && b[1] == 0x02) return v4(b[2], b[3], b[4], b[5]);
  return std::nullopt;
}

std::string lower_name(std::string_view host) {
  std::string name(host);
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  if (name.ends_with('.')) name.pop_back();
  return name;
}

bool is_localhost_name(const std::string& name) { return name == "localhost" || name.ends_with(".localhost"); }

}  // namespace

WebhookTargetPolicy::WebhookTargetPolicy(const std::vector<std::string>& allow) : allowed_(allow) {
  for (const std::string& entry : allow) {
    const auto refuse = [&entry](const std::string& why) {
      throw Error(ErrorKind::InvalidArgument,
                  "--webhook-allow '" + entry + "' " + why +
                      "; give a CIDR range (10.0.0.0/8, fd00::/8), an address or a host name");
    };
    if (entry.find('/') != std::string::npos) {
      const auto range = parse_ip_range(entry);
      if (!range) refuse("is not a CIDR range (or has bits set past its prefix length)");
      ranges_.push_back(*range);
      continue;
    }
    const HostMeaning meaning = read_host(entry);
    if (const auto* address = std::get_if<IpAddress>(&meaning)) {
      ranges_.push_back(IpRange{*address, 128});
    } else if (const auto* name = std::get_if<HostName>(&meaning)) {
      const bool valid = !name->name.empty() && std::all_of(name->name.begin(), name->name.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '-' || c == '.' || c == '_';
      });
      if (!valid) refuse("is not a valid host name");
      names_.push_back(name->name);
    } else {
      refuse("is not valid: " + std::get<InvalidHost>(meaning).why);
    }
  }
}

bool WebhookTargetPolicy::allows_name(std::string_view host) const {
  return std::find(names_.begin(), names_.end(), lower_name(host)) != names_.end();
}

std::optional<std::string> WebhookTargetPolicy::refusal_for(const IpAddress& address) const {
  const auto allowed = [this](const IpAddress& a) {
    return std::any_of(ranges_.begin(), ranges_.end(), [&a](const IpRange& range) { return range.contains(a); });
  };
  if (allowed(address)) return std::nullopt;
  const auto carried = embedded_v4(address);
  if (carried && allowed(*carried)) return std::nullopt;
  const IpAddress& checked = carried ? *carried : address;
  for (const ForbiddenRange& forbidden : forbidden_ranges())
    if (forbidden.range.contains(checked))
      return address.text() + (carried ? " carries " + carried->text() + ", " : " is ") + forbidden.kind + " (" +
             forbidden.range.text() + ")";
  const bool global_unicast = checked.is_v4() || (checked.bytes[0] & 0xe0) == 0x20;  // 2000::/3
  if (!global_unicast) return address.text() + " is a reserved address (outside 2000::/3)";
  return std::nullopt;
}

std::optional<std::string> WebhookTargetPolicy::refusal_for(const WebhookUrl& url) const {
  if (allows_name(url.host)) return std::nullopt;
  const HostMeaning meaning = read_host(url.host);
  if (const auto* invalid = std::get_if<InvalidHost>(&meaning)) return invalid->why;
  if (const auto* name = std::get_if<HostName>(&meaning))
    return is_localhost_name(name->name) ? std::optional("'" + name->name + "' is a loopback name") : std::nullopt;
  const IpAddress& address = std::get<IpAddress>(meaning);
  auto why = refusal_for(address);
  if (why && address.text() != url.host) *why = "'" + url.host + "' means " + *why;  // a numeric trick
  return why;
}

void WebhookTargetPolicy::check_subscription(const WebhookUrl& url) const {
  const auto why = refusal_for(url);
  if (!why) return;
  throw Error(ErrorKind::InvalidArgument,
              "field 'url' must name a public receiver: " + *why +
                  "; webhooks reach private, loopback and other internal addresses only where the operator "
                  "allows them (amtsweg serve --webhook-allow RANGE|HOST)",
              boost::json::object{{"field", "url"}, {"host", url.host}});
}

std::optional<std::string> WebhookTargetPolicy::refusal_for_address(std::string_view host,
                                                                    std::string_view address) const {
  if (allows_name(host)) return std::nullopt;
  const auto parsed = parse_ip_literal(address);
  if (!parsed) return "'" + std::string(address) + "' is not an IP address this check can read";
  return refusal_for(*parsed);
}

}  // namespace amtsweg
