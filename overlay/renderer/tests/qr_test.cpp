// The QR code: libqrencode's matrix drawn with whole-pixel modules inside a light quiet zone.
// (No decoder on the machine: the test reads the modules back from the pixels instead.)

#include <gtest/gtest.h>

#include "qr.hpp"
#include "test_support.hpp"

namespace sporazum::overlay {
namespace {

constexpr int kQuietZoneModules = 4;  // assets/templates/qr.json

void expectCodeMatches(const FrameFormat& format, const std::string& url) {
  auto renderer = testing::loadRenderer(format);
  ASSERT_TRUE(renderer);
  const Rendered rendered = renderer->qr({url, "sporazum.tv/pitanja"});
  EXPECT_TRUE(rendered.report.fits) << rendered.report.detail;
  ASSERT_EQ(rendered.graphic.parts.size(), 2U);  // the code, the caption under it
  const PremultipliedImage& code = rendered.graphic.parts[0].image;
  ASSERT_FALSE(code.isEmpty());
  ASSERT_EQ(code.width, code.height);

  auto matrix = detail::encodeQr(url, 'M');
  ASSERT_TRUE(matrix);
  EXPECT_EQ(matrix->size, 17 + 4 * matrix->version);
  const int modules = matrix->size + 2 * kQuietZoneModules;
  ASSERT_EQ(code.width % modules, 0) << "modules must be whole pixels";
  const int modulePx = code.width / modules;
  EXPECT_GE(modulePx, 2);

  const std::uint32_t light = testing::pixelAt(code, code.width / 2, modulePx);
  EXPECT_EQ(light, 0xFFFFFFFFU);  // white, opaque
  for (int my = 0; my < modules; ++my) {
    for (int mx = 0; mx < modules; ++mx) {
      const int cx = mx * modulePx + modulePx / 2;
      const int cy = my * modulePx + modulePx / 2;
      const bool inCode = mx >= kQuietZoneModules && my >= kQuietZoneModules &&
                          mx < kQuietZoneModules + matrix->size &&
                          my < kQuietZoneModules + matrix->size;
      const bool dark = inCode && matrix->isDark(mx - kQuietZoneModules, my - kQuietZoneModules);
      if (!inCode) {
        // The quiet zone is light (its outermost corners are rounded off).
        const bool corner = (mx == 0 || mx == modules - 1) && (my == 0 || my == modules - 1);
        if (!corner) {
          EXPECT_EQ(testing::pixelAt(code, cx, cy), light) << mx << "," << my;
        }
        continue;
      }
      // Every pixel of a module, not only its centre, has the module's colour.
      for (int y = my * modulePx; y < (my + 1) * modulePx; ++y) {
        for (int x = mx * modulePx; x < (mx + 1) * modulePx; ++x) {
          const bool pixelIsLight = testing::pixelAt(code, x, y) == light;
          ASSERT_EQ(!pixelIsLight, dark) << "module " << mx << "," << my << " pixel " << x << ","
                                         << y << " centre " << cx << "," << cy;
        }
      }
    }
  }
  // The caption sits right under the code, as wide as it.
  const GraphicPart& caption = rendered.graphic.parts[1];
  EXPECT_EQ(caption.x, rendered.graphic.parts[0].x);
  EXPECT_NEAR(caption.y, rendered.graphic.parts[0].y + code.height, 1);
  EXPECT_NEAR(caption.image.width, code.width, 1);
}

TEST(Qr, TheCodeIsASquareOfWholePixelModulesInsideAQuietZoneAt1080p) {
  expectCodeMatches(testing::k1080, "https://sporazum.tv/pitanja");
}

TEST(Qr, TheCodeIsASquareOfWholePixelModulesInsideAQuietZoneAt720p) {
  expectCodeMatches(testing::k720, "https://sporazum.tv/pitanja?epizoda=12&q=4711");
}

TEST(Qr, ALongerUrlNeedsAHigherVersion) {
  auto small = detail::encodeQr("https://sporazum.tv/p", 'M');
  auto large = detail::encodeQr("https://sporazum.tv/" + std::string(120, 'x'), 'M');
  ASSERT_TRUE(small && large);
  EXPECT_GT(large->version, small->version);
}

TEST(Qr, AnEmptyOrImpossibleUrlIsReportedNotDrawn) {
  auto renderer = testing::loadRenderer();
  ASSERT_TRUE(renderer);
  EXPECT_EQ(renderer->qr({"", ""}).report.problem, "empty_text");
  for (const std::size_t length : {1900U, 3000U}) {  // modules under 2 px; more than QR holds
    const Rendered huge = renderer->qr({std::string(length, 'x'), ""});
    EXPECT_EQ(huge.report.problem, "does_not_fit");
    EXPECT_TRUE(huge.graphic.parts.empty());
  }
}

}  // namespace
}  // namespace sporazum::overlay
