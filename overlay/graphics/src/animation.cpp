#include "sporazum/overlay/animation.hpp"

#include <algorithm>
#include <cmath>

namespace sporazum::overlay {

double easeOutCubic(double t) {
  const double remaining = 1.0 - t;
  return 1.0 - remaining * remaining * remaining;
}

double easeInCubic(double t) {
  return t * t * t;
}

double frameDurationNs(const FrameFormat& format) {
  if (format.fpsNumerator <= 0 || format.fpsDenominator <= 0) return 20'000'000.0;
  return 1e9 * format.fpsDenominator / format.fpsNumerator;
}

AnimationState animationStateAt(const AnimationSpec& spec, AnimationDirection direction,
                                std::int64_t elapsedNs, const Rect& bounds,
                                const FrameFormat& format) {
  const double frameNs = frameDurationNs(format);
  const double durationNs = static_cast<double>(spec.durationMs) * 1e6;
  const double frameEndNs = static_cast<double>(std::max<std::int64_t>(elapsedNs, 0)) + frameNs;
  const bool isCut = spec.kind == AnimationKind::Cut || spec.durationMs <= 0;

  AnimationState state;
  state.isFinished = isCut || frameEndNs >= durationNs - frameNs / 8.0;
  state.progress = state.isFinished ? 1.0 : frameEndNs / durationNs;
  const double t = state.progress;
  if (direction == AnimationDirection::Out && state.isFinished) {
    state.visibility = 0.0;
    state.opacity = 0;
    return state;
  }
  state.visibility = direction == AnimationDirection::In ? easeOutCubic(t) : 1.0 - easeInCubic(t);
  const double hidden = 1.0 - state.visibility;
  switch (spec.kind) {
    case AnimationKind::Fade:
      state.opacity = static_cast<int>(std::lround(255.0 * state.visibility));
      break;
    case AnimationKind::SlideUp:
      state.dy = static_cast<int>(std::lround(std::max(0, format.height - bounds.y) * hidden));
      break;
    case AnimationKind::SlideLeft:
      state.dx = static_cast<int>(std::lround(std::max(0, format.width - bounds.x) * hidden));
      break;
    case AnimationKind::Wipe:
      state.clip =
          Rect{bounds.x, bounds.y, static_cast<int>(std::lround(bounds.width * state.visibility)),
               bounds.height};
      break;
    case AnimationKind::Cut:
      break;
  }
  return state;
}

}  // namespace sporazum::overlay
