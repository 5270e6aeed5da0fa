// amtsweg test FILE|DIR...: runs scenario files (*.scenarios.yaml) in memory and prints one line
// per scenario, the differences of each failure, and "N passed, M failed".
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "adapters/cli/commands.hpp"
#include "engine/error.hpp"
#include "engine/scenario/scenario_reader.hpp"
#include "engine/scenario/scenario_report.hpp"
#include "engine/scenario/scenario_runner.hpp"

namespace amtsweg::cli {

namespace {

constexpr std::string_view kScenarioSuffix = ".scenarios.yaml";

// The files named, and every *.scenarios.yaml under the directories named (sorted per directory).
std::vector<std::string> scenario_files(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const auto& path : paths) {
    if (!std::filesystem::is_directory(path)) {
      files.push_back(path);
      continue;
    }
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(path))
      if (entry.is_regular_file() && entry.path().string().ends_with(kScenarioSuffix))
        found.push_back(entry.path().string());
    if (found.empty()) throw Error(ErrorKind::InvalidArgument, "no *.scenarios.yaml files under " + path);
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

}  // namespace

int test_command(const Arguments& args) {
  args.allow_only({"only"});
  if (args.positional().empty())
    throw Error(ErrorKind::InvalidArgument, "usage: amtsweg test [--only TEXT] FILE|DIR...");
  const auto only = args.get("only");
  const auto files = scenario_files(args.positional());
  int passed = 0, failed = 0;
  for (const auto& path : files) {
    if (files.size() > 1) std::cout << path << "\n";
    const ScenarioLoad load = load_scenario_file(path);
    if (!load.ok()) {
      for (const auto& finding : load.diagnostics) std::cout << finding.format() << "\n";
      std::cout << "FAIL " << path << " (the scenario file is not valid)\n";
      ++failed;
      continue;
    }
    for (const auto& scenario : load.file->scenarios) {
      if (only && scenario.name.find(*only) == std::string::npos) continue;
      const ScenarioResult result = run_scenario(*load.file, scenario);
      std::cout << format_result(result, path) << std::flush;
      ++(result.passed() ? passed : failed);
    }
  }
  std::cout << passed << " passed, " << failed << " failed\n";
  return failed == 0 ? 0 : 1;
}

}  // namespace amtsweg::cli
