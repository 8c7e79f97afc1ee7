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
};

}  // namespace sporazum::overlay::engine
