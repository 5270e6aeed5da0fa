// Keep-alive connections of the webhook client: one open connection to a receiver (plain or TLS)
// and the idle ones kept for reuse, a few per receiver, each closed after an idle limit.
#pragma once

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <type_traits>

namespace amtsweg::webhook {

using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

// Stream is boost::beast::tcp_stream or TlsStream.
template <class Stream>
struct ReceiverConnection {
  ReceiverConnection(boost::asio::io_context& io, boost::asio::ssl::context& tls)
      : stream(make_stream(io, tls)), idle_timer(io) {}

  boost::beast::tcp_stream& tcp() { return boost::beast::get_lowest_layer(stream); }

  void close() {
    boost::beast::error_code ignored;
    tcp().socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
    tcp().close();
  }

  Stream stream;
  boost::beast::flat_buffer buffer;  // bytes read past one response belong to the connection
  boost::asio::steady_timer idle_timer;
  std::uint64_t idle_generation = 0;  // tells a stale idle timeout from the current one

 private:
  static Stream make_stream(boost::asio::io_context& io, boost::asio::ssl::context& tls) {
    if constexpr (std::is_same_v<Stream, TlsStream>)
      return Stream(io, tls);
    else
      return Stream(io);
  }
};

// The idle connections by receiver ("scheme://host:port"). Used on the client's I/O thread only,
// so it needs no lock. A request never waits for a connection: it takes the idle one or opens its
// own, so a slow receiver holds only its own connections.
template <class Stream>
class IdleConnections {
 public:
  using Connection = std::shared_ptr<ReceiverConnection<Stream>>;

  // Idle connections are closed after `idle_limit`; zero keeps none. At most `per_receiver` are
  // kept per receiver, so that a busy receiver's requests reuse connections.
  IdleConnections(std::chrono::milliseconds idle_limit, std::size_t per_receiver)
      : idle_limit_(idle_limit), per_receiver_(per_receiver) {}

  // The receiver's idle connection, now the caller's; null when there is none.
  Connection take(const std::string& receiver) {
    const auto found = idle_.find(receiver);
    if (found == idle_.end()) return nullptr;
    Connection connection = std::move(found->second);
    idle_.erase(found);
    ++connection->idle_generation;
    connection->idle_timer.cancel();
    return connection;
  }

  // Keeps a connection whose last response allowed reuse; closes it instead when the receiver
  // already has `per_receiver` idle ones, when keeping is off, or after close_all().
  void keep(const std::string& receiver, Connection connection) {
    if (closed_ || idle_limit_.count() <= 0 || idle_.count(receiver) >= per_receiver_) return connection->close();
    connection->tcp().expires_never();
    const std::uint64_t generation = ++connection->idle_generation;
    connection->idle_timer.expires_after(idle_limit_);
    connection->idle_timer.async_wait([this, receiver, connection, generation](boost::beast::error_code error) {
      if (error || connection->idle_generation != generation) return;  // taken (or closed) meanwhile
      const auto [first, last] = idle_.equal_range(receiver);
      const auto found = std::find_if(first, last, [&](const auto& entry) { return entry.second == connection; });
      if (found != last) idle_.erase(found);
      connection->close();
    });
    idle_.emplace(receiver, std::move(connection));
  }

  // Closes every idle connection and keeps none from now on (the client is stopping).
  void close_all() {
    closed_ = true;
    for (auto& [receiver, connection] : idle_) {
      ++connection->idle_generation;
      connection->idle_timer.cancel();
      connection->close();
    }
    idle_.clear();
  }

 private:
  const std::chrono::milliseconds idle_limit_;
  const std::size_t per_receiver_;
  std::multimap<std::string, Connection> idle_;
  bool closed_ = false;
};

}  // namespace amtsweg::webhook
