// SHA-256 hashing (OpenSSL EVP) and verification of a case's history chain, with the salted
// commitments that stand in for personal values (chain version 2).
#include "engine/runtime/history_chain.hpp"

#include <openssl/evp.h>

#include <boost/json.hpp>
#include <memory>

#include "engine/error.hpp"
#include "engine/runtime/random_hex.hpp"

namespace amtsweg {
namespace json = boost::json;

namespace {

// The entry's changes and detail in one value, so one pointer addresses either.
json::value entry_content(const HistoryEntry& e) { return json::object{{"changes", e.changes}, {"detail", e.detail}}; }

std::string commitment_of(std::string_view salt, const json::value& value) {
  return sha256_hex(std::string(salt) + json::serialize(value));
}

// The content as the hash covers it: every sealed value replaced by its commitment.
std::optional<json::value> covered_content(const HistoryEntry& e) {
  json::value content = entry_content(e);
  for (const auto& [pointer, seal] : e.sealed) {
    boost::system::error_code error;
    json::value* target = content.find_pointer(pointer, error);
    const auto* commitment = seal.is_object() ? seal.as_object().if_contains("commitment") : nullptr;
    if (!target || !commitment || !commitment->is_string()) return std::nullopt;
    *target = json::string("sha256:" + std::string(commitment->as_string()));
  }
  return content;
}

// Why a sealed value does not fit its seal, or empty.
std::string check_sealed_values(const HistoryEntry& e) {
  const json::value content = entry_content(e);
  for (const auto& [pointer, seal] : e.sealed) {
    boost::system::error_code error;
    const json::value* value = content.find_pointer(pointer, error);
    const json::object* fields = seal.if_object();
    if (!value || !fields) return "personal value " + std::string(pointer) + " is missing";
    const auto* salt = fields->if_contains("salt");
    const auto* commitment = fields->if_contains("commitment");
    if (!salt) {
      if (!value->is_null()) return "personal value " + std::string(pointer) + " was deleted but is present again";
      continue;
    }
    if (!salt->is_string() || !commitment || !commitment->is_string() ||
        commitment_of(salt->as_string(), *value) != commitment->as_string())
      return "personal value " + std::string(pointer) + " does not match its commitment";
  }
  return {};
}

}  // namespace

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
  if (e.chain_version < 2) {
    json::array fields{e.case_id,    e.seq,      e.at,      e.actor,  e.event_type, e.event_id,
                       e.from_state, e.to_state, e.changes, e.detail, e.prev_hash};
    return sha256_hex(json::serialize(fields));
  }
  const auto content = covered_content(e);
  if (!content) return {};
  json::array fields{e.chain_version,       e.case_id,  e.seq,        e.at,       e.actor,
                     e.event_type,          e.event_id, e.from_state, e.to_state, content->at("changes"),
                     content->at("detail"), e.prev_hash};
  return sha256_hex(json::serialize(fields));
}

void seal_personal_values(HistoryEntry& entry, const std::vector<std::string>& pointers) {
  const json::value content = entry_content(entry);
  for (const auto& pointer : pointers) {
    boost::system::error_code error;
    const json::value* value = content.find_pointer(pointer, error);
    if (!value) throw Error(ErrorKind::InvalidArgument, "history: no personal value at " + pointer);
    const std::string salt = random_hex(16);
    entry.sealed[pointer] = json::object{{"commitment", commitment_of(salt, *value)}, {"salt", salt}};
  }
}

int delete_personal_values(HistoryEntry& entry) {
  int deleted = 0;
  for (auto& [pointer, seal] : entry.sealed) {
    if (!seal.is_object() || !seal.as_object().erase("salt")) continue;
    json::value content = entry_content(entry);
    boost::system::error_code error;
    if (json::value* value = content.find_pointer(pointer, error)) *value = nullptr;
    entry.changes = content.at("changes").as_object();
    entry.detail = content.at("detail").as_object();
    ++deleted;
  }
  return deleted;
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
    if (auto problem = check_sealed_values(e); !problem.empty()) return ChainBreak{e.seq, problem};
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
