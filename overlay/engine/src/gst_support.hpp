#pragma once
// Ownership of GStreamer objects as unique_ptr, so no path forgets an unref.

#include <gst/gst.h>

#include <memory>
#include <string>

namespace sporazum::overlay::engine {

struct GstObjectUnref {
  void operator()(gpointer object) const {
    if (object != nullptr) gst_object_unref(object);
  }
};
struct GstMiniObjectUnref {
  void operator()(GstMiniObject* object) const {
    if (object != nullptr) gst_mini_object_unref(object);
  }
};
struct GstSampleUnref {
  void operator()(GstSample* sample) const {
    if (sample != nullptr) gst_sample_unref(sample);
  }
};
struct GstBufferUnref {
  void operator()(GstBuffer* buffer) const {
    if (buffer != nullptr) gst_buffer_unref(buffer);
  }
};
struct GstMessageUnref {
  void operator()(GstMessage* message) const {
    if (message != nullptr) gst_message_unref(message);
  }
};
struct GFreeDeleter {
  void operator()(gpointer memory) const { g_free(memory); }
};

using ElementPtr = std::unique_ptr<GstElement, GstObjectUnref>;
using BusPtr = std::unique_ptr<GstBus, GstObjectUnref>;
using ClockPtr = std::unique_ptr<GstClock, GstObjectUnref>;
using SamplePtr = std::unique_ptr<GstSample, GstSampleUnref>;
using BufferPtr = std::unique_ptr<GstBuffer, GstBufferUnref>;
using MessagePtr = std::unique_ptr<GstMessage, GstMessageUnref>;
using GCharPtr = std::unique_ptr<gchar, GFreeDeleter>;

/// The text of a bus ERROR or WARNING message, with its source element's name.
std::string describeMessage(GstMessage* message);

/// gst_init once per process, thread-safe; also registers the engine's own elements.
void ensureGstreamer();

}  // namespace sporazum::overlay::engine
