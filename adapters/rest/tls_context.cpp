// Builds the server's OpenSSL context (see tls_context.hpp), checking the files first so that a
// bad one stops the start with a message naming it instead of failing every handshake later.
#include "adapters/rest/tls_context.hpp"

#include <openssl/ssl.h>

#include <boost/asio/ssl/context.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "engine/error.hpp"

namespace amtsweg::rest {
namespace {

namespace ssl = boost::asio::ssl;

// Mozilla's "intermediate" configuration (TLS 1.2 part; TLS 1.3 keeps OpenSSL's three AEAD
// suites, which are the same list): forward secrecy and AEAD ciphers only. The DHE suites of the
// list are left out because they need DH parameters that nobody would maintain.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
constexpr const char* kGroups = "X25519:prime256v1:secp384r1";

Error bad_file(const std::string& what, const std::string& path, const std::string& problem) {
  return Error(ErrorKind::InvalidArgument, what + " '" + path + "': " + problem);
}

// Refuses a path that is no readable regular file, with the reason the system gives.
void check_readable(const std::string& what, const std::string& path) {
  if (path.empty()) throw Error(ErrorKind::InvalidArgument, what + ": no file given");
  std::error_code error;
  if (!std::filesystem::exists(path, error)) throw bad_file(what, path, "no such file");
  if (!std::filesystem::is_regular_file(path, error)) throw bad_file(what, path, "not a regular file");
  const std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) throw bad_file(what, path, std::string("cannot be read: ") + std::strerror(errno));
}

void restrict_protocols(ssl::context& context) {
  context.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                      ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::no_compression |
                      ssl::context::single_dh_use);
  SSL_CTX* native = context.native_handle();
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  // Renegotiation lets a client make the server redo expensive handshakes on one connection.
  SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION);
  if (SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1 || SSL_CTX_set1_groups_list(native, kGroups) != 1)
    throw Error(ErrorKind::InvalidArgument, "this OpenSSL does not offer the ciphers of Mozilla's intermediate list");
}

}  // namespace

std::unique_ptr<ssl::context> make_server_tls_context(const TlsFiles& files) {
  check_readable("TLS certificate file", files.certificate_file);
  check_readable("TLS private key file", files.private_key_file);
  auto owned = std::make_unique<ssl::context>(ssl::context::tls_server);
  ssl::context& context = *owned;
  restrict_protocols(context);
  boost::system::error_code error;
  context.use_certificate_chain_file(files.certificate_file, error);
  if (error)
    throw bad_file("TLS certificate file", files.certificate_file, "not a PEM certificate (" + error.message() + ")");
  context.use_private_key_file(files.private_key_file, ssl::context::pem, error);
  if (error)
    throw bad_file(
        "TLS private key file", files.private_key_file,
        "not a PEM private key for the certificate in '" + files.certificate_file + "' (" + error.message() + ")");
  if (SSL_CTX_check_private_key(context.native_handle()) != 1)
    throw bad_file("TLS private key file", files.private_key_file,
                   "does not belong to the certificate in '" + files.certificate_file + "'");
  return owned;
}

void check_tls_files(const TlsFiles& files) { make_server_tls_context(files); }

}  // namespace amtsweg::rest
