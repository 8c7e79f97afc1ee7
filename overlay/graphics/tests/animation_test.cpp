#include "sporazum/overlay/animation.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace sporazum::overlay {
namespace {

constexpr FrameFormat k50Fps{1920, 1080, 50, 1};
constexpr FrameFormat k25Fps{1920, 1080, 25, 1};
constexpr std::int64_t kFrame50Ns = 20'000'000;
constexpr std::int64_t kFrame25Ns = 40'000'000;
const Rect kLowerThird{0, 864, 1920, 216};

AnimationState in(AnimationKind kind, int durationMs, std::int64_t elapsedNs,
                  const FrameFormat& format = k50Fps, const Rect& bounds = kLowerThird) {
  return animationStateAt(AnimationSpec{kind, durationMs}, AnimationDirection::In, elapsedNs,
                          bounds, format);
}

AnimationState out(AnimationKind kind, int durationMs, std::int64_t elapsedNs,
                   const FrameFormat& format = k50Fps, const Rect& bounds = kLowerThird) {
  return animationStateAt(AnimationSpec{kind, durationMs}, AnimationDirection::Out, elapsedNs,
                          bounds, format);
}

TEST(Animation, FrameDurationComesFromTheFrameRate) {
  EXPECT_EQ(frameDurationNs(k50Fps), 20'000'000.0);
  EXPECT_EQ(frameDurationNs(k25Fps), 40'000'000.0);
  EXPECT_NEAR(frameDurationNs(FrameFormat{1920, 1080, 30000, 1001}), 33'366'666.67, 0.01);
}

TEST(Animation, CutIsFinishedOnItsFirstFrame) {
  const AnimationState shown = in(AnimationKind::Cut, 500, 0);
  EXPECT_TRUE(shown.isFinished);
  EXPECT_EQ(shown.opacity, 255);
  EXPECT_EQ(shown.dx, 0);
  EXPECT_EQ(shown.dy, 0);
  EXPECT_FALSE(shown.clip.has_value());
  const AnimationState gone = out(AnimationKind::Cut, 500, 0);
  EXPECT_TRUE(gone.isFinished);
  EXPECT_EQ(gone.opacity, 0);
}

TEST(Animation, ZeroDurationBehavesAsACutForEveryKind) {
  for (AnimationKind kind : {AnimationKind::Fade, AnimationKind::SlideUp, AnimationKind::SlideLeft,
                             AnimationKind::Wipe}) {
    const AnimationState shown = in(kind, 0, 0);
    EXPECT_TRUE(shown.isFinished);
    EXPECT_EQ(shown.opacity, 255);
    EXPECT_EQ(shown.dx, 0);
    EXPECT_EQ(shown.dy, 0);
    if (shown.clip) {
      EXPECT_EQ(*shown.clip, kLowerThird);
    }
    const AnimationState gone = out(kind, 0, 0);
    EXPECT_TRUE(gone.isFinished);
    EXPECT_EQ(gone.opacity, 0);
  }
}

TEST(Animation, FadeInAt50FpsFollowsTheEaseOutCubicFrameByFrame) {
  for (int k = 0; k < 25; ++k) {
    const AnimationState state = in(AnimationKind::Fade, 500, k * kFrame50Ns);
    const double t = (k + 1) / 25.0;
    EXPECT_EQ(state.progress, t) << k;
    EXPECT_EQ(state.opacity, std::lround(255.0 * (1.0 - std::pow(1.0 - t, 3)))) << k;
    EXPECT_EQ(state.isFinished, k == 24) << k;
  }
  EXPECT_EQ(in(AnimationKind::Fade, 500, 0).opacity, 29);  // 1 − (24/25)³ = 0.115264
  EXPECT_EQ(in(AnimationKind::Fade, 500, 12 * kFrame50Ns).opacity, 227);  // 1 − 0.48³
  EXPECT_EQ(in(AnimationKind::Fade, 500, 24 * kFrame50Ns).opacity, 255);
}

TEST(Animation, FadeOutIsTheFadeInPlayedBackwards) {
  for (int k = 0; k < 24; ++k) {
    const AnimationState leaving = out(AnimationKind::Fade, 500, k * kFrame50Ns);
    EXPECT_FALSE(leaving.isFinished) << k;
    EXPECT_EQ(leaving.opacity, in(AnimationKind::Fade, 500, (23 - k) * kFrame50Ns).opacity) << k;
  }
  const AnimationState gone = out(AnimationKind::Fade, 500, 24 * kFrame50Ns);
  EXPECT_TRUE(gone.isFinished);
  EXPECT_EQ(gone.opacity, 0);
}

TEST(Animation, At25FpsA500MsFadeTakesThirteenFrames) {
  // 500 ms is 12.5 frames: frame k ends at (k + 1) × 40 ms.
  for (int k = 0; k < 13; ++k) {
    const AnimationState state = in(AnimationKind::Fade, 500, k * kFrame25Ns, k25Fps);
    EXPECT_EQ(state.isFinished, k == 12) << k;
    if (k < 12) {
      EXPECT_EQ(state.progress, (k + 1) * 40.0 / 500.0) << k;
    }
  }
  EXPECT_EQ(in(AnimationKind::Fade, 500, 0, k25Fps).opacity, 56);  // 1 − 0.92³ = 0.221312
  EXPECT_EQ(in(AnimationKind::Fade, 400, 9 * kFrame25Ns, k25Fps).opacity, 255);
}

TEST(Animation, FinishesOnTimeDespiteNanosecondRoundingOfNtscTimestamps) {
  const FrameFormat ntsc{1920, 1080, 30000, 1001};
  auto timestamp = [](int k) { return static_cast<std::int64_t>(k * 1'001'000'000'000LL / 30000); };
  // 500 ms is 14.985 frames: the 15th frame (k = 14) ends at 500.5 ms.
  EXPECT_FALSE(in(AnimationKind::Fade, 500, timestamp(13), ntsc).isFinished);
  EXPECT_TRUE(in(AnimationKind::Fade, 500, timestamp(14), ntsc).isFinished);
  // 1001 ms is exactly 30 frames; truncated timestamps still finish on the 30th.
  EXPECT_FALSE(in(AnimationKind::Fade, 1001, timestamp(28), ntsc).isFinished);
  EXPECT_TRUE(in(AnimationKind::Fade, 1001, timestamp(29), ntsc).isFinished);
}

TEST(Animation, SlideUpRisesFromJustBelowTheFrameEdge) {
  // The lower third's top is 216 pixels above the bottom edge.
  EXPECT_EQ(in(AnimationKind::SlideUp, 500, 0).dy, 191);  // 216 × (24/25)³ = 191.1
  int previous = 216;
  for (int k = 0; k < 25; ++k) {
    const AnimationState state = in(AnimationKind::SlideUp, 500, k * kFrame50Ns);
    EXPECT_LE(state.dy, previous) << k;
    EXPECT_EQ(state.dx, 0);
    EXPECT_EQ(state.opacity, 255);
    previous = state.dy;
  }
  EXPECT_EQ(previous, 0);
  // Out goes back down the same way.
  EXPECT_EQ(out(AnimationKind::SlideUp, 500, 23 * kFrame50Ns).dy, 191);
  EXPECT_EQ(out(AnimationKind::SlideUp, 500, 0).dy, 0);  // 216 × (1/25)³ rounds to 0
}

TEST(Animation, SlideLeftEntersFromJustRightOfTheFrame) {
  const Rect logo{1640, 60, 240, 120};  // 280 pixels from the right edge
  const AnimationState first = in(AnimationKind::SlideLeft, 500, 0, k50Fps, logo);
  EXPECT_EQ(first.dx, 248);  // 280 × 0.884736 = 247.7
  EXPECT_EQ(first.dy, 0);
  EXPECT_EQ(in(AnimationKind::SlideLeft, 500, 24 * kFrame50Ns, k50Fps, logo).dx, 0);
  EXPECT_EQ(in(AnimationKind::SlideLeft, 500, 9 * kFrame50Ns, k50Fps, logo).dx,
            std::lround(280.0 * std::pow(1.0 - 10 / 25.0, 3)));
}

TEST(Animation, WipeRevealsLeftToRight) {
  const Rect bounds{100, 864, 1700, 216};
  int previousWidth = 0;
  for (int k = 0; k < 25; ++k) {
    const AnimationState state = in(AnimationKind::Wipe, 500, k * kFrame50Ns, k50Fps, bounds);
    ASSERT_TRUE(state.clip.has_value());
    EXPECT_EQ(state.clip->x, 100);
    EXPECT_EQ(state.clip->y, 864);
    EXPECT_EQ(state.clip->height, 216);
    EXPECT_GE(state.clip->width, previousWidth) << k;
    previousWidth = state.clip->width;
  }
  EXPECT_EQ(previousWidth, 1700);
  EXPECT_EQ(in(AnimationKind::Wipe, 500, 0, k50Fps, bounds).clip->width, 196);  // 1700 × 0.115264
}

TEST(Animation, ElapsedTimeBeforeTheFirstFrameCountsAsTheFirstFrame) {
  EXPECT_EQ(in(AnimationKind::Fade, 500, -5'000'000).opacity, 29);
}

}  // namespace
}  // namespace sporazum::overlay
