// Random hex from OpenSSL's CSPRNG (see random_hex.hpp).
#include "engine/runtime/random_hex.hpp"

#include <openssl/rand.h>

#include <vector>

#include "engine/error.hpp"

namespace amtsweg {

std::string random_hex(std::size_t count) {
  std::vector<unsigned char> bytes(count);
  if (RAND_bytes(bytes.data(), static_cast<int>(count)) != 1) throw Error(ErrorKind::Io, "no randomness available");
  static constexpr char hex[] = "0123456789abcdef";
  std::string text;
  text.reserve(2 * count);
  for (unsigned char b : bytes) text += {hex[b >> 4], hex[b & 0xf]};
  return text;
}

}  // namespace amtsweg
