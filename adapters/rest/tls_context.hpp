// The server's TLS settings: an OpenSSL context from PEM certificate and key files, TLS 1.2 and
// newer only, Mozilla's "intermediate" ciphers, no compression, no renegotiation.
#pragma once

#include <memory>
#include <string>

namespace boost::asio::ssl {
class context;
}

namespace amtsweg::rest {

// Where the server's certificate (chain) and private key are, both PEM.
struct TlsFiles {
  std::string certificate_file;  // the leaf certificate first, then its intermediates
  std::string private_key_file;
};

// The HSTS header sent on every response when TLS is on: browsers then use https only, for a year.
inline constexpr const char* kStrictTransportSecurity = "max-age=31536000";

// A server context for `files`. Throws Error{InvalidArgument} naming the file when one is missing,
// unreadable, not PEM, or when the key does not belong to the certificate.
std::unique_ptr<boost::asio::ssl::context> make_server_tls_context(const TlsFiles& files);
// Throws as make_server_tls_context() does; for a check before anything else starts.
void check_tls_files(const TlsFiles& files);

}  // namespace amtsweg::rest
