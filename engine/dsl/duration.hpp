// Durations of the process language (`in:`, task `due:`, `remind:`, `escalate.after`): ISO-8601
// (P14D, PT2H, P1DT12H, P2W) or working days ("10 working days", "1 working day").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/model/definition.hpp"

namespace amtsweg {

// Milliseconds of an ISO-8601 duration; years and months are not accepted (their length varies).
std::optional<std::int64_t> parse_iso_duration(std::string_view text);

// A duration as written: `duration` (text set, pos left to the caller), or `problem` saying why
// the text is none, e.g. "'P14X' is not an ISO-8601 duration (e.g. P14D, PT2H)".
struct DurationParse {
  std::optional<DurationSpec> duration;
  std::string problem;
};
DurationParse parse_duration(std::string_view text);

}  // namespace amtsweg
