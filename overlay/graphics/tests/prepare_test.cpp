#include "sporazum/overlay/prepared_graphic.hpp"

#include <gtest/gtest.h>

#include "sporazum/overlay/colour.hpp"
#include "test_support.hpp"

namespace sporazum::overlay {
namespace {

using testing::blankImage;
using testing::setPixel;
using testing::solidImage;

TEST(Colour, ConvertsPrimariesToBt709LimitedRange) {
  EXPECT_EQ(toYCbCr709(Rgb{255, 255, 255}), (YCbCr{235, 128, 128}));
  EXPECT_EQ(toYCbCr709(Rgb{0, 0, 0}), (YCbCr{16, 128, 128}));
  EXPECT_EQ(toYCbCr709(Rgb{255, 0, 0}), (YCbCr{63, 102, 240}));
  EXPECT_EQ(toYCbCr709(Rgb{0, 255, 0}), (YCbCr{173, 42, 26}));
  EXPECT_EQ(toYCbCr709(Rgb{0, 0, 255}), (YCbCr{32, 240, 118}));
}

TEST(Prepare, PremultipliedValuesCarryTheOffsetScaledByAlpha) {
  PremultipliedImage image = blankImage(4, 2);
  setPixel(image, 1, 0, Rgb{0, 0, 0}, 255);
  setPixel(image, 2, 0, Rgb{0, 0, 0}, 51);
  setPixel(image, 3, 0, Rgb{255, 255, 255}, 51);
  GraphicPart part;
  part.image = image;
  const PreparedPart prepared = preparePart(part);
  EXPECT_EQ(prepared.luma.value[0], 0);
  EXPECT_EQ(prepared.luma.alpha[0], 0);
  EXPECT_EQ(prepared.luma.value[1], 16);
  EXPECT_EQ(prepared.luma.value[2], 3);     // 16 × 0.2 = 3.2
  EXPECT_EQ(prepared.luma.value[3], 47);    // 235 × 0.2
  EXPECT_EQ(prepared.chroma[0].cb[0], 32);  // 128 × mean alpha 0.25
}

TEST(Prepare, ColourAboveAlphaIsClampedToAlpha) {
  PremultipliedImage image = blankImage(2, 2);
  for (int y = 0; y < 2; ++y) {
    for (int x = 0; x < 2; ++x) {
      std::uint8_t* p = image.row(y) + 4 * x;
      p[0] = p[1] = p[2] = 255;  // not a valid premultiplied pixel
      p[3] = 100;
    }
  }
  GraphicPart part;
  part.image = image;
  const PreparedPart clamped = preparePart(part);
  GraphicPart valid;
  valid.image = solidImage(2, 2, Rgb{255, 255, 255}, 100);
  const PreparedPart expected = preparePart(valid);
  EXPECT_EQ(clamped.luma.value, expected.luma.value);
  EXPECT_EQ(clamped.chroma[0].cb, expected.chroma[0].cb);
}

TEST(Prepare, SpansSkipTransparentRunsKeepShortGapsAndCopyLongOpaqueRuns) {
  PremultipliedImage image = blankImage(260, 2);
  auto fill = [&](int begin, int end, std::uint8_t alpha) {
    for (int x = begin; x < end; ++x)
      setPixel(image, x, 0, Rgb{10, 20, 30}, alpha);
  };
  fill(40, 90, 255);    // 50 opaque: copied
  fill(100, 130, 100);  // after a 10-pixel gap: same span
  fill(200, 208, 50);   // after a 70-pixel gap: a new span
  fill(250, 260, 255);  // opaque but short: blended, and a gap of 42
  GraphicPart part;
  part.image = image;
  const PreparedPart prepared = preparePart(part);
  const auto row = prepared.luma.spans.row(0);
  ASSERT_EQ(row.size(), 4u);
  EXPECT_EQ(row[0], (RowSpan{40, 90, true}));
  EXPECT_EQ(row[1], (RowSpan{90, 130, false}));
  EXPECT_EQ(row[2], (RowSpan{200, 208, false}));
  EXPECT_EQ(row[3], (RowSpan{250, 260, false}));
  EXPECT_TRUE(prepared.luma.spans.row(1).empty());
}

TEST(Prepare, OddPlacementIsPaddedOntoTheEvenGrid) {
  GraphicPart part;
  part.image = solidImage(3, 3, Rgb{1, 2, 3}, 255);
  part.x = 5;
  part.y = 3;
  const PreparedPart prepared = preparePart(part);
  EXPECT_EQ(prepared.x, 4);
  EXPECT_EQ(prepared.y, 2);
  EXPECT_EQ(prepared.width, 4);
  EXPECT_EQ(prepared.height, 4);
  EXPECT_EQ(prepared.luma.alpha[0], 0);        // the padding column and row
  EXPECT_EQ(prepared.luma.alpha[4 + 1], 255);  // the image's top-left pixel
  EXPECT_EQ(prepared.chroma[0].alpha[0], 64);  // one of four pixels
}

TEST(Prepare, ScrollingImageGetsAnEvenPeriodAndAnEvenWindow) {
  GraphicPart part;
  part.image = solidImage(11, 4, Rgb{1, 2, 3}, 255);
  part.x = 3;
  part.y = 10;
  part.viewWidth = 100;
  part.scrollPixelsPerSecond = 120.0;
  const PreparedPart prepared = preparePart(part);
  EXPECT_TRUE(prepared.isScrolling());
  EXPECT_EQ(prepared.width, 12);  // one transparent column between repeats
  EXPECT_EQ(prepared.x, 2);
  EXPECT_EQ(prepared.viewWidth, 102);  // covers 3..103 on the even grid
  EXPECT_EQ(prepared.chroma[1].alpha.size(), prepared.chroma[0].alpha.size());
  // The odd phase's last sample wraps: column 11 (padding) with column 0.
  EXPECT_EQ(prepared.chroma[1].alpha[5], 128);
  EXPECT_EQ(prepared.scrollPixelsPerSecond, 120.0);
}

TEST(Prepare, GraphicKeepsPartsInOrderDropsEmptyOnesAndKnowsItsBounds) {
  Graphic graphic;
  graphic.parts.resize(3);
  graphic.parts[0].image = solidImage(100, 20, Rgb{1, 1, 1}, 255);
  graphic.parts[0].x = 10;
  graphic.parts[0].y = 50;
  graphic.parts[2].image = solidImage(4, 4, Rgb{2, 2, 2}, 255);
  graphic.parts[2].x = 200;
  graphic.parts[2].y = 5;
  graphic.animateIn = AnimationSpec{AnimationKind::Fade, 300};
  graphic.animateOut = AnimationSpec{AnimationKind::Wipe, 200};
  const FrameFormat format{320, 180, 25, 1};
  const PreparedGraphic prepared = prepareGraphic(graphic, format);
  ASSERT_EQ(prepared.parts.size(), 2u);
  EXPECT_EQ(prepared.parts[0].width, 100);
  EXPECT_EQ(prepared.parts[1].x, 200);
  EXPECT_EQ(prepared.bounds, (Rect{10, 5, 194, 65}));
  EXPECT_EQ(prepared.animateIn, graphic.animateIn);
  EXPECT_EQ(prepared.animateOut, graphic.animateOut);
  EXPECT_EQ(prepared.format, format);
}

TEST(Frames, SolidFrameHasTheConvertedColourEverywhere) {
  const I420Frame frame = solidFrame(FrameFormat{64, 36, 50, 1}, Rgb{255, 0, 0});
  EXPECT_EQ(frame.bytes().size(), 64u * 36u * 3u / 2u);
  EXPECT_EQ(frame.at(0, 63, 35), 63);
  EXPECT_EQ(frame.at(1, 31, 17), 102);
  EXPECT_EQ(frame.at(2, 0, 0), 240);
}

TEST(Frames, SlateShowsTheImageOverTheBackground) {
  PremultipliedImage image = blankImage(64, 36);
  for (int y = 0; y < 36; ++y) {
    for (int x = 32; x < 64; ++x)
      setPixel(image, x, y, Rgb{255, 255, 255}, 255);
  }
  const I420Frame slate = makeSlateFrame(image, FrameFormat{64, 36, 50, 1}, Rgb{0, 0, 255});
  const YCbCr blue = toYCbCr709(Rgb{0, 0, 255});
  EXPECT_EQ(slate.at(0, 0, 0), blue.y);
  EXPECT_EQ(slate.at(1, 15, 10), blue.cb);
  EXPECT_EQ(slate.at(0, 40, 20), 235);
  EXPECT_EQ(slate.at(1, 20, 10), 128);
  EXPECT_EQ(slate.at(2, 20, 10), 128);
}

}  // namespace
}  // namespace sporazum::overlay
