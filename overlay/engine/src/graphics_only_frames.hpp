#pragma once
// The graphics-only output's frames (fill and key side by side, for an external keyer): one per
// programme frame, drawn by the same stage call as the programme frame so both carry exactly the
// same graphics at the same animation state.

#include <gst/gst.h>
#include <gst/video/video.h>

#include <cstdint>
#include <memory>

#include "sporazum/overlay/engine/frame_stage.hpp"
#include "sporazum/overlay/image.hpp"

namespace sporazum::overlay::engine {

class GraphicsOnlyFrames {
 public:
  /// `appsrc` is the "graphics_only" source of the programme pipeline (which keeps it alive).
  static std::unique_ptr<GraphicsOnlyFrames> create(GstElement* appsrc, const FrameFormat& format);
  ~GraphicsOnlyFrames();
  GraphicsOnlyFrames(const GraphicsOnlyFrames&) = delete;
  GraphicsOnlyFrames& operator=(const GraphicsOnlyFrames&) = delete;

  /// Streaming thread: clears a fill-and-key frame to black, runs the stage on the programme
  /// frame and on it, and sends it out with the programme frame's timestamp. Without a free
  /// buffer only the programme frame is drawn (the output's leak counts the frame as dropped).
  void process(FrameStage& stage, I420View& programme, std::int64_t runningTimeNs);
  void endOfStream();

 private:
  GraphicsOnlyFrames() = default;
  GstElement* appsrc_ = nullptr;
  GstBufferPool* pool_ = nullptr;
  GstVideoInfo info_{};
  std::int64_t frameNs_ = 0;
};

}  // namespace sporazum::overlay::engine
