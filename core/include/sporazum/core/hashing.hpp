#pragma once
// Keyed hashing of device tokens and addresses: the database only ever sees digests.

#include <string_view>

#include "sporazum/core/question.hpp"

namespace sporazum::core {

/// Keyed BLAKE2b-256 (libsodium crypto_generichash) of `value` under `key`, with a domain label so
/// a device digest can never equal an address digest.
Digest keyedDigest(const Digest& key, std::string_view domain, std::string_view value);

/// Lower-case hex of a digest.
std::string toHex(const Digest& digest);

}  // namespace sporazum::core
