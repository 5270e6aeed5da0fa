// Who is calling: a principal of exactly one tenant with roles, as resolved from a bearer token
// by the engine's token store (tokens are issued by `amtsweg token create` or POST /api/v1/tokens).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/runtime/engine.hpp"

namespace amtsweg::rest {

struct Principal {
  std::string tenant;
  std::string name;                // the user or system name recorded as actor in the history
  std::vector<std::string> roles;  // "admin", "integrator", "operator", "clerk:<group>"

  bool has_role(std::string_view role) const;
  // The groups of every "clerk:<group>" role.
  std::vector<std::string> clerk_groups() const;
};

// Resolves the token of "Authorization: Bearer <token>"; nullopt when unknown or revoked.
// Called from several worker threads at once, so it must be thread-safe.
using Authenticator = std::function<std::optional<Principal>(std::string_view token)>;

// Resolves tokens through Engine::authenticate (hash lookup in the store). `engine` must outlive it.
Authenticator engine_authenticator(Engine& engine);

}  // namespace amtsweg::rest
