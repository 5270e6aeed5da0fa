// The HTTPS test client (see https_test_client.hpp): synchronous Beast calls, one connection each.
#include "tests/rest/https_test_client.hpp"

#include <openssl/ssl.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <stdexcept>

namespace amtsweg::testing {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

ssl::context client_context(const TlsClientSettings& settings) {
  ssl::context context(ssl::context::tls_client);
  SSL_CTX* native = context.native_handle();
  if (settings.legacy) {
    SSL_CTX_set_security_level(native, 0);
    SSL_CTX_set_cipher_list(native, "ALL:@SECLEVEL=0");
  }
  if (!settings.cipher_list.empty()) SSL_CTX_set_cipher_list(native, settings.cipher_list.c_str());
  if (settings.min_version) SSL_CTX_set_min_proto_version(native, settings.min_version);
  if (settings.max_version) SSL_CTX_set_max_proto_version(native, settings.max_version);
  if (!settings.ca_pem.empty()) {
    context.add_certificate_authority(net::buffer(settings.ca_pem));
    context.set_verify_mode(ssl::verify_peer);
  }
  return context;
}

// Connects and shakes hands; the caller owns the stream.
void connect(beast::ssl_stream<beast::tcp_stream>& stream, unsigned short port) {
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
  beast::get_lowest_layer(stream).connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  // Verify the name the certificate was made for (IP:127.0.0.1), as a browser would.
  SSL_set1_host(stream.native_handle(), "127.0.0.1");
  stream.handshake(ssl::stream_base::client);
}

}  // namespace

HandshakeOutcome tls_handshake(unsigned short port, const TlsClientSettings& settings) {
  net::io_context io;
  ssl::context context = client_context(settings);
  beast::ssl_stream<beast::tcp_stream> stream(io, context);
  HandshakeOutcome outcome;
  try {
    connect(stream, port);
  } catch (const boost::system::system_error& e) {
    outcome.error = e.what();
    return outcome;
  }
  outcome.session = TlsSession{SSL_get_version(stream.native_handle()),
                               SSL_CIPHER_get_name(SSL_get_current_cipher(stream.native_handle()))};
  beast::error_code ignored;
  stream.shutdown(ignored);
  return outcome;
}

HttpReply https_request(unsigned short port, const std::string& ca_pem, const std::string& method,
                        const std::string& target, const std::string& extra_headers) {
  net::io_context io;
  ssl::context context = client_context(TlsClientSettings{ca_pem});
  beast::ssl_stream<beast::tcp_stream> stream(io, context);
  try {
    connect(stream, port);
    const std::string text =
        HttpTestClient::format_request(method, target, "", extra_headers + "Connection: close\r\n");
    net::write(stream, net::buffer(text));
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(stream, buffer, response);
    HttpReply reply;
    reply.status = static_cast<int>(response.result_int());
    for (const auto& field : response) reply.headers[std::string(field.name_string())] = std::string(field.value());
    reply.body = response.body();
    beast::error_code ignored;
    stream.shutdown(ignored);
    return reply;
  } catch (const boost::system::system_error& e) {
    throw std::runtime_error(std::string("https request failed: ") + e.what());
  }
}

}  // namespace amtsweg::testing
