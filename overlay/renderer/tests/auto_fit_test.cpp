// Auto-fit of the question: largest size first, more lines, then smaller sizes, then an honest
// does_not_fit.

#include <gtest/gtest.h>

#include "test_support.hpp"
#include "text.hpp"

namespace sporazum::overlay {
namespace {

using testing::k1080;
using testing::loadRenderer;

constexpr double kMaxSizePx = 46;  // assets/templates/question.json
constexpr double kMinSizePx = 30;
constexpr int kMaxLines = 3;

QuestionCard card(std::string text) {
  QuestionCard result;
  result.text = std::move(text);
  result.language = "sr-Latn";
  return result;
}

const char* const kLongQuestion =
    "Poštovani gosti, zanima me šta konkretno planirate da uradite sa nezaposlenošću mladih u "
    "severnim opštinama, jer većina mojih prijatelja već razmišlja o odlasku u inostranstvo, a "
    "ovde nema ni posla ni perspektive.";

TEST(AutoFit, ShortQuestionIsDrawnAtTheLargestSizeOnOneOrTwoLines) {
  auto renderer = loadRenderer();
  ASSERT_TRUE(renderer);
  const Rendered rendered = renderer->question(card("Kada počinje izgradnja novog mosta?"));
  EXPECT_TRUE(rendered.report.fits);
  EXPECT_EQ(rendered.report.problem, "");
  EXPECT_DOUBLE_EQ(rendered.report.fontSizePx, kMaxSizePx);
  EXPECT_GE(rendered.report.lineCount, 1);
  EXPECT_LE(rendered.report.lineCount, 2);
  ASSERT_EQ(rendered.graphic.parts.size(), 1U);
}

TEST(AutoFit, LongerQuestionFirstTakesMoreLinesThenASmallerSize) {
  auto renderer = loadRenderer();
  ASSERT_TRUE(renderer);
  const Rendered medium = renderer->question(
      card("Kada će biti popravljen put između Zvečana i Severne Mitrovice, i ko će to "
           "platiti: opština, država ili neko treći?"));
  EXPECT_TRUE(medium.report.fits);
  EXPECT_DOUBLE_EQ(medium.report.fontSizePx, kMaxSizePx);
  EXPECT_GE(medium.report.lineCount, 2);

  const Rendered longer = renderer->question(card(kLongQuestion));
  EXPECT_TRUE(longer.report.fits) << longer.report.detail;
  EXPECT_EQ(longer.report.problem, "");
  EXPECT_LT(longer.report.fontSizePx, kMaxSizePx);
  EXPECT_GE(longer.report.fontSizePx, kMinSizePx);
  EXPECT_LE(longer.report.lineCount, kMaxLines);
  // A card with more lines is taller: the panel grows with the text.
  EXPECT_GT(longer.graphic.parts[0].image.height, 0);
}

TEST(AutoFit, QuestionTooLongAtTheMinimumSizeIsReportedAsNotFittingAndStillPreviewed) {
  auto renderer = loadRenderer();
  ASSERT_TRUE(renderer);
  const std::string tooLong =
      std::string(kLongQuestion) + " " + kLongQuestion + " " + kLongQuestion;
  const Rendered rendered = renderer->question(card(tooLong));
  EXPECT_FALSE(rendered.report.fits);
  EXPECT_EQ(rendered.report.problem, "does_not_fit");
  EXPECT_DOUBLE_EQ(rendered.report.fontSizePx, kMinSizePx);
  EXPECT_GT(rendered.report.lineCount, kMaxLines);
  EXPECT_NE(rendered.report.detail.find("allows 3"), std::string::npos) << rendered.report.detail;
  ASSERT_EQ(rendered.graphic.parts.size(), 1U);  // drawn for the preview, cut with an ellipsis
  EXPECT_TRUE(rendered.report.insideSafeArea);
}

TEST(AutoFit, SizeNeverGrowsAsTheQuestionGetsLonger) {
  auto renderer = loadRenderer();
  ASSERT_TRUE(renderer);
  const std::string words = std::string(kLongQuestion) + " " + kLongQuestion;
  double previous = kMaxSizePx;
  for (std::size_t end = words.find(' ', 40); end != std::string::npos;
       end = words.find(' ', end + 25)) {
    const Rendered rendered = renderer->question(card(words.substr(0, end)));
    EXPECT_LE(rendered.report.fontSizePx, previous) << words.substr(0, end);
    previous = rendered.report.fontSizePx;
  }
  EXPECT_DOUBLE_EQ(previous, kMinSizePx);
}

TEST(AutoFit, EmptyOrBlankQuestionIsReportedAsEmptyTextWithNothingDrawn) {
  auto renderer = loadRenderer();
  ASSERT_TRUE(renderer);
  for (const char* text : {"", "   ", " \n\t \u2028 ", "\u202E\u2066"}) {
    const Rendered rendered = renderer->question(card(text));
    EXPECT_FALSE(rendered.report.fits);
    EXPECT_EQ(rendered.report.problem, "empty_text");
    EXPECT_TRUE(rendered.graphic.parts.empty());
  }
}

TEST(AutoFit, AFitThatFailsIsCutToTheAllowedLinesWithAnEllipsis) {
  auto fonts = detail::Fonts::load({"/usr/share/fonts/truetype/open-sans/OpenSans-Regular.ttf"});
  ASSERT_TRUE(fonts) << fonts.error().message;
  detail::TextStyle style;
  style.family = "Open Sans";
  style.sizePx = 40;
  style.minSizePx = 30;
  style.maxLines = 2;
  const detail::FittedText fitted =
      detail::fitText(**fonts, kLongQuestion, style, 600, 1000, "sr-latn");
  EXPECT_FALSE(fitted.fits);
  EXPECT_GT(fitted.lineCount, 2);
  EXPECT_EQ(pango_layout_get_line_count(fitted.layout.get()), 2);
  EXPECT_TRUE(pango_layout_is_ellipsized(fitted.layout.get()));
}

}  // namespace
}  // namespace sporazum::overlay
