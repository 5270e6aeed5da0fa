// Issuing, hashing and resolving bearer tokens (see bearer_tokens.hpp). Only hashes are stored,
// so a leaked database does not leak usable tokens; 256 random bits make guessing hopeless.
#include "adapters/rest/bearer_tokens.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <algorithm>

#include "engine/error.hpp"

namespace amtsweg::rest {
namespace {

bool is_group_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

std::string base64url(const unsigned char* bytes, std::size_t size) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t bits = 0;
  int count = 0;
  for (std::size_t i = 0; i < size; ++i) {
    bits = (bits << 8) | bytes[i];
    count += 8;
    while (count >= 6) {
      out += kAlphabet[(bits >> (count - 6)) & 0x3f];
      count -= 6;
    }
  }
  if (count > 0) out += kAlphabet[(bits << (6 - count)) & 0x3f];
  return out;
}

}  // namespace

void InMemoryTokenDirectory::add(const TokenRecord& record) {
  std::lock_guard lock(mutex_);
  by_hash_[record.hash] = record;
}

int InMemoryTokenDirectory::revoke(const std::string& tenant, const std::string& principal_name) {
  std::lock_guard lock(mutex_);
  int revoked = 0;
  for (auto& [hash, record] : by_hash_) {
    if (record.principal.tenant != tenant || record.principal.name != principal_name || record.revoked) continue;
    record.revoked = true;
    ++revoked;
  }
  return revoked;
}

std::optional<TokenRecord> InMemoryTokenDirectory::find(const std::string& hash) const {
  std::lock_guard lock(mutex_);
  const auto found = by_hash_.find(hash);
  if (found == by_hash_.end()) return std::nullopt;
  return found->second;
}

std::vector<std::string> parse_roles(std::string_view text) {
  std::vector<std::string> roles;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string_view role = text.substr(start, comma - start);
    start = comma + 1;
    if (role == "admin" || role == "integrator") {
      roles.emplace_back(role);
      continue;
    }
    constexpr std::string_view kClerk = "clerk:";
    const bool clerk = role.starts_with(kClerk) && role.size() > kClerk.size() &&
                       std::all_of(role.begin() + kClerk.size(), role.end(), is_group_character);
    if (!clerk)
      throw Error(ErrorKind::InvalidArgument,
                  "unknown role '" + std::string(role) + "' (admin, integrator or clerk:<group>)");
    roles.emplace_back(role);
  }
  return roles;
}

std::string token_hash(std::string_view token) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(token.data(), token.size(), digest, &length, EVP_sha256(), nullptr) != 1)
    throw Error(ErrorKind::Io, "SHA-256 failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xf];
  }
  return hex;
}

IssuedToken issue_token(const Principal& principal, Timestamp now) {
  if (principal.tenant.empty()) throw Error(ErrorKind::InvalidArgument, "a token needs a tenant");
  if (principal.name.empty()) throw Error(ErrorKind::InvalidArgument, "a token needs a name");
  if (principal.roles.empty()) throw Error(ErrorKind::InvalidArgument, "a token needs at least one role");
  for (const auto& role : principal.roles) parse_roles(role);
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw Error(ErrorKind::Io, "no randomness for a token");
  IssuedToken issued;
  issued.token = "amtsweg_" + base64url(bytes, sizeof bytes);
  issued.record.hash = token_hash(issued.token);
  issued.record.principal = principal;
  issued.record.created_at = now;
  return issued;
}

Authenticator token_authenticator(const TokenDirectory& directory) {
  return [&directory](std::string_view token) -> std::optional<Principal> {
    if (token.empty() || token.size() > 256) return std::nullopt;
    const auto record = directory.find(token_hash(token));
    if (!record || record->revoked) return std::nullopt;
    return record->principal;
  };
}

}  // namespace amtsweg::rest
