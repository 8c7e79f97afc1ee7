#include "sporazum/studio/search_fold.hpp"

#include <gtest/gtest.h>

#include "gtest_qt.hpp"

namespace sporazum::studio {
namespace {

QString fold(const char* utf8) {
  return foldForSearch(QString::fromUtf8(utf8));
}

TEST(SearchFold, LatinAndCyrillicSerbianMeet) {
  EXPECT_EQ(fold("Ђаковица"), "djakovica");
  EXPECT_EQ(fold("Đakovica"), "djakovica");
  EXPECT_EQ(fold("Када ће бити поправљен пут?"), fold("Kada će biti popravljen put?"));
  EXPECT_EQ(fold("ЏЕП Љубав Њива Шума Жена Чачак Ћуприја"),
            "dzep ljubav njiva suma zena cacak cuprija");
  EXPECT_EQ(fold("Džep"), "dzep");
}

TEST(SearchFold, IgnoresCaseDiacriticsAndExtraSpace) {
  EXPECT_EQ(fold("  ZUBIN   Potok\n"), "zubin potok");
  EXPECT_EQ(fold("Pyetjet për Mitrovicën, çka?"), "pyetjet per mitrovicen, cka?");
  EXPECT_EQ(fold("Vučić Vuçiq Вучић"), "vucic vuciq vucic");
}

TEST(SearchFold, LeavesOtherTextAsItIs) {
  EXPECT_EQ(fold("<b>3 < 5 & true</b>"), "<b>3 < 5 & true</b>");
  EXPECT_EQ(fold(""), "");
  EXPECT_EQ(fold("щ"), QString::fromUtf8("щ")) << "not a Serbian letter";
}

}  // namespace
}  // namespace sporazum::studio
