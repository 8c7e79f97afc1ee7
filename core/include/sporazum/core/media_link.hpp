#pragma once
// Signed links to the archive's proxies: producers get a link that works for a while without a
// login (a video player cannot send the staff session), and nobody can make one for another
// file or a later time without the server's key.

#include <cstdint>
#include <string>
#include <string_view>

#include "sporazum/core/question.hpp"

namespace sporazum::core {

inline constexpr std::string_view kArchiveMediaPath = "/archive/media/";
/// How long a signed link works.
inline constexpr std::int64_t kMediaLinkSeconds = 12 * 3600;

/// "/archive/media/<id>".
std::string openMediaLink(std::int64_t assetId);
/// "/archive/media/<id>?exp=<unix seconds>&sig=<32 hex>": keyed BLAKE2b of the id and expiry.
std::string signedMediaLink(const Digest& key, std::int64_t assetId, std::int64_t expiresAt);
/// Whether `signature` (hex, as in the link) is the key's for this id and expiry, and the
/// expiry is not past at `now`. Compares in constant time.
bool isValidMediaSignature(const Digest& key, std::int64_t assetId, std::int64_t expiresAt,
                           std::string_view signature, std::int64_t now);

}  // namespace sporazum::core
