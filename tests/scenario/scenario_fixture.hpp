// Scenario files written inline next to a small definition in a temp dir, loaded and run as
// `amtsweg test` would; the certificate definition of the runtime tests is the default.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "engine/scenario/scenario_reader.hpp"
#include "engine/scenario/scenario_report.hpp"
#include "engine/scenario/scenario_runner.hpp"
#include "tests/runtime/certificate_process.hpp"
#include "tests/support/cli_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace amtsweg::testing {

struct ScenarioFixture {
  TempDir dir;

  explicit ScenarioFixture(const std::string& definition = kCertificateYaml) {
    write_file(dir, "certificate.yaml", definition);
  }

  // Drops the newline right after R"( so that the first YAML line is line 1.
  std::string path_of(std::string_view text) {
    if (!text.empty() && text.front() == '\n') text.remove_prefix(1);
    return write_file(dir, "certificate.scenarios.yaml", std::string(text));
  }

  ScenarioLoad load(std::string_view text) { return load_scenario_file(path_of(text)); }

  std::vector<ScenarioResult> run(std::string_view text) {
    const ScenarioLoad loaded = load(text);
    for (const auto& finding : loaded.diagnostics) UNSCOPED_INFO(finding.format());
    REQUIRE(loaded.ok());
    return run_scenarios(*loaded.file);
  }

  // The report `amtsweg test` prints, naming the file "t.scenarios.yaml".
  std::string report(const std::vector<ScenarioResult>& results) {
    std::string text;
    for (const auto& result : results) text += format_result(result, "t.scenarios.yaml");
    return text;
  }
};

// "file:line:column: message" of each finding, with the temp dir's path left out.
inline std::vector<std::string> findings_of(const ScenarioLoad& load, const TempDir& dir) {
  std::vector<std::string> lines;
  const std::string prefix = dir.path().string() + "/";
  for (const auto& finding : load.diagnostics) {
    std::string line = finding.format();
    if (line.rfind(prefix, 0) == 0) line.erase(0, prefix.size());
    lines.push_back(line);
  }
  return lines;
}

}  // namespace amtsweg::testing
