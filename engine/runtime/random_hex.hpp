// Unguessable identifiers and secrets: random bytes from OpenSSL's CSPRNG, written in hex.
// Ids of cases, tasks and webhooks must not be guessable across tenants; tokens and secrets not at all.
#pragma once

#include <cstddef>
#include <string>

namespace amtsweg {

// `count` random bytes as 2 * count lower-case hex digits. Throws Error{Io} when the system has
// no randomness to give. Thread-safe.
std::string random_hex(std::size_t count);

}  // namespace amtsweg
