// Fuzz target: YAML text as a process definition through the loader and the validator. A refused
// definition must say why, at a position inside the text; an accepted one must deploy and run its
// first case (validation promises that it cannot crash the engine), failing only with an
// amtsweg::Error.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "engine/dsl/loader.hpp"
#include "engine/error.hpp"
#include "tests/fuzz/fuzz_api.hpp"

namespace {
using namespace amtsweg;

void check_positions(const LoadResult& result, std::string_view input) {
  if (!result.ok() && result.diagnostics.empty()) fuzz::finding("refused without a diagnostic", input);
  const int lines = 1 + static_cast<int>(std::count(input.begin(), input.end(), '\n'));
  for (const auto& diagnostic : result.diagnostics)
    if (diagnostic.pos.line < 0 || diagnostic.pos.line > lines + 1 || diagnostic.pos.column < 0)
      fuzz::finding("diagnostic outside the text: " + diagnostic.format(), input);
}

// Deploys and starts a case with empty data; every failure must be an amtsweg::Error.
void run_first_case(const std::string& yaml, const ProcessDefinition& definition) {
  // libFuzzer calls a plain function, so the engine it works on can only live here; renewed now
  // and then so the in-memory database does not grow without end.
  static std::unique_ptr<fuzz::FuzzEngine> runtime;
  static int runs = 0;
  if (!runtime || ++runs % 200 == 0) runtime = std::make_unique<fuzz::FuzzEngine>();
  try {
    runtime->engine->deploy(yaml, "fuzz.yaml", "admin");
    StartRequest start;
    start.tenant = "giessen";
    start.process_id = definition.id;
    start.actor = "fuzz";
    runtime->engine->start(start);
  } catch (const Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const LoadResult result = load_definition(input, "fuzz.yaml");
  check_positions(result, input);
  if (result.ok()) run_first_case(std::string(input), *result.definition);
  return 0;
}
