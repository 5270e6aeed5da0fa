// ISO-8601 durations as used in `after:` and task `due:` (P14D, PT2H, P1DT12H, P2W).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace amtsweg {

// Milliseconds of an ISO-8601 duration; years and months are not accepted (their length varies).
std::optional<std::int64_t> parse_iso_duration(std::string_view text);

}  // namespace amtsweg
