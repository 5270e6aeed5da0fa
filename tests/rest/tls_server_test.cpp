// HTTPS end to end over loopback: the real server with a certificate made in the test, a real TLS
// client; what it must refuse (TLS 1.1, plain HTTP on the TLS port, bad files) and what it must send (HSTS).
#include <catch2/catch.hpp>

#include <openssl/ssl.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <fstream>
#include <thread>

#include "engine/error.hpp"
#include "tests/rest/http_test_client.hpp"
#include "tests/rest/https_test_client.hpp"
#include "tests/rest/server_fixture.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/webhook/self_signed_certificate.hpp"

using namespace amtsweg;
using namespace amtsweg::testing;

namespace {

namespace net = boost::asio;
namespace ssl = net::ssl;

// A certificate and key written to PEM files, as an operator would hand them to `serve`.
struct CertificateFiles {
  CertificateFiles() : identity(make_self_signed_certificate()) {
    std::ofstream(dir.file("cert.pem")) << identity.certificate_pem;
    std::ofstream(dir.file("key.pem")) << identity.private_key_pem;
  }
  rest::TlsFiles files() const { return {dir.file("cert.pem"), dir.file("key.pem")}; }

  TempDir dir;
  TlsIdentity identity;
};

rest::ServerOptions tls_options(const CertificateFiles& certificate) {
  rest::ServerOptions options;
  options.tls = certificate.files();
  return options;
}

// The control for the version test: a server that still accepts TLS 1.0 and 1.1, so a refusal by
// amtsweg is amtsweg's and not this OpenSSL's. Takes one connection, shakes hands, closes.
class PermissiveTlsServer {
 public:
  explicit PermissiveTlsServer(const TlsIdentity& identity)
      : context_(ssl::context::tls_server), acceptor_(io_, {net::ip::make_address("127.0.0.1"), 0}) {
    SSL_CTX_set_security_level(context_.native_handle(), 0);
    SSL_CTX_set_cipher_list(context_.native_handle(), "ALL:@SECLEVEL=0");
    SSL_CTX_set_min_proto_version(context_.native_handle(), TLS1_VERSION);
    context_.use_certificate_chain(net::buffer(identity.certificate_pem));
    context_.use_private_key(net::buffer(identity.private_key_pem), ssl::context::pem);
    thread_ = std::thread([this] {
      ssl::stream<net::ip::tcp::socket> stream(io_, context_);
      boost::system::error_code ignored;
      acceptor_.accept(stream.next_layer(), ignored);
      stream.handshake(ssl::stream_base::server, ignored);
      stream.shutdown(ignored);
    });
  }
  ~PermissiveTlsServer() { thread_.join(); }
  unsigned short port() const { return acceptor_.local_endpoint().port(); }

 private:
  net::io_context io_;
  ssl::context context_;
  net::ip::tcp::acceptor acceptor_;
  std::thread thread_;
};

std::string error_of_server_with(const rest::TlsFiles& files) {
  rest::ServerOptions options;
  options.tls = files;
  try {
    rest::HttpServer server([](const rest::Request&) { return rest::Response{}; }, options);
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::InvalidArgument);
    return error.what();
  }
  FAIL("the server started with " << files.certificate_file << " and " << files.private_key_file);
  return "";
}

}  // namespace

TEST_CASE("TLS: the API answers over HTTPS, verified against its certificate, with HSTS on every response",
          "[rest][tls]") {
  const CertificateFiles certificate;
  ServerFixture fixture(tls_options(certificate));
  const unsigned short port = fixture.server.port();

  HttpReply health = https_request(port, certificate.identity.certificate_pem, "GET", "/api/v1/health");
  CHECK(health.status == 200);
  CHECK(health.headers["Strict-Transport-Security"] == "max-age=31536000");

  HttpReply processes = https_request(port, certificate.identity.certificate_pem, "GET", "/api/v1/processes",
                                      fixture.bearer("admin-giessen"));
  CHECK(processes.status == 200);
  CHECK(processes.body.find("certificate") != std::string::npos);
  CHECK(processes.headers["Strict-Transport-Security"] == "max-age=31536000");

  // Errors too, whether a handler or the server itself answers.
  HttpReply unauthorized = https_request(port, certificate.identity.certificate_pem, "GET", "/api/v1/tasks");
  CHECK(unauthorized.status == 401);
  CHECK(unauthorized.headers["Strict-Transport-Security"] == "max-age=31536000");
  HttpReply too_large = https_request(port, certificate.identity.certificate_pem, "GET", "/api/v1/health",
                                      "X-Padding: " + std::string(20 * 1024, 'x') + "\r\n");
  CHECK(too_large.status == 431);
  CHECK(too_large.headers["Strict-Transport-Security"] == "max-age=31536000");

  // A client that does not trust the certificate gets no connection.
  const TlsIdentity stranger = make_self_signed_certificate();
  CHECK_THROWS_WITH(https_request(port, stranger.certificate_pem, "GET", "/api/v1/health"),
                    Catch::Contains("certificate verify failed"));
}

TEST_CASE("TLS: without TLS the server sends no HSTS header", "[rest][tls]") {
  ServerFixture fixture;
  HttpTestClient client(fixture.server.port());
  HttpReply reply = client.request("GET", "/api/v1/health");
  CHECK(reply.status == 200);
  CHECK(reply.headers.count("Strict-Transport-Security") == 0);
}

TEST_CASE("TLS: 1.2 with a forward-secret AEAD cipher and 1.3 are spoken, 1.1 and 1.0 are refused", "[rest][tls]") {
  const CertificateFiles certificate;
  ServerFixture fixture(tls_options(certificate));
  const unsigned short port = fixture.server.port();

  const auto tls13 = tls_handshake(port, {certificate.identity.certificate_pem});
  REQUIRE(tls13.session);
  CHECK(tls13.session->version == "TLSv1.3");

  const auto tls12 = tls_handshake(port, {certificate.identity.certificate_pem, TLS1_2_VERSION, TLS1_2_VERSION});
  REQUIRE(tls12.session);
  CHECK(tls12.session->version == "TLSv1.2");
  CHECK_THAT(tls12.session->cipher,
             Catch::StartsWith("ECDHE-ECDSA-") && (Catch::Contains("-GCM-") || Catch::Contains("CHACHA20")));

  // A TLS 1.2 client that offers only CBC ciphers (outside the intermediate list) finds no common one.
  TlsClientSettings cbc_only{certificate.identity.certificate_pem, TLS1_2_VERSION, TLS1_2_VERSION};
  cbc_only.cipher_list = "ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA";
  CHECK_FALSE(tls_handshake(port, cbc_only).session);

  for (const int version : {TLS1_1_VERSION, TLS1_VERSION}) {
    CAPTURE(version);
    const TlsClientSettings old_client{certificate.identity.certificate_pem, version, version, true};
    {
      PermissiveTlsServer control(certificate.identity);
      const auto accepted = tls_handshake(control.port(), old_client);
      REQUIRE(accepted.session);  // this client can speak the old version ...
    }
    const auto refused = tls_handshake(port, old_client);  // ... amtsweg will not
    CHECK_FALSE(refused.session);
    CHECK(refused.error.find("version") != std::string::npos);
  }
  // The server is still there for everyone else.
  CHECK(https_request(port, certificate.identity.certificate_pem, "GET", "/api/v1/health").status == 200);
}

TEST_CASE("TLS: plain HTTP on the TLS port gets a 400 in plain HTTP saying so, then the connection closes",
          "[rest][tls]") {
  const CertificateFiles certificate;
  ServerFixture fixture(tls_options(certificate));
  HttpTestClient plain(fixture.server.port());
  HttpReply reply = plain.request("GET", "/api/v1/health");
  CHECK(reply.status == 400);
  CHECK(reply.body.find("\"code\":\"tls_required\"") != std::string::npos);
  CHECK(reply.body.find("https://") != std::string::npos);
  CHECK(reply.headers.count("Strict-Transport-Security") == 0);
  CHECK(plain.closed_by_server());
  CHECK(https_request(fixture.server.port(), certificate.identity.certificate_pem, "GET", "/api/v1/health").status ==
        200);
}

TEST_CASE("TLS: a missing, non-PEM or mismatched certificate or key stops the server, naming the file", "[rest][tls]") {
  const CertificateFiles certificate;
  const CertificateFiles other;
  const std::string missing = certificate.dir.file("missing.pem");
  std::ofstream(certificate.dir.file("garbage.pem")) << "not a certificate\n";
  const std::string garbage = certificate.dir.file("garbage.pem");
  const std::string cert = certificate.files().certificate_file, key = certificate.files().private_key_file;

  CHECK_THAT(error_of_server_with({missing, key}),
             Catch::Contains("TLS certificate file '" + missing + "': no such file"));
  CHECK_THAT(error_of_server_with({cert, missing}),
             Catch::Contains("TLS private key file '" + missing + "': no such file"));
  CHECK_THAT(error_of_server_with({certificate.dir.path().string(), key}), Catch::Contains("not a regular file"));
  CHECK_THAT(error_of_server_with({garbage, key}),
             Catch::Contains("TLS certificate file '" + garbage + "': not a PEM certificate"));
  CHECK_THAT(error_of_server_with({cert, garbage}), Catch::Contains("TLS private key file '" + garbage + "'"));
  CHECK_THAT(error_of_server_with({key, cert}), Catch::Contains("TLS certificate file '" + key + "'"));
  // The key of another certificate.
  CHECK_THAT(error_of_server_with({cert, other.files().private_key_file}),
             Catch::Contains("TLS private key file '" + other.files().private_key_file + "'") && Catch::Contains(cert));
}
