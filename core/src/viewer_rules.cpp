#include "sporazum/core/viewer_rules.hpp"

#include <array>
#include <cctype>

#include "sporazum/core/text.hpp"

namespace sporazum::core {

bool isSupportedLanguage(std::string_view lang) {
  static constexpr std::array<std::string_view, 4> kLanguages{"sr-Latn", "sr-Cyrl", "sq", "en"};
  for (auto known : kLanguages) {
    if (lang == known) return true;
  }
  return false;
}

bool isValidDeviceToken(std::string_view token) {
  if (token.size() < 16 || token.size() > 128) return false;
  for (unsigned char c : token) {
    if (!std::isalnum(c) && c != '-' && c != '_') return false;
  }
  return true;
}

Result<std::string> canonicalUuid(std::string_view id) {
  if (id.size() != 36) return makeError("bad_field", "id must be a UUID", "id");
  std::string canonical(id);
  for (std::size_t i = 0; i < canonical.size(); ++i) {
    const bool hyphenPlace = i == 8 || i == 13 || i == 18 || i == 23;
    auto c = static_cast<unsigned char>(canonical[i]);
    if (hyphenPlace ? c != '-' : !std::isxdigit(c)) {
      return makeError("bad_field", "id must be a UUID", "id");
    }
    canonical[i] = static_cast<char>(std::tolower(c));
  }
  return canonical;
}

Result<ValidSubmission> validateSubmission(
    const protocol::Submit& submit, const std::set<std::string, std::less<>>& municipalityCodes) {
  auto id = canonicalUuid(submit.id);
  if (!id) return id.error();
  auto text = sanitizeViewerText(submit.text, {.field = "text",
                                               .maxCodePoints = kMaxQuestionChars,
                                               .allowLineBreaks = true,
                                               .allowEmpty = false,
                                               .tooLongCode = "text_too_long"});
  if (!text) return text.error();
  auto name = sanitizeViewerText(submit.name, {.field = "name",
                                               .maxCodePoints = kMaxDisplayNameChars,
                                               .allowLineBreaks = false,
                                               .allowEmpty = true,
                                               .tooLongCode = "field_too_long"});
  if (!name) return name.error();
  if (!submit.municipality.empty() && !municipalityCodes.contains(submit.municipality)) {
    return makeError("unknown_municipality", "municipality is not in the list", "municipality");
  }
  return ValidSubmission{std::move(*id), std::move(*text), std::move(*name), submit.municipality,
                         submit.consentNameOnAir};
}

}  // namespace sporazum::core
