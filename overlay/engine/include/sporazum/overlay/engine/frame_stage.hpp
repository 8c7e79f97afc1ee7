#pragma once
// The seam between the GStreamer pipeline and the graphics: what runs on every programme frame.

#include <cstdint>

#include "sporazum/overlay/i420.hpp"

namespace sporazum::overlay::engine {

/// Called on the pipeline's streaming thread for every programme frame, in order. Must not block
/// and must not throw; a frame's running time drives all animation.
class FrameStage {
 public:
  virtual ~FrameStage() = default;
  virtual void processFrame(I420View& frame, std::int64_t runningTimeNs) = 0;
  /// The same, when the engine has a graphics-only output: this frame's graphics are also drawn
  /// into `graphicsOnly` (fill and key, cleared to black). The default leaves them black.
  virtual void processFrameAndKey(I420View& frame, const FillAndKey& /*graphicsOnly*/,
                                  std::int64_t runningTimeNs) {
    processFrame(frame, runningTimeNs);
  }
};

}  // namespace sporazum::overlay::engine
