// IP addresses as the webhook target policy sees them: one 16-byte form for IPv4 and IPv6, read
// from address literals, CIDR ranges and URL hosts (with the numeric IPv4 forms browsers accept).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace amtsweg {

// An IPv4 address is kept IPv4-mapped (::ffff:a.b.c.d), so one range check covers both families.
struct IpAddress {
  std::array<std::uint8_t, 16> bytes{};

  static IpAddress v4(std::uint32_t address);
  bool is_v4() const;              // an IPv4 address (or IPv4-mapped IPv6: the same thing here)
  std::uint32_t v4_value() const;  // the IPv4 address; only when is_v4()
  std::string text() const;        // "10.0.0.1", "fe80::1"
  bool operator==(const IpAddress&) const = default;
};

// An address and the leading bits that name a range ("10.0.0.0/8"); an IPv4 prefix length is
// stored plus 96, as the address is mapped.
struct IpRange {
  IpAddress base;
  int bits = 128;

  bool contains(const IpAddress& address) const;
  std::string text() const;  // as written in CIDR notation, IPv4 ranges in IPv4 form
};

// A strict literal: dotted-quad IPv4 ("127.0.0.1") or IPv6 ("::1", "::ffff:10.0.0.1"), as a
// resolver reports it. nullopt for anything else (names, numeric tricks, zone ids).
std::optional<IpAddress> parse_ip_literal(std::string_view text);

// "10.0.0.0/8", "fd00::/8", or a single address (all bits). nullopt when malformed, when the
// length is out of range, or when bits beyond the prefix are set ("10.0.0.1/8").
std::optional<IpRange> parse_ip_range(std::string_view text);

// What a URL's host means, read the way browsers read it (WHATWG URL "host parser"): a host whose
// last label is a number is an IPv4 address in any of the forms inet_aton also accepts (decimal
// 2130706433, hex 0x7f000001, octal 0177.0.0.1, short 127.1, mixed), so a resolver would connect to
// that address too. `host` is lower case without brackets.
struct HostName {
  std::string name;  // lower case, without a trailing dot
};
struct InvalidHost {
  std::string why;
};
using HostMeaning = std::variant<IpAddress, HostName, InvalidHost>;
HostMeaning read_host(std::string_view host);

}  // namespace amtsweg
