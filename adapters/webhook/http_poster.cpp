// Beast client sessions behind HttpPoster, in the do_x/on_x style of Beast's async client examples:
// (idle connection | resolve -> connect -> TLS handshake) -> write -> read, each step under its own
// deadline, and one completion per request whatever happens.
#include "adapters/webhook/http_poster.hpp"

#include <openssl/ssl.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>

#include "adapters/webhook/host_resolver.hpp"
#include "adapters/webhook/receiver_connection.hpp"
#include "engine/error.hpp"

namespace amtsweg::webhook {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

using Done = std::function<void(PostResult)>;

constexpr std::size_t kErrorExcerpt = 200;  // response body characters kept in a failure's text

bool is_ip_address(const std::string& host) {
  boost::system::error_code error;
  net::ip::make_address(host, error);
  return !error;
}

// The Host header: the port only when it is not the scheme's default, IPv6 in brackets.
std::string host_header(const WebhookUrl& url) {
  std::string host = url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
  if (url.port != (url.tls ? "443" : "80")) host += ":" + url.port;
  return host;
}

std::string duration_text(std::chrono::milliseconds d) { return std::to_string(d.count()) + " ms"; }

// The pool key of a receiver: requests to the same scheme, host and port may share a connection.
std::string receiver_key(const WebhookUrl& url) {
  return std::string(url.tls ? "https://" : "http://") + url.host + ":" + url.port;
}

template <class Stream>
class PostSession : public std::enable_shared_from_this<PostSession<Stream>> {
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;
  using Connection = std::shared_ptr<ReceiverConnection<Stream>>;

 public:
  PostSession(net::io_context& io, ssl::context& tls, const PosterOptions& options, IdleConnections<Stream>& idle,
              PostRequest request)
      : io_(io),
        tls_(tls),
        options_(options),
        idle_(idle),
        url_(std::move(request.url)),
        receiver_(receiver_key(url_)) {
    request_.method(http::verb::post);
    request_.target(url_.target);
    request_.version(11);
    request_.set(http::field::host, host_header(url_));
    request_.set(http::field::user_agent, options_.user_agent);
    request_.set(http::field::content_type, "application/json");
    request_.keep_alive(options_.idle_timeout.count() > 0);
    for (const auto& [name, value] : request.headers) request_.set(name, value);
    request_.body() = std::move(request.body);
    request_.prepare_payload();
  }

  // Starts the request on the receiver's idle connection, or on a new one; `done` gets its outcome.
  void run(Done done) {
    done_ = std::move(done);
    connection_ = idle_.take(receiver_);
    if (connection_) return do_write();
    open();
  }

 private:
  void open() {
    reused_ = false;
    connection_ = std::make_shared<ReceiverConnection<Stream>>(io_, tls_);
    if constexpr (kTls) {
      // SNI, so that a server with several names presents the right certificate.
      if (!is_ip_address(url_.host) && !SSL_set_tlsext_host_name(stream().native_handle(), url_.host.c_str()))
        return fail("TLS: cannot set the server name " + url_.host);
      beast::error_code error;
      stream().set_verify_mode(ssl::verify_peer, error);
      if (!error) stream().set_verify_callback(ssl::host_name_verification(url_.host), error);
      if (error) return fail("TLS: cannot verify " + url_.host + ": " + error.message());
    }
    options_.resolver->resolve(io_, url_.host, url_.port, options_.connect_timeout,
                               beast::bind_front_handler(&PostSession::on_resolve, this->shared_from_this()));
  }

  // A kept connection the receiver closed meanwhile fails before any answer: the request goes
  // out again on a new connection, once, without counting as a failed attempt.
  bool retry_on_new_connection() {
    if (!reused_) return false;
    connection_->close();
    open();
    return true;
  }

  Stream& stream() { return connection_->stream; }
  beast::tcp_stream& tcp() { return connection_->tcp(); }

  // Connects only when every address is allowed: a host that also resolves to a forbidden
  // address could be made to reach it on another try (DNS rebinding).
  void on_resolve(ResolvedHost resolved) {
    if (!resolved.error.empty()) return fail(resolved.error);
    if (resolved.endpoints.empty()) return fail("cannot resolve " + url_.host + ": no address");
    for (const auto& endpoint : resolved.endpoints) {
      const auto why = options_.targets.refusal_for_address(url_.host, endpoint.address().to_string());
      if (why)
        return fail("refused to connect to " + url_.host + ": " + *why +
                    "; nothing was sent (the operator can allow it: serve --webhook-allow)");
    }
    tcp().expires_after(options_.connect_timeout);
    tcp().async_connect(resolved.endpoints,
                        beast::bind_front_handler(&PostSession::on_connect, this->shared_from_this()));
  }

  void on_connect(beast::error_code error, const tcp::endpoint&) {
    if (error) return fail(step_error("connecting to " + url_.host + ":" + url_.port, error, options_.connect_timeout));
    if constexpr (kTls) {
      tcp().expires_after(options_.connect_timeout);
      stream().async_handshake(ssl::stream_base::client,
                               beast::bind_front_handler(&PostSession::on_handshake, this->shared_from_this()));
    } else {
      do_write();
    }
  }

  void on_handshake(beast::error_code error) {
    if (error) return fail(step_error("TLS handshake with " + url_.host, error, options_.connect_timeout));
    do_write();
  }

  void do_write() {
    tcp().expires_after(options_.write_timeout);
    http::async_write(stream(), request_, beast::bind_front_handler(&PostSession::on_write, this->shared_from_this()));
  }

  void on_write(beast::error_code error, std::size_t) {
    if (error && error != beast::error::timeout && retry_on_new_connection()) return;
    if (error) return fail(step_error("sending the request", error, options_.write_timeout));
    parser_.emplace();
    parser_->body_limit(options_.response_limit);
    tcp().expires_after(options_.read_timeout);
    http::async_read(stream(), connection_->buffer, *parser_,
                     beast::bind_front_handler(&PostSession::on_read, this->shared_from_this()));
  }

  void on_read(beast::error_code error, std::size_t) {
    if (error && !parser_->got_some() && error != beast::error::timeout && retry_on_new_connection()) return;
    // A long body does not matter once the status line is in.
    if (error && !(error == http::error::body_limit && parser_->is_header_done()))
      return fail(step_error("reading the response", error, options_.read_timeout));
    const auto& response = parser_->get();
    PostResult result;
    result.status = static_cast<int>(response.result_int());
    if (*result.status < 200 || *result.status > 299) {
      result.error = "HTTP " + std::to_string(*result.status);
      if (!response.reason().empty()) result.error += " " + std::string(response.reason());
      const std::string& body = response.body();
      if (!body.empty()) result.error += ": " + body.substr(0, kErrorExcerpt);
    }
    // Reusable only when the whole response was read and the receiver keeps the connection open.
    finish(std::move(result), !error && response.keep_alive());
  }

  std::string step_error(const std::string& step, beast::error_code error, std::chrono::milliseconds limit) const {
    if (error == beast::error::timeout) return "timed out after " + duration_text(limit) + " " + step;
    return step + ": " + error.message();
  }

  void fail(std::string why) { finish(PostResult{std::nullopt, std::move(why)}, false); }

  void finish(PostResult result, bool reusable) {
    if (reusable)
      idle_.keep(receiver_, std::move(connection_));
    else if (connection_)
      connection_->close();
    if (done_) std::exchange(done_, nullptr)(std::move(result));
  }

  net::io_context& io_;
  ssl::context& tls_;
  const PosterOptions& options_;
  IdleConnections<Stream>& idle_;
  WebhookUrl url_;
  const std::string receiver_;
  Connection connection_;
  bool reused_ = true;  // until open(): a connection taken from idle_
  http::request<http::string_body> request_;
  std::optional<http::response_parser<http::string_body>> parser_;  // one per response read
  Done done_;
};

// A session for `request` on `io`, started; a request that cannot even be built fails at once.
template <class Stream>
void start_session(net::io_context& io, ssl::context& tls, const PosterOptions& options, IdleConnections<Stream>& idle,
                   PostRequest request, Done done) {
  std::shared_ptr<PostSession<Stream>> session;
  try {
    session = std::make_shared<PostSession<Stream>>(io, tls, options, idle, std::move(request));
  } catch (const std::exception& e) {
    return done(PostResult{std::nullopt, std::string("cannot build the request: ") + e.what()});
  }
  session->run(std::move(done));
}

PosterOptions with_resolver(PosterOptions options) {
  if (!options.resolver) options.resolver = system_host_resolver();
  return options;
}

}  // namespace

struct HttpPoster::Impl {
  const PosterOptions options;
  ssl::context tls{ssl::context::tls_client};
  net::io_context io;  // after tls: sessions left in its queue end before the context does
  // After io, so that their sockets close before it ends. Used on the I/O thread only.
  IdleConnections<beast::tcp_stream> idle_plain{options.idle_timeout, options.idle_per_receiver};
  IdleConnections<TlsStream> idle_tls{options.idle_timeout, options.idle_per_receiver};
  std::mutex mutex;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work;  // guarded by mutex
  std::thread thread;

  explicit Impl(PosterOptions o) : options(with_resolver(std::move(o))) {
    tls.set_default_verify_paths();
    tls.set_verify_mode(ssl::verify_peer);
    if (!options.ca_file.empty()) {
      boost::system::error_code error;
      tls.load_verify_file(options.ca_file, error);
      if (error)
        throw Error(ErrorKind::InvalidArgument, "cannot load CA file " + options.ca_file + ": " + error.message());
    }
    work.emplace(io.get_executor());
    thread = std::thread([this] { io.run(); });
  }
};

HttpPoster::HttpPoster(PosterOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

HttpPoster::~HttpPoster() {
  stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

void HttpPoster::post(PostRequest request, std::function<void(PostResult)> done) {
  {
    std::lock_guard lock(impl_->mutex);
    if (impl_->work) {
      net::post(impl_->io, [impl = impl_.get(), request = std::move(request), done = std::move(done)]() mutable {
        if (request.url.tls)
          start_session(impl->io, impl->tls, impl->options, impl->idle_tls, std::move(request), std::move(done));
        else
          start_session(impl->io, impl->tls, impl->options, impl->idle_plain, std::move(request), std::move(done));
      });
      return;
    }
  }
  done(PostResult{std::nullopt, "the webhook client has stopped"});
}

void HttpPoster::stop() {
  {
    std::lock_guard lock(impl_->mutex);
    if (impl_->work) {
      // Idle connections would keep io.run() going until their idle limit: close them now.
      net::post(impl_->io, [impl = impl_.get()] {
        impl->idle_plain.close_all();
        impl->idle_tls.close_all();
      });
    }
    impl_->work.reset();  // io.run() returns once the sessions in flight have ended
  }
  if (impl_->thread.joinable() && impl_->thread.get_id() != std::this_thread::get_id()) impl_->thread.join();
}

}  // namespace amtsweg::webhook
