// A watcher of the requests the server handles (metrics): told when a worker takes a request and
// when its response is ready, with the handler's duration.
#pragma once

#include <chrono>

#include "adapters/rest/http_message.hpp"

namespace amtsweg::rest {

// Called on the server's worker threads, concurrently: implementations must be thread-safe and
// must not throw. `response.route` holds the route pattern that answered (empty: none matched).
class RequestObserver {
 public:
  virtual ~RequestObserver() = default;
  virtual void begin(const Request& request) = 0;
  virtual void end(const Request& request, const Response& response, std::chrono::microseconds duration) = 0;
};

}  // namespace amtsweg::rest
