// Fuzz target: text as Lua code in the sandbox, as a script, an expression or a template (the
// first byte picks), seeing a case's bindings. Every failure must be Error{ScriptFailure}; a value
// that comes back must be JSON that survives a round trip through the engine's parser (no inf, no NaN).
#include <boost/json.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/error.hpp"
#include "engine/model/json_parse.hpp"
#include "engine/script/script_engine.hpp"
#include "tests/fuzz/fuzz_api.hpp"

namespace {
using namespace amtsweg;
namespace json = boost::json;

// Small limits keep each input fast; the sandbox's behaviour at its limits is the same.
constexpr ScriptLimits kLimits{.max_instructions = 100'000, .max_memory_bytes = 8u << 20};

void check_round_trip(const json::value& value, std::string_view input) {
  try {
    if (parse_json(json::serialize(value)) != value) fuzz::finding("value changed in a JSON round trip", input);
  } catch (const std::exception& e) {
    fuzz::finding(std::string("value is not JSON: ") + e.what(), input);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  // One engine for all inputs, as the engine's writer thread keeps one: state leaking from one
  // evaluation into the next is part of what is tested.
  static ScriptEngine engine(kLimits);
  json::object case_data =
      json::parse(fuzz::read_source_file("examples/meldebescheinigung/application.json")).as_object();
  const json::value params = json::parse(R"({"fee_first": 10.0, "office": "Bürgerbüro", "free": {"pension": true}})");
  const json::value event = json::parse(R"({"type": "payment.confirmed", "payload": {"amount": 15.0}})");
  ScriptBindings bindings;
  bindings.data = &case_data;
  bindings.params = &params;
  bindings.event = &event;
  bindings.now = 1772442000000;
  bindings.source_name = "fuzz.yaml";
  const Expression code{std::string(input.substr(1)), {1, 1}};
  try {
    switch (data[0] % 3) {
      case 0:
        engine.run(code, bindings);
        check_round_trip(case_data, input);
        break;
      case 1:
        check_round_trip(engine.evaluate(code, bindings), input);
        break;
      default:
        engine.render(code.code, code.pos, bindings);
    }
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::ScriptFailure) fuzz::finding(std::string("wrong error kind: ") + e.what(), input);
  }
  return 0;
}
