// Fuzz target: the bodies of an intake, an event and a task completion, as an integrator and a
// clerk send them, through the router into the engine (JSON parsing, field checks, form
// validation, correlation, the store). The first byte picks the route. What was accepted must
// read back (the case, its history, the case search, the event buffer); no answer may be a 500.
#include <boost/json.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "tests/fuzz/fuzz_api.hpp"

using amtsweg::fuzz::FuzzApi;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const FuzzApi& api = FuzzApi::shared();
  const std::string body = api.with_secrets(input.substr(1));
  std::string case_id = api.case_id;
  switch (data[0] % 3) {
    case 0: {
      const auto response = api.handle(
          api.request("POST", "/api/v1/processes/meldebescheinigung/cases", api.integrator_token, body), input);
      if (response.status != 201) return 0;
      case_id = boost::json::parse(response.body).at("id").as_string().c_str();
      break;
    }
    case 1:
      if (api.handle(api.request("POST", "/api/v1/events", api.integrator_token, body), input).status >= 300) return 0;
      api.read_back("/api/v1/events/buffered", api.admin_token, input);
      break;
    default:
      if (api.handle(api.request("POST", "/api/v1/tasks/" + api.task_id + "/complete", api.clerk_token, body), input)
              .status >= 300)
        return 0;
  }
  api.read_back("/api/v1/cases/" + case_id, api.admin_token, input);
  api.read_back("/api/v1/cases/" + case_id + "/history", api.admin_token, input);
  api.read_back("/api/v1/processes/meldebescheinigung/cases", api.admin_token, input);
  return 0;
}
