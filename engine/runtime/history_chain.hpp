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
// (prev_hash included). Version 2 entries: each sealed personal value is replaced by its
// commitment first, so the hash holds whether the value is still there or deleted. Empty when a
// sealed pointer names nothing in the entry (it cannot match any hash).
std::string history_entry_hash(const HistoryEntry& entry);

// Seals the values at `pointers` (into {"changes": ..., "detail": ...}, e.g.
// "/changes/applicant/1/name"): a fresh random salt each and the commitment SHA-256(salt + value
// as JSON) in entry.sealed. Call before seal_history_entry.
void seal_personal_values(HistoryEntry& entry, const std::vector<std::string>& pointers);

// Deletes every sealed personal value (it becomes null) and its salt; the hash stays valid.
// Returns how many values it deleted (0 when already deleted, or for a version 1 entry).
int delete_personal_values(HistoryEntry& entry);

// Links `entry` after `previous_hash` (empty for the first entry) and sets its hash.
void seal_history_entry(HistoryEntry& entry, const std::string& previous_hash);

struct ChainBreak {
  std::int64_t seq = 0;  // first entry that does not verify
  std::string reason;
};

// Checks sequence numbers, links and hashes of one case's entries (ordered by seq), that every
// personal value still present matches its commitment and every deleted one stays deleted, and
// that the chain ends at `expected_head` after `expected_length` entries (both as recorded on the case).
std::optional<ChainBreak> verify_history_chain(const std::vector<HistoryEntry>& entries,
                                               const std::string& expected_head, std::int64_t expected_length);

}  // namespace amtsweg
