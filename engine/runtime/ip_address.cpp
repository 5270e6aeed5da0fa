// Reading IP addresses, ranges and URL hosts (see ip_address.hpp). The numeric IPv4 host forms
// follow the WHATWG URL standard's IPv4 parser (https://url.spec.whatwg.org/#concept-ipv4-parser);
// Boost.URL follows RFC 3986 instead and reads "0x7f000001" as a name, which a resolver would
// still turn into 127.0.0.1.
#include "engine/runtime/ip_address.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <vector>

namespace amtsweg {

namespace {

constexpr std::array<std::uint8_t, 12> kMappedPrefix{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  while (true) {
    const auto at = text.find(separator);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return parts;
    text.remove_prefix(at + 1);
  }
}

// One part of a numeric IPv4 host: decimal, 0x hex (digits may be absent: "0x" is 0) or 0-led
// octal. nullopt when it is not a number in its base; a number past 32 bits is 2^32 (too large
// for any part, but still a number, as WHATWG counts it).
std::optional<std::uint64_t> ipv4_number(std::string_view part) {
  int base = 10;
  if (part.size() >= 2 && part[0] == '0' && (part[1] == 'x' || part[1] == 'X')) {
    base = 16;
    part.remove_prefix(2);
  } else if (part.size() >= 2 && part[0] == '0') {
    base = 8;
    part.remove_prefix(1);
  }
  std::uint64_t value = 0;
  for (const char c : part) {
    const int digit = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                      : std::isxdigit(static_cast<unsigned char>(c))
                          ? std::tolower(static_cast<unsigned char>(c)) - 'a' + 10
                          : base;
    if (digit >= base) return std::nullopt;
    value = std::min<std::uint64_t>(value * base + digit, 1ULL << 32);
  }
  return value;
}

// WHATWG "ends in a number": the last label (ignoring one trailing empty one) is all digits or
// a valid number in any base, so the whole host must be an IPv4 address.
bool ends_in_number(const std::vector<std::string_view>& labels) {
  const std::string_view last = labels.back();
  if (last.empty()) return false;
  const bool digits = std::all_of(last.begin(), last.end(), [](unsigned char c) { return std::isdigit(c); });
  return digits || ipv4_number(last).has_value();
}

HostMeaning read_numeric_ipv4(const std::vector<std::string_view>& labels, std::string_view host) {
  const InvalidHost invalid{"'" + std::string(host) + "' ends in a number but is not a valid IPv4 address"};
  if (labels.size() > 4) return invalid;
  std::vector<std::uint64_t> numbers;
  for (const std::string_view label : labels) {
    const auto number = label.empty() ? std::nullopt : ipv4_number(label);
    if (!number) return invalid;
    numbers.push_back(*number);
  }
  for (std::size_t i = 0; i + 1 < numbers.size(); ++i)
    if (numbers[i] > 255) return invalid;
  // The last number fills the bytes the parts before it left: 127.1 is 127.0.0.1.
  const std::uint64_t last_limit = 1ULL << (8 * (5 - numbers.size()));
  if (numbers.back() >= last_limit) return invalid;
  std::uint64_t address = numbers.back();
  for (std::size_t i = 0; i + 1 < numbers.size(); ++i) address += numbers[i] << (8 * (3 - i));
  return IpAddress::v4(static_cast<std::uint32_t>(address));
}

}  // namespace

IpAddress IpAddress::v4(std::uint32_t address) {
  IpAddress result;
  std::copy(kMappedPrefix.begin(), kMappedPrefix.end(), result.bytes.begin());
  for (int i = 0; i < 4; ++i) result.bytes[12 + i] = static_cast<std::uint8_t>(address >> (8 * (3 - i)));
  return result;
}

bool IpAddress::is_v4() const { return std::equal(kMappedPrefix.begin(), kMappedPrefix.end(), bytes.begin()); }

std::uint32_t IpAddress::v4_value() const {
  return (std::uint32_t(bytes[12]) << 24) | (std::uint32_t(bytes[13]) << 16) | (std::uint32_t(bytes[14]) << 8) |
         bytes[15];
}

std::string IpAddress::text() const {
  char buffer[INET6_ADDRSTRLEN] = {};
  if (is_v4()) return inet_ntop(AF_INET, bytes.data() + 12, buffer, sizeof buffer);
  return inet_ntop(AF_INET6, bytes.data(), buffer, sizeof buffer);
}

bool IpRange::contains(const IpAddress& address) const {
  for (int bit = 0; bit < bits; ++bit) {
    const int mask = 0x80 >> (bit % 8);
    if ((base.bytes[bit / 8] & mask) != (address.bytes[bit / 8] & mask)) return false;
  }
  return true;
}

std::string IpRange::text() const {
  return base.text() + "/" + std::to_string(base.is_v4() && bits >= 96 ? bits - 96 : bits);
}

std::optional<IpAddress> parse_ip_literal(std::string_view text) {
  const std::string copy(text);  // inet_pton wants a terminated string
  IpAddress address;
  std::array<std::uint8_t, 4> v4{};
  if (inet_pton(AF_INET, copy.c_str(), v4.data()) == 1)
    return IpAddress::v4((std::uint32_t(v4[0]) << 24) | (std::uint32_t(v4[1]) << 16) | (std::uint32_t(v4[2]) << 8) |
                         v4[3]);
  if (inet_pton(AF_INET6, copy.c_str(), address.bytes.data()) == 1) return address;
  return std::nullopt;
}

std::optional<IpRange> parse_ip_range(std::string_view text) {
  const auto slash = text.find('/');
  const auto address = parse_ip_literal(text.substr(0, slash));
  if (!address) return std::nullopt;
  IpRange range{*address, 128};
  if (slash == std::string_view::npos) return range;
  const std::string_view length = text.substr(slash + 1);
  const int max = address->is_v4() ? 32 : 128;
  if (length.empty() || length.size() > 3 ||
      !std::all_of(length.begin(), length.end(), [](unsigned char c) { return std::isdigit(c); }))
    return std::nullopt;
  const int bits = std::stoi(std::string(length));
  if (bits > max) return std::nullopt;
  range.bits = address->is_v4() ? bits + 96 : bits;
  // Every bit past the prefix must be zero, or the range is probably not what was meant.
  for (int bit = range.bits; bit < 128; ++bit)
    if (range.base.bytes[bit / 8] & (0x80 >> (bit % 8))) return std::nullopt;
  return range;
}

HostMeaning read_host(std::string_view host) {
  std::string lower(host);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower.find(':') != std::string::npos) {
    if (auto address = parse_ip_literal(lower)) return *address;
    return InvalidHost{"'" + lower + "' is not a valid IPv6 address"};
  }
  std::vector<std::string_view> labels = split(lower, '.');
  if (labels.size() > 1 && labels.back().empty()) labels.pop_back();  // "example.org." is "example.org"
  if (ends_in_number(labels)) return read_numeric_ipv4(labels, lower);
  if (lower.ends_with('.')) lower.pop_back();
  return HostName{lower};
}

}  // namespace amtsweg
