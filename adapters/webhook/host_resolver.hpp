// How the webhook client finds a receiver's addresses: the system's resolver by default. A seam, so
// that tests can answer with a forbidden address and see it refused without sending anything to it.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace amtsweg::webhook {

struct ResolvedHost {
  std::string error;  // why nothing was resolved; empty on success
  std::vector<boost::asio::ip::tcp::endpoint> endpoints;
};

class HostResolver {
 public:
  using Done = std::function<void(ResolvedHost)>;
  virtual ~HostResolver() = default;
  // Resolves `host` (a name or an address literal) and `port`; `done` is called exactly once, on
  // `io`'s thread, after at most `timeout`.
  virtual void resolve(boost::asio::io_context& io, const std::string& host, const std::string& port,
                       std::chrono::milliseconds timeout, Done done) = 0;
};

// Asio's resolver (getaddrinfo on a background thread), cancelled after the timeout.
std::shared_ptr<HostResolver> system_host_resolver();

}  // namespace amtsweg::webhook
