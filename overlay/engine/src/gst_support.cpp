#include "gst_support.hpp"

#include <mutex>

#include "graphics_filter.hpp"
#include "output_barrier.hpp"

namespace sporazum::overlay::engine {

std::string describeMessage(GstMessage* message) {
  GError* error = nullptr;
  gchar* debug = nullptr;
  if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ERROR) {
    gst_message_parse_error(message, &error, &debug);
  } else if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_WARNING) {
    gst_message_parse_warning(message, &error, &debug);
  }
  std::string text = GST_MESSAGE_SRC_NAME(message) != nullptr ? GST_MESSAGE_SRC_NAME(message) : "?";
  text += ": ";
  text += error != nullptr ? error->message : "(no detail)";
  if (error != nullptr) g_error_free(error);
  g_free(debug);
  return text;
}

void ensureGstreamer() {
  static std::once_flag once;
  std::call_once(once, [] {
    gst_init(nullptr, nullptr);
    registerGraphicsFilter();
    registerOutputBarrier();
  });
}

}  // namespace sporazum::overlay::engine
