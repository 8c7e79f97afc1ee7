#include "graphics_filter.hpp"

#include <gst/video/gstvideofilter.h>
#include <gst/video/video.h>

#include <atomic>
#include <mutex>

namespace sporazum::overlay::engine {
namespace {

// A plain C struct layout, as GObject requires: the parent instance first.
struct GraphicsFilter {
  GstVideoFilter parent;
  std::atomic<FrameStage*> stage;
};

struct GraphicsFilterClass {
  GstVideoFilterClass parentClass;
};

GType graphicsFilterType();

GraphicsFilter* asGraphicsFilter(gpointer instance) {
  return reinterpret_cast<GraphicsFilter*>(
      g_type_check_instance_cast(static_cast<GTypeInstance*>(instance), graphicsFilterType()));
}

GstFlowReturn transformFrameInPlace(GstVideoFilter* filter, GstVideoFrame* frame) {
  auto* self = reinterpret_cast<GraphicsFilter*>(filter);
  FrameStage* stage = self->stage.load(std::memory_order_acquire);
  if (stage == nullptr) return GST_FLOW_OK;

  const GstSegment& segment = reinterpret_cast<GstBaseTransform*>(filter)->segment;
  const GstClockTime pts = GST_BUFFER_PTS(frame->buffer);
  const guint64 runningTime = gst_segment_to_running_time(&segment, GST_FORMAT_TIME, pts);

  I420View view{};
  for (int plane = 0; plane < 3; ++plane) {
    view.planes[plane] = static_cast<std::uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(frame, plane));
    view.strides[plane] = GST_VIDEO_FRAME_PLANE_STRIDE(frame, plane);
  }
  view.width = GST_VIDEO_FRAME_WIDTH(frame);
  view.height = GST_VIDEO_FRAME_HEIGHT(frame);
  // No exception may cross into GStreamer: the stage promises noexcept-like behaviour, and a
  // failure here must still leave the frame flowing.
  try {
    stage->processFrame(
        view, runningTime == GST_CLOCK_TIME_NONE ? 0 : static_cast<std::int64_t>(runningTime));
  } catch (...) {
    GST_ELEMENT_WARNING(filter, STREAM, FAILED, ("graphics stage failed on a frame"), (nullptr));
  }
  return GST_FLOW_OK;
}

void instanceInit(GTypeInstance* instance, gpointer /*klass*/) {
  auto* self = reinterpret_cast<GraphicsFilter*>(instance);
  new (&self->stage) std::atomic<FrameStage*>(nullptr);
  gst_base_transform_set_in_place(reinterpret_cast<GstBaseTransform*>(instance), TRUE);
}

void classInit(gpointer klass, gpointer /*data*/) {
  auto* elementClass = static_cast<GstElementClass*>(klass);
  auto* filterClass = static_cast<GstVideoFilterClass*>(klass);
  gst_element_class_set_static_metadata(
      elementClass, "Sporazum graphics stage", "Filter/Effect/Video",
      "Blends the show's prepared graphics onto I420 frames", "Sporazum");
  GstCaps* caps = gst_caps_from_string("video/x-raw, format=(string)I420");
  gst_element_class_add_pad_template(
      elementClass, gst_pad_template_new("sink", GST_PAD_SINK, GST_PAD_ALWAYS, caps));
  gst_element_class_add_pad_template(
      elementClass, gst_pad_template_new("src", GST_PAD_SRC, GST_PAD_ALWAYS, caps));
  gst_caps_unref(caps);
  filterClass->transform_frame_ip = transformFrameInPlace;
}

GType graphicsFilterType() {
  static const GType type = [] {
    GTypeInfo info{};
    info.class_size = sizeof(GraphicsFilterClass);
    info.class_init = classInit;
    info.instance_size = sizeof(GraphicsFilter);
    info.instance_init = instanceInit;
    return g_type_register_static(GST_TYPE_VIDEO_FILTER, "SporazumGraphicsFilter", &info,
                                  GTypeFlags{});
  }();
  return type;
}

gboolean pluginInit(GstPlugin* plugin) {
  return gst_element_register(plugin, "sporazumgraphics", GST_RANK_NONE, graphicsFilterType());
}

}  // namespace

void registerGraphicsFilter() {
  static std::once_flag once;
  std::call_once(once, [] {
    gst_plugin_register_static(GST_VERSION_MAJOR, GST_VERSION_MINOR, "sporazum",
                               "Sporazum's own elements", pluginInit, "0.1", "Proprietary",
                               "sporazum", "sporazum", "https://sporazum.invalid");
  });
}

void setFrameStage(GstElement* graphicsFilter, FrameStage* stage) {
  asGraphicsFilter(graphicsFilter)->stage.store(stage, std::memory_order_release);
}

}  // namespace sporazum::overlay::engine
