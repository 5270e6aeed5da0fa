// Principal's role queries and the authenticator over the engine's persisted tokens.
#include "adapters/rest/principal.hpp"

namespace amtsweg::rest {

bool Principal::has_role(std::string_view role) const {
  for (const auto& r : roles)
    if (r == role) return true;
  return false;
}

std::vector<std::string> Principal::clerk_groups() const {
  std::vector<std::string> groups;
  constexpr std::string_view prefix = "clerk:";
  for (const auto& r : roles)
    if (r.starts_with(prefix) && r.size() > prefix.size()) groups.push_back(r.substr(prefix.size()));
  return groups;
}

Authenticator engine_authenticator(Engine& engine) {
  return [&engine](std::string_view token) -> std::optional<Principal> {
    const auto found = engine.authenticate(token);
    if (!found) return std::nullopt;
    return Principal{found->tenant, found->name, found->roles};
  };
}

}  // namespace amtsweg::rest
