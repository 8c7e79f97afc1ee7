#include "graphics_only_frames.hpp"

#include <gst/app/gstappsrc.h>

#include <algorithm>
#include <cstring>

namespace sporazum::overlay::engine {

std::unique_ptr<GraphicsOnlyFrames> GraphicsOnlyFrames::create(GstElement* appsrc,
                                                               const FrameFormat& format) {
  std::unique_ptr<GraphicsOnlyFrames> frames(new GraphicsOnlyFrames());
  frames->appsrc_ = appsrc;
  frames->frameNs_ = 1'000'000'000LL * format.fpsDenominator / std::max(1, format.fpsNumerator);
  gst_video_info_set_format(&frames->info_, GST_VIDEO_FORMAT_I420,
                            static_cast<guint>(format.width * 2),
                            static_cast<guint>(format.height));
  GstCaps* caps = gst_video_info_to_caps(&frames->info_);
  frames->pool_ = gst_video_buffer_pool_new();
  GstStructure* config = gst_buffer_pool_get_config(frames->pool_);
  gst_buffer_pool_config_set_params(config, caps, static_cast<guint>(frames->info_.size), 4, 0);
  gst_buffer_pool_set_config(frames->pool_, config);
  gst_caps_unref(caps);
  if (!gst_buffer_pool_set_active(frames->pool_, TRUE)) return nullptr;
  return frames;
}

GraphicsOnlyFrames::~GraphicsOnlyFrames() {
  if (pool_ != nullptr) {
    gst_buffer_pool_set_active(pool_, FALSE);
    gst_object_unref(pool_);
  }
}

void GraphicsOnlyFrames::process(FrameStage& stage, I420View& programme,
                                 std::int64_t runningTimeNs) {
  GstBuffer* buffer = nullptr;
  GstVideoFrame mapped;
  if (gst_buffer_pool_acquire_buffer(pool_, &buffer, nullptr) != GST_FLOW_OK) {
    stage.processFrame(programme, runningTimeNs);
    return;
  }
  if (!gst_video_frame_map(&mapped, &info_, buffer, GST_MAP_WRITE)) {
    gst_buffer_unref(buffer);
    stage.processFrame(programme, runningTimeNs);
    return;
  }
  // Black (limited range) is both "no fill" and "transparent" in the key.
  const int width = GST_VIDEO_FRAME_WIDTH(&mapped);
  const int height = GST_VIDEO_FRAME_HEIGHT(&mapped);
  for (int plane = 0; plane < 3; ++plane) {
    auto* data = static_cast<std::uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(&mapped, plane));
    const int stride = GST_VIDEO_FRAME_PLANE_STRIDE(&mapped, plane);
    const int rows = plane == 0 ? height : (height + 1) / 2;
    const int bytes = plane == 0 ? width : (width + 1) / 2;
    for (int row = 0; row < rows; ++row)
      std::memset(data + static_cast<std::ptrdiff_t>(row) * stride, plane == 0 ? 16 : 128,
                  static_cast<std::size_t>(bytes));
  }
  FillAndKey views{};
  const int halfWidth = width / 2;
  for (int plane = 0; plane < 3; ++plane) {
    auto* data = static_cast<std::uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(&mapped, plane));
    views.fill.planes[plane] = data;
    views.key.planes[plane] = data + (plane == 0 ? halfWidth : halfWidth / 2);
    views.fill.strides[plane] = views.key.strides[plane] =
        GST_VIDEO_FRAME_PLANE_STRIDE(&mapped, plane);
  }
  views.fill.width = views.key.width = halfWidth;
  views.fill.height = views.key.height = height;
  stage.processFrameAndKey(programme, views, runningTimeNs);
  gst_video_frame_unmap(&mapped);

  // The programme's running time is its timestamp: both appsrcs start at zero on one base time.
  GST_BUFFER_PTS(buffer) = static_cast<GstClockTime>(runningTimeNs);
  GST_BUFFER_DTS(buffer) = GST_BUFFER_PTS(buffer);
  GST_BUFFER_DURATION(buffer) = static_cast<GstClockTime>(frameNs_);
  gst_app_src_push_buffer(GST_APP_SRC(appsrc_), buffer);
}

void GraphicsOnlyFrames::endOfStream() {
  gst_app_src_end_of_stream(GST_APP_SRC(appsrc_));
}

}  // namespace sporazum::overlay::engine
