#include "sporazum/overlay/engine/engine.hpp"

#include <fcntl.h>
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/video/video.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "graphics_filter.hpp"
#include "graphics_only_frames.hpp"
#include "gst_support.hpp"
#include "output_barrier.hpp"
#include "recording_branch.hpp"
#include "sporazum/core/log.hpp"

namespace sporazum::overlay::engine {
namespace {

using core::makeError;
using SteadyClock = std::chrono::steady_clock;

std::int64_t threadCpuNs() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<std::int64_t>(now.tv_sec) * 1'000'000'000LL + now.tv_nsec;
}

core::Result<ElementPtr> parsePipeline(const std::string& description, const char* what) {
  GError* error = nullptr;
  GstElement* pipeline =
      gst_parse_launch_full(description.c_str(), nullptr, GST_PARSE_FLAG_FATAL_ERRORS, &error);
  if (error != nullptr) {
    std::string message = std::string(what) + " pipeline: " + error->message;
    g_error_free(error);
    if (pipeline != nullptr) gst_object_unref(pipeline);
    return makeError("pipeline_failed", message);
  }
  return ElementPtr(pipeline);
}

GstElement* child(GstElement* pipeline, const char* name) {
  // The pipeline keeps its children alive; the extra reference is dropped at once.
  GstElement* element = gst_bin_get_by_name(GST_BIN(pipeline), name);
  if (element != nullptr) gst_object_unref(element);
  return element;
}

// Waits until the pipeline has posted EOS (or an error), so muxers have written their last
// packets before the pipeline is torn down.
void drainToEos(GstElement* pipeline, std::chrono::milliseconds timeout) {
  BusPtr bus(gst_element_get_bus(pipeline));
  MessagePtr message(gst_bus_timed_pop_filtered(
      bus.get(), static_cast<GstClockTime>(timeout.count()) * GST_MSECOND,
      static_cast<GstMessageType>(GST_MESSAGE_EOS | GST_MESSAGE_ERROR)));
}

bool hasSinks(GstElement* pipeline) {
  GstIterator* it = gst_bin_iterate_sinks(GST_BIN(pipeline));
  GValue item = G_VALUE_INIT;
  const bool hasAny = gst_iterator_next(it, &item) == GST_ITERATOR_OK;
  if (hasAny) g_value_unset(&item);
  gst_iterator_free(it);
  return hasAny;
}

/// Times the real stage on the streaming thread: thread CPU time, not wall time, so a busy
/// machine does not inflate the figure.
/// With a graphics-only output, the fill-and-key frame is made here too, and timed with the rest.
class MeasuredStage final : public FrameStage {
 public:
  explicit MeasuredStage(FrameStage& inner) : inner_(inner) {}
  /// Before the pipeline starts.
  void setGraphicsOnly(GraphicsOnlyFrames* graphicsOnly) { graphicsOnly_ = graphicsOnly; }
  void processFrame(I420View& frame, std::int64_t runningTimeNs) override {
    const std::int64_t before = threadCpuNs();
    if (graphicsOnly_ != nullptr) {
      graphicsOnly_->process(inner_, frame, runningTimeNs);
    } else {
      inner_.processFrame(frame, runningTimeNs);
    }
    cpuNs_.fetch_add(threadCpuNs() - before, std::memory_order_relaxed);
    frames_.fetch_add(1, std::memory_order_relaxed);
  }
  std::int64_t cpuNs() const { return cpuNs_.load(std::memory_order_relaxed); }
  std::int64_t frames() const { return frames_.load(std::memory_order_relaxed); }

 private:
  FrameStage& inner_;
  GraphicsOnlyFrames* graphicsOnly_ = nullptr;
  std::atomic<std::int64_t> cpuNs_{0};
  std::atomic<std::int64_t> frames_{0};
};

}  // namespace

std::string_view toString(InputState state) {
  switch (state) {
    case InputState::Starting:
      return "starting";
    case InputState::Ok:
      return "ok";
    case InputState::Lost:
      return "lost";
  }
  return "starting";
}

class Engine::Impl {
 public:
  Impl(EngineOptions options, FrameStage& stage) : options_(std::move(options)), measured_(stage) {
    frameNs_ = 1'000'000'000LL * options_.format.fpsDenominator /
               std::max(1, options_.format.fpsNumerator);
    audioBytesPerFrame_ = static_cast<std::size_t>(
        static_cast<std::int64_t>(kAudioRate) * frameNs_ / 1'000'000'000LL * kAudioBytesPerFrame);
  }

  ~Impl() {
    stop();
    if (pool_ != nullptr) {
      gst_buffer_pool_set_active(pool_, FALSE);
      gst_object_unref(pool_);
    }
  }

  core::Result<bool> build() {
    ensureGstreamer();
    // The input is checked here once, so a misspelt element or a missing plugin is fatal at start.
    auto input = parsePipeline(inputPipelineDescription(options_.input, options_.format), "input");
    if (!input) return input.error();

    auto programme = parsePipeline(programmePipelineDescription(options_), "programme");
    if (!programme) return programme.error();
    programme_ = std::move(*programme);
    videoSrc_ = child(programme_.get(), "video");
    audioSrc_ = child(programme_.get(), "audio");
    setFrameStage(child(programme_.get(), "graphics"), &measured_);

    int appsinkIndex = 0;
    for (auto& output : options_.outputs) {
      if (output.kind == OutputKind::AppSink) {
        const std::string name = "appsink" + std::to_string(appsinkIndex++);
        connectFrameSink(child(programme_.get(), name.c_str()), &output.onFrame);
      } else if (output.kind == OutputKind::Hls) {
        std::error_code ignored;
        std::filesystem::create_directories(output.location, ignored);
      } else if (output.kind == OutputKind::GraphicsOnly) {
        graphicsOnly_ =
            GraphicsOnlyFrames::create(child(programme_.get(), "graphics_only"), options_.format);
        if (!graphicsOnly_) return makeError("pipeline_failed", "no graphics-only frame pool");
        measured_.setGraphicsOnly(graphicsOnly_.get());
      }
    }
    if (options_.onPreview) {
      GstAppSinkCallbacks callbacks{};
      callbacks.new_sample = &Impl::onPreviewSample;
      gst_app_sink_set_callbacks(GST_APP_SINK(child(programme_.get(), "preview")), &callbacks, this,
                                 nullptr);
    }
    h264Tee_ = child(programme_.get(), "h264");
    aacTee_ = child(programme_.get(), "aac");
    countLeaks();
    findOutputBranches();

    GstCaps* caps = gst_caps_from_string(
        ("video/x-raw,format=I420,width=" + std::to_string(options_.format.width) +
         ",height=" + std::to_string(options_.format.height) +
         ",framerate=" + std::to_string(options_.format.fpsNumerator) + "/" +
         std::to_string(options_.format.fpsDenominator))
            .c_str());
    gst_video_info_from_caps(&videoInfo_, caps);
    pool_ = gst_video_buffer_pool_new();
    GstStructure* config = gst_buffer_pool_get_config(pool_);
    gst_buffer_pool_config_set_params(config, caps, static_cast<guint>(videoInfo_.size), 6, 0);
    gst_buffer_pool_set_config(pool_, config);
    gst_caps_unref(caps);
    if (!gst_buffer_pool_set_active(pool_, TRUE))
      return makeError("pipeline_failed", "no frame buffer pool");

    slate_ = makeSlate();
    if (!slate_) return makeError("pipeline_failed", "could not draw the slate");
    return true;
  }

  core::Result<bool> start() {
    // The programme's timeline starts now, on the system clock, whatever an output's sink does
    // while it starts (hlssink2 finishes its state change only once data flows).
    ClockPtr clock(gst_system_clock_obtain());
    gst_pipeline_use_clock(GST_PIPELINE(programme_.get()), clock.get());
    gst_element_set_start_time(programme_.get(), GST_CLOCK_TIME_NONE);
    gst_element_set_base_time(programme_.get(), gst_clock_get_time(clock.get()));
    if (gst_element_set_state(programme_.get(), GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
      return makeError("pipeline_failed", "the programme pipeline did not start");
    }
    stopping_ = false;
    inputThread_ = std::thread([this] { runInput(); });
    busThread_ = std::thread([this] { runBus(); });
    pumpThread_ = std::thread([this] { runPump(); });
    return true;
  }

  void stop() {
    if (stopping_.exchange(true)) return;
    // A recording still open is finished properly before the programme ends.
    if (auto ended = stopRecording(); ended) {
      log::info("engine.recording_stopped_with_engine", {{"file", std::string_view(ended->file)}});
      reportRecordingEnded(*ended);
    }
    if (pumpThread_.joinable()) pumpThread_.join();
    if (inputThread_.joinable()) inputThread_.join();
    if (busThread_.joinable()) busThread_.join();
    if (programme_) {
      gst_app_src_end_of_stream(GST_APP_SRC(videoSrc_));
      gst_app_src_end_of_stream(GST_APP_SRC(audioSrc_));
      if (graphicsOnly_) graphicsOnly_->endOfStream();
      // Without a sink (only a record dir, no recording open) no end-of-stream is ever posted.
      if (hasSinks(programme_.get())) drainToEos(programme_.get(), std::chrono::milliseconds(3000));
    }
    if (programme_) {
      setFrameStage(child(programme_.get(), "graphics"), nullptr);
      gst_element_set_state(programme_.get(), GST_STATE_NULL);
    }
  }

  EngineStats stats() const {
    EngineStats stats;
    stats.framesOut = measured_.frames();
    stats.graphicsCpuNs = measured_.cpuNs();
    stats.droppedFrames = missedTicks_.load() + leaked(false);
    stats.slateFrames = slateFrames_.load();
    stats.repeatedFrames = repeatedFrames_.load();
    stats.previewDroppedFrames = leaked(true);
    stats.input = inputState_.load();
    stats.outputFailures = outputFailures_.load();
    stats.previewFrames = previewFrames_.load();
    stats.previewCpuNs = previewCpuNs_.load();
    for (const auto& branch : branches_) {
      if (branch->videoBarrier != nullptr)
        stats.outputLostFrames += barrierSwallowedBuffers(branch->videoBarrier);
    }
    return stats;
  }

  const EngineOptions& options() const { return options_; }

  // ---- episode recordings ----

  core::Result<RecordingResult> startRecording(const std::string& path) {
    std::lock_guard call(recordCallMutex_);
    if (h264Tee_ == nullptr || aacTee_ == nullptr) {
      return makeError("no_encoder",
                       "recording needs the encoders: start the engine with a record dir");
    }
    if (stopping_) return makeError("not_running", "the engine is not running");
    {
      std::lock_guard lock(recordMutex_);
      if (recording_)
        return makeError("already_recording", "already recording " + recording_->path());
    }
    // The file is created here, so a place that cannot be written is an answer now, not an
    // error later on a streaming thread.
    const std::filesystem::path file(path);
    std::error_code directoryError;
    if (file.has_parent_path())
      std::filesystem::create_directories(file.parent_path(), directoryError);
    if (directoryError) {
      return makeError("cannot_write", "cannot create " + file.parent_path().string() + ": " +
                                           directoryError.message());
    }
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
      return makeError("cannot_write", "cannot create " + path + ": " + std::strerror(errno));
    ::close(fd);

    auto branch = RecordingBranch::attach(programme_.get(), h264Tee_, aacTee_, path,
                                          "recording" + std::to_string(++recordingCount_));
    if (!branch) return branch.error();
    RecordingResult opened;
    opened.file = path;
    opened.startedAt = (*branch)->startedAt();
    {
      std::lock_guard lock(recordMutex_);
      recording_ = std::move(*branch);
    }
    log::info("engine.recording_started", {{"file", std::string_view(path)}});
    return opened;
  }

  core::Result<RecordingResult> stopRecording() {
    std::lock_guard call(recordCallMutex_);
    std::shared_ptr<RecordingBranch> branch;
    {
      std::lock_guard lock(recordMutex_);
      if (!recording_) return makeError("not_recording", "no recording is open");
      branch = std::move(recording_);
      finishing_.push_back(branch);
    }
    RecordingResult result = branch->finish(kRecordingFinishTimeout);
    forget(branch);
    logRecordingEnded(result);
    return result;
  }

  bool isRecording() const {
    std::lock_guard lock(recordMutex_);
    return recording_ != nullptr;
  }

 private:
  static constexpr std::chrono::milliseconds kRecordingFinishTimeout{10000};

  void forget(const std::shared_ptr<RecordingBranch>& branch) {
    std::lock_guard lock(recordMutex_);
    finishing_.erase(std::remove(finishing_.begin(), finishing_.end(), branch), finishing_.end());
  }

  static void logRecordingEnded(const RecordingResult& result) {
    if (result.error.empty()) {
      log::info("engine.recording_finished", {{"file", std::string_view(result.file)},
                                              {"frames", result.frames},
                                              {"bytes", result.bytes}});
    } else {
      log::error("engine.recording_failed", {{"file", std::string_view(result.file)},
                                             {"frames", result.frames},
                                             {"detail", std::string_view(result.error)}});
    }
  }

  void reportRecordingEnded(const RecordingResult& result) {
    if (!options_.onRecordingEnded) return;
    try {
      options_.onRecordingEnded(result);
    } catch (...) {
      log::error("engine.recording_callback_failed");
    }
  }

  /// Bus thread: an error from inside a recording ends that file (the programme runs on). True
  /// when the message was the recording's.
  bool takeRecordingError(GstMessage* message) {
    GstObject* source = GST_MESSAGE_SRC(message);
    std::shared_ptr<RecordingBranch> failed;
    bool isOpen = false;
    {
      std::lock_guard lock(recordMutex_);
      if (recording_ && recording_->contains(source)) {
        failed = std::move(recording_);
        finishing_.push_back(failed);
        isOpen = true;
      } else {
        for (const auto& branch : finishing_) {
          if (branch->contains(source)) failed = branch;
        }
      }
    }
    if (!failed) {
      // A second message from a branch already closed (the muxer after the sink).
      const char* name = GST_MESSAGE_SRC_NAME(message);
      return name != nullptr && std::string_view(name).starts_with("record_");
    }
    failed->fail(describeMessage(message));
    if (isOpen) {
      RecordingResult result = failed->finish(std::chrono::milliseconds(0));
      forget(failed);
      logRecordingEnded(result);
      reportRecordingEnded(result);
    }
    return true;
  }

  // ---- the confidence picture ----

  static GstFlowReturn onPreviewSample(GstAppSink* sink, gpointer self) {
    static_cast<Impl*>(self)->takePreview(SamplePtr(gst_app_sink_pull_sample(sink)));
    return GST_FLOW_OK;
  }

  void takePreview(SamplePtr sample) {
    if (!sample) return;
    GstBuffer* buffer = gst_sample_get_buffer(sample.get());
    GstMapInfo map;
    if (!gst_buffer_map(buffer, &map, GST_MAP_READ)) return;
    const guint64 runningTime = gst_segment_to_running_time(
        gst_sample_get_segment(sample.get()), GST_FORMAT_TIME, GST_BUFFER_PTS(buffer));
    try {
      options_.onPreview(std::string_view(reinterpret_cast<const char*>(map.data), map.size),
                         static_cast<std::int64_t>(runningTime));
    } catch (...) {
      log::error("engine.preview_callback_failed");
    }
    gst_buffer_unmap(buffer, &map);
    ++previewFrames_;
    // This thread runs the whole branch after its queue (rate, scale, JPEG): its CPU time is the
    // confidence picture's cost.
    previewCpuNs_.store(threadCpuNs(), std::memory_order_relaxed);
  }

  // ---- input ----

  static GstFlowReturn onInputVideo(GstAppSink* sink, gpointer self) {
    static_cast<Impl*>(self)->takeInputVideo(SamplePtr(gst_app_sink_pull_sample(sink)));
    return GST_FLOW_OK;
  }
  static GstFlowReturn onInputAudio(GstAppSink* sink, gpointer self) {
    static_cast<Impl*>(self)->takeInputAudio(SamplePtr(gst_app_sink_pull_sample(sink)));
    return GST_FLOW_OK;
  }

  void takeInputVideo(SamplePtr sample) {
    if (!sample) return;
    std::lock_guard lock(inputMutex_);
    latestVideo_ = std::move(sample);
    isLatestFresh_ = true;
    lastVideoAt_ = SteadyClock::now();
  }

  void takeInputAudio(SamplePtr sample) {
    if (!sample) return;
    GstBuffer* buffer = gst_sample_get_buffer(sample.get());
    GstMapInfo map;
    if (!gst_buffer_map(buffer, &map, GST_MAP_READ)) return;
    std::lock_guard lock(inputMutex_);
    audioRing_.insert(audioRing_.end(), map.data, map.data + map.size);
    // The input's clock drifts against the programme's: keep at most ~100 ms of sound waiting, so
    // sound never lags the picture by more than that.
    const std::size_t limit = audioBytesPerFrame_ * 5;
    if (audioRing_.size() > limit) {
      std::size_t excess = audioRing_.size() - audioBytesPerFrame_ * 2;
      excess -= excess % kAudioBytesPerFrame;
      audioRing_.erase(audioRing_.begin(),
                       audioRing_.begin() + static_cast<std::ptrdiff_t>(excess));
    }
    gst_buffer_unmap(buffer, &map);
  }

  void runInput() {
    while (!stopping_) {
      auto parsed =
          parsePipeline(inputPipelineDescription(options_.input, options_.format), "input");
      if (!parsed) {
        log::error("engine.input_failed", {{"detail", std::string_view(parsed.error().message)}});
        waitOrStop(std::chrono::seconds(1));
        continue;
      }
      ElementPtr input = std::move(*parsed);
      GstAppSinkCallbacks videoCallbacks{};
      videoCallbacks.new_sample = &Impl::onInputVideo;
      gst_app_sink_set_callbacks(GST_APP_SINK(child(input.get(), "video")), &videoCallbacks, this,
                                 nullptr);
      if (GstElement* audio = child(input.get(), "audio")) {
        GstAppSinkCallbacks audioCallbacks{};
        audioCallbacks.new_sample = &Impl::onInputAudio;
        gst_app_sink_set_callbacks(GST_APP_SINK(audio), &audioCallbacks, this, nullptr);
      }
      BusPtr bus(gst_element_get_bus(input.get()));
      gst_element_set_state(input.get(), GST_STATE_PLAYING);
      bool restart = false;
      while (!stopping_ && !restart) {
        MessagePtr message(gst_bus_timed_pop_filtered(
            bus.get(), 100 * GST_MSECOND,
            static_cast<GstMessageType>(GST_MESSAGE_ERROR | GST_MESSAGE_EOS)));
        if (!message) continue;
        if (GST_MESSAGE_TYPE(message.get()) == GST_MESSAGE_EOS &&
            options_.input.kind == InputKind::File) {
          // A file input loops: back to the start, without tearing anything down.
          gst_element_seek_simple(
              input.get(), GST_FORMAT_TIME,
              static_cast<GstSeekFlags>(GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_KEY_UNIT), 0);
          continue;
        }
        log::warn("engine.input_stopped",
                  {{"detail", std::string_view(describeMessage(message.get()))}});
        restart = true;
      }
      gst_element_set_state(input.get(), GST_STATE_NULL);
      if (restart) waitOrStop(std::chrono::seconds(1));
    }
  }

  void waitOrStop(std::chrono::milliseconds duration) {
    const auto until = SteadyClock::now() + duration;
    while (!stopping_ && SteadyClock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }

  // ---- the programme clock ----

  void runPump() {
    ClockPtr clock(gst_pipeline_get_clock(GST_PIPELINE(programme_.get())));
    const GstClockTime base = gst_element_get_base_time(programme_.get());
    // Sinks that open a device (a window) can hold up the start: the timeline began at the base
    // time, so the first frame is the one due now; none before it existed, so none is missed.
    std::int64_t frame =
        static_cast<std::int64_t>((std::max(gst_clock_get_time(clock.get()), base) - base) /
                                  static_cast<GstClockTime>(frameNs_));
    if (frame > 0) {
      log::info("engine.started_late", {{"ms", frame * frameNs_ / 1'000'000}});
    }
    while (!stopping_) {
      const GstClockTime target = base + static_cast<GstClockTime>(frame * frameNs_);
      GstClockID id = gst_clock_new_single_shot_id(clock.get(), target);
      gst_clock_id_wait(id, nullptr);
      gst_clock_id_unref(id);
      const GstClockTime now = gst_clock_get_time(clock.get());
      // Woken late (the machine stalled): a few frames late, the missed frames still go out, late
      // but within the outputs' latency, so the programme has every frame; further behind, they
      // are lost, counted, and the timeline jumps to where the clock is.
      if (now > target + static_cast<GstClockTime>(kMaxCatchUpFrames * frameNs_)) {
        const auto missed =
            static_cast<std::int64_t>((now - target) / static_cast<GstClockTime>(frameNs_));
        missedTicks_ += missed;
        frame += missed;
      }
      pushVideoFrame(frame);
      pushAudioFrame(frame);
      ++frame;
    }
  }

  void pushVideoFrame(std::int64_t frame) {
    SamplePtr source;
    bool isFresh = false;
    {
      std::lock_guard lock(inputMutex_);
      const bool hasSignal =
          latestVideo_ && SteadyClock::now() - lastVideoAt_ <= options_.inputLossAfter;
      if (hasSignal) {
        source.reset(gst_sample_ref(latestVideo_.get()));
        isFresh = isLatestFresh_;
        isLatestFresh_ = false;
      } else {
        audioRing_.clear();
      }
    }
    if (source) {
      updateInputState(InputState::Ok);
    } else if (inputState_.load() != InputState::Starting) {
      updateInputState(InputState::Lost);  // "starting" until the input's first frame
    }

    GstBuffer* out = nullptr;
    if (gst_buffer_pool_acquire_buffer(pool_, &out, nullptr) != GST_FLOW_OK) {
      ++missedTicks_;
      return;
    }
    GstVideoFrame dst;
    if (gst_video_frame_map(&dst, &videoInfo_, out, GST_MAP_WRITE)) {
      GstVideoFrame src;
      GstVideoInfo srcInfo;
      bool copied = false;
      if (source && gst_video_info_from_caps(&srcInfo, gst_sample_get_caps(source.get())) &&
          srcInfo.width == videoInfo_.width && srcInfo.height == videoInfo_.height &&
          gst_video_frame_map(&src, &srcInfo, gst_sample_get_buffer(source.get()), GST_MAP_READ)) {
        copied = gst_video_frame_copy(&dst, &src);
        gst_video_frame_unmap(&src);
      }
      if (!copied) {
        GstVideoFrame slate;
        if (gst_video_frame_map(&slate, &videoInfo_, slate_.get(), GST_MAP_READ)) {
          gst_video_frame_copy(&dst, &slate);
          gst_video_frame_unmap(&slate);
        }
        ++slateFrames_;
      } else if (!isFresh) {
        ++repeatedFrames_;
      }
      gst_video_frame_unmap(&dst);
    }
    GST_BUFFER_PTS(out) = static_cast<GstClockTime>(frame * frameNs_);
    GST_BUFFER_DTS(out) = GST_BUFFER_PTS(out);
    GST_BUFFER_DURATION(out) = static_cast<GstClockTime>(frameNs_);
    gst_app_src_push_buffer(GST_APP_SRC(videoSrc_), out);
  }

  void pushAudioFrame(std::int64_t frame) {
    GstBuffer* out = gst_buffer_new_allocate(nullptr, audioBytesPerFrame_, nullptr);
    GstMapInfo map;
    if (gst_buffer_map(out, &map, GST_MAP_WRITE)) {
      std::lock_guard lock(inputMutex_);
      const std::size_t available = std::min(audioRing_.size(), audioBytesPerFrame_);
      std::memcpy(map.data, audioRing_.data(), available);
      std::memset(map.data + available, 0, audioBytesPerFrame_ - available);  // silence
      audioRing_.erase(audioRing_.begin(),
                       audioRing_.begin() + static_cast<std::ptrdiff_t>(available));
      gst_buffer_unmap(out, &map);
    }
    GST_BUFFER_PTS(out) = static_cast<GstClockTime>(frame * frameNs_);
    GST_BUFFER_DURATION(out) = static_cast<GstClockTime>(frameNs_);
    gst_app_src_push_buffer(GST_APP_SRC(audioSrc_), out);
  }

  void updateInputState(InputState state) {
    const InputState before = inputState_.exchange(state);
    if (before != state) {
      log::info("engine.input_state", {{"state", toString(state)}});
    }
  }

  /// The slate, drawn once into a buffer of its own.
  BufferPtr makeSlate() {
    GstBuffer* buffer = gst_buffer_new_allocate(nullptr, videoInfo_.size, nullptr);
    GstVideoFrame frame;
    if (!gst_video_frame_map(&frame, &videoInfo_, buffer, GST_MAP_WRITE)) {
      gst_buffer_unref(buffer);
      return {};
    }
    I420View view{};
    for (int plane = 0; plane < 3; ++plane) {
      view.planes[plane] = static_cast<std::uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(&frame, plane));
      view.strides[plane] = GST_VIDEO_FRAME_PLANE_STRIDE(&frame, plane);
    }
    view.width = videoInfo_.width;
    view.height = videoInfo_.height;
    // Black until drawn.
    for (int row = 0; row < view.height; ++row)
      std::memset(view.planes[0] + row * view.strides[0], 16, static_cast<std::size_t>(view.width));
    for (int plane = 1; plane < 3; ++plane) {
      for (int row = 0; row < view.height / 2; ++row) {
        std::memset(view.planes[plane] + row * view.strides[plane], 128,
                    static_cast<std::size_t>(view.width / 2));
      }
    }
    if (options_.drawSlate) options_.drawSlate(view);
    gst_video_frame_unmap(&frame);
    return BufferPtr(buffer);
  }

  // ---- outputs ----

  static GstFlowReturn onFrame(GstAppSink* sink, gpointer data) {
    auto* callback = static_cast<FrameCallback*>(data);
    SamplePtr sample(gst_app_sink_pull_sample(sink));
    if (!sample || !*callback) return GST_FLOW_OK;
    GstVideoInfo info;
    GstVideoFrame frame;
    if (!gst_video_info_from_caps(&info, gst_sample_get_caps(sample.get())) ||
        !gst_video_frame_map(&frame, &info, gst_sample_get_buffer(sample.get()), GST_MAP_READ)) {
      return GST_FLOW_OK;
    }
    I420View view{};
    for (int plane = 0; plane < 3; ++plane) {
      view.planes[plane] = static_cast<std::uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(&frame, plane));
      view.strides[plane] = GST_VIDEO_FRAME_PLANE_STRIDE(&frame, plane);
    }
    view.width = info.width;
    view.height = info.height;
    GstSegment* segment = gst_sample_get_segment(sample.get());
    const guint64 runningTime = gst_segment_to_running_time(
        segment, GST_FORMAT_TIME, GST_BUFFER_PTS(gst_sample_get_buffer(sample.get())));
    try {
      (*callback)(view, static_cast<std::int64_t>(runningTime));
    } catch (...) {
      log::error("engine.frame_callback_failed");
    }
    gst_video_frame_unmap(&frame);
    return GST_FLOW_OK;
  }

  void connectFrameSink(GstElement* sink, FrameCallback* callback) {
    GstAppSinkCallbacks callbacks{};
    callbacks.new_sample = &Impl::onFrame;
    gst_app_sink_set_callbacks(GST_APP_SINK(sink), &callbacks, callback, nullptr);
  }

  /// Buffers into and out of one leaky queue: what went in, did not come out and is not waiting
  /// inside was dropped. (Its `overrun` signal fires more than once per drop, so it cannot count.)
  struct LeakyQueue {
    GstElement* queue = nullptr;
    bool isPreview = false;
    std::atomic<std::int64_t> in{0};
    std::atomic<std::int64_t> out{0};
  };

  static GstPadProbeReturn countIn(GstPad*, GstPadProbeInfo*, gpointer queue) {
    static_cast<LeakyQueue*>(queue)->in.fetch_add(1, std::memory_order_relaxed);
    return GST_PAD_PROBE_OK;
  }
  static GstPadProbeReturn countOut(GstPad*, GstPadProbeInfo*, gpointer queue) {
    static_cast<LeakyQueue*>(queue)->out.fetch_add(1, std::memory_order_relaxed);
    return GST_PAD_PROBE_OK;
  }

  // Queues named drop_* (programme) and preview_* leak instead of stalling the programme.
  void countLeaks() {
    GstIterator* it = gst_bin_iterate_recurse(GST_BIN(programme_.get()));
    GValue item = G_VALUE_INIT;
    while (gst_iterator_next(it, &item) == GST_ITERATOR_OK) {
      auto* element = static_cast<GstElement*>(g_value_get_object(&item));
      GCharPtr name(gst_element_get_name(element));
      const std::string_view queueName(name.get());
      const bool isProgramme =
          queueName.starts_with("drop_") && !queueName.starts_with("drop_appsink");
      if (isProgramme || queueName.starts_with("preview_")) {
        auto& leaky = *leakyQueues_.emplace_back(std::make_unique<LeakyQueue>());
        leaky.queue = element;
        leaky.isPreview = !isProgramme;
        GstPad* sink = gst_element_get_static_pad(element, "sink");
        GstPad* src = gst_element_get_static_pad(element, "src");
        gst_pad_add_probe(sink, GST_PAD_PROBE_TYPE_BUFFER, &Impl::countIn, &leaky, nullptr);
        gst_pad_add_probe(src, GST_PAD_PROBE_TYPE_BUFFER, &Impl::countOut, &leaky, nullptr);
        gst_object_unref(sink);
        gst_object_unref(src);
      }
      g_value_reset(&item);
    }
    g_value_unset(&item);
    gst_iterator_free(it);
  }

  std::int64_t leaked(bool preview) const {
    std::int64_t total = 0;
    for (const auto& leaky : leakyQueues_) {
      if (leaky->isPreview != preview) continue;
      guint waiting = 0;
      g_object_get(leaky->queue, "current-level-buffers", &waiting, nullptr);
      total += std::max<std::int64_t>(0, leaky->in.load() - leaky->out.load() - waiting);
    }
    return total;
  }

  // ---- failed outputs ----

  /// One output behind its barriers: the elements to restart when it fails.
  struct OutputBranch {
    int index = 0;
    OutputKind kind = OutputKind::Window;
    GstElement* videoBarrier = nullptr;
    std::vector<GstElement*> barriers;
    std::vector<GstElement*> elements;  ///< everything downstream of the barriers, once each
    // Bus thread only.
    bool isFailed = false;
    int consecutiveFailures = 0;
    SteadyClock::time_point restartAt{};
    SteadyClock::time_point restartedAt{};
  };

  static void collectDownstream(GstElement* element, std::vector<GstElement*>& found) {
    GstIterator* it = gst_element_iterate_src_pads(element);
    GValue item = G_VALUE_INIT;
    while (gst_iterator_next(it, &item) == GST_ITERATOR_OK) {
      GstPad* peer = gst_pad_get_peer(static_cast<GstPad*>(g_value_get_object(&item)));
      if (peer != nullptr) {
        GstElement* next = gst_pad_get_parent_element(peer);
        gst_object_unref(peer);
        if (next != nullptr) {
          gst_object_unref(next);  // the pipeline keeps it alive
          if (std::find(found.begin(), found.end(), next) == found.end()) {
            found.push_back(next);
            collectDownstream(next, found);
          }
        }
      }
      g_value_reset(&item);
    }
    g_value_unset(&item);
    gst_iterator_free(it);
  }

  void findOutputBranches() {
    for (std::size_t i = 0; i < options_.outputs.size(); ++i) {
      auto branch = std::make_unique<OutputBranch>();
      branch->index = static_cast<int>(i);
      branch->kind = options_.outputs[i].kind;
      for (const char* stream : {"video", "audio"}) {
        const std::string name = "barrier" + std::to_string(i) + "_" + stream;
        if (GstElement* barrier = child(programme_.get(), name.c_str())) {
          branch->barriers.push_back(barrier);
          if (std::string_view(stream) == "video") branch->videoBarrier = barrier;
          collectDownstream(barrier, branch->elements);
        }
      }
      if (!branch->barriers.empty()) branches_.push_back(std::move(branch));
    }
  }

  /// The output an element (or one inside it, e.g. in hlssink2) belongs to.
  OutputBranch* branchOf(GstObject* source) {
    for (GstObject* object = source; object != nullptr; object = GST_OBJECT_PARENT(object)) {
      for (auto& branch : branches_) {
        if (std::find(branch->elements.begin(), branch->elements.end(),
                      reinterpret_cast<GstElement*>(object)) != branch->elements.end()) {
          return branch.get();
        }
      }
    }
    return nullptr;
  }

  void onOutputFailed(OutputBranch& branch, GstMessage* message) {
    if (branch.isFailed) return;  // one failure, several messages
    branch.isFailed = true;
    ++outputFailures_;
    const auto now = SteadyClock::now();
    if (now - branch.restartedAt > kOutputHealthyAfter) branch.consecutiveFailures = 0;
    const auto backoff = std::min<std::chrono::milliseconds>(
        kOutputRestartMax, kOutputRestartFirst * (1 << std::min(branch.consecutiveFailures, 5)));
    ++branch.consecutiveFailures;
    branch.restartAt = now + backoff;
    // The output's location may hold a stream key: log its number and kind only.
    log::warn("engine.output_failed", {{"output", static_cast<std::int64_t>(branch.index)},
                                       {"kind", toString(branch.kind)},
                                       {"retryInMs", static_cast<std::int64_t>(backoff.count())},
                                       {"detail", std::string_view(describeMessage(message))}});
  }

  /// Restarts a failed output's own elements; the programme and the other outputs run on.
  void restartOutput(OutputBranch& branch) {
    for (GstElement* element : branch.elements)
      gst_element_set_state(element, GST_STATE_NULL);
    // Relinking makes each barrier send its stream's caps and segment again to the fresh elements.
    for (GstElement* barrier : branch.barriers) {
      GstPad* src = gst_element_get_static_pad(barrier, "src");
      if (GstPad* peer = gst_pad_get_peer(src)) {
        gst_pad_unlink(src, peer);
        gst_pad_link(src, peer);
        gst_object_unref(peer);
      }
      gst_object_unref(src);
    }
    for (GstElement* element : branch.elements)
      gst_element_sync_state_with_parent(element);
    branch.isFailed = false;
    branch.restartedAt = SteadyClock::now();
    log::info("engine.output_restarted", {{"output", static_cast<std::int64_t>(branch.index)},
                                          {"kind", toString(branch.kind)}});
  }

  void runBus() {
    BusPtr bus(gst_element_get_bus(programme_.get()));
    while (!stopping_) {
      for (auto& branch : branches_) {
        if (branch->isFailed && SteadyClock::now() >= branch->restartAt) restartOutput(*branch);
      }
      MessagePtr message(gst_bus_timed_pop_filtered(
          bus.get(), 50 * GST_MSECOND,
          static_cast<GstMessageType>(GST_MESSAGE_ERROR | GST_MESSAGE_WARNING | GST_MESSAGE_QOS)));
      if (message) {
        switch (GST_MESSAGE_TYPE(message.get())) {
          case GST_MESSAGE_ERROR:
            if (takeRecordingError(message.get())) break;
            if (OutputBranch* branch = branchOf(GST_MESSAGE_SRC(message.get()))) {
              onOutputFailed(*branch, message.get());
              break;
            }
            log::error("engine.programme_error",
                       {{"detail", std::string_view(describeMessage(message.get()))}});
            break;
          case GST_MESSAGE_WARNING:
            log::warn("engine.programme_warning",
                      {{"detail", std::string_view(describeMessage(message.get()))}});
            break;
          default:
            break;
        }
      }
    }
  }

  static constexpr std::int64_t kMaxCatchUpFrames = 4;
  static constexpr std::chrono::milliseconds kOutputRestartFirst{1000};
  static constexpr std::chrono::milliseconds kOutputRestartMax{30000};
  static constexpr std::chrono::seconds kOutputHealthyAfter{60};

  EngineOptions options_;
  MeasuredStage measured_;
  std::int64_t frameNs_ = 0;
  std::size_t audioBytesPerFrame_ = 0;

  ElementPtr programme_;
  GstElement* videoSrc_ = nullptr;
  GstElement* audioSrc_ = nullptr;
  GstBufferPool* pool_ = nullptr;
  GstVideoInfo videoInfo_{};
  BufferPtr slate_;
  std::unique_ptr<GraphicsOnlyFrames> graphicsOnly_;
  GstElement* h264Tee_ = nullptr;
  GstElement* aacTee_ = nullptr;

  std::mutex recordCallMutex_;  ///< one start or stop at a time
  mutable std::mutex recordMutex_;
  std::shared_ptr<RecordingBranch> recording_;               ///< the open file
  std::vector<std::shared_ptr<RecordingBranch>> finishing_;  ///< being closed
  int recordingCount_ = 0;
  std::atomic<std::int64_t> previewFrames_{0};
  std::atomic<std::int64_t> previewCpuNs_{0};

  std::mutex inputMutex_;
  SamplePtr latestVideo_;
  bool isLatestFresh_ = false;
  SteadyClock::time_point lastVideoAt_{};
  std::vector<std::uint8_t> audioRing_;

  std::atomic<bool> stopping_{true};
  std::thread inputThread_;
  std::thread pumpThread_;
  std::thread busThread_;

  std::atomic<std::int64_t> missedTicks_{0};
  std::vector<std::unique_ptr<LeakyQueue>> leakyQueues_;
  std::vector<std::unique_ptr<OutputBranch>> branches_;
  std::atomic<std::int64_t> outputFailures_{0};
  std::atomic<std::int64_t> slateFrames_{0};
  std::atomic<std::int64_t> repeatedFrames_{0};
  std::atomic<InputState> inputState_{InputState::Starting};
};

core::Result<std::unique_ptr<Engine>> Engine::create(EngineOptions options, FrameStage& stage) {
  if (options.format.width <= 0 || options.format.height <= 0 || options.format.width % 2 != 0 ||
      options.format.height % 2 != 0 || options.format.fpsNumerator <= 0 ||
      options.format.fpsDenominator <= 0) {
    return makeError("invalid_format", "frame size must be even and the rate positive");
  }
  const auto graphicsOnlyOutputs = std::count_if(
      options.outputs.begin(), options.outputs.end(),
      [](const OutputSpec& output) { return output.kind == OutputKind::GraphicsOnly; });
  if (graphicsOnlyOutputs > 1) {
    return makeError("invalid_output", "at most one graphics-only output (graphics:…)", "output");
  }
  auto impl = std::make_unique<Impl>(std::move(options), stage);
  if (auto built = impl->build(); !built) return built.error();
  return std::unique_ptr<Engine>(new Engine(std::move(impl)));
}

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;
core::Result<bool> Engine::start() {
  return impl_->start();
}
void Engine::stop() {
  impl_->stop();
}
EngineStats Engine::stats() const {
  return impl_->stats();
}
const EngineOptions& Engine::options() const {
  return impl_->options();
}
core::Result<RecordingResult> Engine::startRecording(const std::string& path) {
  return impl_->startRecording(path);
}
core::Result<RecordingResult> Engine::stopRecording() {
  return impl_->stopRecording();
}
bool Engine::isRecording() const {
  return impl_->isRecording();
}

}  // namespace sporazum::overlay::engine
