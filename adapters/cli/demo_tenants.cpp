// Issuing the demo principals' tokens (see demo_tenants.hpp).
#include "adapters/cli/demo_tenants.hpp"

#include <set>

#include "engine/error.hpp"

namespace amtsweg::cli {
namespace {

// Every candidate role of a task anywhere in the latest version of each deployed process.
void collect_task_roles(const std::vector<StateDef>& states, std::set<std::string>& roles) {
  for (const auto& state : states) {
    if (state.task && !state.task->role.empty()) roles.insert(state.task->role);
    for (const auto& region : state.regions) collect_task_roles(region.states, roles);
  }
}

std::vector<std::string> clerk_roles(Engine& engine) {
  std::set<std::string> processes, roles;
  for (const auto& stored : engine.definitions()) processes.insert(stored.process_id);  // every version listed
  for (const auto& id : processes) collect_task_roles(engine.process(id)->states, roles);
  std::vector<std::string> clerk;
  for (const auto& role : roles) clerk.push_back("clerk:" + role);
  if (clerk.empty()) clerk.push_back("clerk:buergerbuero");
  return clerk;
}

}  // namespace

std::vector<DemoPrincipal> issue_demo_tokens(Engine& engine) {
  const std::vector<std::string> clerk = clerk_roles(engine);
  std::vector<DemoPrincipal> principals;
  for (const std::string tenant : {"giessen", "marburg"}) {
    principals.push_back({tenant, "admin", "admin", {"admin"}, ""});
    principals.push_back({tenant, "anna.schmidt", "clerk", clerk, ""});
    principals.push_back({tenant, "ben.keller", "clerk", clerk, ""});
    principals.push_back({tenant, "buergerportal", "integrator", {"integrator"}, ""});
  }
  // ekom21 runs the consultation procedure for all municipalities; its coordinator and one of
  // the consultants of the demo history (adapters/simulation/consultation_history.cpp).
  principals.push_back({"ekom21", "admin", "admin", {"admin"}, ""});
  principals.push_back({"ekom21", "katrin.wagner", "clerk", clerk, ""});
  principals.push_back({"ekom21", "lena.hofmann", "clerk", clerk, ""});
  principals.push_back({"ekom21", "antragsportal", "integrator", {"integrator"}, ""});
  // The platform's operator: shared deployments and GET /metrics (aggregates over every tenant).
  principals.push_back({"platform", "betrieb", "operator", {"operator"}, ""});
  for (auto& principal : principals) {
    try {
      engine.revoke_token(principal.tenant, principal.name);
    } catch (const Error& error) {
      if (error.kind() != ErrorKind::NotFound) throw;  // first start: nothing to revoke
    }
    principal.token = engine.issue_token(principal.tenant, principal.name, principal.roles).token;
  }
  return principals;
}

}  // namespace amtsweg::cli
