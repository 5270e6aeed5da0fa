// The test receivers (see test_receiver.hpp): a small Beast server in the style of Beast's async
// examples, one session per connection (several requests when kept alive), plain or TLS; and a
// listening socket that never accepts.
#include "tests/webhook/test_receiver.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <type_traits>

namespace amtsweg::testing {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

}  // namespace

struct TestReceiver::Impl {
  Responder respond;
  std::optional<ssl::context> tls;
  net::io_context io;
  tcp::acceptor acceptor{io};
  std::thread thread;
  std::atomic<std::size_t> accepted{0};
  std::atomic<std::int64_t> keep_alive_ms{0};

  mutable std::mutex mutex;
  mutable std::condition_variable arrived;
  std::vector<ReceivedRequest> received;  // guarded by mutex

  // Records the request and chooses the answer.
  int answer(ReceivedRequest request) {
    std::size_t earlier = 0;
    {
      std::lock_guard lock(mutex);
      earlier = received.size();
    }
    const int status = respond ? respond(request, earlier) : 200;
    {
      std::lock_guard lock(mutex);
      received.push_back(std::move(request));
    }
    arrived.notify_all();
    return status;
  }

  void accept();
};

namespace {

template <class Stream>
class ReceiverSession : public std::enable_shared_from_this<ReceiverSession<Stream>> {
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

 public:
  template <class... Args>
  ReceiverSession(TestReceiver::Impl& receiver, Args&&... stream_args)
      : receiver_(receiver), stream_(std::forward<Args>(stream_args)...) {}

  void run() {
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(10));
    if constexpr (kTls) {
      stream_.async_handshake(ssl::stream_base::server, [self = this->shared_from_this()](beast::error_code error) {
        if (!error) self->read();
      });
    } else {
      read();
    }
  }

 private:
  void read() {
    http::async_read(stream_, buffer_, request_,
                     [self = this->shared_from_this()](beast::error_code error, std::size_t) {
                       if (!error) self->respond();
                     });
  }

  void respond() {
    ReceivedRequest received;
    received.method = std::string(request_.method_string());
    received.target = std::string(request_.target());
    for (const auto& field : request_) received.headers[std::string(field.name_string())] = std::string(field.value());
    received.body = request_.body();
    const int status = receiver_.answer(std::move(received));
    response_.result(static_cast<unsigned>(status));
    response_.version(11);
    response_.set(http::field::content_type, "text/plain");
    if (status != 204 && status != 304) response_.body() = status >= 200 && status <= 299 ? "ok" : "receiver says no";
    const std::chrono::milliseconds idle(receiver_.keep_alive_ms.load());
    const bool keep = idle.count() > 0 && request_.keep_alive();
    response_.keep_alive(keep);
    response_.prepare_payload();
    http::async_write(stream_, response_,
                      [self = this->shared_from_this(), keep, idle](beast::error_code error, std::size_t) {
                        if (!error && keep) return self->next(idle);
                        beast::error_code ignored;
                        beast::get_lowest_layer(self->stream_).socket().shutdown(tcp::socket::shutdown_both, ignored);
                      });
  }

  // Waits for the next request on a kept connection; the stream's deadline closes it when idle.
  void next(std::chrono::milliseconds idle) {
    request_ = {};
    response_ = {};
    beast::get_lowest_layer(stream_).expires_after(idle);
    read();
  }

  TestReceiver::Impl& receiver_;
  Stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
};

}  // namespace

void TestReceiver::Impl::accept() {
  acceptor.async_accept([this](beast::error_code error, tcp::socket socket) {
    if (error) return;  // closed: the receiver is ending
    ++accepted;
    if (tls)
      std::make_shared<ReceiverSession<TlsStream>>(*this, std::move(socket), *tls)->run();
    else
      std::make_shared<ReceiverSession<beast::tcp_stream>>(*this, std::move(socket))->run();
    accept();
  });
}

TestReceiver::TestReceiver(Responder respond, std::optional<TlsIdentity> tls, unsigned short port)
    : impl_(std::make_unique<Impl>()) {
  impl_->respond = std::move(respond);
  if (tls) {
    impl_->tls.emplace(ssl::context::tls_server);
    impl_->tls->use_certificate_chain(net::buffer(tls->certificate_pem));
    impl_->tls->use_private_key(net::buffer(tls->private_key_pem), ssl::context::pem);
  }
  const tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), port);
  impl_->acceptor.open(endpoint.protocol());
  impl_->acceptor.set_option(net::socket_base::reuse_address(true));
  impl_->acceptor.bind(endpoint);
  impl_->acceptor.listen();
  impl_->accept();
  impl_->thread = std::thread([impl = impl_.get()] { impl->io.run(); });
}

TestReceiver::~TestReceiver() {
  impl_->io.stop();
  impl_->thread.join();
}

unsigned short TestReceiver::port() const { return impl_->acceptor.local_endpoint().port(); }

std::string TestReceiver::url() const {
  return std::string(impl_->tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(port()) + "/hook";
}

std::vector<ReceivedRequest> TestReceiver::requests() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->received;
}

std::size_t TestReceiver::connections() const { return impl_->accepted.load(); }

void TestReceiver::keep_alive(std::chrono::milliseconds idle) { impl_->keep_alive_ms.store(idle.count()); }

bool TestReceiver::wait_for(std::size_t count, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->mutex);
  return impl_->arrived.wait_for(lock, timeout, [&] { return impl_->received.size() >= count; });
}

namespace {

// A TCP socket bound to 127.0.0.1 on an ephemeral port; returns the socket and its port.
std::pair<int, unsigned short> bound_socket() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    throw std::runtime_error("bind() failed");
  }
  return {fd, ntohs(address.sin_port)};
}

}  // namespace

SilentReceiver::SilentReceiver() {
  std::tie(socket_, port_) = bound_socket();
  if (::listen(socket_, 64) != 0) throw std::runtime_error("listen() failed");
}

SilentReceiver::~SilentReceiver() { ::close(socket_); }

std::string SilentReceiver::url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }

unsigned short unused_port() {
  const auto [fd, port] = bound_socket();
  ::close(fd);
  return port;
}

}  // namespace amtsweg::testing
