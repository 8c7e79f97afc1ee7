#pragma once
// Timing of animations from frame timestamps, never wall time. Pure functions.
//
// Convention: the state for a frame describes the picture at the END of that frame's interval, so
// frame k (k = 0, 1, …) of an animation lasting D has linear progress t = (k + 1) × frame / D, and
// an animation of N frames' length shows N distinct states, the first already partly visible and
// the last complete. At 50 fps a 500 ms animation is 25 frames: t = (k + 1) / 25.
//
// Easing: visibility v = 1 − (1 − t)³ going in (ease-out cubic: fast start, gentle landing); going
// out is the in played backwards, v = 1 − t³ (ease-in cubic: gentle start, fast exit). From v:
//   Fade       opacity = round(255 v)
//   SlideUp    dy = round((frame height − bounds.y) × (1 − v)): rises from just below the frame
//   SlideLeft  dx = round((frame width − bounds.x) × (1 − v)): enters from just right of the frame
//   Wipe       clip = bounds with width round(bounds.width × v): revealed left → right
//   Cut, or a duration of 0: finished on its first frame.
// An out-animation that is finished shows nothing: that frame is the first without the graphic.

#include <cstdint>
#include <optional>

#include "sporazum/overlay/image.hpp"
#include "sporazum/overlay/rect.hpp"

namespace sporazum::overlay {

enum class AnimationDirection { In = 1, Out };

/// What an animation shows on one frame.
struct AnimationState {
  double progress = 1.0;    ///< linear t in [0, 1] at the end of this frame
  double visibility = 1.0;  ///< eased v in [0, 1]
  int opacity = 255;        ///< 0..255
  int dx = 0;
  int dy = 0;
  std::optional<Rect> clip;
  bool isFinished = true;  ///< in: this frame shows the graphic complete; out: shows nothing
};

double easeOutCubic(double t);  ///< 1 − (1 − t)³
double easeInCubic(double t);   ///< t³

/// Length of one frame of `format` in nanoseconds (20,000,000 at 50 fps).
double frameDurationNs(const FrameFormat& format);

/// The state of an animation on the frame whose running time is `elapsedNs` after the running
/// time of the animation's first frame. `bounds` is the graphic's rectangle in frame pixels.
/// Finished when the end of the frame reaches the duration, within 1/8 frame (timestamps of
/// 30000/1001 fps and similar rates are rounded to whole nanoseconds).
AnimationState animationStateAt(const AnimationSpec& spec, AnimationDirection direction,
                                std::int64_t elapsedNs, const Rect& bounds,
                                const FrameFormat& format);

}  // namespace sporazum::overlay
