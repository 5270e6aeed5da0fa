// Boost.Beast listener and sessions behind HttpServer, in the style of Beast's http_server_async:
// each connection on its own strand (no locks inside a session), a do_x/on_x pair per step. A
// session runs over plain TCP or over TLS (a handshake first, close_notify last); nothing else differs.
#include "adapters/rest/http_server.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json/object.hpp>
#include <condition_variable>
#include <deque>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <string_view>
#include <thread>
#include <type_traits>
#include <vector>

#include "adapters/rest/api_error.hpp"
#include "adapters/rest/request_log.hpp"
#include "adapters/rest/tls_context.hpp"
#include "engine/error.hpp"

namespace amtsweg::rest {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using BeastResponse = http::response<http::string_body>;
using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// What stop() needs of a session, whatever its stream.
class SessionControl {
 public:
  virtual ~SessionControl() = default;
  virtual void begin_stop() = 0;
  virtual void force_close() = 0;
};

// POST /api/v1/cases/{id}/documents (any query string): the one target with ServerOptions::upload_limit.
bool is_document_upload(const http::request<http::string_body>& header) {
  if (header.method() != http::verb::post) return false;
  const auto target = header.target();
  const std::string_view whole(target.data(), target.size());
  const std::string_view path = whole.substr(0, whole.find('?'));
  constexpr std::string_view prefix = "/api/v1/cases/", suffix = "/documents";
  if (!path.starts_with(prefix) || !path.ends_with(suffix) || path.size() <= prefix.size() + suffix.size())
    return false;
  return path.substr(prefix.size(), path.size() - prefix.size() - suffix.size()).find('/') == std::string_view::npos;
}

// Headers that must come at most once. With two Authorization headers, which one counts depends on
// the layer that reads them (a proxy may check the first, we would use the last), so one tenant's
// token could carry another's request; the same holds for what the body is (Content-Type), which
// host it is for, and which intake an Idempotency-Key repeats. Content-Length is Beast's to check.
constexpr std::array<std::string_view, 4> kSingletonHeaders = {"Authorization", "Host", "Content-Type",
                                                               "Idempotency-Key"};

// The first singleton header that `header` repeats; nullopt when none is repeated.
std::optional<std::string_view> repeated_singleton_header(const http::request<http::string_body>& header) {
  for (const std::string_view name : kSingletonHeaders) {
    const auto [first, last] = header.equal_range(beast::string_view(name.data(), name.size()));
    if (std::distance(first, last) > 1) return name;
  }
  return std::nullopt;
}

// Document uploads may be larger than JSON bodies; the start line is parsed before any limit
// applies, so method and target are known when this is asked.
std::size_t body_limit_for(const http::request<http::string_body>& header, const ServerOptions& options) {
  return is_document_upload(header) ? options.upload_limit : options.body_limit;
}

// What the listener, the sessions and stop() share. The session table lets stop() reach every
// live connection; sessions remove themselves when they end.
struct ServerState {
  ServerState(AsyncRequestHandler h, ServerOptions o, net::thread_pool& w)
      : handler(std::move(h)), options(std::move(o)), workers(w) {
    if (options.tls) tls = make_server_tls_context(*options.tls);
  }

  const AsyncRequestHandler handler;
  const ServerOptions options;
  std::unique_ptr<ssl::context> tls;  // set when options.tls is: every connection is HTTPS
  net::thread_pool& workers;          // owned by HttpServer::Impl, joined after the I/O threads
  std::atomic<bool> stopping{false};

  std::mutex mutex;
  std::condition_variable all_sessions_ended;
  std::map<const SessionControl*, std::weak_ptr<SessionControl>> sessions;  // guarded by mutex
  // Requests handed to the handler that have not responded yet (guarded by mutex): stop() waits
  // for them, since their responses post to the I/O context.
  int unanswered = 0;
  std::condition_variable all_answered;

  void one_answered() {
    std::lock_guard lock(mutex);
    if (--unanswered == 0) all_answered.notify_all();
  }
};

Request to_request(http::request<http::string_body>&& message) {
  Request request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  for (const auto& field : message) request.headers[std::string(field.name_string())] = std::string(field.value());
  request.body = std::move(message.body());
  return request;
}

std::shared_ptr<BeastResponse> to_beast(Response&& response, unsigned version, bool keep_alive) {
  auto message = std::make_shared<BeastResponse>(static_cast<http::status>(response.status), version);
  message->set(http::field::server, "amtsweg");
  // 204 and 304 have no content, so neither a body nor its type (RFC 9110 15.3.5, 15.4.5).
  const bool no_content = response.status == 204 || response.status == 304;
  if (!no_content) message->set(http::field::content_type, response.content_type);
  for (const auto& [name, value] : response.headers) message->set(name, value);
  if (!no_content) message->body() = std::move(response.body);
  message->keep_alive(keep_alive);
  message->prepare_payload();
  return message;
}

// An error the server answers itself (before any handler ran), closing the connection after it.
std::shared_ptr<BeastResponse> server_error(http::status status, const std::string& code, const std::string& message,
                                            unsigned version) {
  return to_beast(error_response(static_cast<int>(status), code, message), version, false);
}

// A plain HTTP request on the TLS port gets this answer in plain HTTP (it could not read TLS),
// then the connection closes.
std::string plain_request_on_tls_port() {
  auto message = server_error(http::status::bad_request, "tls_required",
                              "this port speaks HTTPS only: send the request with https://", 11);
  std::ostringstream text;
  text << *message;
  return text.str();
}

// True when the TLS handshake failed because the client spoke plain HTTP.
bool is_plain_http(const beast::error_code& error) {
  return error.category() == net::error::get_ssl_category() &&
         ERR_GET_REASON(static_cast<unsigned long>(error.value())) == SSL_R_HTTP_REQUEST;
}

template <class Stream>
class Session : public SessionControl, public std::enable_shared_from_this<Session<Stream>> {
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

 public:
  Session(tcp::socket&& socket, std::shared_ptr<ServerState> state)
      : stream_(make_stream(std::move(socket), *state)), state_(std::move(state)) {}

  ~Session() {
    std::lock_guard lock(state_->mutex);
    state_->sessions.erase(this);
    if (state_->sessions.empty()) state_->all_sessions_ended.notify_all();
  }

  void run() {
    {
      std::lock_guard lock(state_->mutex);
      state_->sessions.emplace(this, this->weak_from_this());
    }
    // Start on the session's strand: the socket was accepted onto it.
    net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::begin, this->shared_from_this()));
  }

  // From stop(): no more requests; an idle connection (waiting for a request that has not begun)
  // is closed now, a busy one after its queued responses.
  void begin_stop() override {
    net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
      self->closing_ = true;
      if (self->handshaking_ || (self->reading_ && !self->parser_->got_some())) self->close();
    });
  }

  void force_close() override {
    net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] { self->close(); });
  }

 private:
  static Stream make_stream(tcp::socket&& socket, ServerState& state) {
    if constexpr (kTls)
      return Stream(std::move(socket), *state.tls);
    else
      return Stream(std::move(socket));
  }

  // The TCP stream under the TLS layer (the stream itself without TLS): deadlines, shutdown, close.
  beast::tcp_stream& transport() { return beast::get_lowest_layer(stream_); }

  // TLS first: the handshake has the time of a request header.
  void begin() {
    if constexpr (kTls) {
      handshaking_ = true;
      transport().expires_after(state_->options.header_timeout);
      stream_.async_handshake(ssl::stream_base::server,
                              beast::bind_front_handler(&Session::on_handshake, this->shared_from_this()));
    } else {
      do_read_header();
    }
  }

  void on_handshake(beast::error_code error) {
    handshaking_ = false;
    if (!error) return do_read_header();
    closing_ = true;
    if (!is_plain_http(error)) return close();  // not TLS, an old version, no common cipher, gone
    plain_answer_ = plain_request_on_tls_port();
    transport().expires_after(state_->options.body_timeout);
    net::async_write(transport(), net::buffer(plain_answer_),
                     [self = this->shared_from_this()](beast::error_code write_error, std::size_t) {
                       if (write_error) return self->close();
                       self->shutdown_tcp_send();
                     });
  }

  void do_read_header() {
    // Stop reading while the pipeline is full; on_write resumes.
    if (closing_ || reading_ || handling_ || responses_.size() >= state_->options.pipeline_limit) return;
    if (state_->stopping) {
      closing_ = true;
      if (responses_.empty() && !writing_) close();
      return;
    }
    parser_.emplace();
    // Beast checks a Content-Length against the limit as soon as the header is in, before
    // on_read_header can pick the limit for the target: allow the larger of both until then.
    parser_->body_limit(std::max(state_->options.body_limit, state_->options.upload_limit));
    parser_->header_limit(static_cast<std::uint32_t>(state_->options.header_limit));
    reading_ = true;
    transport().expires_after(state_->options.header_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::on_read_header, this->shared_from_this()));
  }

  void on_read_header(beast::error_code error, std::size_t) {
    reading_ = false;
    if (error) return on_read_failed(error);
    const std::size_t limit = body_limit_for(parser_->get());
    parser_->body_limit(limit);
    if (const auto length = parser_->content_length(); length && *length > limit)
      return on_read_failed(http::error::body_limit);
    if (parser_->is_done()) return on_request();
    reading_ = true;
    transport().expires_after(state_->options.body_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::on_read_body, this->shared_from_this()));
  }

  void on_read_body(beast::error_code error, std::size_t) {
    reading_ = false;
    if (error) return on_read_failed(error);
    on_request();
  }

  void on_read_failed(beast::error_code error) {
    closing_ = true;
    const unsigned version = parser_ && parser_->is_header_done() ? parser_->get().version() : 11;
    if (error == http::error::body_limit) {
      // The rest of the body is never read, so the connection cannot carry another request.
      return queue(server_error(
          http::status::payload_too_large, "payload_too_large",
          "the body exceeds the limit of " + std::to_string(body_limit_for(parser_->get())) + " bytes", version));
    }
    if (error == http::error::header_limit)
      return queue(server_error(http::status::request_header_fields_too_large, "header_too_large",
                                "the request header is too large", version));
    // The client left, was too slow, or the server is stopping: nothing useful to answer.
    const bool gone = error == http::error::end_of_stream || error == beast::error::timeout ||
                      error == net::error::operation_aborted || !transport().socket().is_open();
    if (!gone && parser_ && parser_->got_some())
      return queue(server_error(http::status::bad_request, "bad_request", "malformed HTTP request", version));
    if (responses_.empty() && !writing_) close();  // else on_write ends the connection
  }

  // Hands the request to a worker; the response comes back to this session's strand. The next
  // pipelined request is not read before that, so responses keep the order of the requests.
  void on_request() {
    if (const auto repeated = repeated_singleton_header(parser_->get())) return refuse_repeated_header(*repeated);
    const bool keep_alive = parser_->get().keep_alive() && !state_->stopping && !closing_;
    const unsigned version = parser_->get().version();
    auto request = std::make_shared<Request>(to_request(parser_->release()));
    handling_ = true;
    // The work guard keeps the I/O threads running while only a worker has something to do (after
    // stop() closed the acceptor, nothing else would), so the answer can still be written.
    {
      std::lock_guard lock(state_->mutex);
      ++state_->unanswered;
    }
    net::post(state_->workers, [self = this->shared_from_this(), request, keep_alive, version,
                                work = net::make_work_guard(stream_.get_executor())]() mutable {
      const ServerOptions& options = self->state_->options;
      if (options.observer) options.observer->begin(*request);
      const auto started = std::chrono::steady_clock::now();
      self->call_handler(
          *request, [self, request, keep_alive, version, started, work = std::move(work)](Response answer) mutable {
            const std::shared_ptr<ServerState> state = self->state_;
            self->answered(*request, std::move(answer), started, keep_alive, version);
            // Gone before stop() may end the I/O context: the posted write holds the session now.
            self.reset();
            request.reset();
            work.reset();
            state->one_answered();
          });
    });
  }

  // The handler's response, from whichever thread it came (a worker, the engine's writer): logged,
  // observed, then written on this session's strand; the next pipelined request is read after it.
  void answered(const Request& request, Response answer, std::chrono::steady_clock::time_point started, bool keep_alive,
                unsigned version) {
    const ServerOptions& options = state_->options;
    auto response = std::make_shared<Response>(std::move(answer));
    const auto duration =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
    if (options.request_log) options.request_log(request_log_line(request, *response, duration, SystemClock().now()));
    if (options.observer) options.observer->end(request, *response, duration);
    net::post(stream_.get_executor(), [self = this->shared_from_this(), response, keep_alive, version] {
      self->handling_ = false;
      // stop() may have come while the handler ran: then this is the connection's last answer.
      const bool keep_open = keep_alive && !self->closing_ && !self->state_->stopping;
      if (!keep_open) self->closing_ = true;
      self->queue(to_beast(std::move(*response), version, keep_open));
      self->do_read_header();
    });
  }

  // Answered before any handler (so before authentication) and the connection closed: a client
  // that sends such a request may not agree with us on where it ends either.
  void refuse_repeated_header(std::string_view name) {
    closing_ = true;
    const std::string header(name);
    queue(to_beast(
        error_response(400, "duplicate_header", "the request has more than one " + header + " header; send it once",
                       boost::json::object{{"header", header}}),
        parser_->get().version(), false));
  }

  std::size_t body_limit_for(const http::request<http::string_body>& header) const {
    return rest::body_limit_for(header, state_->options);
  }

  void call_handler(const Request& request, Respond respond) const {
    // The handler should not throw; an escaped exception must not end a worker thread.
    respond_guarded([&](Respond answer) { state_->handler(request, std::move(answer)); }, std::move(respond),
                    [](const std::exception_ptr&) { return error_response(500, "internal", "internal error"); });
  }

  void queue(std::shared_ptr<BeastResponse> response) {
    if constexpr (kTls) response->set(http::field::strict_transport_security, kStrictTransportSecurity);
    responses_.push_back(std::move(response));
    if (!writing_) do_write();
  }

  void do_write() {
    writing_ = true;
    transport().expires_after(state_->options.body_timeout);
    http::async_write(stream_, *responses_.front(),
                      beast::bind_front_handler(&Session::on_write, this->shared_from_this()));
  }

  void on_write(beast::error_code error, std::size_t) {
    writing_ = false;
    if (error) return close();
    const bool last = responses_.front()->need_eof();
    responses_.pop_front();
    if (last) return shutdown_send();
    if (!responses_.empty()) return do_write();
    if (closing_) return reading_ || handling_ ? void() : shutdown_send();
    do_read_header();
  }

  // Ends the connection after the last response so that the client reads it completely: over TLS
  // with close_notify (waiting a moment for the client's), else as shutdown_tcp_send().
  void shutdown_send() {
    closing_ = true;
    if constexpr (kTls) {
      transport().expires_after(std::chrono::seconds(1));
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) { self->close(); });
    } else {
      shutdown_tcp_send();
    }
  }

  // Sends FIN, then drains.
  void shutdown_tcp_send() {
    beast::error_code ignored;
    transport().socket().shutdown(tcp::socket::shutdown_send, ignored);
    // One deadline for the whole drain, so a client that keeps sending cannot hold the connection.
    transport().expires_after(std::chrono::seconds(1));
    close_after_drain();
  }

  // Reads (and discards) what the client still sends for a moment, so the close does not reset
  // the connection before the client has read the response (lingering close).
  void close_after_drain() {
    drain_buffer_.resize(4096);
    transport().async_read_some(net::buffer(drain_buffer_),
                                [self = this->shared_from_this()](beast::error_code error, std::size_t) {
                                  if (error) return self->close();
                                  self->close_after_drain();
                                });
  }

  void close() {
    beast::error_code ignored;
    transport().socket().shutdown(tcp::socket::shutdown_both, ignored);
    transport().close();
  }

  Stream stream_;
  beast::flat_buffer buffer_;
  std::vector<char> drain_buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::deque<std::shared_ptr<BeastResponse>> responses_;  // the first is being written
  bool reading_ = false;
  bool writing_ = false;
  bool handling_ = false;     // a worker is answering the current request
  bool closing_ = false;      // no further requests are read on this connection
  bool handshaking_ = false;  // TLS only: the handshake has not finished
  std::string plain_answer_;  // TLS only: the answer to a plain HTTP request, while it is written
  const std::shared_ptr<ServerState> state_;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& io, const std::shared_ptr<ServerState>& state)
      : io_(io), acceptor_(net::make_strand(io)), state_(state) {
    beast::error_code error;
    const auto address = net::ip::make_address(state->options.address, error);
    if (error) throw Error(ErrorKind::InvalidArgument, "invalid listen address '" + state->options.address + "'");
    const tcp::endpoint endpoint(address, state->options.port);
    acceptor_.open(endpoint.protocol(), error);
    if (!error) acceptor_.set_option(net::socket_base::reuse_address(true), error);
    if (!error) acceptor_.bind(endpoint, error);
    if (!error) acceptor_.listen(net::socket_base::max_listen_connections, error);
    if (error)
      throw Error(ErrorKind::Io, "cannot listen on " + state->options.address + ":" +
                                     std::to_string(state->options.port) + ": " + error.message());
  }

  unsigned short port() const { return acceptor_.local_endpoint().port(); }

  void run() {
    net::dispatch(acceptor_.get_executor(), beast::bind_front_handler(&Listener::do_accept, shared_from_this()));
  }

  void stop() {
    net::dispatch(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ignored;
      self->acceptor_.close(ignored);
    });
  }

 private:
  void do_accept() {
    // Each connection gets its own strand.
    acceptor_.async_accept(net::make_strand(io_), beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
  }

  void on_accept(beast::error_code error, tcp::socket socket) {
    if (error == net::error::operation_aborted || !acceptor_.is_open()) return;
    if (error) return do_accept();
    if (state_->tls)
      std::make_shared<Session<TlsStream>>(std::move(socket), state_)->run();
    else
      std::make_shared<Session<PlainStream>>(std::move(socket), state_)->run();
    do_accept();
  }

  net::io_context& io_;
  tcp::acceptor acceptor_;
  std::shared_ptr<ServerState> state_;
};

}  // namespace

std::optional<Request> parse_request(std::string_view bytes, const ServerOptions& options) {
  http::request_parser<http::string_body> parser;
  parser.body_limit(std::max(options.body_limit, options.upload_limit));  // as do_read_header
  parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
  parser.eager(true);
  bool limit_chosen = false;
  while (!parser.is_done()) {
    beast::error_code error;
    const std::size_t used = parser.put(net::buffer(bytes.data(), bytes.size()), error);
    bytes.remove_prefix(used);
    if (error || (used == 0 && !parser.is_done())) return std::nullopt;  // refused, or incomplete
    if (parser.is_header_done() && !limit_chosen) {                      // as on_read_header
      limit_chosen = true;
      const std::size_t limit = body_limit_for(parser.get(), options);
      parser.body_limit(limit);
      if (const auto length = parser.content_length(); length && *length > limit) return std::nullopt;
    }
  }
  return to_request(parser.release());
}

struct HttpServer::Impl {
  Impl(AsyncRequestHandler handler, ServerOptions options)
      : workers(static_cast<std::size_t>(std::max(1, options.worker_threads))),
        state(std::make_shared<ServerState>(std::move(handler), std::move(options), workers)),
        io(std::max(1, state->options.io_threads)),
        listener(std::make_shared<Listener>(io, state)) {}

  net::thread_pool workers;
  std::shared_ptr<ServerState> state;
  net::io_context io;
  std::shared_ptr<Listener> listener;
  std::vector<std::thread> threads;
  bool started = false;
  bool stopped = false;
};

HttpServer::HttpServer(AsyncRequestHandler handler, ServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(handler), std::move(options))) {}

HttpServer::HttpServer(RequestHandler handler, ServerOptions options)
    : HttpServer(AsyncRequestHandler([handler = std::move(handler)](const Request& request, Respond respond) {
                   respond(handler(request));
                 }),
                 std::move(options)) {}

HttpServer::~HttpServer() { stop(); }

unsigned short HttpServer::port() const { return impl_->listener->port(); }

void HttpServer::start() {
  if (impl_->started) return;
  impl_->started = true;
  impl_->listener->run();
  for (int i = 0; i < std::max(1, impl_->state->options.io_threads); ++i)
    impl_->threads.emplace_back([this] { impl_->io.run(); });
}

void HttpServer::stop() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  ServerState& state = *impl_->state;
  state.stopping = true;
  impl_->listener->stop();
  std::vector<std::shared_ptr<SessionControl>> live;
  {
    std::lock_guard lock(state.mutex);
    for (auto& [key, weak] : state.sessions)
      if (auto session = weak.lock()) live.push_back(std::move(session));
  }
  for (auto& session : live) session->begin_stop();
  live.clear();  // the sessions must be able to end while we wait
  if (impl_->started) {
    std::unique_lock lock(state.mutex);
    const bool ended =
        state.all_sessions_ended.wait_for(lock, state.options.stop_grace, [&state] { return state.sessions.empty(); });
    if (!ended) {
      for (auto& [key, weak] : state.sessions)
        if (auto session = weak.lock()) live.push_back(std::move(session));
      lock.unlock();
      for (auto& session : live) session->force_close();
      live.clear();
    }
  }
  impl_->workers.join();  // a handler still running hands its engine command on first
  {
    // Engine commands in flight complete (their group commits) and post their responses, which
    // the I/O threads write to connections still open.
    // Bounded: a request read in the moment the workers were joined is never handled.
    std::unique_lock lock(state.mutex);
    state.all_answered.wait_for(lock, state.options.stop_grace, [&state] { return state.unanswered == 0; });
  }
  impl_->io.stop();
  for (auto& thread : impl_->threads) thread.join();
  impl_->threads.clear();
}

}  // namespace amtsweg::rest
