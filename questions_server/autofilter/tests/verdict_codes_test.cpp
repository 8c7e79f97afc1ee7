#include "sporazum/autofilter/verdict_codes.hpp"

#include <gtest/gtest.h>

namespace sporazum::autofilter {
namespace {

TEST(VerdictCodes, NamesActionsAndLanguagesAsTheProtocolDoes) {
  EXPECT_EQ(actionCode(Action::None), "none");
  EXPECT_EQ(actionCode(Action::Flag), "flag");
  EXPECT_EQ(actionCode(Action::Hold), "hold");
  EXPECT_EQ(languageCode(Language::Sr), "sr");
  EXPECT_EQ(languageCode(Language::Sq), "sq");
  EXPECT_EQ(languageCode(Language::En), "en");
  EXPECT_EQ(languageCode(Language::Other), "other");
}

TEST(VerdictCodes, WritesReasonsAsCompactJsonInTheDocumentedKeyOrder) {
  Verdict verdict;
  verdict.action = Action::Hold;
  verdict.reasons.push_back(
      Reason{std::string(kReasonLexicon), "slur", Severity::Hold, "злоречко", 3, 9});
  verdict.reasons.push_back(Reason{std::string(kReasonLink), "", Severity::Flag, "", 12, 27});
  EXPECT_EQ(reasonsJson(verdict),
            R"([{"code":"lexicon","category":"slur","term":"злоречко","begin":3,"end":9},)"
            R"({"code":"link","begin":12,"end":27}])");
}

TEST(VerdictCodes, WritesAnEmptyArrayForNoReasons) {
  EXPECT_EQ(reasonsJson(Verdict{}), "[]");
}

TEST(VerdictCodes, ReplacesInvalidUtf8InATerm) {
  Verdict verdict;
  verdict.reasons.push_back(
      Reason{std::string(kReasonLexicon), "abuse", Severity::Flag, "bad\xFF", 0, 3});
  EXPECT_EQ(reasonsJson(verdict),
            "[{\"code\":\"lexicon\",\"category\":\"abuse\",\"term\":\"bad\xEF\xBF\xBD\","
            "\"begin\":0,\"end\":3}]");
}

}  // namespace
}  // namespace sporazum::autofilter
