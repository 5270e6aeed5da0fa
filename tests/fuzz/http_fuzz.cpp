// Fuzz target: raw bytes as an HTTP/1.1 request through Beast's parser, with the server's limits,
// into the API's router over a real engine. The placeholders TOKEN-INTEGRATOR, TOKEN-CLERK,
// TOKEN-ADMIN, TASK-ID and CASE-ID become real values, so inputs reach authenticated routes.
// No request may crash the server or be answered with a 500.
#include <cstdint>
#include <string_view>

#include "adapters/rest/http_server.hpp"
#include "tests/fuzz/fuzz_api.hpp"

using amtsweg::fuzz::FuzzApi;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const FuzzApi& api = FuzzApi::shared();
  const auto request = amtsweg::rest::parse_request(api.with_secrets(input), amtsweg::rest::ServerOptions{});
  if (request) api.handle(*request, input);
  return 0;
}
