#include "sporazum/core/hashing.hpp"

#include <sodium.h>

#include <stdexcept>
#include <string>

namespace sporazum::core {

Digest keyedDigest(const Digest& key, std::string_view domain, std::string_view value) {
  crypto_generichash_state state;
  if (crypto_generichash_init(&state, key.data(), key.size(), crypto_generichash_BYTES) != 0) {
    throw std::runtime_error("crypto_generichash_init failed");
  }
  const unsigned char separator = 0;
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(domain.data()),
                            domain.size());
  crypto_generichash_update(&state, &separator, 1);
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(value.data()),
                            value.size());
  Digest digest{};
  crypto_generichash_final(&state, digest.data(), digest.size());
  return digest;
}

std::string toHex(const Digest& digest) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(digest.size() * 2);
  for (auto byte : digest) {
    out.push_back(kHex[byte >> 4U]);
    out.push_back(kHex[byte & 0x0FU]);
  }
  return out;
}

}  // namespace sporazum::core
