// A self-signed certificate made at test time with OpenSSL's API, for an HTTPS receiver on
// 127.0.0.1 that a client trusts by loading the certificate as its CA file.
#pragma once

#include "tests/webhook/test_receiver.hpp"

namespace amtsweg::testing {

// An EC P-256 key and a certificate for "IP:127.0.0.1, DNS:localhost", valid for a day, which is
// its own CA. Throws std::runtime_error when OpenSSL fails.
TlsIdentity make_self_signed_certificate();

}  // namespace amtsweg::testing
