// What each element shows: the consent rule, the ticker's strip, tight images, the slate.

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace sporazum::overlay {
namespace {

using testing::k1080;
using testing::loadRenderer;

QuestionCard viewer(std::string name, std::string municipality, bool consent) {
  QuestionCard card;
  card.text = "Kada će biti popravljen put?";
  card.viewerName = std::move(name);
  card.municipality = std::move(municipality);
  card.nameConsent = consent;
  return card;
}

TEST(Consent, TheViewersNameIsShownOnlyWhenTheyConsented) {
  auto renderer = loadRenderer();
  ASSERT_TRUE(renderer);
  EXPECT_EQ(renderer->attribution(viewer("Milica", "mitrovica-north", true)),
            "Milica, Severna Mitrovica");
  EXPECT_EQ(renderer->attribution(viewer("Milica", "mitrovica-north", false)),
            "Gledalac, Severna Mitrovica");
  EXPECT_EQ(renderer->attribution(viewer("Milica", "", true)), "Milica");
  EXPECT_EQ(renderer->attribution(viewer("Milica", "", false)), "Gledalac");
  EXPECT_EQ(renderer->attribution(viewer("   ", "zvecan", true)), "Gledalac, Zvečan");
}

TEST(Consent, MunicipalityCodesAreShownInTheOnAirLanguageAndOtherIsLeftOut) {
  auto renderer = loadRenderer();
  ASSERT_TRUE(renderer);
  EXPECT_EQ(renderer->attribution(viewer("", "gjakova", false)), "Gledalac, Đakovica");
  EXPECT_EQ(renderer->attribution(viewer("", "other", false)), "Gledalac");
  EXPECT_EQ(renderer->attribution(viewer("", "Beograd", false)), "Gledalac, Beograd");
}

TEST(Consent, ANameWithoutConsentDoesNotChangeASinglePixel) {
  auto renderer = loadRenderer();
  ASSERT_TRUE(renderer);
  const Rendered withName = renderer->question(viewer("Milica", "zvecan", false));
  const Rendered withoutName = renderer->question(viewer("", "zvecan", false));
  ASSERT_EQ(withName.graphic.parts.size(), 1U);
  EXPECT_EQ(withName.graphic.parts[0].image.pixels, withoutName.graphic.parts[0].image.pixels);
  const Rendered consented = renderer->question(viewer("Milica", "zvecan", true));
  EXPECT_NE(consented.graphic.parts[0].image.pixels, withoutName.graphic.parts[0].image.pixels);
}

TEST(Images, AreCroppedTightToTheirBoxesNotFrameSized) {
  auto renderer = loadRenderer();
  ASSERT_TRUE(renderer);
  const Rendered question = renderer->question(viewer("Milica", "zvecan", true));
  const Rendered guest = renderer->guestSuper({"Marko Petrović", "poslanik"});
  const Rendered logo = renderer->logo();
  const Rendered clock = renderer->clock({"20:15"});
  for (const Rendered* rendered : {&question, &guest, &logo, &clock}) {
    ASSERT_FALSE(rendered->graphic.parts.empty());
    for (const GraphicPart& part : rendered->graphic.parts) {
      EXPECT_LT(part.image.height, 330);
      EXPECT_LE(part.image.width, 1728);
      // The visible content reaches the image's edges (give or take the soft shadow).
      const auto bounds = testing::opaqueBounds(part.image);
      EXPECT_LE(part.image.width - bounds.width, 12) << rendered->report.detail;
      EXPECT_LE(part.image.height - bounds.height, 12) << rendered->report.detail;
    }
  }
  // A one-line question makes a lower card than a three-line one.
  QuestionCard three = viewer("", "", false);
  three.text =
      "Poštovani gosti, zanima me šta konkretno planirate da uradite sa nezaposlenošću mladih u "
      "severnim opštinama, jer većina mojih prijatelja već razmišlja o odlasku u inostranstvo?";
  EXPECT_GT(renderer->question(three).graphic.parts[0].image.height,
            question.graphic.parts[0].image.height + 60);
}

TEST(GuestSuper, ShowsNameAndRoleAndLeavesTheRoleBarOutWhenThereIsNone) {
  auto renderer = loadRenderer();
  ASSERT_TRUE(renderer);
  const Rendered both = renderer->guestSuper({"Arta Krasniqi", "deputete, Lëvizja për Bashkim"});
  const Rendered nameOnly = renderer->guestSuper({"Arta Krasniqi", ""});
  EXPECT_TRUE(both.report.fits);
  EXPECT_EQ(both.report.unknownGlyphCount, 0);
  EXPECT_GT(both.graphic.parts[0].image.height, nameOnly.graphic.parts[0].image.height);
  const Rendered empty = renderer->guestSuper({" ", "role"});
  EXPECT_EQ(empty.report.problem, "empty_text");
}

TEST(Ticker, IsAStaticBarAndTheTextOnceAsAWideStripThatScrolls) {
  auto renderer = loadRenderer();
  ASSERT_TRUE(renderer);
  const Rendered ticker =
      renderer->ticker({"Sledeća emisija: četvrtak u 20 časova\n\n"
                        "Pitanja šaljite na sporazum.tv/pitanja"});
  EXPECT_TRUE(ticker.report.fits);
  ASSERT_GE(ticker.graphic.parts.size(), 2U);
  const GraphicPart& bar = ticker.graphic.parts[0];
  const GraphicPart& strip = ticker.graphic.parts[1];
  EXPECT_EQ(bar.viewWidth, 0);
  EXPECT_EQ(bar.scrollPixelsPerSecond, 0);
  EXPECT_GT(strip.viewWidth, 1000);
  EXPECT_GT(strip.scrollPixelsPerSecond, 0);
  EXPECT_GE(strip.image.width, strip.viewWidth);  // repeats seamlessly, never shows a gap
  EXPECT_LE(strip.image.height, bar.image.height);
  for (std::size_t i = 2; i < ticker.graphic.parts.size(); ++i) {
    EXPECT_EQ(ticker.graphic.parts[i].viewWidth, 0);  // the edge fades stay put
  }
}

TEST(Ticker, AShortTextRepeatsWithItsSeparatorToFillTheWindow) {
  auto renderer = loadRenderer();
  ASSERT_TRUE(renderer);
  const Rendered shortText = renderer->ticker({"Uživo"});
  const Rendered longText = renderer->ticker({std::string(300, 'a')});
  const GraphicPart& strip = shortText.graphic.parts[1];
  EXPECT_GE(strip.image.width, strip.viewWidth);
  EXPECT_LT(strip.image.width, strip.viewWidth * 2);
  EXPECT_GT(longText.graphic.parts[1].image.width, longText.graphic.parts[1].viewWidth);
  EXPECT_EQ(renderer->ticker({" \n \n"}).report.problem, "empty_text");
}

TEST(Clock, ShowsTheGivenTime) {
  auto renderer = loadRenderer();
  ASSERT_TRUE(renderer);
  const Rendered clock = renderer->clock({"20:15"});
  EXPECT_TRUE(clock.report.fits);
  ASSERT_EQ(clock.graphic.parts.size(), 1U);
  EXPECT_EQ(renderer->clock({""}).report.problem, "empty_text");
}

TEST(Slate, IsAnOpaqueFullFrameImage) {
  auto renderer = loadRenderer();
  ASSERT_TRUE(renderer);
  const PremultipliedImage slate = renderer->slate();
  ASSERT_EQ(slate.width, 1920);
  ASSERT_EQ(slate.height, 1080);
  for (int y = 0; y < slate.height; y += 7) {
    for (int x = 0; x < slate.width; x += 7)
      ASSERT_EQ(testing::alphaAt(slate, x, y), 255);
  }
}

TEST(Animation, InAndOutComeFromEachElementsTemplate) {
  auto renderer = loadRenderer();
  ASSERT_TRUE(renderer);
  const Rendered question = renderer->question(viewer("", "", false));
  EXPECT_EQ(question.graphic.animateIn, (AnimationSpec{AnimationKind::SlideUp, 400}));
  EXPECT_EQ(question.graphic.animateOut, (AnimationSpec{AnimationKind::Fade, 300}));
  EXPECT_EQ(renderer->ticker({"x"}).graphic.animateIn, (AnimationSpec{AnimationKind::Wipe, 500}));
}

}  // namespace
}  // namespace sporazum::overlay
