// Parsing and formatting byte sizes (see byte_size.hpp). Integer arithmetic only, so that
// "10 MiB" is exactly 10485760 and never a rounding away from it.
#include "engine/dsl/byte_size.hpp"

#include <cctype>

namespace amtsweg {
namespace {

constexpr std::int64_t kLargest = std::int64_t{1} << 50;

// Unit names in lower case and their worth in bytes ("": a plain number of bytes).
struct Unit {
  std::string_view name;
  std::int64_t bytes;
};
constexpr Unit kUnits[] = {{"", 1},
                           {"b", 1},
                           {"kb", 1000},
                           {"kib", 1024},
                           {"mb", 1000 * 1000},
                           {"mib", 1024 * 1024},
                           {"gb", 1000 * 1000 * 1000},
                           {"gib", 1024 * 1024 * 1024}};

std::optional<std::int64_t> unit_bytes(std::string_view name) {
  std::string lower;
  for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const Unit& unit : kUnits)
    if (unit.name == lower) return unit.bytes;
  return std::nullopt;
}

}  // namespace

std::optional<std::int64_t> parse_byte_size(std::string_view text) {
  std::size_t i = 0;
  std::int64_t whole = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
    whole = whole * 10 + (text[i++] - '0');
    if (whole > kLargest) return std::nullopt;
  }
  if (i == 0) return std::nullopt;       // no digits
  std::int64_t fraction = 0, scale = 1;  // fraction / scale, at most 6 digits kept
  if (i < text.size() && text[i] == '.') {
    const std::size_t fraction_start = ++i;
    for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i)
      if (scale < 1'000'000) {
        fraction = fraction * 10 + (text[i] - '0');
        scale *= 10;
      }
    if (i == fraction_start) return std::nullopt;  // "10." names no fraction
  }
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
  const auto unit = unit_bytes(text.substr(i));
  if (!unit || whole > kLargest / *unit) return std::nullopt;
  const std::int64_t bytes = whole * *unit + fraction * *unit / scale;
  if (bytes > kLargest) return std::nullopt;
  return bytes;
}

std::string format_byte_size(std::int64_t bytes) {
  constexpr std::int64_t kKibibyte = 1024, kMebibyte = 1024 * 1024;
  if (bytes > 0 && bytes % kMebibyte == 0) return std::to_string(bytes / kMebibyte) + " MiB";
  if (bytes > 0 && bytes % kKibibyte == 0) return std::to_string(bytes / kKibibyte) + " KiB";
  return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
}

}  // namespace amtsweg
