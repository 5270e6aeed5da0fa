// What running a scenario found: PASS, or the expectations that did not hold, each with its
// position in the scenario file and both sides of the difference.
#pragma once

#include <string>
#include <vector>

#include "engine/model/definition.hpp"

namespace amtsweg {

struct Mismatch {
  SourcePos pos;         // the expectation (or step) in the scenario file
  std::string what;      // "state", "data.fee", "tasks", "complete was refused", ...
  std::string expected;  // display text; may span lines
  std::string actual;
};

struct ScenarioResult {
  std::string name;
  SourcePos pos;
  std::vector<Mismatch> mismatches;  // empty: passed
  bool passed() const { return mismatches.empty(); }
};

}  // namespace amtsweg
