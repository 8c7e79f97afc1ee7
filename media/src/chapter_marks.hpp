#pragma once
// MP4 chapters are start marks that divide the whole timeline (a QuickTime chapter track, and
// Nero's chpl): a chapter lasts until the next one, and the first starts at 0. The programme's
// chapters (aired questions, with gaps between them) are mapped onto that: gaps become untitled
// marks, so each question keeps its own start and end.

#include <vector>

#include "sporazum/core/archive.hpp"

namespace sporazum::media {

/// The marks to write for `chapters` in a programme of `durationSeconds` (0 = unknown): sorted,
/// clipped to the programme, overlaps cut at the next start, gaps filled with untitled marks.
std::vector<core::Chapter> chapterMarks(std::vector<core::Chapter> chapters,
                                        double durationSeconds);

}  // namespace sporazum::media
