// The demo tenants of `amtsweg serve --demo`: two municipalities and ekom21, each with an
// administrator, two clerks and an integrator, and the platform's operator, whose tokens are
// issued anew at every start so they can be printed.
#pragma once

#include <string>
#include <vector>

#include "engine/runtime/engine.hpp"

namespace amtsweg::cli {

struct DemoPrincipal {
  std::string tenant;
  std::string name;
  std::string kind;  // "admin", "clerk", "integrator", "operator"
  std::vector<std::string> roles;
  std::string token;
};

// Revokes the demo principals' previous tokens (a database keeps only hashes, so old tokens
// cannot be shown again) and issues new ones. Clerks get every task role of the deployed processes.
std::vector<DemoPrincipal> issue_demo_tokens(Engine& engine);

}  // namespace amtsweg::cli
