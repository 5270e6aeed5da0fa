// Sizes as written in definitions (`documents: max_size`): a number of bytes or a number with a
// unit, "10 MiB", "500 kB", "2.5 MB"; and the reverse, for messages.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace amtsweg {

// Bytes of `text`: digits with an optional fraction ('.'), then optionally blanks and one unit of
// B, kB (KB), KiB, MB, MiB, GB, GiB (case-insensitive; k/M/G are powers of 1000, Ki/Mi/Gi of 1024).
// A fraction of a byte is dropped. nullopt for anything else or beyond 2^50 bytes.
std::optional<std::int64_t> parse_byte_size(std::string_view text);

// "10 MiB", "500 KiB" when exact, else "1234 bytes".
std::string format_byte_size(std::int64_t bytes);

}  // namespace amtsweg
