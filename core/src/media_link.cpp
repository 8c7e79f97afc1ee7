#include "sporazum/core/media_link.hpp"

#include "sporazum/core/hashing.hpp"

namespace sporazum::core {
namespace {

/// 128 bits of the digest are plenty for a link that expires within hours.
constexpr std::size_t kSignatureHexChars = 32;

std::string signatureOf(const Digest& key, std::int64_t assetId, std::int64_t expiresAt) {
  const Digest digest = keyedDigest(key, "archive-media-link",
                                    std::to_string(assetId) + ":" + std::to_string(expiresAt));
  return toHex(digest).substr(0, kSignatureHexChars);
}

}  // namespace

std::string openMediaLink(std::int64_t assetId) {
  return std::string(kArchiveMediaPath) + std::to_string(assetId);
}

std::string signedMediaLink(const Digest& key, std::int64_t assetId, std::int64_t expiresAt) {
  return openMediaLink(assetId) + "?exp=" + std::to_string(expiresAt) +
         "&sig=" + signatureOf(key, assetId, expiresAt);
}

bool isValidMediaSignature(const Digest& key, std::int64_t assetId, std::int64_t expiresAt,
                           std::string_view signature, std::int64_t now) {
  if (expiresAt < now || signature.size() != kSignatureHexChars) return false;
  const std::string expected = signatureOf(key, assetId, expiresAt);
  unsigned char difference = 0;
  for (std::size_t i = 0; i < kSignatureHexChars; ++i)
    difference |= static_cast<unsigned char>(expected[i] ^ signature[i]);
  return difference == 0;
}

}  // namespace sporazum::core
