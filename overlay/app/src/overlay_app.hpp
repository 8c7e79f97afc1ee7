#pragma once
// Wires the engine: renderer → director → graphics stage → GStreamer pipeline, and the link to the
// questions server. Kept out of main() so tests can run a whole engine in-process.

#include <memory>

#include "overlay_options.hpp"
#include "sporazum/overlay/control/engine_link.hpp"
#include "sporazum/overlay/control/graphics_director.hpp"
#include "sporazum/overlay/engine/engine.hpp"

namespace sporazum::overlay::app {

class OverlayApp {
 public:
  /// Loads the templates, builds the pipelines; nothing runs until start().
  static core::Result<std::unique_ptr<OverlayApp>> create(OverlayOptions options);
  ~OverlayApp();

  core::Result<bool> start();
  void stop();

  control::GraphicsDirector& director() { return *director_; }
  engine::Engine& engine() { return *engine_; }
  /// Null when running without a server.
  control::EngineLink* link() { return link_.get(); }
  core::EngineHealth health();

 private:
  class Stage;
  OverlayApp() = default;

  OverlayOptions options_;
  std::unique_ptr<control::GraphicsDirector> director_;
  std::unique_ptr<Stage> stage_;
  std::unique_ptr<engine::Engine> engine_;
  std::unique_ptr<control::EngineLink> link_;
  std::mutex healthMutex_;
  engine::EngineStats lastStats_;
  std::chrono::steady_clock::time_point lastStatsAt_;
};

/// Copies an owned I420 frame into a view of the same size.
void copyFrame(const I420Frame& from, I420View& to);

}  // namespace sporazum::overlay::app
