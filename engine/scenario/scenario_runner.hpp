// Runs scenarios: each on a fresh engine over a private in-memory SQLite store with a manual
// clock, the definition deployed and the tenant's params set, then its steps in order.
#pragma once

#include <vector>

#include "engine/scenario/scenario.hpp"
#include "engine/scenario/scenario_result.hpp"

namespace amtsweg {

// Runs one scenario of `file`. Stops at the first expect block that fails, at a step refused
// without an `error` expectation after it, or at a step that cannot be carried out (no matching
// task, a ${...} that cannot be resolved); the result names each with its position.
ScenarioResult run_scenario(const ScenarioFile& file, const Scenario& scenario);

// Every scenario of `file`, in file order.
std::vector<ScenarioResult> run_scenarios(const ScenarioFile& file);

}  // namespace amtsweg
