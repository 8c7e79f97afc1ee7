#include "sporazum/autofilter/normalizer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace sporazum::autofilter {
namespace {

std::vector<std::string> words(Normalizer& n, std::string_view text) {
  std::vector<std::string> out;
  for (const Token& t : n.tokens(text)) {
    if (t.kind == TokenKind::Word) out.push_back(t.text);
  }
  return out;
}

bool hasToken(Normalizer& n, std::string_view text, std::string_view word) {
  const auto toks = n.tokens(text);
  return std::any_of(toks.begin(), toks.end(), [&](const Token& t) { return t.text == word; });
}

TEST(Normalizer, LowerCasesAndSplitsOnIcuWordBoundaries) {
  Normalizer n;
  EXPECT_EQ(words(n, "Zašto, GOSPODINE? Pitanje!"),
            (std::vector<std::string>{"zasto", "gospodine", "pitanje"}));
}

TEST(Normalizer, TransliteratesSerbianCyrillicToLatin) {
  Normalizer n;
  EXPECT_EQ(
      words(n, "Џеп ђак љубав њива ћуп чаша шума жаба"),
      (std::vector<std::string>{"dzep", "djak", "ljubav", "njiva", "cup", "casa", "suma", "zaba"}));
}

TEST(Normalizer, CyrillicAndLatinSpellingsMeet) {
  Normalizer n;
  EXPECT_EQ(n.normalizeTerm("Злоречко"), n.normalizeTerm("zlorečko"));
  EXPECT_EQ(n.normalizeTerm("ђубре"), n.normalizeTerm("Đubre"));
  EXPECT_EQ(n.normalizeTerm("djubre"), n.normalizeTerm("Đubre"));
}

TEST(Normalizer, FoldsSerbianAndAlbanianDiacritics) {
  Normalizer n;
  EXPECT_EQ(words(n, "č ć đ ž š ë ç Ë Ç"),
            (std::vector<std::string>{"c", "c", "dj", "z", "s", "e", "c", "e", "c"}));
  EXPECT_EQ(words(n, "çfarë është"), (std::vector<std::string>{"cfare", "eshte"}));
}

TEST(Normalizer, StripsStackedCombiningMarks) {
  Normalizer n;
  EXPECT_EQ(words(n, "b\u0301a\u0308\u0308d"), (std::vector<std::string>{"bad"}));
}

TEST(Normalizer, AppliesNfkcToFullWidthAndStyledLetters) {
  Normalizer n;
  EXPECT_EQ(words(n, "ｂａｄｗｏｒｄ"), (std::vector<std::string>{"badword"}));
  EXPECT_EQ(words(n, "\U0001D41B\U0001D41A\U0001D41D"), (std::vector<std::string>{"bad"}));
}

TEST(Normalizer, MapsLookAlikeLettersFromOtherScriptsInsideALatinWord) {
  Normalizer n;
  EXPECT_EQ(words(n, "b\u0430dword"), (std::vector<std::string>{"badword"}));    // Cyrillic а
  EXPECT_EQ(words(n, "badw\u03BFrd"), (std::vector<std::string>{"badword"}));    // Greek ο
  EXPECT_EQ(words(n, "\u0440ussycat"), (std::vector<std::string>{"pussycat"}));  // Cyrillic р
}

TEST(Normalizer, KeepsAllCyrillicLookAlikeSpellingAsAVariant) {
  Normalizer n;
  // "сору" is all Cyrillic: read as Serbian ("soru") and also as the look-alike "copy".
  EXPECT_TRUE(hasToken(n, "сору", "soru"));
  EXPECT_TRUE(hasToken(n, "сору", "copy"));
}

TEST(Normalizer, LeavesOrdinaryLatinTextUnchangedBySkeletons) {
  Normalizer n;
  // Skeletons would turn "m" into "rn" and "l" into "I"; Latin letters are never skeletonised.
  EXPECT_EQ(words(n, "million illegal modem"),
            (std::vector<std::string>{"million", "illegal", "modem"}));
}

TEST(Normalizer, ReadsDigitsAndSignsAsLettersInsideWords) {
  Normalizer n;
  EXPECT_EQ(words(n, "b4dw0rd z1or3c 5ki7 $lur sh@me"),
            (std::vector<std::string>{"badword", "ziorec", "skit", "slur", "shame"}));
}

TEST(Normalizer, LeavesStandaloneNumbersAlone) {
  Normalizer n;
  EXPECT_EQ(words(n, "2024 i 1389 $5"), (std::vector<std::string>{"2024", "i", "1389", "5"}));
}

TEST(Normalizer, JoinsSingleLettersAcrossARepeatedSeparator) {
  Normalizer n;
  for (std::string_view text : {"s.l.u.r", "s l u r", "s-l-u-r", "s_l_u_r", "S . L . U . R"}) {
    EXPECT_TRUE(hasToken(n, text, "slur")) << text;
  }
  EXPECT_TRUE(hasToken(n, "b 4 d", "bad"));
}

TEST(Normalizer, DoesNotJoinAcrossMixedSeparatorsOrTwoLetters) {
  Normalizer n;
  EXPECT_FALSE(hasToken(n, "s.l-u r", "slur"));
  EXPECT_FALSE(hasToken(n, "i u", "iu"));
}

TEST(Normalizer, SplitsWordsAtApostrophes) {
  Normalizer n;
  EXPECT_EQ(words(n, "d'badword it\u2019s"), (std::vector<std::string>{"d", "badword", "it", "s"}));
}

TEST(Normalizer, GluesChunksBackAcrossOneInWordSeparator) {
  Normalizer n;
  for (std::string_view text : {"bad-word", "bad.wo.rd", "b*dword", "ba\u00B7dword", "bad_word"}) {
    EXPECT_TRUE(hasToken(n, text, "badword") || hasToken(n, text, "bdword")) << text;
  }
  EXPECT_TRUE(hasToken(n, "z-lore-c", "zlorec"));
  EXPECT_FALSE(hasToken(n, "bad - word", "badword"));
  EXPECT_FALSE(hasToken(n, "bad, word", "badword"));
}

TEST(Normalizer, ReadsALatinLookAlikeInsideACyrillicWord) {
  Normalizer n;
  EXPECT_TRUE(hasToken(n, "злор\u0065ц", "zlorec"));  // Latin e among Cyrillic letters
  EXPECT_TRUE(hasToken(n, "b\u0430dword", "badword"));
}

TEST(Normalizer, ReadsFourAsAAndAsCWhichItImitatesInSerbian) {
  Normalizer n;
  EXPECT_EQ(words(n, "zlore4"), (std::vector<std::string>{"zlorea"}));
  EXPECT_TRUE(hasToken(n, "zlore4", "zlorec"));
  EXPECT_FALSE(hasToken(n, "2024", "2c2c"));
}

TEST(Normalizer, DropsZeroWidthCharacters) {
  Normalizer n;
  EXPECT_EQ(words(n, "bad\u200Bwo\u200Drd\u00AD\u2060"), (std::vector<std::string>{"badword"}));
}

TEST(Normalizer, SqueezesRepeatedLettersToTwoWithAOneLetterVariant) {
  Normalizer n;
  const auto toks = n.tokens("baaaaadword");
  ASSERT_EQ(toks.size(), 2u);
  EXPECT_EQ(toks[0].text, "baadword");
  EXPECT_EQ(toks[1].text, "badword");
  EXPECT_EQ(toks[1].kind, TokenKind::Variant);
  EXPECT_EQ(words(n, "class assessment"), (std::vector<std::string>{"class", "assessment"}));
}

TEST(Normalizer, MapsTokensBackToOriginalCodePoints) {
  Normalizer n;
  const auto toks = n.tokens("Ćao, b\u200Bad đak");
  ASSERT_EQ(toks.size(), 3u);
  EXPECT_EQ(toks[1].text, "bad");
  EXPECT_EQ(toks[1].beginCp, 5u);
  EXPECT_EQ(toks[1].endCp, 9u);
  EXPECT_EQ(toks[2].beginCp, 10u);
  EXPECT_EQ(toks[2].endCp, 13u);
}

TEST(Normalizer, SurvivesInvalidUtf8) {
  Normalizer n;
  EXPECT_EQ(words(n, std::string("ok\xC3 bad\xFF")), (std::vector<std::string>{"ok", "bad"}));
}

}  // namespace
}  // namespace sporazum::autofilter
