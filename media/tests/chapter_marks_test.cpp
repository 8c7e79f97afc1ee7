#include "chapter_marks.hpp"

#include <gtest/gtest.h>

namespace sporazum::media {
namespace {

std::vector<std::tuple<double, double, std::string>> flat(const std::vector<core::Chapter>& marks) {
  std::vector<std::tuple<double, double, std::string>> out;
  for (const auto& mark : marks)
    out.emplace_back(mark.startSeconds, mark.endSeconds, mark.title);
  return out;
}

TEST(ChapterMarks, FillTheGapsAroundQuestionsWithUntitledMarks) {
  const auto marks = chapterMarks({{30, 90, "Q1", 1}, {120, 200, "Q2", 2}}, 600);
  EXPECT_EQ(flat(marks),
            (std::vector<std::tuple<double, double, std::string>>{
                {0, 30, ""}, {30, 90, "Q1"}, {90, 120, ""}, {120, 200, "Q2"}, {200, 600, ""}}));
  EXPECT_EQ(marks[1].questionId, 1);
}

TEST(ChapterMarks, SortsCutsOverlapsAndClipsToTheProgramme) {
  const auto marks =
      chapterMarks({{50, 700, "late", 3}, {0, 60, "first", 1}, {800, 900, "after", 4}}, 600);
  EXPECT_EQ(flat(marks), (std::vector<std::tuple<double, double, std::string>>{{0, 50, "first"},
                                                                               {50, 600, "late"}}));
}

TEST(ChapterMarks, WritesNothingWithoutChapters) {
  EXPECT_TRUE(chapterMarks({}, 600).empty());
}

}  // namespace
}  // namespace sporazum::media
