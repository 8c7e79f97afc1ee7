#include <gtest/gtest.h>

#include "sporazum/core/text.hpp"
#include "sporazum/core/utf8.hpp"

namespace sporazum::core {
namespace {

const TextRules kQuestion{.field = "text",
                          .maxCodePoints = 500,
                          .allowLineBreaks = true,
                          .allowEmpty = false,
                          .tooLongCode = "text_too_long"};
const TextRules kName{.field = "name",
                      .maxCodePoints = 60,
                      .allowLineBreaks = false,
                      .allowEmpty = true,
                      .tooLongCode = "field_too_long"};

std::string clean(std::string_view input, const TextRules& rules = kQuestion) {
  auto result = sanitizeViewerText(input, rules);
  return result ? *result : "error:" + result.error().code;
}

TEST(ViewerText, ValidatesUtf8Strictly) {
  EXPECT_TRUE(isValidUtf8("Ђаковица Đakovica ë ç 🙂"));
  EXPECT_FALSE(isValidUtf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(isValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(isValidUtf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(isValidUtf8("abc\xE2\x82"));       // truncated
}

TEST(Utf8, EncodesAndDecodesEveryLengthAndRejectsWhatIsMalformed) {
  for (char32_t cp : {U'a', U'\u010D', U'\u0416', U'\u20AC', U'\U0001F642', U'\U0010FFFF'}) {
    std::string bytes;
    appendUtf8(bytes, cp);
    std::size_t pos = 0;
    EXPECT_EQ(decodeUtf8(bytes, pos), cp);
    EXPECT_EQ(pos, bytes.size());
  }
  for (std::string_view bad :
       {"\x80", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x82"}) {
    std::size_t pos = 0;
    EXPECT_EQ(decodeUtf8(bad, pos), kMalformedUtf8) << bad.size();
  }
}

TEST(ViewerText, CountsCodePointsNotBytes) {
  EXPECT_EQ(countCodePoints("Када"), 4U);
  EXPECT_EQ(countCodePoints("🙂"), 1U);
}

TEST(ViewerText, NormalisesToNfc) {
  // "c" + combining caron becomes the single code point "č".
  EXPECT_EQ(clean("c\xCC\x8C"), "\xC4\x8D");
}

TEST(ViewerText, RemovesBidiControlsAndInvisibleCharactersButKeepsJoiners) {
  EXPECT_EQ(clean("a\u202Eb\u200Bc\u2066d\uFEFFe\u00ADf"), "abcdef");
  const std::string family = "\U0001F468\u200D\U0001F469\u200D\U0001F467";
  EXPECT_EQ(clean(family), family);
  EXPECT_EQ(clean("a\u200Cb"), "a\u200Cb");
}

TEST(ViewerText, RefusesControlCharactersButNormalisesLineBreaksAndTabs) {
  EXPECT_EQ(clean("a\x01z"), "error:control_characters");
  EXPECT_EQ(clean("a\x7F"), "error:control_characters");
  EXPECT_EQ(clean("a\r\nb\rc\td"), "a\nb\nc d");
  EXPECT_EQ(clean("a\nb", kName), "error:control_characters");
}

TEST(ViewerText, TrimsUnicodeWhiteSpaceAndRefusesEmptyText) {
  EXPECT_EQ(clean("\u3000 \n pitanje \u00A0\n"), "pitanje");
  EXPECT_EQ(clean(" \n\t\u2003"), "error:empty_text");
  EXPECT_EQ(clean("\u200B\u202E"), "error:empty_text");
  EXPECT_EQ(clean("   ", kName), "");
}

TEST(ViewerText, LimitsLengthInCodePointsAfterCleanUp) {
  std::string exactly500;
  for (int i = 0; i < 500; ++i)
    exactly500 += "ж";
  EXPECT_EQ(clean(exactly500), exactly500);
  EXPECT_EQ(clean(exactly500 + "ж"), "error:text_too_long");
  // Invisible characters do not count against the limit.
  EXPECT_EQ(clean(exactly500 + "\u200B"), exactly500);
  std::string longName(61, 'n');
  EXPECT_EQ(clean(longName, kName), "error:field_too_long");
}

TEST(ViewerText, KeepsMarkupAsPlainCharacters) {
  EXPECT_EQ(clean("<b>hi</b> & <script>"), "<b>hi</b> & <script>");
}

TEST(ViewerText, RefusesInvalidUtf8) {
  EXPECT_EQ(clean("ab\xFF"), "error:invalid_utf8");
}

}  // namespace
}  // namespace sporazum::core
