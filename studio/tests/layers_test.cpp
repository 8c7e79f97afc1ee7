#include "sporazum/studio/layers.hpp"

#include <gtest/gtest.h>

#include "gtest_qt.hpp"

namespace sporazum::studio {
namespace {

TEST(Layers, KnowsTheSixLayersOfTheProtocol) {
  EXPECT_EQ(graphicsLayers(),
            (QStringList{"lower_third", "super", "logo", "qr", "ticker", "clock"}));
  EXPECT_TRUE(isGraphicsLayer("ticker"));
  EXPECT_FALSE(isGraphicsLayer("hologram"));
  EXPECT_EQ(layerTitle("super"), "Guest super");
}

TEST(Layers, LabelsSayWhatIsShownInOneShortLine) {
  EXPECT_EQ(graphicLabel("lower_third",
                         {{"questionId", 118},
                          {"text", QString::fromUtf8("Kada će biti popravljen put do Zubinog "
                                                     "Potoka i ko plaća radove?")},
                          {"viewerName", "Milica"}}),
            QString::fromUtf8("Milica: Kada će biti popravljen put do Zubinog…"));
  EXPECT_EQ(graphicLabel("lower_third", {{"questionId", 4}, {"text", "Kratko?"}}), "Kratko?");
  EXPECT_EQ(graphicLabel("super", {{"name", QString::fromUtf8("Dragana Petrović")}, {"role", "x"}}),
            QString::fromUtf8("Dragana Petrović"));
  EXPECT_EQ(graphicLabel("ticker", {{"text", "Prvi red\nDrugi red"}}), "Prvi red Drugi red");
  EXPECT_EQ(graphicLabel("logo", {}), "Logo");
  EXPECT_EQ(graphicLabel("qr", {{"caption", "Pitajte"}}), "QR code: Pitajte");
}

TEST(Layers, ShorteningNeverSplitsACharacter) {
  // A family emoji (several code points joined) and a letter with a combining mark.
  const QString family = QString::fromUtf8("👨‍👩‍👧");
  const QString text = family + family + family;
  EXPECT_EQ(shortened(text, 2), family + family + QChar(0x2026));
  const QString combining = QString::fromUtf8("e\u0301e\u0301e\u0301");
  EXPECT_EQ(shortened(combining, 1), QString::fromUtf8("e\u0301…"));
  EXPECT_EQ(shortened("abc", 3), "abc") << "fits exactly: no ellipsis";
  EXPECT_EQ(shortened("abc", 0), "");
}

}  // namespace
}  // namespace sporazum::studio
