// Who is calling: a principal of exactly one tenant with roles, as resolved from a bearer token.
// Resolving tokens is the Authenticator's job; the token store behind it comes with auth (issue 4).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace amtsweg::rest {

struct Principal {
  std::string tenant;
  std::string name;                // the user or system name recorded as actor in the history
  std::vector<std::string> roles;  // "admin", "integrator", "clerk:<group>"

  bool has_role(std::string_view role) const;
  // The groups of every "clerk:<group>" role.
  std::vector<std::string> clerk_groups() const;
};

// Resolves the token of "Authorization: Bearer <token>"; nullopt when unknown or revoked.
// Called from several I/O threads at once, so it must be thread-safe.
using Authenticator = std::function<std::optional<Principal>(std::string_view token)>;

}  // namespace amtsweg::rest
