#include "sporazum/autofilter/auto_filter.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace sporazum::autofilter {
namespace {

// Made-up placeholder terms only: the real lexicon is data in assets/, written with care.
constexpr std::string_view kTestLexicon =
    "badword\ten\tabuse\thold\n"
    "ass\ten\tabuse\tflag\n"
    "dumbo*\ten\tinsult\tflag\n"
    "zlorec\tsr\tabuse\thold\n"
    "ђубриште\tsr\tinsult\tflag\n"
    "fjalekeqe\tsq\tabuse\thold\n"
    "go home badword\tany\tthreat\thold\n"
    "shkoni larg*\tsq\tthreat\tflag\n";

std::shared_ptr<const Lexicon> testLexicon() {
  auto lex = Lexicon::parse(kTestLexicon);
  EXPECT_TRUE(lex.ok());
  return std::make_shared<const Lexicon>(std::move(*lex));
}

class AutoFilterTest : public ::testing::Test {
 protected:
  AutoFilter filter_{testLexicon()};

  bool hits(std::string_view text, std::string_view term) const {
    for (const Reason& r : filter_.check(text).reasons) {
      if (r.code == kReasonLexicon && r.term == term) return true;
    }
    return false;
  }
  bool hasReason(std::string_view text, std::string_view code) const {
    for (const Reason& r : filter_.check(text).reasons) {
      if (r.code == code) return true;
    }
    return false;
  }
};

TEST_F(AutoFilterTest, PassesAnInnocentQuestion) {
  const Verdict v = filter_.check("Kada će biti izgrađen novi most u Mitrovici?");
  EXPECT_EQ(v.action, Action::None);
  EXPECT_TRUE(v.reasons.empty());
}

TEST_F(AutoFilterTest, HoldsAWholeWordHitWithItsSpan) {
  const Verdict v = filter_.check("You are a BADWORD, sir");
  EXPECT_EQ(v.action, Action::Hold);
  ASSERT_EQ(v.reasons.size(), 1u);
  EXPECT_EQ(v.reasons[0], (Reason{"lexicon", "abuse", Severity::Hold, "badword", 10, 17}));
}

TEST_F(AutoFilterTest, DoesNotHitInnocentWordsContainingATerm) {
  for (std::string_view text : {"a class on assessment", "badwords are fine", "grass bass",
                                "passing", "zlorecima", "mybadword"}) {
    EXPECT_EQ(filter_.check(text).action, Action::None) << text;
  }
}

TEST_F(AutoFilterTest, PrefixTermsMatchInflectionsButOnlyAtWordStart) {
  EXPECT_TRUE(hits("such dumbos", "dumbo"));
  EXPECT_TRUE(hits("DUMBOEST", "dumbo"));
  EXPECT_FALSE(hits("adumbo", "dumbo"));
  EXPECT_FALSE(hits("dumb", "dumbo"));
}

TEST_F(AutoFilterTest, CyrillicTextHitsALatinEntryAndViceVersa) {
  EXPECT_TRUE(hits("Ти си злорец!", "zlorec"));
  EXPECT_TRUE(hits("ovo je đubrište", "ђубриште"));
  EXPECT_TRUE(hits("ovo je djubriste", "ђубриште"));
}

TEST_F(AutoFilterTest, CatchesEveryEvasion) {
  for (std::string_view text :
       {"zloreč", "ZLOREC", "b\u0430dword", "badw\u03BFrd", "b4dw0rd", "b.a.d.w.o.r.d",
        "b a d w o r d", "b-a-d-w-o-r-d", "b_a_d_w_o_r_d", "bad\u200Bword", "baaaaadwoooord",
        "ｂａｄｗｏｒｄ", "fjalëkeqe", "FJALEKEQE", "fj@lekeqe", "zl0r3c"}) {
    const Verdict v = filter_.check(text);
    EXPECT_NE(v.action, Action::None) << text;
  }
}

TEST_F(AutoFilterTest, KeepsDoubleLettersSoAsIsNotAss) {
  EXPECT_FALSE(hits("as good as it gets", "ass"));
  EXPECT_TRUE(hits("asssss", "ass"));
}

TEST_F(AutoFilterTest, MatchesMultiWordTermsAcrossWords) {
  EXPECT_TRUE(hits("Go   home, b4dword!", "go home badword"));
  EXPECT_FALSE(hits("go to home badword", "go home badword"));
  EXPECT_TRUE(hits("ju lutem shkoni largohuni", "shkoni larg"));
  const Verdict v = filter_.check("go home badword");
  ASSERT_FALSE(v.reasons.empty());
  EXPECT_EQ(v.reasons[0].beginCp, 0u);
  EXPECT_EQ(v.reasons[0].endCp, 15u);
}

TEST_F(AutoFilterTest, HoldBeatsFlag) {
  EXPECT_EQ(filter_.check("dumbo").action, Action::Flag);
  EXPECT_EQ(filter_.check("dumbo badword").action, Action::Hold);
  EXPECT_EQ(filter_.check("badword www.example.com").action, Action::Hold);
}

TEST_F(AutoFilterTest, FlagsLinks) {
  for (std::string_view text : {"see http://x.y/z", "HTTPS://foo", "go to www.spam", "spam.com!",
                                "pogledaj sajt.rs/clanak", "Vidi kurir.RS"}) {
    EXPECT_TRUE(hasReason(text, kReasonLink)) << text;
    EXPECT_EQ(filter_.check(text).action, Action::Flag) << text;
  }
  for (std::string_view text : {"Rekao je.To nije istina", "kraj. com", "3.5 posto", "e.g. this"}) {
    EXPECT_FALSE(hasReason(text, kReasonLink)) << text;
  }
}

TEST_F(AutoFilterTest, FlagsPhoneNumbers) {
  for (std::string_view text :
       {"zovi +383 44 123 456", "044-123-456", "(038) 123 4567", "tel 064/123-4567", "1234567"}) {
    EXPECT_TRUE(hasReason(text, kReasonPhone)) << text;
  }
  for (std::string_view text : {"u 2023. godini", "1 000 000 eura", "od 1389 do 2024", "123 456"}) {
    EXPECT_FALSE(hasReason(text, kReasonPhone)) << text;
  }
}

TEST_F(AutoFilterTest, FlagsShoutingOnlyForLongMostlyCapitalText) {
  EXPECT_TRUE(hasReason("ZAŠTO NIŠTA NE RADITE?", kReasonShouting));
  EXPECT_TRUE(hasReason("ПИТАЊЕ ЗА ГРАДОНАЧЕЛНИКА", kReasonShouting));
  EXPECT_FALSE(hasReason("NATO i EU?", kReasonShouting));
  EXPECT_FALSE(hasReason("Pitanje za NATO i OEBS misije", kReasonShouting));
}

TEST_F(AutoFilterTest, DetectsLanguage) {
  EXPECT_EQ(filter_.detectLanguage("Зашто нема струје?"), Language::Sr);
  EXPECT_EQ(filter_.detectLanguage("Kada će biti put?"), Language::Sr);
  EXPECT_EQ(filter_.detectLanguage("Da li je to istina i kako?"), Language::Sr);
  EXPECT_EQ(filter_.detectLanguage("Pse nuk ka rrymë?"), Language::Sq);
  EXPECT_EQ(filter_.detectLanguage("Pse nuk ka rryme dhe uje?"), Language::Sq);
  EXPECT_EQ(filter_.detectLanguage("What is the plan for the bridge?"), Language::En);
  EXPECT_EQ(filter_.detectLanguage("Why did Vučić say that about the bridge?"), Language::En);
  EXPECT_EQ(filter_.detectLanguage("Bonjour"), Language::Other);
  EXPECT_EQ(filter_.check("Pse nuk ka rrymë?").language, Language::Sq);
}

TEST(AutoFilter, WorksWithoutALexicon) {
  AutoFilter filter(nullptr);
  EXPECT_EQ(filter.check("badword").action, Action::None);
  EXPECT_EQ(filter.check("www.x.com").action, Action::Flag);
}

}  // namespace
}  // namespace sporazum::autofilter
