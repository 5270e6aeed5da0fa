// Bearer tokens of API principals: issued random (256 bits), shown once, kept only as their
// SHA-256 hash; an Authenticator that resolves a presented token through a TokenDirectory.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/rest/principal.hpp"
#include "engine/clock.hpp"

namespace amtsweg::rest {

// What is stored about a token: never the token itself.
struct TokenRecord {
  std::string hash;  // hex SHA-256 of the token text
  Principal principal;
  Timestamp created_at = 0;
  bool revoked = false;
};

struct IssuedToken {
  std::string token;  // shown to the caller once; only record.hash is kept
  TokenRecord record;
};

// Looks up token records by hash. Implementations must be thread-safe (the server's I/O threads
// authenticate concurrently).
class TokenDirectory {
 public:
  virtual ~TokenDirectory() = default;
  virtual std::optional<TokenRecord> find(const std::string& hash) const = 0;
};

// A directory held in memory (tests, and until the SQLite store owns an api_tokens table).
class InMemoryTokenDirectory final : public TokenDirectory {
 public:
  void add(const TokenRecord& record);
  // Marks every token of `principal_name` in `tenant` revoked; returns how many were.
  int revoke(const std::string& tenant, const std::string& principal_name);
  std::optional<TokenRecord> find(const std::string& hash) const override;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, TokenRecord> by_hash_;  // guarded by mutex_
};

// "admin", "integrator" or "clerk:<group>" (group: letters, digits, '_', '-'), comma-separated.
// Throws Error{InvalidArgument} naming the first bad role.
std::vector<std::string> parse_roles(std::string_view text);

// A new token "amtsweg_<43 base64url chars>" from 32 random bytes for a principal.
// Throws Error{InvalidArgument} for an empty tenant or name or a bad role, Error{Io} without randomness.
IssuedToken issue_token(const Principal& principal, Timestamp now);

// Hex SHA-256 of the token text.
std::string token_hash(std::string_view token);

// Resolves a presented token: known, not revoked -> its principal. `directory` must outlive it.
Authenticator token_authenticator(const TokenDirectory& directory);

}  // namespace amtsweg::rest
