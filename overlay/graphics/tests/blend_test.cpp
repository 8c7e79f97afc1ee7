#include "sporazum/overlay/blend.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>

#include "test_support.hpp"

namespace sporazum::overlay {
namespace {

using testing::blankImage;
using testing::GuardedFrame;
using testing::randomColour;
using testing::randomImage;
using testing::referenceBlend;
using testing::setPixel;
using testing::solidImage;

PreparedPart partOf(const PremultipliedImage& image, int x, int y, int viewWidth = 0,
                    double speed = 0.0) {
  GraphicPart part;
  part.image = image;
  part.x = x;
  part.y = y;
  part.viewWidth = viewWidth;
  part.scrollPixelsPerSecond = speed;
  return preparePart(part);
}

void expectNear(int actual, int expected, int tolerance, const char* what) {
  EXPECT_LE(std::abs(actual - expected), tolerance)
      << what << ": got " << actual << ", expected " << expected;
}

/// Blends with blendPart and with the reference on two copies of one frame; they must agree on
/// every byte, guard bytes included.
void expectMatchesReference(const PreparedPart& part, const BlendParams& params, int width,
                            int height, unsigned seed) {
  std::mt19937 rng(seed);
  GuardedFrame actual(width, height, rng);
  GuardedFrame expected = actual;
  blendPart(actual.view(), part, params);
  referenceBlend(expected, part, params);
  EXPECT_TRUE(actual == expected) << "dx " << params.dx << " dy " << params.dy << " opacity "
                                  << params.opacity << " scroll " << params.scrollPixels;
}

TEST(Blend, TransparentPixelsLeaveTheFrameByteIdentical) {
  // Two-column stripes: the transparent ones lie inside spans, so the kernels see alpha 0.
  PremultipliedImage image = blankImage(64, 8);
  for (int y = 0; y < 8; ++y) {
    for (int x = 0; x < 64; ++x) {
      if ((x / 2) % 2 == 1) setPixel(image, x, y, Rgb{200, 30, 90}, 200);
    }
  }
  const PreparedPart part = partOf(image, 0, 0);
  for (int opacity : {255, 140}) {
    std::mt19937 rng(7);
    GuardedFrame frame(64, 8, rng);
    const GuardedFrame before = frame;
    blendPart(frame.view(), part, BlendParams{.opacity = opacity});
    for (int y = 0; y < 8; ++y) {
      for (int x = 0; x < 64; ++x) {
        if ((x / 2) % 2 == 0) {
          ASSERT_EQ(frame.at(0, x, y), before.at(0, x, y)) << x << "," << y;
        } else {
          const std::size_t i = static_cast<std::size_t>(y) * 64 + x;
          ASSERT_EQ(frame.at(0, x, y),
                    testing::overReference(before.at(0, x, y), part.luma.value[i],
                                           part.luma.alpha[i], opacity));
        }
      }
      for (int cx = 0; cx < 32; cx += 2) {
        ASSERT_EQ(frame.at(1, cx, y / 2), before.at(1, cx, y / 2));
        ASSERT_EQ(frame.at(2, cx, y / 2), before.at(2, cx, y / 2));
      }
    }
  }
}

TEST(Blend, AFullyTransparentImageChangesNoByte) {
  const PreparedPart part = partOf(blankImage(100, 40), 3, 5);
  std::mt19937 rng(1);
  GuardedFrame frame(128, 64, rng);
  const GuardedFrame before = frame;
  blendPart(frame.view(), part, BlendParams{});
  blendPart(frame.view(), part, BlendParams{.opacity = 77});
  EXPECT_TRUE(frame == before);
}

TEST(Blend, OpaquePixelsProduceTheConvertedColour) {
  std::mt19937 rng(11);
  for (int i = 0; i < 300; ++i) {
    const Rgb colour = randomColour(rng);
    const YCbCr expected = toYCbCr709(colour);
    // 2 wide: blended by the scalar path; 64 wide: copied as an opaque span.
    for (int width : {2, 64}) {
      const PreparedPart part = partOf(solidImage(width, 2, colour, 255), 0, 0);
      GuardedFrame frame(64, 2, rng);
      blendPart(frame.view(), part, BlendParams{});
      expectNear(frame.at(0, 0, 0), expected.y, 1, "Y");
      expectNear(frame.at(0, width - 1, 1), expected.y, 1, "Y");
      expectNear(frame.at(1, 0, 0), expected.cb, 1, "Cb");
      expectNear(frame.at(2, 0, 0), expected.cr, 1, "Cr");
    }
  }
}

TEST(Blend, HalfAlphaGivesTheMidpointOfFrameAndColour) {
  std::mt19937 rng(12);
  for (int i = 0; i < 300; ++i) {
    const Rgb colour = randomColour(rng);
    const YCbCr converted = toYCbCr709(colour);
    const PreparedPart part = partOf(solidImage(48, 2, colour, 128), 0, 0);
    GuardedFrame frame(48, 2, rng);
    const GuardedFrame before = frame;
    blendPart(frame.view(), part, BlendParams{});
    for (int x : {0, 17, 47}) {
      expectNear(frame.at(0, x, 0), (before.at(0, x, 0) + converted.y + 1) / 2, 1, "Y");
    }
    expectNear(frame.at(1, 5, 0), (before.at(1, 5, 0) + converted.cb + 1) / 2, 1, "Cb");
    expectNear(frame.at(2, 23, 0), (before.at(2, 23, 0) + converted.cr + 1) / 2, 1, "Cr");
  }
}

TEST(Blend, ChromaAlphaIsTheMeanOfEachTwoByTwoBlock) {
  // One opaque red pixel in a 2×2 block: the block's chroma moves a quarter of the way to red.
  PremultipliedImage image = blankImage(2, 2);
  setPixel(image, 1, 0, Rgb{255, 0, 0}, 255);
  const PreparedPart part = partOf(image, 0, 0);
  EXPECT_EQ(part.chroma[0].alpha[0], 64);
  I420Frame frame = solidFrame(FrameFormat{2, 2, 50, 1}, Rgb{0, 0, 0});
  blendPart(frame.view(), part, BlendParams{});
  EXPECT_EQ(frame.at(0, 0, 0), 16);
  EXPECT_EQ(frame.at(0, 1, 0), 63);  // red's Y'
  EXPECT_EQ(frame.at(0, 0, 1), 16);
  expectNear(frame.at(1, 0, 0), 128 + (102 - 128) / 4, 1, "Cb");
  expectNear(frame.at(2, 0, 0), 128 + (240 - 128) / 4, 1, "Cr");
}

TEST(Blend, ClipsAtEveryFrameEdge) {
  std::mt19937 rng(21);
  const PremultipliedImage image = randomImage(50, 30, rng);
  const int positions[][2] = {{-20, 10}, {100, 10}, {40, -15}, {40, 50},  {-30, -20},
                              {110, 55}, {-49, 0},  {0, -29},  {-60, 10}, {128, 10}};
  for (const auto& position : positions) {
    const PreparedPart part = partOf(image, position[0], position[1]);
    expectMatchesReference(part, BlendParams{}, 128, 64, 3);
    expectMatchesReference(part, BlendParams{.opacity = 99}, 128, 64, 4);
  }
}

TEST(Blend, NegativeOffsetsMoveThePartLeftAndUpAndClip) {
  std::mt19937 rng(22);
  const PremultipliedImage image = randomImage(60, 20, rng);
  const PreparedPart part = partOf(image, 10, 8);
  for (int dx : {-8, -20, -70}) {
    for (int dy : {-6, -14, -30}) {
      expectMatchesReference(part, BlendParams{.dx = dx, .dy = dy}, 96, 32, 5);
    }
  }
  // The whole part moved left by 8: what was at x = 18 is now at x = 10.
  const PreparedPart solid = partOf(solidImage(20, 4, Rgb{255, 255, 255}, 255), 10, 8);
  I420Frame frame = solidFrame(FrameFormat{96, 32, 50, 1}, Rgb{0, 0, 0});
  blendPart(frame.view(), solid, BlendParams{.dx = -8});
  EXPECT_EQ(frame.at(0, 1, 8), 16);
  EXPECT_EQ(frame.at(0, 2, 8), 235);
  EXPECT_EQ(frame.at(0, 21, 11), 235);
  EXPECT_EQ(frame.at(0, 22, 11), 16);
}

TEST(Blend, OddOffsetsAreFlooredToEvenSoChromaStaysAligned) {
  std::mt19937 rng(23);
  const PreparedPart part = partOf(randomImage(40, 20, rng), 20, 6);
  std::mt19937 frameRng(6);
  GuardedFrame odd(96, 32, frameRng);
  GuardedFrame even = odd;
  blendPart(odd.view(), part, BlendParams{.dx = 7, .dy = -3});
  blendPart(even.view(), part, BlendParams{.dx = 6, .dy = -4});
  EXPECT_TRUE(odd == even);
}

TEST(Blend, ClipRectangleLimitsWhatIsDrawn) {
  std::mt19937 rng(24);
  const PreparedPart part = partOf(randomImage(80, 40, rng), 4, 2);
  const Rect clips[] = {
      {13, 5, 20, 9}, {0, 0, 1, 1}, {50, 10, 200, 200}, {-10, -10, 30, 30}, {30, 20, 0, 10}};
  for (const Rect& clip : clips) {
    expectMatchesReference(part, BlendParams{.clip = clip}, 96, 48, 7);
    expectMatchesReference(part, BlendParams{.dx = -12, .clip = clip, .opacity = 50}, 96, 48, 8);
  }
  // Nothing outside the clip changes, in luma.
  std::mt19937 frameRng(9);
  GuardedFrame frame(96, 48, frameRng);
  const GuardedFrame before = frame;
  blendPart(frame.view(), partOf(solidImage(80, 40, Rgb{9, 9, 9}, 255), 4, 2),
            BlendParams{.clip = Rect{13, 5, 20, 9}});
  for (int y = 0; y < 48; ++y) {
    for (int x = 0; x < 96; ++x) {
      const bool inside = x >= 13 && x < 33 && y >= 5 && y < 14;
      if (!inside) {
        ASSERT_EQ(frame.at(0, x, y), before.at(0, x, y)) << x << "," << y;
      }
    }
  }
}

TEST(Blend, OddPositionsBlendChromaFromExactlyTheCoveredPixels) {
  // A 2×2 opaque red square at (5, 3) touches four chroma samples, one pixel each.
  const PreparedPart part = partOf(solidImage(2, 2, Rgb{255, 0, 0}, 255), 5, 3);
  EXPECT_EQ(part.x, 4);
  EXPECT_EQ(part.y, 2);
  I420Frame frame = solidFrame(FrameFormat{16, 8, 50, 1}, Rgb{0, 0, 0});
  blendPart(frame.view(), part, BlendParams{});
  for (int y = 0; y < 8; ++y) {
    for (int x = 0; x < 16; ++x) {
      const bool isRed = (x == 5 || x == 6) && (y == 3 || y == 4);
      EXPECT_EQ(frame.at(0, x, y), isRed ? 63 : 16) << x << "," << y;
    }
  }
  for (int cy = 0; cy < 4; ++cy) {
    for (int cx = 0; cx < 8; ++cx) {
      const bool isTouched = (cx == 2 || cx == 3) && (cy == 1 || cy == 2);
      expectNear(frame.at(2, cx, cy), isTouched ? 156 : 128, isTouched ? 1 : 0, "Cr");
      expectNear(frame.at(1, cx, cy), isTouched ? 122 : 128, isTouched ? 1 : 0, "Cb");
    }
  }
}

TEST(Blend, SimdAndScalarPathsAgreeForEverySpanLength) {
  std::mt19937 rng(31);
  for (int width = 1; width <= 70; ++width) {
    PremultipliedImage image = blankImage(width, 2);
    for (int y = 0; y < 2; ++y) {
      for (int x = 0; x < width; ++x) {
        setPixel(image, x, y, randomColour(rng),
                 static_cast<std::uint8_t>(std::uniform_int_distribution<int>(1, 255)(rng)));
      }
    }
    const PreparedPart part = partOf(image, width % 5, 1);
    expectMatchesReference(part, BlendParams{}, 80, 4, static_cast<unsigned>(width));
    expectMatchesReference(part, BlendParams{.opacity = 201}, 80, 4, static_cast<unsigned>(width));
  }
}

TEST(Blend, RandomImagesMatchTheReferenceAtEveryOpacity) {
  std::mt19937 rng(32);
  const PreparedPart part = partOf(randomImage(150, 36, rng), 9, 7);
  for (int opacity : {0, 1, 64, 128, 254, 255}) {
    expectMatchesReference(part, BlendParams{.dx = 2, .opacity = opacity}, 160, 48,
                           static_cast<unsigned>(opacity));
  }
}

TEST(BlendKey, DrawsTheAlphaAsLumaAndLeavesChromaAndEverythingElseAlone) {
  std::mt19937 rng(33);
  const PreparedPart part = partOf(randomImage(150, 36, rng), 9, 7);
  for (int opacity : {0, 1, 64, 128, 254, 255}) {
    for (const BlendParams& params :
         {BlendParams{.dx = 2, .opacity = opacity},
          BlendParams{.dx = -20, .dy = 5, .clip = Rect{0, 10, 100, 20}, .opacity = opacity}}) {
      GuardedFrame actual(160, 48, rng);
      GuardedFrame expected = actual;
      blendPartKey(actual.view(), part, params);
      testing::referenceKey(expected, part, params);
      EXPECT_TRUE(actual == expected) << "opacity " << opacity << " dx " << params.dx;
    }
  }
}

TEST(BlendKey, OpaqueIsWhiteTransparentStaysBlackHalfIsHalfway) {
  PremultipliedImage image = blankImage(48, 2);
  for (int y = 0; y < 2; ++y) {
    for (int x = 0; x < 16; ++x)
      setPixel(image, x, y, Rgb{200, 30, 90}, 255);
    for (int x = 32; x < 48; ++x)
      setPixel(image, x, y, Rgb{200, 30, 90}, 128);
  }
  I420Frame key = solidFrame(FrameFormat{48, 2, 50, 1}, Rgb{0, 0, 0});
  blendPartKey(key.view(), partOf(image, 0, 0), BlendParams{});
  EXPECT_EQ(key.at(0, 5, 1), 235);
  EXPECT_EQ(key.at(0, 20, 1), 16);
  EXPECT_EQ(key.at(0, 40, 0), 16 + (235 - 16) * 128 / 255 + 1);  // 126: rounded
  for (int cx = 0; cx < 24; ++cx) {
    EXPECT_EQ(key.at(1, cx, 0), 128);
    EXPECT_EQ(key.at(2, cx, 0), 128);
  }
}

TEST(Blend, FadeScalesTheColourTowardsTheFrame) {
  const PreparedPart part = partOf(solidImage(32, 2, Rgb{255, 255, 255}, 255), 0, 0);
  I420Frame frame = solidFrame(FrameFormat{32, 2, 50, 1}, Rgb{0, 0, 0});
  blendPart(frame.view(), part, BlendParams{.opacity = 51});  // 20 %
  expectNear(frame.at(0, 10, 1), 16 + (235 - 16) / 5, 1, "Y");
  EXPECT_EQ(frame.at(1, 3, 0), 128);
}

TEST(Blend, OpacityZeroChangesNothing) {
  std::mt19937 rng(33);
  const PreparedPart part = partOf(randomImage(40, 10, rng), 0, 0);
  GuardedFrame frame(64, 16, rng);
  const GuardedFrame before = frame;
  blendPart(frame.view(), part, BlendParams{.opacity = 0});
  EXPECT_TRUE(frame == before);
}

/// A scrolling image whose column c has luma 40 + 10c, opaque.
PremultipliedImage stripes(int width) {
  PremultipliedImage image = blankImage(width, 4);
  for (int x = 0; x < width; ++x) {
    const auto grey = static_cast<std::uint8_t>(10 * x);
    for (int y = 0; y < 4; ++y)
      setPixel(image, x, y, Rgb{grey, grey, grey}, 255);
  }
  return image;
}

TEST(Blend, ScrollingWindowRepeatsTheImageSeamlessly) {
  const PreparedPart part = partOf(stripes(10), 0, 0, 30, 100.0);
  EXPECT_TRUE(part.isScrolling());
  for (std::int64_t scroll : {0, 3, 17, -4, 1000003}) {
    I420Frame frame = solidFrame(FrameFormat{32, 4, 50, 1}, Rgb{0, 0, 0});
    blendPart(frame.view(), part, BlendParams{.scrollPixels = scroll});
    for (int x = 0; x < 30; ++x) {
      const int column = testing::floorMod(scroll + x, 10);
      EXPECT_EQ(frame.at(0, x, 2), part.luma.value[static_cast<std::size_t>(column)])
          << "scroll " << scroll << " x " << x;
    }
    EXPECT_EQ(frame.at(0, 30, 2), 16) << "the window ends at its width";
    EXPECT_EQ(frame.at(0, 31, 2), 16);
  }
}

TEST(Blend, ScrollingShowsWhatTheShiftedImageWouldShowIncludingChroma) {
  // A ticker scrolled by s looks exactly like its image rotated left by s, repeated and placed
  // still: at odd s too, where the chroma comes from the odd-phase samples.
  std::mt19937 rng(41);
  const PremultipliedImage image = randomImage(40, 6, rng);
  const PreparedPart ticker = partOf(image, 0, 2, 100, 50.0);
  for (std::int64_t scroll : {0, 1, 2, 7, 39, 40, 41, 123}) {
    PremultipliedImage shifted = blankImage(100, 6);
    for (int y = 0; y < 6; ++y) {
      for (int x = 0; x < 100; ++x) {
        const int column = testing::floorMod(scroll + x, 40);
        std::copy_n(image.row(y) + 4 * column, 4, shifted.row(y) + 4 * x);
      }
    }
    const PreparedPart still = partOf(shifted, 0, 2);
    std::mt19937 frameRng(static_cast<unsigned>(scroll));
    GuardedFrame scrolled(112, 12, frameRng);
    GuardedFrame placed = scrolled;
    blendPart(scrolled.view(), ticker, BlendParams{.scrollPixels = scroll});
    blendPart(placed.view(), still, BlendParams{});
    EXPECT_TRUE(scrolled == placed) << "scroll " << scroll;
    expectMatchesReference(ticker, BlendParams{.opacity = 180, .scrollPixels = scroll}, 112, 12,
                           static_cast<unsigned>(scroll));
  }
}

TEST(Blend, ScrollingWindowClipsAtTheFrameEdges) {
  std::mt19937 rng(42);
  const PreparedPart ticker = partOf(randomImage(37, 8, rng), -6, 3, 90, 80.0);
  for (int dx : {0, -30, 40}) {
    for (std::int64_t scroll : {0, 5, 36, 73}) {
      expectMatchesReference(ticker, BlendParams{.dx = dx, .scrollPixels = scroll}, 64, 16,
                             static_cast<unsigned>(scroll));
    }
  }
}

}  // namespace
}  // namespace sporazum::overlay
