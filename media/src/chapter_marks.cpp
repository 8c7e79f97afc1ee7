#include "chapter_marks.hpp"

#include <algorithm>

namespace sporazum::media {
namespace {

/// Shorter gaps are not worth a mark of their own (a player would show a blip).
constexpr double kMinimumGapSeconds = 0.04;

}  // namespace

std::vector<core::Chapter> chapterMarks(std::vector<core::Chapter> chapters,
                                        double durationSeconds) {
  std::stable_sort(chapters.begin(), chapters.end(),
                   [](const auto& a, const auto& b) { return a.startSeconds < b.startSeconds; });
  const double end = durationSeconds > 0 ? durationSeconds : 1e18;
  std::vector<core::Chapter> marks;
  double covered = 0;  // where the marks so far end
  for (std::size_t i = 0; i < chapters.size(); ++i) {
    core::Chapter chapter = chapters[i];
    if (chapter.startSeconds >= end) break;
    chapter.startSeconds = std::max(chapter.startSeconds, covered);
    chapter.endSeconds = std::min(chapter.endSeconds, end);
    if (i + 1 < chapters.size()) {
      chapter.endSeconds = std::min(chapter.endSeconds, chapters[i + 1].startSeconds);
    }
    if (chapter.endSeconds <= chapter.startSeconds) continue;
    if (chapter.startSeconds - covered >= kMinimumGapSeconds) {
      marks.push_back({covered, chapter.startSeconds, "", 0});
    } else if (!marks.empty()) {
      marks.back().endSeconds = chapter.startSeconds;
    } else {
      chapter.startSeconds = 0;
    }
    marks.push_back(chapter);
    covered = chapter.endSeconds;
  }
  if (!marks.empty() && durationSeconds > 0 && durationSeconds - covered >= kMinimumGapSeconds) {
    marks.push_back({covered, durationSeconds, "", 0});
  }
  return marks;
}

}  // namespace sporazum::media
