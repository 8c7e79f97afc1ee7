#pragma once
// Staff credentials: Argon2id password hashes and session tokens (libsodium). Hashing is slow and
// memory-hard on purpose: call it off the I/O thread.

#include <string>
#include <string_view>

#include "sporazum/core/question.hpp"
#include "sporazum/core/result.hpp"

namespace sporazum::core {

inline constexpr std::size_t kMinPasswordChars = 10;
inline constexpr std::size_t kMaxPasswordBytes = 256;

/// Refuses passwords that are too short (under 10 code points), too long (over 256 bytes) or not
/// UTF-8. Error codes: weak_password, field_too_long, bad_field.
Result<bool> checkPasswordRules(std::string_view password);

/// Argon2id hash in libsodium's string form (salt and costs embedded), with the "interactive" costs
/// (about 0.1 s and 64 MiB): logins are online, one at a time. Throws std::runtime_error when the
/// memory cannot be had.
std::string hashPassword(std::string_view password);

/// True when `password` matches `storedHash`. An empty or malformed storedHash checks against a
/// fixed dummy hash and returns false, so a missing account costs as much time as a wrong password.
bool verifyPassword(std::string_view storedHash, std::string_view password);

/// Overwrites a secret in memory (the compiler may not optimise it away), then empties it.
void wipeSecret(std::string& secret);

/// A new session token: 32 random bytes in base64url without padding (43 characters).
std::string newSessionToken();

/// The digest under which a session token is stored (unkeyed BLAKE2b-256: a token has 256 bits
/// of entropy, so no key or salt is needed).
Digest sessionTokenDigest(std::string_view token);

}  // namespace sporazum::core
