#include "overlay_app.hpp"

#include <cstring>
#include <filesystem>

#include "sporazum/core/log.hpp"
#include "sporazum/overlay/prepared_graphic.hpp"

namespace sporazum::overlay::app {

class OverlayApp::Stage final : public engine::FrameStage {
 public:
  explicit Stage(control::GraphicsDirector& director) : director_(director) {}
  void processFrame(I420View& frame, std::int64_t runningTimeNs) override {
    director_.onFrame(frame, runningTimeNs);
  }
  void processFrameAndKey(I420View& frame, const FillAndKey& graphicsOnly,
                          std::int64_t runningTimeNs) override {
    director_.onFrame(frame, runningTimeNs, &graphicsOnly);
  }

 private:
  control::GraphicsDirector& director_;
};

/// The recorder's engine: files in the record dir, named by episode and start time.
class OverlayApp::Recording final : public control::RecordingBackend {
 public:
  Recording(std::string dir, engine::Engine& engine) : dir_(std::move(dir)), engine_(engine) {}

  control::RecordingFile startRecording(const core::RecordingOrder& episode) override {
    const auto now = std::chrono::system_clock::now();
    control::RecordingFile file;
    file.file = newRecordingPath(dir_, episode.number, now);
    auto opened = engine_.startRecording(file.file);
    if (!opened) {
      file.startedAtUnixMs = unixMs(now);
      file.stoppedAtUnixMs = file.startedAtUnixMs;
      file.error = opened.error().message;
      return file;
    }
    file.startedAtUnixMs = unixMs(opened->startedAt);
    return file;
  }

  std::optional<control::RecordingFile> stopRecording() override {
    auto closed = engine_.stopRecording();
    if (!closed) return std::nullopt;
    return toFile(*closed);
  }

  static control::RecordingFile toFile(const engine::RecordingResult& result) {
    control::RecordingFile file;
    file.file = result.file;
    file.bytes = result.bytes;
    file.frames = result.frames;
    file.startedAtUnixMs = unixMs(result.startedAt);
    file.stoppedAtUnixMs = unixMs(result.stoppedAt);
    file.error = result.error;
    return file;
  }

 private:
  static std::int64_t unixMs(std::chrono::system_clock::time_point at) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
  }

  std::string dir_;
  engine::Engine& engine_;
};

std::string newRecordingPath(const std::string& dir, std::int64_t episodeNumber,
                             std::chrono::system_clock::time_point at) {
  const std::filesystem::path base =
      std::filesystem::path(dir) / engine::recordingFileName(episodeNumber, at);
  std::filesystem::path path = base;
  for (int n = 2; std::filesystem::exists(path) && n < 1000; ++n) {
    path = base;
    path.replace_filename(base.stem().string() + "-" + std::to_string(n) + ".ts");
  }
  return path.string();
}

void copyFrame(const I420Frame& from, I420View& to) {
  for (int plane = 0; plane < 3; ++plane) {
    const int rows = plane == 0 ? from.height() : from.chromaHeight();
    const int bytes = plane == 0 ? from.width() : from.chromaWidth();
    for (int row = 0; row < rows && row < (plane == 0 ? to.height : (to.height + 1) / 2); ++row) {
      std::memcpy(to.planes[plane] + static_cast<std::ptrdiff_t>(row) * to.strides[plane],
                  from.plane(plane) + static_cast<std::ptrdiff_t>(row) * from.stride(plane),
                  static_cast<std::size_t>(bytes));
    }
  }
}

core::Result<std::unique_ptr<OverlayApp>> OverlayApp::create(OverlayOptions options) {
  std::unique_ptr<OverlayApp> app(new OverlayApp());
  app->options_ = std::move(options);
  auto& engineOptions = app->options_.engine;

  auto renderer = Renderer::load(app->options_.templatesDir, engineOptions.format);
  if (!renderer) return renderer.error();
  // The slate is drawn once, before the renderer moves to the director's render thread.
  auto slate = std::make_shared<I420Frame>(
      makeSlateFrame((*renderer)->slate(), engineOptions.format, Rgb{0x0b, 0x16, 0x2c}));
  engineOptions.drawSlate = [slate](I420View& frame) { copyFrame(*slate, frame); };

  OverlayApp* self = app.get();
  control::DirectorReports reports{
      .onAsRun =
          [self](const core::AsRunReport& report) {
            log::info("overlay.as_run", {{"seq", report.seq},
                                         {"layer", core::toString(report.layer)},
                                         {"change", core::toString(report.event)},
                                         {"runningTimeNs", report.runningTimeNs}});
            self->withLink([&](control::EngineLink& link) { link.sendAsRun(report); });
          },
      .onError =
          [self](const core::EngineCommandError& error) {
            self->withLink([&](control::EngineLink& link) { link.sendError(error); });
          }};
  app->director_ =
      std::make_unique<control::GraphicsDirector>(std::move(*renderer), std::move(reports));
  app->stage_ = std::make_unique<Stage>(*app->director_);
  // The confidence picture is made only for a server to see.
  if (app->options_.isPreviewOn && !app->options_.serverUrl.empty()) {
    engineOptions.onPreview = [self](std::string_view jpeg, std::int64_t) {
      self->withLink([&](control::EngineLink& link) { link.sendPreview(jpeg); });
    };
  }
  // Before start() nothing calls back, so the recorder made below is there in time.
  engineOptions.onRecordingEnded = [self](const engine::RecordingResult& result) {
    if (self->recorder_) self->recorder_->fileEnded(Recording::toFile(result));
  };
  auto engine = engine::Engine::create(engineOptions, *app->stage_);
  if (!engine) return engine.error();
  app->engine_ = std::move(*engine);
  if (!engineOptions.recordDir.empty()) {
    app->recording_ = std::make_unique<Recording>(engineOptions.recordDir, *app->engine_);
    app->recorder_ = std::make_unique<control::EpisodeRecorder>(
        *app->recording_, [self](const core::RecordingReport& report) {
          self->withLink([&](control::EngineLink& link) { link.sendRecording(report); });
        });
  }
  return app;
}

OverlayApp::~OverlayApp() {
  stop();
  // The recorder's thread is idle now; it goes before the engine its backend drives.
  recorder_.reset();
  recording_.reset();
}

core::Result<bool> OverlayApp::start() {
  lastStatsAt_ = std::chrono::steady_clock::now();
  if (auto started = engine_->start(); !started) return started;
  if (!options_.serverUrl.empty()) {
    control::LinkRecording recording;
    if (recorder_) {
      recording.onRecord = [this](const core::RecordCommand& command) {
        recorder_->command(command);
      };
      recording.onLiveEpisode = [this](std::optional<core::RecordingOrder> live) {
        recorder_->follow(live);
      };
    }
    auto link = std::make_unique<control::EngineLink>(
        control::EngineLinkOptions{options_.serverUrl, options_.token, options_.engineName},
        *director_, [this] { return health(); }, std::move(recording));
    std::lock_guard lock(linkMutex_);
    link_ = std::move(link);
  }
  return true;
}

void OverlayApp::stop() {
  // The open file is finished and its report handed to the server before the link goes.
  if (recorder_) recorder_->finish();
  std::unique_ptr<control::EngineLink> link;
  {
    std::lock_guard lock(linkMutex_);
    link = std::move(link_);
  }
  if (link) {
    if (!link->drain(std::chrono::seconds(2))) log::warn("overlay.reports_not_sent");
    link.reset();
  }
  if (engine_) engine_->stop();
}

core::EngineHealth OverlayApp::health() {
  std::lock_guard lock(healthMutex_);
  const auto stats = engine_->stats();
  const auto now = std::chrono::steady_clock::now();
  const double seconds = std::chrono::duration<double>(now - lastStatsAt_).count();
  core::EngineHealth health;
  health.engineName = options_.engineName;
  health.framesOut = stats.framesOut;
  health.droppedFrames = stats.droppedFrames;
  health.input = std::string(engine::toString(stats.input));
  health.framesPerSecond =
      seconds > 0 ? static_cast<double>(stats.framesOut - lastStats_.framesOut) / seconds : 0.0;
  const auto frames = stats.framesOut - lastStats_.framesOut;
  health.graphicsMsPerFrame =
      frames > 0 ? static_cast<double>(stats.graphicsCpuNs - lastStats_.graphicsCpuNs) / 1e6 /
                       static_cast<double>(frames)
                 : 0.0;
  health.lastSeq = director_->lastSeq();
  lastStats_ = stats;
  lastStatsAt_ = now;
  return health;
}

}  // namespace sporazum::overlay::app
