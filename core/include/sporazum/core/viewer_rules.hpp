#pragma once
// What a viewer's hello and submit may contain (protocol.md, "Viewer -> server").

#include <cstddef>
#include <set>
#include <string>
#include <string_view>

#include "sporazum/core/protocol.hpp"
#include "sporazum/core/result.hpp"

namespace sporazum::core {

inline constexpr std::size_t kMaxQuestionChars = 500;
inline constexpr std::size_t kMaxDisplayNameChars = 60;

/// Interface languages of the viewer page.
inline constexpr std::string_view kDefaultLanguage = "sr-Latn";
bool isSupportedLanguage(std::string_view lang);

/// A device token: 16–128 characters of base64url.
bool isValidDeviceToken(std::string_view token);

/// Lower-case canonical UUID text, or an error when `id` is not a UUID.
Result<std::string> canonicalUuid(std::string_view id);

/// A submission that passed every rule; text and name are cleaned.
struct ValidSubmission {
  std::string id;
  std::string text;
  std::string name;
  std::string municipality;
  bool consentNameOnAir = false;
};

/// Checks and cleans a submit message. `municipalityCodes` is the list from assets/.
Result<ValidSubmission> validateSubmission(
    const protocol::Submit& submit, const std::set<std::string, std::less<>>& municipalityCodes);

}  // namespace sporazum::core
