// Reads a scenario file (*.scenarios.yaml) into the model of scenario.hpp, together with the
// definition it names; every problem is a Diagnostic at file:line:column, as for definitions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/dsl/diagnostic.hpp"
#include "engine/scenario/scenario.hpp"

namespace amtsweg {

struct ScenarioLoad {
  std::optional<ScenarioFile> file;  // set only when there are no diagnostics
  Diagnostics diagnostics;           // the scenario file's, then the definition's
  bool ok() const { return file.has_value(); }
};

// The start clock when neither the file nor the scenario sets one: Monday 2026-01-05, 09:00 UTC.
inline constexpr Timestamp kDefaultScenarioClock = 1767603600000;

// Parses `yaml` (named `path` in diagnostics); the definition's path in `process:` is relative to
// the directory of `path`. The definition is loaded and validated too, and the scenario's state and
// param names are checked against it.
ScenarioLoad load_scenarios(std::string_view yaml, const std::string& path);

// Reads the file at `path` and loads it (an unreadable file is a diagnostic at 0:0).
ScenarioLoad load_scenario_file(const std::string& path);

}  // namespace amtsweg
