#include "overlay_app.hpp"

#include <cstring>

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
  control::DirectorReports reports{.onAsRun =
                                       [self](const core::AsRunReport& report) {
                                         log::info("overlay.as_run",
                                                   {{"seq", report.seq},
                                                    {"layer", core::toString(report.layer)},
                                                    {"change", core::toString(report.event)},
                                                    {"runningTimeNs", report.runningTimeNs}});
                                         if (self->link_) self->link_->sendAsRun(report);
                                       },
                                   .onError =
                                       [self](const core::EngineCommandError& error) {
                                         if (self->link_) self->link_->sendError(error);
                                       }};
  app->director_ =
      std::make_unique<control::GraphicsDirector>(std::move(*renderer), std::move(reports));
  app->stage_ = std::make_unique<Stage>(*app->director_);
  auto engine = engine::Engine::create(engineOptions, *app->stage_);
  if (!engine) return engine.error();
  app->engine_ = std::move(*engine);
  return app;
}

OverlayApp::~OverlayApp() {
  stop();
}

core::Result<bool> OverlayApp::start() {
  lastStatsAt_ = std::chrono::steady_clock::now();
  if (auto started = engine_->start(); !started) return started;
  if (!options_.serverUrl.empty()) {
    link_ = std::make_unique<control::EngineLink>(
        control::EngineLinkOptions{options_.serverUrl, options_.token, options_.engineName},
        *director_, [this] { return health(); });
  }
  return true;
}

void OverlayApp::stop() {
  link_.reset();
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
