// The real server on an ephemeral port over the REST fixture's router (answering asynchronously),
// with the API's metrics registry as its request observer (as `amtsweg serve` wires it).
#pragma once

#include <memory>

#include "adapters/rest/http_server.hpp"
#include "tests/rest/rest_fixture.hpp"

namespace amtsweg::testing {

struct ServerFixture : RestFixture {
  explicit ServerFixture(rest::ServerOptions options = {}, std::shared_ptr<rest::RateLimiter> rate_limiter = nullptr,
                         std::shared_ptr<StoreFaults> faults = nullptr)
      : RestFixture(std::move(rate_limiter), std::move(faults)),
        server(rest::AsyncRequestHandler([this](const rest::Request& request, rest::Respond respond) {
                 router.handle_async(request, respond);
               }),
               observed(std::move(options))) {
    server.start();
  }

  // The Authorization header with the real token of the principal `key`.
  std::string bearer(const std::string& key) const { return "Authorization: Bearer " + tokens.at(key) + "\r\n"; }

  rest::HttpServer server;

 private:
  rest::ServerOptions observed(rest::ServerOptions options) const {
    if (!options.observer) options.observer = metrics;
    return options;
  }
};

}  // namespace amtsweg::testing
