// The tamper-evident history: each entry's SHA-256 covers its content and its predecessor's hash,
// so changing, removing or reordering any stored entry breaks the chain from there on.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/model/records.hpp"

namespace amtsweg {

// Hex SHA-256 of arbitrary bytes.
std::string sha256_hex(std::string_view bytes);

// The hash an entry must carry: SHA-256 over a canonical JSON of every field except `hash`
// (prev_hash included).
std::string history_entry_hash(const HistoryEntry& entry);

// Links `entry` after `previous_hash` (empty for the first entry) and sets its hash.
void seal_history_entry(HistoryEntry& entry, const std::string& previous_hash);

struct ChainBreak {
  std::int64_t seq = 0;  // first entry that does not verify
  std::string reason;
};

// Checks sequence numbers, links and hashes of one case's entries (ordered by seq), and that the
// chain ends at `expected_head` after `expected_length` entries (both as recorded on the case).
std::optional<ChainBreak> verify_history_chain(const std::vector<HistoryEntry>& entries,
                                               const std::string& expected_head, std::int64_t expected_length);

}  // namespace amtsweg
