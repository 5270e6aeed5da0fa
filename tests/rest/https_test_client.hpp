// A blocking HTTPS client for the TLS tests (Beast over OpenSSL, 127.0.0.1 only): one request
// verified against a given CA, or only a handshake with chosen protocol versions.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "tests/rest/http_test_client.hpp"

namespace amtsweg::testing {

struct TlsClientSettings {
  // A constructor rather than aggregate initialisation, so that the cipher list may be left out.
  TlsClientSettings(std::string ca = {}, int min = 0, int max = 0, bool legacy_levels = false)
      : ca_pem(std::move(ca)), min_version(min), max_version(max), legacy(legacy_levels) {}

  std::string ca_pem;       // the server certificate is verified against this CA (empty: not verified)
  int min_version = 0;      // e.g. TLS1_1_VERSION; 0: OpenSSL's default
  int max_version = 0;      // 0: the newest
  bool legacy = false;      // security level 0, so that this OpenSSL may offer TLS 1.0 and 1.1 at all
  std::string cipher_list;  // TLS 1.2 and older: the ciphers offered (empty: OpenSSL's default)
};

// What a finished handshake agreed on.
struct TlsSession {
  std::string version;  // "TLSv1.2", "TLSv1.3"
  std::string cipher;   // OpenSSL's name, e.g. "ECDHE-ECDSA-AES128-GCM-SHA256"
};

// The handshake with 127.0.0.1:port, then a close. Returns what was agreed, or the handshake's
// error message in `error`.
struct HandshakeOutcome {
  std::optional<TlsSession> session;
  std::string error;
};
HandshakeOutcome tls_handshake(unsigned short port, const TlsClientSettings& settings);

// One request over HTTPS (Connection: close) with `extra_headers` ("Name: value\r\n" lines);
// throws std::runtime_error when the handshake or the exchange fails.
HttpReply https_request(unsigned short port, const std::string& ca_pem, const std::string& method,
                        const std::string& target, const std::string& extra_headers = "");

}  // namespace amtsweg::testing
