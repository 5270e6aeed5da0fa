// The outbound HTTP client of webhook delivery: POSTs over http or https (Boost.Beast, Asio,
// OpenSSL), many at once on one I/O thread, each with its own connect, write and read deadline,
// reusing keep-alive connections.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/runtime/webhook_target_policy.hpp"
#include "engine/runtime/webhook_url.hpp"

namespace amtsweg::webhook {

class HostResolver;  // host_resolver.hpp

struct PosterOptions {
  std::chrono::milliseconds connect_timeout{5'000};  // name resolution, TCP connect, TLS handshake
  std::chrono::milliseconds write_timeout{10'000};   // sending the request
  std::chrono::milliseconds read_timeout{10'000};    // the whole response
  std::size_t response_limit = 64 * 1024;            // response bytes read at most (the status is what counts)
  // Keep-alive: after a response that allows it, the connection is kept for the next request to
  // the same receiver (scheme, host, port), one per receiver, and closed after this long unused.
  // Zero: a new connection per request (Connection: close).
  std::chrono::milliseconds idle_timeout{10'000};
  std::size_t idle_per_receiver = 1;  // idle connections kept per receiver (the dispatcher: its share in flight)
  // https: receivers' certificates are verified against the system's trust store, and their name
  // against the URL's host. A PEM file named here is trusted in addition (e.g. a private CA).
  std::string ca_file;
  std::string user_agent = "amtsweg-webhooks";
  // Every address a receiver's host resolves to is checked against this policy before any
  // connection is made; one refused address fails the attempt (a name that resolves to a public
  // and a private address is refused, whichever would have been tried first).
  WebhookTargetPolicy targets;
  // Null: the system's resolver (system_host_resolver()).
  std::shared_ptr<HostResolver> resolver;
};

struct PostRequest {
  WebhookUrl url;
  std::string body;  // sent as application/json
  std::vector<std::pair<std::string, std::string>> headers;
};

struct PostResult {
  std::optional<int> status;  // the receiver's HTTP status; none when no response came
  std::string error;          // why there is no usable response, or an excerpt of a non-2xx one
};

// Owns its I/O thread. Keeps idle connections per receiver (see idle_timeout, idle_per_receiver); a request that
// finds none opens its own, so requests never wait for each other. A kept connection that the
// receiver closed meanwhile is replaced transparently. Redirects are not followed.
class HttpPoster {
 public:
  // Throws Error{InvalidArgument} when options.ca_file cannot be loaded.
  explicit HttpPoster(PosterOptions options);
  // stop(), then joins the I/O thread.
  ~HttpPoster();
  HttpPoster(const HttpPoster&) = delete;
  HttpPoster& operator=(const HttpPoster&) = delete;

  // Starts the POST and returns at once; `done` is called exactly once, on the I/O thread, when
  // the response is in or the attempt failed (after at most the three timeouts); after stop() it
  // is called at once on the caller's thread with a failure. Thread-safe.
  void post(PostRequest request, std::function<void(PostResult)> done);
  // Lets posts in flight finish (each ends by its deadlines), then ends the I/O thread.
  // Posts after stop() fail at once. Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace amtsweg::webhook
