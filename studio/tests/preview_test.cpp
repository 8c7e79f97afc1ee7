#include <gtest/gtest.h>

#include "gtest_qt.hpp"

#include <QSignalSpy>
#include <cstring>

#include "sporazum/studio/preview_image.hpp"
#include "sporazum/studio/preview_image_provider.hpp"
#include "sporazum/studio/preview_renderer.hpp"

namespace sporazum::studio {
namespace {

const QString kTemplates = QStringLiteral(SPORAZUM_SOURCE_ROOT "/assets/templates");

/// A premultiplied image whose rows are padded beyond width * 4 bytes.
overlay::PremultipliedImage paddedImage(int width, int height, std::uint32_t pixel) {
  overlay::PremultipliedImage image;
  image.width = width;
  image.height = height;
  image.strideBytes = width * 4 + 12;
  image.pixels.assign(static_cast<std::size_t>(image.strideBytes) * height, 0xEE);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x)
      std::memcpy(image.row(y) + x * 4, &pixel, 4);
  }
  return image;
}

std::uint32_t wordAt(const QImage& image, int x, int y) {
  return reinterpret_cast<const std::uint32_t*>(image.constScanLine(y))[x];
}

TEST(PreviewImage, CopiesCairosPremultipliedWordsUnchanged) {
  // Half-transparent red, premultiplied: A=0x80, R=0x80, G=0, B=0 as one native word.
  const std::uint32_t halfRed = 0x80800000u;
  const QImage image = toQImage(paddedImage(3, 2, halfRed));
  ASSERT_EQ(image.format(), QImage::Format_ARGB32_Premultiplied);
  ASSERT_EQ(image.size(), QSize(3, 2));
  for (int y = 0; y < 2; ++y) {
    for (int x = 0; x < 3; ++x)
      EXPECT_EQ(wordAt(image, x, y), halfRed);
  }
  const QColor colour = image.pixelColor(1, 1);
  EXPECT_EQ(colour.alpha(), 0x80);
  EXPECT_EQ(colour.red(), 0xFF) << "un-premultiplied, it is full red at half alpha";
  EXPECT_EQ(colour.green(), 0);

  overlay::PremultipliedImage broken = paddedImage(3, 2, halfRed);
  broken.pixels.resize(5);
  EXPECT_TRUE(toQImage(broken).isNull()) << "short data is refused, not read past";
}

TEST(PreviewImage, PlacesPartsAndShowsTheTickersFirstWindow) {
  overlay::Graphic graphic;
  graphic.parts.push_back({paddedImage(4, 2, 0xFF0000FFu), 10, 20, 0, 0.0});
  graphic.parts.push_back({paddedImage(50, 1, 0xFF00FF00u), 100, 5, 8, 120.0});
  const ComposedGraphic composed = composeGraphic(graphic, {.width = 160, .height = 90});
  // The smallest rectangle holding both parts: x 10…107, y 5…21.
  ASSERT_EQ(composed.rect, QRect(10, 5, 98, 17));
  ASSERT_EQ(composed.image.size(), QSize(98, 17));
  const auto at = [&](int frameX, int frameY) {
    return wordAt(composed.image, frameX - composed.rect.x(), frameY - composed.rect.y());
  };
  EXPECT_EQ(at(10, 20), 0xFF0000FFu);
  EXPECT_EQ(at(13, 21), 0xFF0000FFu);
  EXPECT_EQ(at(14, 20), 0u) << "transparent around the part";
  EXPECT_EQ(at(10, 19), 0u);
  EXPECT_EQ(at(100, 5), 0xFF00FF00u);
  EXPECT_EQ(at(107, 5), 0xFF00FF00u) << "viewWidth pixels of the scrolling part, no more";
  EXPECT_EQ(at(50, 10), 0u);
}

TEST(PreviewImage, ClipsToTheFrameAndDrawsNothingForNothing) {
  overlay::Graphic graphic;
  graphic.parts.push_back({paddedImage(40, 10, 0xFFFFFFFFu), 140, 85, 0, 0.0});
  const ComposedGraphic composed = composeGraphic(graphic, {.width = 160, .height = 90});
  EXPECT_EQ(composed.rect, QRect(140, 85, 20, 5));
  EXPECT_EQ(wordAt(composed.image, 19, 4), 0xFFFFFFFFu);
  EXPECT_TRUE(composeGraphic(overlay::Graphic{}, {}).image.isNull());
}

TEST(PreviewRenderer, DrawsWhatTheEngineWouldDrawAndSaysItFits) {
  PreviewRenderer preview(kTemplates);
  ASSERT_TRUE(preview.isAvailable()) << preview.loadError().toStdString();
  QSignalSpy changes(&preview, &PreviewRenderer::previewChanged);
  const QVariantMap card{{"questionId", 118},
                         {"text", QString::fromUtf8("Kada će biti popravljen put?")},
                         {"viewerName", "Milica"},
                         {"municipality", "zubin-potok"},
                         {"language", "sr-Latn"}};
  preview.show("lower_third", card, "Selected question 118");
  RecordProperty("firstRenderMs", std::to_string(preview.renderMs()));  // for people
  EXPECT_EQ(changes.count(), 1);
  EXPECT_TRUE(preview.fits());
  EXPECT_EQ(preview.problem(), "");
  EXPECT_EQ(preview.caption(), "Selected question 118");
  EXPECT_TRUE(preview.source().startsWith("image://preview/"));
  EXPECT_EQ(preview.frameSize(), QSize(1920, 1080));
  const QImage image = preview.image();
  const QRect rect = preview.imageRect();
  ASSERT_EQ(image.size(), rect.size());
  EXPECT_GT(rect.top(), 540) << "a lower third sits in the lower half";
  EXPECT_TRUE(QRect(0, 0, 1920, 1080).contains(rect));

  // The same card through a renderer of our own gives the same bytes in the same place: the
  // preview adds nothing of its own (the renderer is deterministic; the name needs consent).
  auto renderer = overlay::Renderer::load(kTemplates.toStdString(), overlay::FrameFormat{});
  ASSERT_TRUE(renderer);
  const overlay::Rendered direct =
      (*renderer)->question({118, QString::fromUtf8("Kada će biti popravljen put?").toStdString(),
                             "Milica", "zubin-potok", true, "sr-Latn"});
  ASSERT_FALSE(direct.graphic.parts.empty());
  for (const overlay::GraphicPart& part : direct.graphic.parts) {
    const QImage partImage = toQImage(part.image);
    int opaque = 0;
    int mismatches = 0;
    for (int y = 0; y < partImage.height(); ++y) {
      for (int x = 0; x < partImage.width(); ++x) {
        const std::uint32_t expected = wordAt(partImage, x, y);
        opaque += qAlpha(expected) == 255;
        if (direct.graphic.parts.size() == 1) {
          mismatches += wordAt(image, part.x - rect.x() + x, part.y - rect.y() + y) != expected;
        }
      }
    }
    EXPECT_EQ(mismatches, 0);
    EXPECT_GT(opaque, 1000) << "the lower third is mostly solid";
  }

  const QString first = preview.source();
  preview.show("super", {{"name", QString::fromUtf8("Dragana Petrović")}, {"role", "poslanica"}});
  EXPECT_NE(preview.source(), first) << "a new image, a new URL, so QML reloads it";
  EXPECT_TRUE(preview.fits());
  EXPECT_EQ(preview.caption(), "");
  preview.show("lower_third", card);
  RecordProperty("warmRenderMs", std::to_string(preview.renderMs()));  // for people
}

TEST(PreviewRenderer, WarnsClearlyWhenTheTextDoesNotFit) {
  PreviewRenderer preview(kTemplates);
  ASSERT_TRUE(preview.isAvailable());
  QString longText;
  for (int i = 0; i < 90; ++i)
    longText += QString::fromUtf8("predugačko ");
  preview.show("lower_third", {{"text", longText}, {"language", "sr-Latn"}});
  EXPECT_FALSE(preview.fits());
  EXPECT_EQ(preview.problemCode(), "does_not_fit");
  EXPECT_TRUE(preview.problem().startsWith("Does not fit")) << preview.problem().toStdString();
  EXPECT_FALSE(preview.image().isNull()) << "still drawn, for the producer to see";

  preview.show("lower_third", {{"text", ""}});
  EXPECT_FALSE(preview.fits());
  EXPECT_EQ(preview.problemCode(), "empty_text");

  preview.show("hologram", {});
  EXPECT_FALSE(preview.fits());
  EXPECT_EQ(preview.source(), "");
}

TEST(PreviewRenderer, MarkupInTheTextIsDrawnAsCharactersNotParsed) {
  PreviewRenderer preview(kTemplates);
  ASSERT_TRUE(preview.isAvailable());
  preview.show("lower_third", {{"text", "<b>3 < 5 & true</b>"}, {"language", "en"}});
  EXPECT_TRUE(preview.fits()) << preview.problem().toStdString();
  const QImage literal = preview.image();
  preview.show("lower_third", {{"text", "3 < 5 & true"}, {"language", "en"}});
  EXPECT_NE(preview.image(), literal) << "the tags are visible characters";
}

TEST(PreviewRenderer, WithoutTemplatesThePreviewIsOffAndSaysWhy) {
  PreviewRenderer preview(QStringLiteral("/nonexistent/templates"));
  EXPECT_FALSE(preview.isAvailable());
  EXPECT_TRUE(preview.loadError().contains("/nonexistent/templates"));
  preview.show("lower_third", {{"text", "x"}});
  EXPECT_EQ(preview.source(), "");
}

TEST(PreviewImageProvider, ServesTheLatestImageScaledOnRequest) {
  PreviewRenderer preview(kTemplates);
  ASSERT_TRUE(preview.isAvailable());
  std::unique_ptr<QQuickImageProvider> provider(preview.createImageProvider());
  preview.show("logo", {});
  QSize size;
  const QImage full = provider->requestImage("frame-1", &size, QSize());
  EXPECT_EQ(size, preview.imageRect().size());
  EXPECT_FALSE(full.isNull());
  EXPECT_EQ(full, preview.image());
  const QSize requested = full.size() / 2;
  const QImage half = provider->requestImage("frame-1", &size, requested);
  EXPECT_TRUE(half.width() == requested.width() || half.height() == requested.height());
  EXPECT_LE(half.width(), requested.width());
  EXPECT_LE(half.height(), requested.height());
}

}  // namespace
}  // namespace sporazum::studio
