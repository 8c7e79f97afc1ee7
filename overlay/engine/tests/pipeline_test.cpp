// The real pipeline: videotestsrc (or a UDP MPEG-TS sender) → engine → appsink, with graphics
// commands given to the compositor while it runs.

#include <arpa/inet.h>
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/gst.h>
#include <gst/video/video.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <thread>

#include "sporazum/overlay/animation.hpp"
#include "sporazum/overlay/engine/engine.hpp"
#include "sporazum/overlay/layer_compositor.hpp"
#include "sporazum/overlay/prepared_graphic.hpp"

namespace sporazum::overlay::engine {
namespace {

using namespace std::chrono_literals;
using core::AsRunEvent;
using core::GraphicsLayer;

const FrameFormat k720p50{1280, 720, 50, 1};
const Rect kBox{200, 520, 400, 100};  // where the test graphic sits
constexpr int kSlateLuma = 77;        // the test's slate: plain grey
constexpr std::int64_t kFrameNs = 20'000'000;

/// An opaque white box with the given in/out animation.
GraphicPtr whiteBox(AnimationSpec in, AnimationSpec out, Rect box = kBox) {
  Graphic graphic;
  GraphicPart part;
  part.x = box.x;
  part.y = box.y;
  part.image.width = box.width;
  part.image.height = box.height;
  part.image.strideBytes = box.width * 4;
  part.image.pixels.assign(static_cast<std::size_t>(box.width * box.height * 4), 255);
  graphic.parts.push_back(std::move(part));
  graphic.animateIn = in;
  graphic.animateOut = out;
  return std::make_shared<const PreparedGraphic>(prepareGraphic(graphic, k720p50));
}

/// What the test keeps of each programme frame.
struct FrameRecord {
  std::int64_t runningTimeNs = 0;
  std::chrono::steady_clock::time_point arrivedAt;
  int boxCentreLuma = 0;          ///< Y at the centre of kBox
  std::uint64_t boxChecksum = 0;  ///< of every Y sample in kBox
  int frameCentreLuma = 0;
  int quarterLuma = 0;  ///< Y at a quarter of the width and height
  std::uint64_t frameChecksum = 0;
};

std::uint64_t checksum(const I420View& frame, const Rect& area) {
  std::uint64_t sum = 1469598103934665603ULL;
  for (int y = area.y; y < area.y + area.height; ++y) {
    const std::uint8_t* row = frame.planes[0] + static_cast<std::ptrdiff_t>(y) * frame.strides[0];
    for (int x = area.x; x < area.x + area.width; ++x)
      sum = (sum ^ row[x]) * 1099511628211ULL;
  }
  return sum;
}

int lumaAt(const I420View& frame, int x, int y) {
  return frame.planes[0][static_cast<std::ptrdiff_t>(y) * frame.strides[0] + x];
}

/// The graphics stage of the test: a compositor, and the events of each frame.
class CompositorStage final : public FrameStage {
 public:
  CompositorStage() : compositor(k720p50) {}
  void processFrame(I420View& frame, std::int64_t runningTimeNs) override {
    processFrameAndKeyIfAny(frame, nullptr, runningTimeNs);
  }
  void processFrameAndKey(I420View& frame, const FillAndKey& graphicsOnly,
                          std::int64_t runningTimeNs) override {
    processFrameAndKeyIfAny(frame, &graphicsOnly, runningTimeNs);
  }
  void processFrameAndKeyIfAny(I420View& frame, const FillAndKey* graphicsOnly,
                               std::int64_t runningTimeNs) {
    scratch_.clear();
    compositor.composite(frame, runningTimeNs, scratch_, graphicsOnly);
    if (scratch_.empty()) return;
    std::lock_guard lock(mutex);
    events.insert(events.end(), scratch_.begin(), scratch_.end());
    changed.notify_all();
  }
  std::optional<CompositorEvent> waitForEvent(std::int64_t seq, AsRunEvent kind,
                                              std::chrono::milliseconds wait = 5s) {
    std::unique_lock lock(mutex);
    std::optional<CompositorEvent> found;
    changed.wait_for(lock, wait, [&] {
      for (const auto& event : events) {
        if (event.seq == seq && event.kind == kind) found = event;
      }
      return found.has_value();
    });
    return found;
  }

  LayerCompositor compositor;
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<CompositorEvent> events;

 private:
  std::vector<CompositorEvent> scratch_;
};

class FrameRecorder {
 public:
  FrameCallback callback() {
    return [this](const I420View& frame, std::int64_t runningTimeNs) {
      FrameRecord record;
      record.runningTimeNs = runningTimeNs;
      record.arrivedAt = std::chrono::steady_clock::now();
      record.boxCentreLuma = lumaAt(frame, kBox.x + kBox.width / 2, kBox.y + kBox.height / 2);
      record.boxChecksum = checksum(frame, kBox);
      record.frameCentreLuma = lumaAt(frame, frame.width / 2, frame.height / 2);
      record.quarterLuma = lumaAt(frame, frame.width / 4, frame.height / 4);
      record.frameChecksum =
          checksum(frame, Rect{0, frame.height / 4, frame.width, frame.height / 2});
      std::lock_guard lock(mutex_);
      frames_.push_back(record);
      changed_.notify_all();
    };
  }
  /// Waits until a frame at or after `runningTimeNs` has arrived and returns every frame so far.
  std::vector<FrameRecord> until(std::int64_t runningTimeNs, std::chrono::milliseconds wait = 10s) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, wait, [&] {
      return !frames_.empty() && frames_.back().runningTimeNs >= runningTimeNs;
    });
    return frames_;
  }
  std::vector<FrameRecord> waitFor(std::size_t count, std::chrono::milliseconds wait = 10s) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, wait, [&] { return frames_.size() >= count; });
    return frames_;
  }
  std::optional<FrameRecord> latest() {
    std::lock_guard lock(mutex_);
    if (frames_.empty()) return std::nullopt;
    return frames_.back();
  }
  std::vector<FrameRecord> all() {
    std::lock_guard lock(mutex_);
    return frames_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<FrameRecord> frames_;
};

struct RunningEngine {
  CompositorStage stage;
  FrameRecorder recorder;
  std::unique_ptr<Engine> engine;

  explicit RunningEngine(InputSpec input = {InputKind::TestPattern, {}},
                         std::vector<OutputSpec> outputs = {},
                         const std::function<void(EngineOptions&)>& configure = {}) {
    EngineOptions options;
    options.input = std::move(input);
    options.format = k720p50;
    options.encoder.speedPreset = "ultrafast";
    options.encoder.videoKbps = 2000;
    options.outputs = std::move(outputs);
    options.outputs.push_back(OutputSpec{OutputKind::AppSink, {}, recorder.callback()});
    options.drawSlate = [](I420View& frame) {
      // A mid-grey slate, easy to recognise.
      for (int y = 0; y < frame.height; ++y)
        std::memset(frame.planes[0] + y * frame.strides[0], kSlateLuma,
                    static_cast<std::size_t>(frame.width));
    };
    if (configure) configure(options);
    auto created = Engine::create(std::move(options), stage);
    EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().message);
    engine = std::move(*created);
    auto started = engine->start();
    EXPECT_TRUE(started.ok()) << (started.ok() ? "" : started.error().message);
  }
  ~RunningEngine() { engine->stop(); }

  /// Waits until the input shows (the test pattern's first frames have arrived).
  bool waitForInput(std::chrono::milliseconds wait = 10s) {
    const auto until = std::chrono::steady_clock::now() + wait;
    while (std::chrono::steady_clock::now() < until) {
      if (engine->stats().input == InputState::Ok) return true;
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }
  std::int64_t now() {
    auto latest = recorder.latest();
    return latest ? latest->runningTimeNs : 0;
  }
};

TEST(Pipeline, ALowerThirdAppearsInItsRegionAfterATakeAndLeavesAfterAClear) {
  RunningEngine run;
  ASSERT_TRUE(run.waitForInput());
  auto before = run.recorder.until(run.now() + 5 * kFrameNs);
  ASSERT_GE(before.size(), 5u);
  const auto clean = before.back();
  // The test pattern is still in the box region: frames without graphics are identical there.
  EXPECT_EQ(before[before.size() - 2].boxChecksum, clean.boxChecksum);

  ASSERT_TRUE(
      run.stage.compositor.takeGraphic(GraphicsLayer::LowerThird, 1, whiteBox({}, {})).ok());
  auto onAir = run.stage.waitForEvent(1, AsRunEvent::OnAir);
  ASSERT_TRUE(onAir);
  auto frames = run.recorder.until(onAir->runningTimeNs + 3 * kFrameNs);
  for (const auto& frame : frames) {
    if (frame.runningTimeNs < clean.runningTimeNs) continue;  // the input was still starting
    if (frame.runningTimeNs < onAir->runningTimeNs) {
      EXPECT_EQ(frame.boxChecksum, clean.boxChecksum) << "graphic visible before its first frame";
    } else {
      EXPECT_EQ(frame.boxCentreLuma, 235) << "white box (limited range) at " << frame.runningTimeNs;
    }
  }

  ASSERT_TRUE(run.stage.compositor.clear(GraphicsLayer::LowerThird, 2).ok());
  auto offAir = run.stage.waitForEvent(2, AsRunEvent::OffAir);
  ASSERT_TRUE(offAir);
  frames = run.recorder.until(offAir->runningTimeNs + 2 * kFrameNs);
  for (const auto& frame : frames) {
    if (frame.runningTimeNs >= offAir->runningTimeNs) {
      EXPECT_EQ(frame.boxChecksum, clean.boxChecksum);
    }
  }
  EXPECT_EQ(run.engine->stats().droppedFrames, 0);
}

TEST(Pipeline, AFadeProgressesWithTheFramesTimestamps) {
  RunningEngine run;
  ASSERT_TRUE(run.waitForInput());
  auto before = run.recorder.until(run.now() + 2 * kFrameNs);
  const int background = before.back().boxCentreLuma;
  const AnimationSpec fade{AnimationKind::Fade, 400};
  ASSERT_TRUE(
      run.stage.compositor.takeGraphic(GraphicsLayer::LowerThird, 7, whiteBox(fade, fade)).ok());
  auto onAir = run.stage.waitForEvent(7, AsRunEvent::OnAir);
  ASSERT_TRUE(onAir);
  auto frames = run.recorder.until(onAir->runningTimeNs + 25 * kFrameNs);
  int checked = 0;
  for (const auto& frame : frames) {
    if (frame.runningTimeNs < onAir->runningTimeNs) continue;
    const auto state = animationStateAt(fade, AnimationDirection::In,
                                        frame.runningTimeNs - onAir->runningTimeNs, kBox, k720p50);
    const double expected = background + (235 - background) * state.opacity / 255.0;
    EXPECT_NEAR(frame.boxCentreLuma, expected, 2.0)
        << "at +" << (frame.runningTimeNs - onAir->runningTimeNs) / 1e6 << " ms";
    ++checked;
  }
  EXPECT_GE(checked, 20);
  // Frames arrive every 20 ms of running time, none skipped.
  for (std::size_t i = 1; i < frames.size(); ++i) {
    EXPECT_EQ(frames[i].runningTimeNs - frames[i - 1].runningTimeNs, kFrameNs);
  }
}

TEST(Pipeline, ClearAllTakesEveryLayerOffOnTheNextFrame) {
  RunningEngine run;
  ASSERT_TRUE(run.waitForInput());
  const auto clean = run.recorder.until(run.now() + 2 * kFrameNs).back();
  const AnimationSpec slow{AnimationKind::Fade, 1000};
  ASSERT_TRUE(
      run.stage.compositor.takeGraphic(GraphicsLayer::LowerThird, 1, whiteBox({}, slow)).ok());
  ASSERT_TRUE(run.stage.compositor
                  .takeGraphic(GraphicsLayer::Logo, 2, whiteBox({}, slow, Rect{1000, 60, 160, 80}))
                  .ok());
  ASSERT_TRUE(run.stage.waitForEvent(2, AsRunEvent::OnAir));
  ASSERT_TRUE(run.stage.compositor.clearAll(3).ok());
  auto offAir = run.stage.waitForEvent(3, AsRunEvent::OffAir);
  ASSERT_TRUE(offAir);
  auto frames = run.recorder.until(offAir->runningTimeNs + 2 * kFrameNs);
  for (const auto& frame : frames) {
    if (frame.runningTimeNs >= offAir->runningTimeNs) {
      EXPECT_EQ(frame.boxChecksum, clean.boxChecksum);
    }
  }
  std::lock_guard lock(run.stage.mutex);
  int offEvents = 0;
  for (const auto& event : run.stage.events) {
    if (event.seq == 3 && event.kind == AsRunEvent::OffAir) {
      ++offEvents;
      EXPECT_EQ(event.runningTimeNs, offAir->runningTimeNs)
          << "every layer leaves on the same frame";
    }
  }
  EXPECT_EQ(offEvents, 2);
}

int freeUdpPort() {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

/// A vision mixer on loopback: H.264 in MPEG-TS to `sink` (UDP by default).
class TsSender {
 public:
  explicit TsSender(int port) : TsSender("udpsink host=127.0.0.1 port=" + std::to_string(port)) {}
  explicit TsSender(const std::string& sink) {
    const std::string description =
        "videotestsrc is-live=true pattern=ball ! video/x-raw,width=640,height=360,framerate=25/1 "
        "! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=5 ! mpegtsmux ! " +
        sink;
    GError* error = nullptr;
    pipeline_ = gst_parse_launch(description.c_str(), &error);
    EXPECT_EQ(error, nullptr);
  }
  ~TsSender() {
    stop();
    gst_object_unref(pipeline_);
  }
  void start() { gst_element_set_state(pipeline_, GST_STATE_PLAYING); }
  void stop() { gst_element_set_state(pipeline_, GST_STATE_NULL); }

 private:
  GstElement* pipeline_ = nullptr;
};

TEST(Pipeline, InputLossShowsTheSlateWithinHalfASecondAndThePictureComesBack) {
  const int port = freeUdpPort();
  TsSender sender(port);
  sender.start();
  RunningEngine run(InputSpec{InputKind::Udp, "udp://127.0.0.1:" + std::to_string(port)});
  ASSERT_TRUE(run.waitForInput(15s)) << "the UDP input never arrived";
  run.recorder.until(run.now() + 10 * kFrameNs);
  ASSERT_NE(run.recorder.latest()->frameCentreLuma, kSlateLuma);

  const auto stoppedAt = std::chrono::steady_clock::now();
  sender.stop();
  std::optional<FrameRecord> firstSlate;
  const auto deadline = stoppedAt + 3s;
  while (!firstSlate && std::chrono::steady_clock::now() < deadline) {
    for (const auto& frame : run.recorder.all()) {
      if (frame.arrivedAt > stoppedAt && frame.frameCentreLuma == kSlateLuma &&
          frame.quarterLuma == kSlateLuma) {
        firstSlate = frame;
        break;
      }
    }
    std::this_thread::sleep_for(10ms);
  }
  ASSERT_TRUE(firstSlate) << "no slate after the input stopped";
  const auto switchMs =
      std::chrono::duration_cast<std::chrono::milliseconds>(firstSlate->arrivedAt - stoppedAt)
          .count();
  EXPECT_LE(switchMs, 500);
  EXPECT_EQ(run.engine->stats().input, InputState::Lost);
  // The programme keeps running on the slate.
  const auto slateFrames = run.recorder.until(firstSlate->runningTimeNs + 10 * kFrameNs);
  EXPECT_EQ(slateFrames.back().frameCentreLuma, kSlateLuma);

  sender.start();
  const auto restartDeadline = std::chrono::steady_clock::now() + 15s;
  while (run.engine->stats().input != InputState::Ok &&
         std::chrono::steady_clock::now() < restartDeadline) {
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_EQ(run.engine->stats().input, InputState::Ok) << "the picture did not come back";
  run.recorder.until(run.now() + 5 * kFrameNs);
  EXPECT_NE(run.recorder.latest()->frameCentreLuma, kSlateLuma);
  RecordProperty("slate_switch_ms", static_cast<int>(switchMs));
}

TEST(Pipeline, AnSrtInputFromAVisionMixerIsTheProgramme) {
  const int port = freeUdpPort();
  RunningEngine run(
      InputSpec{InputKind::Srt, "srt://127.0.0.1:" + std::to_string(port) + "?mode=listener"});
  // The engine listens; the mixer calls, as a remote encoder would.
  TsSender sender("srtsink uri=srt://127.0.0.1:" + std::to_string(port) + "?mode=caller");
  sender.start();
  ASSERT_TRUE(run.waitForInput(15s)) << "the SRT input never arrived";
  const auto frames = run.recorder.until(run.now() + 10 * kFrameNs);
  EXPECT_NE(frames.back().frameCentreLuma, kSlateLuma);
  EXPECT_EQ(run.engine->stats().droppedFrames, 0);
}

/// Writes a one-second clip (25 frames, with sound) made at test time.
std::string makeClip() {
  const std::string path = ::testing::TempDir() + "/clip-" + std::to_string(getpid()) + ".mkv";
  const std::string description =
      "videotestsrc num-buffers=25 pattern=ball ! video/x-raw,width=640,height=360,framerate=25/1 "
      "! x264enc speed-preset=ultrafast ! mux.  audiotestsrc num-buffers=47 ! audioconvert ! "
      "vorbisenc ! mux.  matroskamux name=mux ! filesink location=" +
      path;
  GError* error = nullptr;
  GstElement* pipeline = gst_parse_launch(description.c_str(), &error);
  EXPECT_EQ(error, nullptr);
  gst_element_set_state(pipeline, GST_STATE_PLAYING);
  GstBus* bus = gst_element_get_bus(pipeline);
  GstMessage* done = gst_bus_timed_pop_filtered(
      bus, 20 * GST_SECOND, static_cast<GstMessageType>(GST_MESSAGE_EOS | GST_MESSAGE_ERROR));
  EXPECT_TRUE(done != nullptr && GST_MESSAGE_TYPE(done) == GST_MESSAGE_EOS);
  if (done != nullptr) gst_message_unref(done);
  gst_object_unref(bus);
  gst_element_set_state(pipeline, GST_STATE_NULL);
  gst_object_unref(pipeline);
  return path;
}

TEST(Pipeline, AFileInputLoopsWithoutFallingToTheSlate) {
  const std::string clip = makeClip();
  RunningEngine run(InputSpec{InputKind::File, clip});
  ASSERT_TRUE(run.waitForInput());
  const std::int64_t slateAtStart = run.engine->stats().slateFrames;
  // Three passes through the one-second clip.
  const auto frames = run.recorder.until(run.now() + 150 * kFrameNs);
  EXPECT_EQ(run.engine->stats().input, InputState::Ok);
  EXPECT_EQ(run.engine->stats().slateFrames, slateAtStart) << "the loop fell to the slate";
  EXPECT_NE(frames.back().frameCentreLuma, kSlateLuma);
  EXPECT_EQ(run.engine->stats().droppedFrames, 0);
  std::remove(clip.c_str());
}

TEST(Pipeline, ACorruptFileInputShowsTheSlateAndTheProgrammeRuns) {
  const std::string path = ::testing::TempDir() + "/corrupt-" + std::to_string(getpid()) + ".ts";
  {
    std::FILE* file = std::fopen(path.c_str(), "wb");
    ASSERT_NE(file, nullptr);
    std::mt19937 rng(5);
    for (int i = 0; i < 200'000; ++i)
      std::fputc(static_cast<int>(rng() & 0xff), file);
    std::fclose(file);
  }
  RunningEngine run(InputSpec{InputKind::File, path});
  const auto frames = run.recorder.waitFor(50);
  ASSERT_GE(frames.size(), 50u) << "the programme did not run without its input";
  EXPECT_EQ(frames.back().frameCentreLuma, kSlateLuma);
  EXPECT_NE(run.engine->stats().input, InputState::Ok);
  EXPECT_EQ(run.engine->stats().droppedFrames, 0);
  std::remove(path.c_str());
}

TEST(Pipeline, AMissingCaptureDeviceShowsTheSlateAndTheProgrammeRuns) {
  // No V4L2 device exists on the test machine; the engine must still run, on the slate, and keep
  // trying the device.
  RunningEngine run(InputSpec{InputKind::V4l2, "/dev/video-sporazum-missing"});
  const auto frames = run.recorder.waitFor(50);
  ASSERT_GE(frames.size(), 50u) << "the programme did not run without its input";
  EXPECT_EQ(frames.back().frameCentreLuma, kSlateLuma);
  EXPECT_EQ(frames.back().quarterLuma, kSlateLuma);
  EXPECT_NE(run.engine->stats().input, InputState::Ok);
  EXPECT_EQ(run.engine->stats().droppedFrames, 0);
}

/// A receiver on loopback: counts the H.264 frames it gets from an MPEG-TS stream.
class TsReceiver {
 public:
  /// `demux` names the demuxer, with a pad selector where it has several (e.g. "demux.video_0").
  explicit TsReceiver(const std::string& source, const std::string& demux = "tsdemux") {
    const std::string description = source + " ! " + demux +
                                    " ! h264parse ! video/x-h264,alignment=au ! fakesink "
                                    "name=sink signal-handoffs=true";
    GError* error = nullptr;
    pipeline_ = gst_parse_launch(description.c_str(), &error);
    EXPECT_EQ(error, nullptr);
    GstElement* sink = gst_bin_get_by_name(GST_BIN(pipeline_), "sink");
    g_signal_connect(sink, "handoff", G_CALLBACK(&TsReceiver::onHandoff), this);
    gst_object_unref(sink);
    gst_element_set_state(pipeline_, GST_STATE_PLAYING);
  }
  ~TsReceiver() {
    gst_element_set_state(pipeline_, GST_STATE_NULL);
    gst_object_unref(pipeline_);
  }
  bool waitForFrames(int count, std::chrono::milliseconds wait = 15s) {
    const auto deadline = std::chrono::steady_clock::now() + wait;
    while (frames_.load() < count && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(20ms);
    return frames_.load() >= count;
  }

 private:
  static void onHandoff(GstElement*, GstBuffer*, GstPad*, gpointer self) {
    ++static_cast<TsReceiver*>(self)->frames_;
  }
  GstElement* pipeline_ = nullptr;
  std::atomic<int> frames_{0};
};

TEST(Pipeline, TheProgrammeGoesOutOverUdpAndSrtAsMpegTs) {
  const int udpPort = freeUdpPort();
  const int srtPort = freeUdpPort();
  TsReceiver udp("udpsrc address=127.0.0.1 port=" + std::to_string(udpPort));
  RunningEngine run(
      {InputKind::TestPattern, {}},
      {*parseOutput("udp://127.0.0.1:" + std::to_string(udpPort)),
       *parseOutput("srt://127.0.0.1:" + std::to_string(srtPort) + "?mode=listener")});
  ASSERT_TRUE(run.waitForInput());
  TsReceiver srt("srtsrc uri=srt://127.0.0.1:" + std::to_string(srtPort) + "?mode=caller");
  EXPECT_TRUE(udp.waitForFrames(50)) << "no programme over UDP";
  EXPECT_TRUE(srt.waitForFrames(50)) << "no programme over SRT";
  EXPECT_EQ(run.engine->stats().droppedFrames, 0);
}

TEST(Pipeline, ARecordingHoldsEveryProgrammeFrameAfterStop) {
  const std::string path = ::testing::TempDir() + "/programme-" + std::to_string(getpid()) + ".ts";
  std::int64_t framesOut = 0;
  {
    RunningEngine run({InputKind::TestPattern, {}}, {*parseOutput("record:" + path)});
    ASSERT_TRUE(run.waitForInput());
    run.recorder.waitFor(150);
    run.engine->stop();
    framesOut = run.engine->stats().framesOut;
    EXPECT_EQ(run.engine->stats().droppedFrames, 0);
  }
  TsReceiver file("filesrc location=" + path);
  EXPECT_TRUE(file.waitForFrames(static_cast<int>(framesOut), 20s))
      << "the recording is short of the " << framesOut << " frames sent";
  std::remove(path.c_str());
}

int closedTcpPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);  // nothing listens there now: connections are refused
  return ntohs(address.sin_port);
}

TEST(Pipeline, AnOutputThatFailsIsRestartedWhileTheProgrammeAndTheOtherOutputsRunOn) {
  // An RTMP server that refuses, and an SRT receiver that is not there yet.
  const int rtmpPort = closedTcpPort();
  const int srtPort = freeUdpPort();
  const int udpPort = freeUdpPort();
  TsReceiver udp("udpsrc address=127.0.0.1 port=" + std::to_string(udpPort));
  RunningEngine run({InputKind::TestPattern, {}},
                    {*parseOutput("rtmp://127.0.0.1:" + std::to_string(rtmpPort) + "/live/show"),
                     *parseOutput("srt://127.0.0.1:" + std::to_string(srtPort) + "?mode=caller"),
                     *parseOutput("udp://127.0.0.1:" + std::to_string(udpPort))});
  ASSERT_TRUE(run.waitForInput());
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (run.engine->stats().outputFailures < 2 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(20ms);
  EXPECT_GE(run.engine->stats().outputFailures, 2) << "both refused outputs fail";

  // Every programme frame still comes, and the healthy output still delivers.
  const auto before = run.now();
  const auto frames = run.recorder.until(before + 100 * kFrameNs);
  ASSERT_GE(frames.back().runningTimeNs, before + 100 * kFrameNs) << "the programme stopped";
  EXPECT_TRUE(udp.waitForFrames(100)) << "the UDP output stopped with the failed ones";

  // The SRT receiver appears: the restarted output reaches it.
  TsReceiver srt("srtsrc uri=srt://127.0.0.1:" + std::to_string(srtPort) + "?mode=listener");
  EXPECT_TRUE(srt.waitForFrames(25, 20s)) << "the SRT output never came back";
  const auto stats = run.engine->stats();
  EXPECT_EQ(stats.droppedFrames, 0);
  EXPECT_GT(stats.outputLostFrames, 0);
}

/// A private X server for the window output, on the first free display from :90.
class VirtualDisplay {
 public:
  VirtualDisplay() {
    for (int number = 90; number < 200 && display_.empty(); ++number) {
      const std::string lock = "/tmp/.X" + std::to_string(number) + "-lock";
      if (access(lock.c_str(), F_OK) == 0) continue;
      const std::string name = ":" + std::to_string(number);
      pid_ = fork();
      if (pid_ == 0) {
        execlp("Xvfb", "Xvfb", name.c_str(), "-nolisten", "tcp", "-screen", "0", "1280x720x24",
               static_cast<char*>(nullptr));
        _exit(127);
      }
      const std::string socket = "/tmp/.X11-unix/X" + std::to_string(number);
      const auto deadline = std::chrono::steady_clock::now() + 10s;
      while (std::chrono::steady_clock::now() < deadline && waitpid(pid_, nullptr, WNOHANG) == 0) {
        if (access(socket.c_str(), F_OK) == 0) {
          display_ = name;
          break;
        }
        std::this_thread::sleep_for(20ms);
      }
    }
  }
  ~VirtualDisplay() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }
  const std::string& name() const { return display_; }

 private:
  pid_t pid_ = -1;
  std::string display_;
};

/// The luma (BT.709) at a point of the X screen, as a viewer of the window would see it.
std::optional<int> screenLumaAt(const std::string& display, int x, int y) {
  const std::string description = "ximagesrc display-name=" + display +
                                  " use-damage=false num-buffers=1 ! videoconvert ! "
                                  "video/x-raw,format=I420 ! appsink name=sink sync=false";
  GError* error = nullptr;
  GstElement* pipeline = gst_parse_launch(description.c_str(), &error);
  if (error != nullptr) {
    g_error_free(error);
    return std::nullopt;
  }
  GstElement* sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  gst_element_set_state(pipeline, GST_STATE_PLAYING);
  GstSample* sample = gst_app_sink_try_pull_sample(GST_APP_SINK(sink), 5 * GST_SECOND);
  std::optional<int> luma;
  GstVideoInfo info;
  GstVideoFrame frame;
  if (sample != nullptr && gst_video_info_from_caps(&info, gst_sample_get_caps(sample)) &&
      gst_video_frame_map(&frame, &info, gst_sample_get_buffer(sample), GST_MAP_READ)) {
    luma = static_cast<const std::uint8_t*>(
        GST_VIDEO_FRAME_PLANE_DATA(&frame, 0))[y * GST_VIDEO_FRAME_PLANE_STRIDE(&frame, 0) + x];
    gst_video_frame_unmap(&frame);
  }
  if (sample != nullptr) gst_sample_unref(sample);
  gst_element_set_state(pipeline, GST_STATE_NULL);
  gst_object_unref(sink);
  gst_object_unref(pipeline);
  return luma;
}

TEST(Pipeline, TheWindowOutputShowsTheProgrammeOnTheDisplay) {
  VirtualDisplay display;
  ASSERT_FALSE(display.name().empty()) << "Xvfb did not start";
  setenv("DISPLAY", display.name().c_str(), 1);
  RunningEngine run({InputKind::TestPattern, {}}, {*parseOutput("window")});
  ASSERT_TRUE(run.waitForInput());
  // A point of the box where the bars are dark (+Q), so white there can only be the graphic.
  const int x = kBox.right() - 40;
  const int y = kBox.bottom() - 20;
  std::optional<int> boxLuma;
  const auto shown = std::chrono::steady_clock::now() + 10s;
  while (std::chrono::steady_clock::now() < shown) {
    boxLuma = screenLumaAt(display.name(), x, y);
    if (boxLuma && *boxLuma > 16) break;  // the window is up (the empty screen is black)
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_TRUE(boxLuma) << "could not read the screen";
  EXPECT_LT(*boxLuma, 150) << "the bars, before any graphic";
  ASSERT_TRUE(
      run.stage.compositor.takeGraphic(GraphicsLayer::LowerThird, 1, whiteBox({}, {})).ok());
  ASSERT_TRUE(run.stage.waitForEvent(1, AsRunEvent::OnAir));
  // The window opens at the screen's top-left with the programme's size; the box shows white
  // (full-range capture of a limited-range frame: near 235 after conversion back).
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (std::chrono::steady_clock::now() < deadline) {
    boxLuma = screenLumaAt(display.name(), x, y);
    if (boxLuma && *boxLuma >= 225) break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_TRUE(boxLuma) << "could not read the screen";
  EXPECT_GE(*boxLuma, 225) << "the lower third is not on the screen";
  ASSERT_TRUE(run.stage.compositor.clear(GraphicsLayer::LowerThird, 2).ok());
  ASSERT_TRUE(run.stage.waitForEvent(2, AsRunEvent::OffAir));
  std::this_thread::sleep_for(200ms);
  boxLuma = screenLumaAt(display.name(), x, y);
  ASSERT_TRUE(boxLuma);
  EXPECT_LT(*boxLuma, 225) << "the cleared lower third stayed on the screen";
  const auto stats = run.engine->stats();
  EXPECT_EQ(stats.outputFailures, 0);
  EXPECT_EQ(stats.droppedFrames, 0);
  unsetenv("DISPLAY");
}

/// A keyer's view of the graphics-only output: decodes the MPEG-TS stream and keeps the luma of
/// a few points of the newest frame, fill (left half) and key (right half).
class FillAndKeyReceiver {
 public:
  struct Sample {
    int width = 0;
    int height = 0;
    int fillInBox = 0;
    int keyInBox = 0;
    int fillOutside = 0;
    int keyOutside = 0;
  };

  explicit FillAndKeyReceiver(int port) {
    const std::string description =
        "udpsrc address=127.0.0.1 port=" + std::to_string(port) +
        " ! tsdemux ! h264parse ! avdec_h264 ! videoconvert ! video/x-raw,format=I420 ! appsink "
        "name=sink sync=false max-buffers=2 drop=true";
    GError* error = nullptr;
    pipeline_ = gst_parse_launch(description.c_str(), &error);
    EXPECT_EQ(error, nullptr);
    sink_ = gst_bin_get_by_name(GST_BIN(pipeline_), "sink");
    gst_element_set_state(pipeline_, GST_STATE_PLAYING);
  }
  ~FillAndKeyReceiver() {
    gst_element_set_state(pipeline_, GST_STATE_NULL);
    gst_object_unref(sink_);
    gst_object_unref(pipeline_);
  }

  /// The first decoded frame within `wait` for which `accept` holds.
  std::optional<Sample> waitFor(const std::function<bool(const Sample&)>& accept,
                                std::chrono::milliseconds wait = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + wait;
    while (std::chrono::steady_clock::now() < deadline) {
      GstSample* sample = gst_app_sink_try_pull_sample(GST_APP_SINK(sink_), 100 * GST_MSECOND);
      if (sample == nullptr) continue;
      auto read = readSample(sample);
      gst_sample_unref(sample);
      if (read && accept(*read)) return read;
    }
    return std::nullopt;
  }

 private:
  static std::optional<Sample> readSample(GstSample* sample) {
    GstVideoInfo info;
    GstVideoFrame frame;
    if (!gst_video_info_from_caps(&info, gst_sample_get_caps(sample)) ||
        !gst_video_frame_map(&frame, &info, gst_sample_get_buffer(sample), GST_MAP_READ)) {
      return std::nullopt;
    }
    auto luma = [&](int x, int y) {
      return static_cast<const std::uint8_t*>(
          GST_VIDEO_FRAME_PLANE_DATA(&frame, 0))[y * GST_VIDEO_FRAME_PLANE_STRIDE(&frame, 0) + x];
    };
    Sample read;
    read.width = info.width;
    read.height = info.height;
    const int half = info.width / 2;
    const int boxX = kBox.x + kBox.width / 2;
    const int boxY = kBox.y + kBox.height / 2;
    if (half >= k720p50.width && info.height >= k720p50.height) {
      read.fillInBox = luma(boxX, boxY);
      read.keyInBox = luma(half + boxX, boxY);
      read.fillOutside = luma(100, 100);
      read.keyOutside = luma(half + 100, 100);
    }
    gst_video_frame_unmap(&frame);
    return read;
  }

  GstElement* pipeline_ = nullptr;
  GstElement* sink_ = nullptr;
};

TEST(Pipeline, TheGraphicsOnlyOutputCarriesFillAndKeyForAnExternalKeyer) {
  const int port = freeUdpPort();
  FillAndKeyReceiver keyer(port);
  RunningEngine run({InputKind::TestPattern, {}},
                    {*parseOutput("graphics:udp://127.0.0.1:" + std::to_string(port))});
  ASSERT_TRUE(run.waitForInput());
  auto near = [](int value, int expected) { return std::abs(value - expected) <= 8; };
  auto clean = keyer.waitFor([](const FillAndKeyReceiver::Sample&) { return true; });
  ASSERT_TRUE(clean) << "no graphics-only frames received";
  EXPECT_EQ(clean->width, 2 * k720p50.width) << "fill and key side by side";
  EXPECT_EQ(clean->height, k720p50.height);
  EXPECT_TRUE(near(clean->keyInBox, 16) && near(clean->fillInBox, 16))
      << "nothing on air: black fill, transparent key; got fill " << clean->fillInBox << " key "
      << clean->keyInBox;

  ASSERT_TRUE(
      run.stage.compositor.takeGraphic(GraphicsLayer::LowerThird, 1, whiteBox({}, {})).ok());
  ASSERT_TRUE(run.stage.waitForEvent(1, AsRunEvent::OnAir));
  auto onAir = keyer.waitFor([&](const auto& sample) { return near(sample.keyInBox, 235); });
  ASSERT_TRUE(onAir) << "the key never showed the lower third";
  EXPECT_TRUE(near(onAir->fillInBox, 235)) << "white fill, got " << onAir->fillInBox;
  EXPECT_TRUE(near(onAir->keyOutside, 16)) << "key outside the graphic " << onAir->keyOutside;
  EXPECT_TRUE(near(onAir->fillOutside, 16))
      << "the programme's picture is not in the fill: " << onAir->fillOutside;

  ASSERT_TRUE(run.stage.compositor.clear(GraphicsLayer::LowerThird, 2).ok());
  ASSERT_TRUE(run.stage.waitForEvent(2, AsRunEvent::OffAir));
  EXPECT_TRUE(keyer.waitFor([&](const auto& sample) { return near(sample.keyInBox, 16); }))
      << "the key kept the graphic after the clear";
  EXPECT_EQ(run.engine->stats().droppedFrames, 0);
}

/// What a recording holds: its H.264 access units, read to the end with tsdemux.
struct FileContents {
  bool isComplete = false;  ///< read to end-of-stream without an error
  int frames = 0;
  bool startsWithKeyFrame = false;
};

FileContents readRecording(const std::string& path) {
  const std::string description = "filesrc location=\"" + path +
                                  "\" ! tsdemux ! h264parse ! video/x-h264,alignment=au ! fakesink "
                                  "name=sink signal-handoffs=true sync=false";
  GError* error = nullptr;
  GstElement* pipeline = gst_parse_launch(description.c_str(), &error);
  EXPECT_EQ(error, nullptr);
  if (error != nullptr) {
    g_error_free(error);
    return {};
  }
  FileContents contents;
  GstElement* sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  auto onHandoff = +[](GstElement*, GstBuffer* buffer, GstPad*, gpointer data) {
    auto* read = static_cast<FileContents*>(data);
    if (read->frames++ == 0)
      read->startsWithKeyFrame = !GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_DELTA_UNIT);
  };
  g_signal_connect(sink, "handoff", G_CALLBACK(onHandoff), &contents);
  gst_object_unref(sink);
  gst_element_set_state(pipeline, GST_STATE_PLAYING);
  GstBus* bus = gst_element_get_bus(pipeline);
  GstMessage* done = gst_bus_timed_pop_filtered(
      bus, 30 * GST_SECOND, static_cast<GstMessageType>(GST_MESSAGE_EOS | GST_MESSAGE_ERROR));
  contents.isComplete = done != nullptr && GST_MESSAGE_TYPE(done) == GST_MESSAGE_EOS;
  if (done != nullptr) gst_message_unref(done);
  gst_object_unref(bus);
  gst_element_set_state(pipeline, GST_STATE_NULL);
  gst_object_unref(pipeline);
  return contents;
}

/// Every programme frame from the first one with the input on came, 20 ms of running time apart.
void expectEveryFrameSince(const std::vector<FrameRecord>& frames, std::int64_t fromNs) {
  int checked = 0;
  for (std::size_t i = 1; i < frames.size(); ++i) {
    if (frames[i - 1].runningTimeNs < fromNs) continue;
    ASSERT_EQ(frames[i].runningTimeNs - frames[i - 1].runningTimeNs, kFrameNs)
        << "the programme skipped at " << frames[i - 1].runningTimeNs / 1e6 << " ms";
    ++checked;
  }
  EXPECT_GT(checked, 100);
}

std::string scratchDirectory(const std::string& name) {
  const std::string path = ::testing::TempDir() + "/" + name + "-" + std::to_string(getpid());
  std::filesystem::remove_all(path);
  return path;
}

TEST(Pipeline, RecordingsStartedAndStoppedDuringTheShowHoldExactlyTheFramesReported) {
  const std::string dir = scratchDirectory("recordings");
  // No other compressed output: the record dir alone makes the encoders run.
  RunningEngine run({InputKind::TestPattern, {}}, {},
                    [&](EngineOptions& options) { options.recordDir = dir; });
  ASSERT_TRUE(run.waitForInput());
  const std::int64_t since = run.now();
  for (int take = 1; take <= 2; ++take) {
    const std::string path = dir + "/episode-" + std::to_string(take) + ".ts";
    const auto before = std::chrono::system_clock::now();
    auto opened = run.engine->startRecording(path);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    EXPECT_EQ(opened->file, path);
    EXPECT_GE(opened->startedAt, before);
    EXPECT_TRUE(run.engine->isRecording());
    EXPECT_EQ(run.engine->startRecording(path + ".2.ts").error().code, "already_recording");
    run.recorder.until(run.now() + 75 * kFrameNs);  // 1.5 s

    auto closed = run.engine->stopRecording();
    ASSERT_TRUE(closed.ok()) << closed.error().message;
    EXPECT_FALSE(run.engine->isRecording());
    EXPECT_TRUE(closed->error.empty()) << closed->error;
    EXPECT_EQ(closed->file, path);
    EXPECT_GE(closed->stoppedAt, closed->startedAt);
    EXPECT_EQ(closed->bytes, static_cast<std::int64_t>(std::filesystem::file_size(path)));
    // The encoder was asked for a key frame at once: the file starts within a few frames.
    EXPECT_GE(closed->frames, 70) << "take " << take;
    const FileContents file = readRecording(path);
    EXPECT_TRUE(file.isComplete) << path;
    EXPECT_EQ(file.frames, closed->frames) << "take " << take;
    EXPECT_TRUE(file.startsWithKeyFrame);
    RecordProperty("take" + std::to_string(take) + "_frames", static_cast<int>(closed->frames));
    run.recorder.until(run.now() + 25 * kFrameNs);
  }
  EXPECT_EQ(run.engine->stopRecording().error().code, "not_recording");

  expectEveryFrameSince(run.recorder.all(), since);
  const auto stats = run.engine->stats();
  EXPECT_EQ(stats.droppedFrames, 0);
  EXPECT_EQ(stats.outputFailures, 0);
  std::filesystem::remove_all(dir);
}

TEST(Pipeline, ARecordingThatCannotBeWrittenIsReportedAndTheProgrammeRunsOn) {
  const std::string dir = scratchDirectory("unwritable");
  std::filesystem::create_directories(dir);
  // A plain file where the record dir should be: even root cannot make a directory inside it.
  const std::string blocker = dir + "/not-a-directory";
  std::ofstream(blocker) << "x";
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<RecordingResult> ended;
  RunningEngine run({InputKind::TestPattern, {}}, {}, [&](EngineOptions& options) {
    options.recordDir = blocker + "/recordings";
    options.onRecordingEnded = [&](const RecordingResult& result) {
      std::lock_guard lock(mutex);
      ended.push_back(result);
      changed.notify_all();
    };
  });
  ASSERT_TRUE(run.waitForInput());
  const std::int64_t since = run.now();

  auto refused = run.engine->startRecording(blocker + "/recordings/episode-1.ts");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "cannot_write");
  EXPECT_NE(refused.error().message.find("Not a directory"), std::string::npos)
      << refused.error().message;
  EXPECT_FALSE(run.engine->isRecording());

  // A disk that fills up during the show: /dev/full opens, and refuses every write.
  auto opened = run.engine->startRecording("/dev/full");
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(changed.wait_for(lock, 15s, [&] { return !ended.empty(); }))
        << "the failed file was never reported";
    EXPECT_EQ(ended.front().file, "/dev/full");
    EXPECT_FALSE(ended.front().error.empty());
    RecordProperty("failure", ended.front().error);
  }
  EXPECT_FALSE(run.engine->isRecording());
  EXPECT_EQ(run.engine->stopRecording().error().code, "not_recording");
  run.recorder.until(run.now() + 75 * kFrameNs);

  // The programme never noticed, and the next recording works.
  const std::string good = dir + "/after.ts";
  ASSERT_TRUE(run.engine->startRecording(good).ok());
  run.recorder.until(run.now() + 50 * kFrameNs);
  auto closed = run.engine->stopRecording();
  ASSERT_TRUE(closed.ok());
  EXPECT_TRUE(closed->error.empty()) << closed->error;
  EXPECT_EQ(readRecording(good).frames, closed->frames);
  run.recorder.until(run.now() + 10 * kFrameNs);
  expectEveryFrameSince(run.recorder.all(), since);
  EXPECT_EQ(run.engine->stats().droppedFrames, 0);
  std::lock_guard lock(mutex);
  EXPECT_EQ(ended.size(), 1u);
  std::filesystem::remove_all(dir);
}

TEST(Pipeline, AnEngineStoppedWhileRecordingFinishesTheFileAndReportsIt) {
  const std::string dir = scratchDirectory("stopped");
  std::vector<RecordingResult> ended;  // the callback runs inside stop(), on this thread
  const std::string path = dir + "/episode.ts";
  {
    RunningEngine run({InputKind::TestPattern, {}}, {}, [&](EngineOptions& options) {
      options.recordDir = dir;
      options.onRecordingEnded = [&](const RecordingResult& result) { ended.push_back(result); };
    });
    ASSERT_TRUE(run.waitForInput());
    ASSERT_TRUE(run.engine->startRecording(path).ok());
    run.recorder.until(run.now() + 50 * kFrameNs);
    run.engine->stop();
  }
  ASSERT_EQ(ended.size(), 1u);
  EXPECT_TRUE(ended[0].error.empty()) << ended[0].error;
  EXPECT_GE(ended[0].frames, 45);
  EXPECT_EQ(readRecording(path).frames, ended[0].frames);
  std::filesystem::remove_all(dir);
}

/// A JPEG decoded by GStreamer's jpegdec: its size and the luma at its centre.
struct DecodedJpeg {
  int width = 0;
  int height = 0;
  int centreLuma = -1;
};

std::optional<DecodedJpeg> decodeJpeg(const std::string& jpeg) {
  GError* error = nullptr;
  GstElement* pipeline = gst_parse_launch(
      "appsrc name=src caps=image/jpeg ! jpegdec ! appsink name=sink sync=false", &error);
  EXPECT_EQ(error, nullptr);
  if (error != nullptr) {
    g_error_free(error);
    return std::nullopt;
  }
  GstElement* src = gst_bin_get_by_name(GST_BIN(pipeline), "src");
  GstElement* sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  gst_element_set_state(pipeline, GST_STATE_PLAYING);
  GstBuffer* buffer = gst_buffer_new_memdup(jpeg.data(), jpeg.size());
  gst_app_src_push_buffer(GST_APP_SRC(src), buffer);
  gst_app_src_end_of_stream(GST_APP_SRC(src));
  std::optional<DecodedJpeg> decoded;
  GstSample* sample = gst_app_sink_try_pull_sample(GST_APP_SINK(sink), 5 * GST_SECOND);
  GstVideoInfo info;
  GstVideoFrame frame;
  if (sample != nullptr && gst_video_info_from_caps(&info, gst_sample_get_caps(sample)) &&
      GST_VIDEO_INFO_IS_YUV(&info) &&
      gst_video_frame_map(&frame, &info, gst_sample_get_buffer(sample), GST_MAP_READ)) {
    decoded = DecodedJpeg{info.width, info.height, 0};
    decoded->centreLuma = static_cast<const std::uint8_t*>(GST_VIDEO_FRAME_PLANE_DATA(
        &frame, 0))[info.height / 2 * GST_VIDEO_FRAME_PLANE_STRIDE(&frame, 0) + info.width / 2];
    gst_video_frame_unmap(&frame);
  }
  if (sample != nullptr) gst_sample_unref(sample);
  gst_element_set_state(pipeline, GST_STATE_NULL);
  gst_object_unref(src);
  gst_object_unref(sink);
  gst_object_unref(pipeline);
  return decoded;
}

TEST(Pipeline, TheConfidencePictureIsASmallJpegTwiceASecond) {
  struct Preview {
    std::chrono::steady_clock::time_point arrivedAt;
    std::string jpeg;
    std::int64_t runningTimeNs = 0;
  };
  std::mutex mutex;
  std::vector<Preview> previews;
  // The slate alone (no capture device here): a plain grey the small picture must show too.
  RunningEngine run(
      InputSpec{InputKind::V4l2, "/dev/video-sporazum-missing"}, {}, [&](EngineOptions& options) {
        options.onPreview = [&](std::string_view jpeg, std::int64_t runningTimeNs) {
          std::lock_guard lock(mutex);
          previews.push_back({std::chrono::steady_clock::now(), std::string(jpeg), runningTimeNs});
        };
      });
  run.recorder.waitFor(50);
  const auto from = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(4s);
  const auto to = std::chrono::steady_clock::now();
  std::vector<Preview> seen;
  {
    std::lock_guard lock(mutex);
    seen = previews;
  }
  const auto inWindow = std::count_if(seen.begin(), seen.end(), [&](const Preview& preview) {
    return preview.arrivedAt >= from && preview.arrivedAt < to;
  });
  EXPECT_GE(inWindow, 7) << "two a second for four seconds";
  EXPECT_LE(inWindow, 9);
  for (std::size_t i = 1; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i].runningTimeNs - seen[i - 1].runningTimeNs, 500'000'000)
        << "one picture every half second of programme";
  }
  ASSERT_FALSE(seen.empty());
  // limited-range grey 77 is (77 − 16) × 255 / 219 ≈ 71 in the JPEG's full range
  for (const auto& preview : seen) {
    EXPECT_LT(preview.jpeg.size(), 48u * 1024);
    auto decoded = decodeJpeg(preview.jpeg);
    ASSERT_TRUE(decoded) << "not a JPEG jpegdec can read";
    EXPECT_EQ(decoded->width, 320);
    EXPECT_EQ(decoded->height, 180);
    EXPECT_NEAR(decoded->centreLuma, 71, 3);
  }
  const auto stats = run.engine->stats();
  EXPECT_GE(stats.previewFrames, static_cast<std::int64_t>(seen.size()));
  EXPECT_GT(stats.previewCpuNs, 0);
  EXPECT_EQ(stats.droppedFrames, 0);
  RecordProperty(
      "preview_cpu_us_per_picture",
      static_cast<int>(stats.previewCpuNs / 1000 / std::max<std::int64_t>(1, stats.previewFrames)));
}

/// The caps of the first pad of `demuxer` whose caps start with `prefix`, from a file.
std::string streamCaps(const std::string& path, const std::string& demuxer,
                       const std::string& prefix) {
  const std::string description =
      "filesrc location=" + path + " ! " + demuxer + " name=demux ! fakesink demux. ! fakesink";
  GError* error = nullptr;
  GstElement* pipeline = gst_parse_launch(description.c_str(), &error);
  if (error != nullptr) {
    g_error_free(error);
    return {};
  }
  gst_element_set_state(pipeline, GST_STATE_PAUSED);
  gst_element_get_state(pipeline, nullptr, nullptr, 10 * GST_SECOND);
  std::string found;
  GstElement* demux = gst_bin_get_by_name(GST_BIN(pipeline), "demux");
  GstIterator* it = gst_element_iterate_src_pads(demux);
  GValue item = G_VALUE_INIT;
  while (found.empty() && gst_iterator_next(it, &item) == GST_ITERATOR_OK) {
    if (GstCaps* caps = gst_pad_get_current_caps(static_cast<GstPad*>(g_value_get_object(&item)))) {
      gchar* text = gst_caps_to_string(caps);
      if (std::string_view(text).starts_with(prefix)) found = text;
      g_free(text);
      gst_caps_unref(caps);
    }
    g_value_reset(&item);
  }
  g_value_unset(&item);
  gst_iterator_free(it);
  gst_object_unref(demux);
  gst_element_set_state(pipeline, GST_STATE_NULL);
  gst_object_unref(pipeline);
  return found;
}

TEST(Pipeline, HlsPreviewAndAMatroskaRecordingWithUntouchedSound) {
  const std::string base = ::testing::TempDir() + "/outputs-" + std::to_string(getpid());
  const std::string hls = base + "-hls";
  const std::string mkv = base + ".mkv";
  std::int64_t framesOut = 0;
  {
    RunningEngine run({InputKind::TestPattern, {}},
                      {*parseOutput("hls:" + hls), *parseOutput("record:" + mkv)});
    ASSERT_TRUE(run.waitForInput());
    run.recorder.waitFor(300);  // six seconds: three two-second segments
    run.engine->stop();
    framesOut = run.engine->stats().framesOut;
    EXPECT_EQ(run.engine->stats().droppedFrames, 0);
    EXPECT_EQ(run.engine->stats().outputFailures, 0);
  }
  // The Matroska recording: every frame, and the sound as PCM (not re-encoded).
  TsReceiver file("filesrc location=" + mkv, "matroskademux");
  EXPECT_TRUE(file.waitForFrames(static_cast<int>(framesOut), 20s))
      << "the Matroska recording is short of the " << framesOut << " frames sent";
  EXPECT_NE(streamCaps(mkv, "matroskademux", "audio/x-raw").find("rate=(int)48000"),
            std::string::npos);
  // The HLS preview: a playlist naming segments that exist and hold H.264.
  std::ifstream playlist(hls + "/index.m3u8");
  ASSERT_TRUE(playlist) << "no HLS playlist";
  std::string line;
  std::vector<std::string> segments;
  while (std::getline(playlist, line)) {
    if (line.ends_with(".ts")) segments.push_back(line);
  }
  ASSERT_GE(segments.size(), 2u);
  const std::string first = hls + "/" + std::filesystem::path(segments.front()).filename().string();
  TsReceiver segment("filesrc location=" + first);
  EXPECT_TRUE(segment.waitForFrames(50)) << "the first segment does not hold two seconds";
  std::filesystem::remove_all(hls);
  std::remove(mkv.c_str());
}

}  // namespace
}  // namespace sporazum::overlay::engine

int main(int argc, char** argv) {
  gst_init(&argc, &argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
