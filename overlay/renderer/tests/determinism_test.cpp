// The studio's preview and the engine's output are the same bytes: rendering depends only on
// the templates, the fonts they list and the format.

#include <thread>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace sporazum::overlay {
namespace {

using testing::loadRenderer;

std::vector<QuestionCard> cards() {
  QuestionCard latin;
  latin.text = "Kada će biti popravljen put između Zvečana i Severne Mitrovice?";
  latin.viewerName = "Milica";
  latin.municipality = "mitrovica-north";
  latin.nameConsent = true;
  latin.language = "sr-Latn";
  QuestionCard cyrillic;
  cyrillic.text =
      "Зашто ђаци из Лепосавића и даље немају организован превоз до школе у Звечану, "
      "иако је то обећано прошле године, и ко је за то одговоран?";
  cyrillic.municipality = "leposavic";
  cyrillic.language = "sr-Cyrl";
  QuestionCard albanian;
  albanian.text = "A do të ketë më shumë autobusë për nxënësit që udhëtojnë çdo ditë?";
  albanian.language = "sq";
  return {latin, cyrillic, albanian};
}

std::vector<std::vector<std::uint8_t>> renderAll(Renderer& renderer) {
  std::vector<std::vector<std::uint8_t>> images;
  const auto keep = [&](const Rendered& rendered) {
    for (const GraphicPart& part : rendered.graphic.parts)
      images.push_back(part.image.pixels);
  };
  for (const QuestionCard& card : cards())
    keep(renderer.question(card));
  keep(renderer.guestSuper({"Marko Petrović", "poslanik"}));
  keep(renderer.ticker({"Sledeća emisija: četvrtak u 20 časova"}));
  keep(renderer.qr({"https://sporazum.tv/pitanja", ""}));
  keep(renderer.clock({"20:15"}));
  keep(renderer.logo());
  images.push_back(renderer.slate().pixels);
  return images;
}

TEST(Determinism, RenderingTwiceGivesTheSameBytes) {
  auto renderer = loadRenderer();
  ASSERT_TRUE(renderer);
  EXPECT_EQ(renderAll(*renderer), renderAll(*renderer));
}

TEST(Determinism, TwoRenderersGiveTheSameBytes) {
  auto first = loadRenderer();
  auto second = loadRenderer();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(renderAll(*first), renderAll(*second));
}

TEST(Determinism, TwoRenderersOnTwoThreadsAtOnceGiveTheSameBytes) {
  std::vector<std::vector<std::uint8_t>> results[2];
  auto first = loadRenderer();
  auto second = loadRenderer();
  ASSERT_TRUE(first && second);
  std::thread a([&] {
    for (int i = 0; i < 5; ++i)
      results[0] = renderAll(*first);
  });
  std::thread b([&] {
    for (int i = 0; i < 5; ++i)
      results[1] = renderAll(*second);
  });
  a.join();
  b.join();
  EXPECT_EQ(results[0], results[1]);
}

TEST(Determinism, A720pPreviewWrapsAndShrinksExactlyLike1080p) {
  auto full = loadRenderer(testing::k1080);
  auto small = loadRenderer(testing::k720);
  ASSERT_TRUE(full && small);
  for (const QuestionCard& card : cards()) {
    const LayoutReport big = full->question(card).report;
    const LayoutReport little = small->question(card).report;
    EXPECT_EQ(big.lineCount, little.lineCount);
    EXPECT_DOUBLE_EQ(big.fontSizePx * 2 / 3, little.fontSizePx);
  }
}

}  // namespace
}  // namespace sporazum::overlay
