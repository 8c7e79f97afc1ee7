#pragma once
// Wires the engine: renderer → director → graphics stage → GStreamer pipeline, the link to the
// questions server, the episode recorder (with --record-dir) and the confidence picture. Kept out
// of main() so tests can run a whole engine in-process.

#include <chrono>
#include <memory>
#include <mutex>

#include "overlay_options.hpp"
#include "sporazum/overlay/control/engine_link.hpp"
#include "sporazum/overlay/control/episode_recorder.hpp"
#include "sporazum/overlay/control/graphics_director.hpp"
#include "sporazum/overlay/engine/engine.hpp"

namespace sporazum::overlay::app {

class OverlayApp {
 public:
  /// Loads the templates, builds the pipelines; nothing runs until start().
  static core::Result<std::unique_ptr<OverlayApp>> create(OverlayOptions options);
  ~OverlayApp();

  core::Result<bool> start();
  /// Closes an open recording (reported to the server), then stops the link and the engine.
  void stop();

  control::GraphicsDirector& director() { return *director_; }
  engine::Engine& engine() { return *engine_; }
  /// Null when running without a server.
  control::EngineLink* link() { return link_.get(); }
  /// Null without a record dir.
  control::EpisodeRecorder* recorder() { return recorder_.get(); }
  core::EngineHealth health();

 private:
  class Stage;
  class Recording;
  OverlayApp() = default;
  /// Runs `use` with the link if there is one; callbacks from engine threads come through here.
  template <typename Use>
  void withLink(Use&& use) {
    std::lock_guard lock(linkMutex_);
    if (link_) use(*link_);
  }

  OverlayOptions options_;
  std::unique_ptr<control::GraphicsDirector> director_;
  std::unique_ptr<Stage> stage_;
  std::unique_ptr<engine::Engine> engine_;
  std::unique_ptr<Recording> recording_;
  std::unique_ptr<control::EpisodeRecorder> recorder_;
  std::mutex linkMutex_;  ///< guards link_ against the engine's and recorder's threads
  std::unique_ptr<control::EngineLink> link_;
  std::mutex healthMutex_;
  engine::EngineStats lastStats_;
  std::chrono::steady_clock::time_point lastStatsAt_;
};

/// Copies an owned I420 frame into a view of the same size.
void copyFrame(const I420Frame& from, I420View& to);

/// DIR/episode-N-<UTC start>.ts, or with "-2", "-3"… before ".ts" when that file exists already
/// (two files started in the same second never overwrite each other).
std::string newRecordingPath(const std::string& dir, std::int64_t episodeNumber,
                             std::chrono::system_clock::time_point at);

}  // namespace sporazum::overlay::app
