// Fuzz target: YAML text as a scenario file (`amtsweg test`) of the shipped Meldebescheinigung
// (`process: meldebescheinigung.yaml` finds it). A refused file must say why; an accepted one is
// run against an in-memory store, where a scenario may fail but the runner may not.
#include <cstdint>
#include <string_view>

#include "engine/scenario/scenario_reader.hpp"
#include "engine/scenario/scenario_runner.hpp"
#include "tests/fuzz/fuzz_api.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace amtsweg;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const ScenarioLoad load = load_scenarios(input, fuzz::source_path("processes/examples/fuzz.scenarios.yaml"));
  if (!load.ok()) {
    if (load.diagnostics.empty()) fuzz::finding("refused without a diagnostic", input);
    return 0;
  }
  if (load.file->scenarios.size() <= 8) run_scenarios(*load.file);
  return 0;
}
