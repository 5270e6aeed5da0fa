// The HTTP/1.1 server (Boost.Beast on Asio, async callbacks): a listener and one session per
// connection (plain or TLS) with keep-alive, bounded pipelining, timeouts, a body limit and graceful stop.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/rest/http_message.hpp"
#include "adapters/rest/request_observer.hpp"
#include "adapters/rest/tls_context.hpp"

namespace amtsweg::rest {

struct ServerOptions {
  std::string address = "127.0.0.1";
  unsigned short port = 0;  // 0: an ephemeral port, see HttpServer::port()
  int io_threads = 2;
  // Threads that run the handler, rather than the I/O threads: deciding a command (Lua, JSON,
  // reads) takes CPU time. Engine commands do not block them: an AsyncRequestHandler answers from
  // the engine's completion (a blocking RequestHandler does hold its worker until it returns).
  int worker_threads = 8;
  std::size_t body_limit = 1024 * 1024;  // larger bodies are answered 413 and the connection closed
  // The body limit of document uploads (POST /api/v1/cases/{id}/documents) instead of body_limit.
  // The default is the largest `documents: max_size` a definition may set (32 MiB), so the
  // definition's own limit decides; lower it only if no deployed definition allows more.
  std::size_t upload_limit = 32 * 1024 * 1024;
  std::size_t header_limit = 16 * 1024;
  // Time to receive a complete request header, including the wait for the next request on a
  // kept-alive connection; a slow or idle client is disconnected after it.
  std::chrono::milliseconds header_timeout = std::chrono::seconds(15);
  // Time to receive the body once the header is in, and to write one response.
  std::chrono::milliseconds body_timeout = std::chrono::seconds(30);
  // Responses queued per connection before the server stops reading pipelined requests.
  std::size_t pipeline_limit = 8;
  // How long stop() waits for in-flight requests before closing connections by force.
  std::chrono::milliseconds stop_grace = std::chrono::seconds(10);
  // Receives one JSON line per request (see request_log.hpp); called on the worker threads, so it
  // must be thread-safe. Empty: no request log.
  std::function<void(const std::string& line)> request_log;
  // Told of every request a handler answers (see request_observer.hpp). Null: nobody watches.
  std::shared_ptr<RequestObserver> observer;
  // HTTPS with this certificate and key (see tls_context.hpp), with HSTS on every response; a plain
  // HTTP request is answered 400 in plain HTTP and the connection closed. Unset: plain HTTP.
  std::optional<TlsFiles> tls;
};

// Turns one request into one response. Called on the worker threads, concurrently for different
// connections (one at a time per connection), so it must be thread-safe; it should not throw
// (Router::handle does not; anything escaping becomes a 500).
using RequestHandler = std::function<Response(const Request&)>;
// The same, answering through `respond` (exactly once, from any thread) when the work is done,
// e.g. from an engine command's completion; `request` lives until then. If it throws before it
// responded, the request is answered 500.
using AsyncRequestHandler = std::function<void(const Request&, Respond respond)>;

// Parses `bytes` as one HTTP/1.1 request with the parser settings and limits a session uses, into
// the Request its handler would get; nullopt when the parser refuses the bytes (malformed, over a
// limit) or they end before the request does. Bytes after the request are ignored. The server
// reads from sockets; this is the seam for the fuzz target and tests.
std::optional<Request> parse_request(std::string_view bytes, const ServerOptions& options);

class HttpServer {
 public:
  // Binds and listens on options.address:options.port. Throws Error{Io} when that fails, and
  // Error{InvalidArgument} naming the file when options.tls has a bad certificate or key.
  HttpServer(AsyncRequestHandler handler, ServerOptions options = {});
  HttpServer(RequestHandler handler, ServerOptions options = {});
  // Stops (see stop()) if still running.
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Starts accepting on options.io_threads threads; returns at once.
  void start();
  // The bound port (useful with port 0).
  unsigned short port() const;
  // Graceful stop: stops accepting, closes idle connections, lets requests in flight finish and
  // their responses be written (with Connection: close), then joins the threads. Connections
  // still busy after options.stop_grace are closed by force; stop() still waits until every
  // handler has responded (an engine command in flight completes), so no response outlives the
  // server. Idempotent; not from an I/O thread.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace amtsweg::rest
