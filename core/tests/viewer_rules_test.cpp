#include <gtest/gtest.h>

#include "sporazum/core/question.hpp"
#include "sporazum/core/viewer_rules.hpp"

namespace sporazum::core {
namespace {

const std::set<std::string, std::less<>> kMunicipalities{"mitrovica-north", "other"};

protocol::Submit submitWith(std::string text) {
  return protocol::Submit{"0B3C6A52-3F7E-4D35-9D53-2F5A1C9E8B41", std::move(text), " Milica ",
                          "mitrovica-north", true};
}

TEST(ViewerRules, AcceptsAndCleansAValidSubmission) {
  auto result = validateSubmission(submitWith("Pitanje?"), kMunicipalities);
  ASSERT_TRUE(result.ok()) << result.error().code;
  EXPECT_EQ(result->id, "0b3c6a52-3f7e-4d35-9d53-2f5a1c9e8b41");
  EXPECT_EQ(result->name, "Milica");
  EXPECT_TRUE(result->consentNameOnAir);
}

TEST(ViewerRules, RefusesIdsThatAreNotUuids) {
  auto submit = submitWith("Pitanje?");
  for (std::string bad : {"", "0b3c6a52", "0b3c6a52-3f7e-4d35-9d53-2f5a1c9e8b4g",
                          "0b3c6a52x3f7e-4d35-9d53-2f5a1c9e8b41"}) {
    submit.id = bad;
    auto result = validateSubmission(submit, kMunicipalities);
    ASSERT_FALSE(result.ok()) << bad;
    EXPECT_EQ(result.error().code, "bad_field");
    EXPECT_EQ(result.error().field, "id");
  }
}

TEST(ViewerRules, RefusesUnknownMunicipalitiesButAllowsNone) {
  auto submit = submitWith("Pitanje?");
  submit.municipality = "atlantis";
  EXPECT_EQ(validateSubmission(submit, kMunicipalities).error().code, "unknown_municipality");
  submit.municipality = "";
  EXPECT_TRUE(validateSubmission(submit, kMunicipalities).ok());
}

TEST(ViewerRules, ReportsTextErrorsWithStableCodes) {
  EXPECT_EQ(validateSubmission(submitWith("   "), kMunicipalities).error().code, "empty_text");
  EXPECT_EQ(validateSubmission(submitWith(std::string(501, 'x')), kMunicipalities).error().code,
            "text_too_long");
}

TEST(ViewerRules, ChecksDeviceTokensAndLanguages) {
  EXPECT_TRUE(isValidDeviceToken("q2yV0ZB7s1m6lF3aU9kXc4pT8wE5rN2hJ0gD1iY7oQs"));
  EXPECT_FALSE(isValidDeviceToken("short"));
  EXPECT_FALSE(isValidDeviceToken("has spaces in it, sixteen+"));
  EXPECT_FALSE(isValidDeviceToken(std::string(129, 'a')));
  EXPECT_TRUE(isSupportedLanguage("sr-Cyrl"));
  EXPECT_FALSE(isSupportedLanguage("de"));
}

TEST(QuestionStatus, MapsEveryInternalStateToAViewerStatus) {
  EXPECT_EQ(viewerStatusFor("held"), "under_review");
  EXPECT_EQ(viewerStatusFor("queued"), "selected");
  EXPECT_EQ(viewerStatusFor("rejected"), "not_selected");
  EXPECT_EQ(viewerStatusFor("on_air"), "on_air");
  EXPECT_FALSE(viewerStatusFor("exploded").has_value());
}

}  // namespace
}  // namespace sporazum::core
