// Everything drawn stays inside the EBU R 95 graphics-safe area (5 % in from each edge), at
// 1080p and 720p, whatever the content: checked on the pixels, not just on the report.

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace sporazum::overlay {
namespace {

struct Named {
  std::string name;
  Rendered rendered;
};

std::vector<Named> everything(Renderer& renderer) {
  std::vector<Named> all;
  QuestionCard card;
  card.text = "Kada će biti popravljen put između Zvečana i Severne Mitrovice?";
  card.viewerName = "Milica";
  card.municipality = "mitrovica-north";
  card.nameConsent = true;
  all.push_back({"question", renderer.question(card)});
  card.text = std::string(900, 'w') + " Зашто? " + std::string(400, 'm');
  card.viewerName = std::string(120, 'W');
  all.push_back({"question that does not fit", renderer.question(card)});
  all.push_back({"super", renderer.guestSuper({"Marko Petrović", "poslanik, Stranka za dijalog"})});
  all.push_back(
      {"long super", renderer.guestSuper({std::string(200, 'M'), std::string(300, 'W')})});
  all.push_back({"logo", renderer.logo()});
  all.push_back({"clock", renderer.clock({"20:15"})});
  all.push_back({"long clock", renderer.clock({"20:15:59 CEST MMMMMM"})});
  all.push_back({"qr", renderer.qr({"https://sporazum.tv/pitanja", ""})});
  all.push_back({"long qr", renderer.qr({"https://sporazum.tv/" + std::string(120, 'q'),
                                         std::string(100, 'W')})});
  all.push_back({"ticker", renderer.ticker({"Sledeća emisija: četvrtak u 20 časova"})});
  return all;
}

class SafeArea : public ::testing::TestWithParam<FrameFormat> {};

TEST_P(SafeArea, EverythingDrawnLiesInsideTheGraphicsSafeArea) {
  const FrameFormat format = GetParam();
  auto renderer = testing::loadRenderer(format);
  ASSERT_TRUE(renderer);
  const int left = format.width * 5 / 100;
  const int top = format.height * 5 / 100;
  const int right = format.width - left;
  const int bottom = format.height - top;
  for (const Named& item : everything(*renderer)) {
    SCOPED_TRACE(item.name);
    EXPECT_TRUE(item.rendered.report.insideSafeArea) << item.rendered.report.detail;
    ASSERT_FALSE(item.rendered.graphic.parts.empty());
    for (std::size_t i = 0; i < item.rendered.graphic.parts.size(); ++i) {
      const GraphicPart& part = item.rendered.graphic.parts[i];
      if (item.name == "ticker" && i == 0) {
        // The ticker's bar is marked to bleed sideways; it must still sit above the bottom edge.
        EXPECT_GE(part.y, top);
        EXPECT_LE(part.y + part.image.height, bottom);
        continue;
      }
      if (part.viewWidth > 0) {  // a scrolling strip: what shows is its window
        EXPECT_GE(part.x, left);
        EXPECT_LE(part.x + part.viewWidth, right);
        EXPECT_GE(part.y, top);
        EXPECT_LE(part.y + part.image.height, bottom);
        continue;
      }
      const auto bounds = testing::opaqueBounds(part.image);
      ASSERT_GT(bounds.width, 0);
      EXPECT_GE(part.x + bounds.x, left);
      EXPECT_GE(part.y + bounds.y, top);
      EXPECT_LE(part.x + bounds.x + bounds.width, right);
      EXPECT_LE(part.y + bounds.y + bounds.height, bottom);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Formats, SafeArea, ::testing::Values(testing::k1080, testing::k720),
                         [](const auto& param) {
                           return std::to_string(param.param.height) + "p";
                         });

}  // namespace
}  // namespace sporazum::overlay
