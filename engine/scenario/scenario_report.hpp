// The text `amtsweg test` prints for a scenario: "PASS name", or "FAIL name" followed by each
// mismatch as "file:line:column: what" with its expected and actual sides.
#pragma once

#include <string>

#include "engine/scenario/scenario_result.hpp"

namespace amtsweg {

// Lines ending in '\n'; multi-line sides are indented under their label.
std::string format_result(const ScenarioResult& result, const std::string& file);

}  // namespace amtsweg
