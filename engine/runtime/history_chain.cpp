// SHA-256 hashing (OpenSSL EVP) and verification of a case's history chain.
#include "engine/runtime/history_chain.hpp"

#include <openssl/evp.h>

#include <boost/json.hpp>
#include <memory>

#include "engine/error.hpp"

namespace amtsweg {

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1)
    throw Error(ErrorKind::Io, "sha256: OpenSSL digest failed");
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out.push_back(hex[digest[i] >> 4]);
    out.push_back(hex[digest[i] & 0xf]);
  }
  return out;
}

std::string history_entry_hash(const HistoryEntry& e) {
  // An array, not an object: field order is fixed by position, so the text is canonical.
  // Objects inside (changes, detail) are serialized as stored; the store keeps their text verbatim.
  boost::json::array fields{e.case_id,    e.seq,      e.at,      e.actor,  e.event_type, e.event_id,
                            e.from_state, e.to_state, e.changes, e.detail, e.prev_hash};
  return sha256_hex(boost::json::serialize(fields));
}

void seal_history_entry(HistoryEntry& entry, const std::string& previous_hash) {
  entry.prev_hash = previous_hash;
  entry.hash = history_entry_hash(entry);
}

std::optional<ChainBreak> verify_history_chain(const std::vector<HistoryEntry>& entries,
                                               const std::string& expected_head, std::int64_t expected_length) {
  std::string previous;
  std::int64_t expected_seq = 1;
  for (const auto& e : entries) {
    if (e.seq != expected_seq) return ChainBreak{e.seq, "entry " + std::to_string(expected_seq) + " is missing"};
    if (e.prev_hash != previous) return ChainBreak{e.seq, "link to the previous entry is broken"};
    if (history_entry_hash(e) != e.hash) return ChainBreak{e.seq, "content does not match its hash"};
    previous = e.hash;
    ++expected_seq;
  }
  const auto length = static_cast<std::int64_t>(entries.size());
  if (length != expected_length)
    return ChainBreak{length + 1, "case records " + std::to_string(expected_length) + " entries, history has " +
                                      std::to_string(length)};
  if (previous != expected_head) return ChainBreak{length, "newest entry is not the one the case records"};
  return std::nullopt;
}

}  // namespace amtsweg
