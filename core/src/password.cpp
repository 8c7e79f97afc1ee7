#include "sporazum/core/password.hpp"

#include <sodium.h>

#include <array>
#include <mutex>
#include <stdexcept>

#include "sporazum/core/text.hpp"

namespace sporazum::core {
namespace {

void initSodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  });
}

/// Made once per process from a random password, so it matches nothing a client can send.
const std::string& dummyHash() {
  static const std::string hash = [] {
    initSodium();
    std::array<unsigned char, 16> random{};
    randombytes_buf(random.data(), random.size());
    std::array<char, crypto_pwhash_STRBYTES> out{};
    if (crypto_pwhash_str(out.data(), reinterpret_cast<const char*>(random.data()), random.size(),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
      throw std::runtime_error("out of memory for the password hash");
    }
    return std::string(out.data());
  }();
  return hash;
}

}  // namespace

Result<bool> checkPasswordRules(std::string_view password) {
  if (password.size() > kMaxPasswordBytes) {
    return makeError("field_too_long", "a password is at most 256 bytes", "password");
  }
  if (!isValidUtf8(password))
    return makeError("bad_field", "the password is not UTF-8", "password");
  if (countCodePoints(password) < kMinPasswordChars) {
    return makeError("weak_password", "a password needs at least 10 characters", "password");
  }
  return true;
}

std::string hashPassword(std::string_view password) {
  initSodium();
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("out of memory for the password hash");
  }
  return std::string(out.data());
}

bool verifyPassword(std::string_view storedHash, std::string_view password) {
  initSodium();
  const bool isUsable = !storedHash.empty() && storedHash.size() < crypto_pwhash_STRBYTES &&
                        storedHash.starts_with("$argon2id$");
  const std::string hash(isUsable ? storedHash : std::string_view(dummyHash()));
  const bool matches =
      crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
  return isUsable && matches;
}

void wipeSecret(std::string& secret) {
  sodium_memzero(secret.data(), secret.size());
  secret.clear();
}

std::string newSessionToken() {
  initSodium();
  std::array<unsigned char, 32> random{};
  randombytes_buf(random.data(), random.size());
  std::array<char, 64> out{};
  sodium_bin2base64(out.data(), out.size(), random.data(), random.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return std::string(out.data());
}

Digest sessionTokenDigest(std::string_view token) {
  Digest digest{};
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr,
                     0);
  return digest;
}

}  // namespace sporazum::core
