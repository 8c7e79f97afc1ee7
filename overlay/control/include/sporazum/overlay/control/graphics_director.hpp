#pragma once
// The engine's graphics brain, without GStreamer: takes the server's commands, renders and
// prepares each graphic on its own render thread, hands the result to the LayerCompositor that the
// streaming thread blends every frame, and turns the compositor's per-frame events into the as-run
// record.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "sporazum/core/graphics.hpp"
#include "sporazum/overlay/i420.hpp"
#include "sporazum/overlay/layer_compositor.hpp"
#include "sporazum/overlay/renderer.hpp"

namespace sporazum::overlay::control {

/// Where the director's reports go; called on the director's render thread, must not block.
struct DirectorReports {
  std::function<void(const core::AsRunReport&)> onAsRun;
  std::function<void(const core::EngineCommandError&)> onError;
};

class GraphicsDirector {
 public:
  /// `renderer` is used only on the render thread from now on.
  GraphicsDirector(std::unique_ptr<Renderer> renderer, DirectorReports reports);
  ~GraphicsDirector();
  GraphicsDirector(const GraphicsDirector&) = delete;
  GraphicsDirector& operator=(const GraphicsDirector&) = delete;

  /// Any thread: queue a command for the render thread (commands are applied in order).
  void apply(core::GraphicsCommand command);
  /// Any thread: after a (re)connect, make the picture what the server says is on air.
  void restore(core::ProgrammeState state);

  /// Streaming thread, every frame: blends the layers (into `graphicsOnly` too, when the engine
  /// has a graphics-only output) and records this frame's events.
  void onFrame(I420View& frame, std::int64_t runningTimeNs,
               const FillAndKey* graphicsOnly = nullptr);

  /// The last command the render thread has handed to the compositor.
  std::int64_t lastSeq();
  bool isAnythingVisible() const { return compositor_.isAnythingVisible(); }
  const FrameFormat& format() const { return compositor_.format(); }

  /// Test hook: blocks until every queued command has reached the compositor.
  void waitUntilIdle();

 private:
  struct Work {
    std::optional<core::GraphicsCommand> command;
    std::optional<core::ProgrammeState> restore;
  };
  struct FrameEvent {
    CompositorEvent event;
    std::int64_t wallTimeMs = 0;
  };

  void runRenderThread();
  void execute(const core::GraphicsCommand& command);
  void executeRestore(const core::ProgrammeState& state);
  /// Renders `content` for `layer`; an error when it cannot go to air (e.g. does_not_fit).
  core::Result<GraphicPtr> render(core::GraphicsLayer layer, const core::GraphicContent& content);
  void reportEvents();
  void tickClock();
  void fail(const core::GraphicsCommand& command, const core::Error& error);

  std::unique_ptr<Renderer> renderer_;
  DirectorReports reports_;
  LayerCompositor compositor_;

  std::mutex workMutex_;
  std::condition_variable workChanged_;
  std::deque<Work> work_;
  bool isBusy_ = false;
  bool stopping_ = false;
  std::int64_t lastSeq_ = 0;

  // Streaming thread → render thread.
  std::mutex eventMutex_;
  std::vector<FrameEvent> frameEvents_;
  std::vector<CompositorEvent> scratchEvents_;  ///< streaming thread only

  // Render thread only.
  std::map<std::int64_t, std::int64_t> questionOfTake_;  ///< take seq → question id
  std::map<core::GraphicsLayer, std::int64_t> cuedQuestion_;
  bool isClockOnAir_ = false;
  std::string clockText_;

  std::thread thread_;
};

/// "HH:MM" of local time.
std::string clockText(std::chrono::system_clock::time_point now);
/// ISO 8601 UTC with milliseconds.
std::string isoTimeMs(std::int64_t unixMs);

}  // namespace sporazum::overlay::control
