// overlay_stage_bench: CPU cost per 1080p50 frame of the graphics stage, this engine's against
// GStreamer's stock overlays showing the same lower third, from one run. Prints one JSON line.
//
// Each variant runs `videotestsrc num-buffers=N ! I420 1080p50 ! STAGE ! fakesink` as fast as it
// can; its cost is the process CPU time over the same pipeline with `identity` as the stage,
// divided by N (median of several alternating rounds). This engine's stage is also timed from
// inside (thread CPU time around each frame's blend), as the engine reports it on air.

#include <gst/gst.h>
#include <gst/video/video-overlay-composition.h>
#include <gst/video/video.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "../src/graphics_filter.hpp"
#include "../src/gst_support.hpp"
#include "sporazum/overlay/engine/frame_stage.hpp"
#include "sporazum/overlay/layer_compositor.hpp"
#include "sporazum/overlay/prepared_graphic.hpp"
#include "sporazum/overlay/renderer.hpp"

using namespace sporazum;
using namespace sporazum::overlay;

namespace {

const FrameFormat k1080p50{1920, 1080, 50, 1};
const char* kQuestionText =
    "Kada će biti popravljen put između Zvečana i Leposavića i ko je odgovoran za kašnjenje "
    "radova?";

double processCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

std::int64_t threadCpuNs() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<std::int64_t>(now.tv_sec) * 1'000'000'000LL + now.tv_nsec;
}

class CompositorStage final : public engine::FrameStage {
 public:
  explicit CompositorStage(LayerCompositor& compositor) : compositor_(compositor) {}
  void processFrame(I420View& frame, std::int64_t runningTimeNs) override {
    const auto before = threadCpuNs();
    events_.clear();
    compositor_.composite(frame, runningTimeNs, events_);
    cpuNs += threadCpuNs() - before;
    ++frames;
  }
  std::int64_t cpuNs = 0;
  std::int64_t frames = 0;

 private:
  LayerCompositor& compositor_;
  std::vector<CompositorEvent> events_;
};

std::string source(int frames) {
  return "videotestsrc num-buffers=" + std::to_string(frames) +
         " pattern=black ! video/x-raw,format=I420,width=1920,height=1080,framerate=50/1 ! ";
}

/// Runs a pipeline to its end; returns the process CPU seconds it took.
double runPipeline(GstElement* pipeline) {
  const double before = processCpuSeconds();
  gst_element_set_state(pipeline, GST_STATE_PLAYING);
  GstBus* bus = gst_element_get_bus(pipeline);
  GstMessage* message = gst_bus_timed_pop_filtered(
      bus, GST_CLOCK_TIME_NONE, static_cast<GstMessageType>(GST_MESSAGE_EOS | GST_MESSAGE_ERROR));
  if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ERROR) {
    std::fprintf(stderr, "pipeline error: %s\n", engine::describeMessage(message).c_str());
  }
  gst_message_unref(message);
  gst_object_unref(bus);
  gst_element_set_state(pipeline, GST_STATE_NULL);
  return processCpuSeconds() - before;
}

GstElement* parse(const std::string& description) {
  GError* error = nullptr;
  GstElement* pipeline = gst_parse_launch(description.c_str(), &error);
  if (error != nullptr) {
    std::fprintf(stderr, "cannot build %s: %s\n", description.c_str(), error->message);
    std::exit(1);
  }
  return pipeline;
}

// overlaycomposition's draw signal: the same prepared composition every frame (it caches its
// conversion of the rectangle, as a real user would).
GstVideoOverlayComposition* drawComposition(GstElement*, GstSample*, gpointer composition) {
  return gst_video_overlay_composition_ref(static_cast<GstVideoOverlayComposition*>(composition));
}

GstVideoOverlayComposition* compositionOf(const Graphic& graphic) {
  GstVideoOverlayComposition* composition = nullptr;
  for (const auto& part : graphic.parts) {
    if (part.image.isEmpty()) continue;
    const auto bytes =
        static_cast<gsize>(part.image.strideBytes) * static_cast<gsize>(part.image.height);
    GstBuffer* buffer = gst_buffer_new_allocate(nullptr, bytes, nullptr);
    gst_buffer_fill(buffer, 0, part.image.pixels.data(), bytes);
    gsize offsets[4] = {0, 0, 0, 0};
    gint strides[4] = {part.image.strideBytes, 0, 0, 0};
    gst_buffer_add_video_meta_full(buffer, GST_VIDEO_FRAME_FLAG_NONE,
                                   GST_VIDEO_OVERLAY_COMPOSITION_FORMAT_RGB,
                                   static_cast<guint>(part.image.width),
                                   static_cast<guint>(part.image.height), 1, offsets, strides);
    GstVideoOverlayRectangle* rectangle = gst_video_overlay_rectangle_new_raw(
        buffer, part.x, part.y, static_cast<guint>(part.image.width),
        static_cast<guint>(part.image.height), GST_VIDEO_OVERLAY_FORMAT_FLAG_PREMULTIPLIED_ALPHA);
    gst_buffer_unref(buffer);
    if (composition == nullptr) {
      composition = gst_video_overlay_composition_new(rectangle);
    } else {
      gst_video_overlay_composition_add_rectangle(composition, rectangle);
    }
    gst_video_overlay_rectangle_unref(rectangle);
  }
  return composition;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  int frames = 1000;
  int rounds = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--frames") == 0) frames = std::max(50, std::atoi(argv[i + 1]));
    if (std::strcmp(argv[i], "--rounds") == 0) rounds = std::max(1, std::atoi(argv[i + 1]));
  }
  engine::ensureGstreamer();

  auto renderer = Renderer::load(std::string(SPORAZUM_SOURCE_ROOT) + "/assets/templates", k1080p50);
  if (!renderer) {
    std::fprintf(stderr, "templates: %s\n", renderer.error().message.c_str());
    return 1;
  }
  QuestionCard card;
  card.text = kQuestionText;
  card.municipality = "Zvečan";
  card.language = "sr-Latn";
  const Rendered lowerThird = (*renderer)->question(card);
  const Rendered logo = (*renderer)->logo();
  const Rendered ticker =
      (*renderer)->ticker(TickerCard{"Pitanja gostima šaljite sa telefona · Pyetjet dërgojini nga "
                                     "telefoni · Питања шаљите са телефона"});

  auto prepared = [](const Rendered& rendered) {
    return std::make_shared<const PreparedGraphic>(prepareGraphic(rendered.graphic, k1080p50));
  };
  LayerCompositor lowerThirdOnly(k1080p50);
  (void)lowerThirdOnly.restore(core::GraphicsLayer::LowerThird, 1, prepared(lowerThird));
  LayerCompositor allLayers(k1080p50);
  (void)allLayers.restore(core::GraphicsLayer::LowerThird, 1, prepared(lowerThird));
  (void)allLayers.restore(core::GraphicsLayer::Logo, 2, prepared(logo));
  (void)allLayers.restore(core::GraphicsLayer::Ticker, 3, prepared(ticker));
  CompositorStage lowerThirdStage(lowerThirdOnly);
  CompositorStage allLayersStage(allLayers);

  GstVideoOverlayComposition* composition = compositionOf(lowerThird.graphic);
  gchar* escaped = g_markup_escape_text(kQuestionText, -1);

  std::vector<double> baseline, engineLowerThird, engineAll, stockComposition, stockText;
  for (int round = 0; round < rounds; ++round) {
    GstElement* pipeline = parse(source(frames) + "identity ! fakesink sync=false");
    baseline.push_back(runPipeline(pipeline));
    gst_object_unref(pipeline);

    for (auto* stage : {&lowerThirdStage, &allLayersStage}) {
      pipeline = parse(source(frames) + "sporazumgraphics name=graphics ! fakesink sync=false");
      GstElement* graphics = gst_bin_get_by_name(GST_BIN(pipeline), "graphics");
      engine::setFrameStage(graphics, stage);
      (stage == &lowerThirdStage ? engineLowerThird : engineAll).push_back(runPipeline(pipeline));
      engine::setFrameStage(graphics, nullptr);
      gst_object_unref(graphics);
      gst_object_unref(pipeline);
    }

    pipeline = parse(source(frames) + "overlaycomposition name=overlay ! fakesink sync=false");
    GstElement* overlay = gst_bin_get_by_name(GST_BIN(pipeline), "overlay");
    g_signal_connect(overlay, "draw", G_CALLBACK(drawComposition), composition);
    stockComposition.push_back(runPipeline(pipeline));
    gst_object_unref(overlay);
    gst_object_unref(pipeline);

    pipeline =
        parse(source(frames) +
              "textoverlay name=text valignment=bottom halignment=left line-alignment=left "
              "shaded-background=true wrap-mode=wordchar font-desc=\"Open Sans Semibold 30\" ! "
              "fakesink sync=false");
    GstElement* text = gst_bin_get_by_name(GST_BIN(pipeline), "text");
    g_object_set(text, "text", escaped, nullptr);
    stockText.push_back(runPipeline(pipeline));
    gst_object_unref(text);
    gst_object_unref(pipeline);
  }
  g_free(escaped);
  gst_video_overlay_composition_unref(composition);

  const double base = median(baseline);
  auto perFrameMs = [&](const std::vector<double>& runs) {
    return (median(runs) - base) * 1000.0 / frames;
  };
  const double insideLowerThird = static_cast<double>(lowerThirdStage.cpuNs) / 1e6 /
                                  static_cast<double>(lowerThirdStage.frames);
  const double insideAll =
      static_cast<double>(allLayersStage.cpuNs) / 1e6 / static_cast<double>(allLayersStage.frames);
  std::printf(
      "{\"format\":\"1080p50\",\"frames\":%d,\"rounds\":%d,\"baseline_ms_per_frame\":%.3f,"
      "\"engine_lower_third_ms\":%.3f,\"engine_lower_third_logo_ticker_ms\":%.3f,"
      "\"engine_lower_third_inside_ms\":%.3f,\"engine_lower_third_logo_ticker_inside_ms\":%.3f,"
      "\"overlaycomposition_lower_third_ms\":%.3f,\"textoverlay_lower_third_ms\":%.3f,"
      "\"lower_third_fits\":%s}\n",
      frames, rounds, base * 1000.0 / frames, perFrameMs(engineLowerThird), perFrameMs(engineAll),
      insideLowerThird, insideAll, perFrameMs(stockComposition), perFrameMs(stockText),
      lowerThird.report.fits ? "true" : "false");
  return 0;
}
