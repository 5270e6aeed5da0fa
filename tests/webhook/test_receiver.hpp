// Webhook receivers for the dispatcher tests: a real HTTP (or HTTPS) server on an ephemeral port
// that records every request and answers with the status a test chooses, and a "silent" one that
// takes connections but never answers.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "adapters/rest/http_message.hpp"

namespace amtsweg::testing {

struct ReceivedRequest {
  std::string method;
  std::string target;
  rest::HeaderMap headers;
  std::string body;
};

// A PEM certificate and its private key (see self_signed_certificate.hpp).
struct TlsIdentity {
  std::string certificate_pem;
  std::string private_key_pem;
};

class TestReceiver {
 public:
  // Chooses the status for each request; called on the receiver's thread, with the requests
  // received before it (not counting this one).
  using Responder = std::function<int(const ReceivedRequest& request, std::size_t earlier)>;

  // Listens on 127.0.0.1:`port` (0: an ephemeral port); HTTPS when `tls` is given. Answers 200
  // when `respond` is empty. Throws when it cannot listen.
  explicit TestReceiver(Responder respond = {}, std::optional<TlsIdentity> tls = std::nullopt, unsigned short port = 0);
  ~TestReceiver();
  TestReceiver(const TestReceiver&) = delete;
  TestReceiver& operator=(const TestReceiver&) = delete;

  unsigned short port() const;
  // "http://127.0.0.1:<port>/hook" (https with TLS).
  std::string url() const;
  std::vector<ReceivedRequest> requests() const;
  // TCP connections accepted so far.
  std::size_t connections() const;
  // From the next response on, connections are kept open (keep-alive) when the client asks for
  // it, and closed by the receiver when no request came for `idle`; zero (the default): every
  // response says Connection: close.
  void keep_alive(std::chrono::milliseconds idle);
  // Waits until at least `count` requests came; false when `timeout` passed first.
  bool wait_for(std::size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;

  struct Impl;  // the server; public so that its sessions (in the .cpp) can report to it

 private:
  std::unique_ptr<Impl> impl_;
};

// Accepts TCP connections into its backlog and never reads or answers: a receiver that hangs.
class SilentReceiver {
 public:
  SilentReceiver();
  ~SilentReceiver();
  SilentReceiver(const SilentReceiver&) = delete;
  SilentReceiver& operator=(const SilentReceiver&) = delete;

  std::string url() const;

 private:
  int socket_ = -1;
  unsigned short port_ = 0;
};

// A port on 127.0.0.1 where nothing listens (connections are refused), free to listen on later.
unsigned short unused_port();

}  // namespace amtsweg::testing
