#pragma once
// The live engine: input pipeline → frame pump (the programme clock: one frame every frame
// period, the slate when the input is lost) → graphics stage → outputs. GStreamer stays behind this
// header.

#include <cstdint>
#include <memory>
#include <string>

#include "sporazum/core/result.hpp"
#include "sporazum/overlay/engine/engine_options.hpp"
#include "sporazum/overlay/engine/frame_stage.hpp"

namespace sporazum::overlay::engine {

enum class InputState { Starting = 1, Ok, Lost };
std::string_view toString(InputState state);  ///< starting, ok, lost

/// Counters since start; safe to read from any thread.
struct EngineStats {
  std::int64_t framesOut = 0;       ///< frames that left the graphics stage
  std::int64_t droppedFrames = 0;   ///< programme frames missed or leaked before an output
  std::int64_t slateFrames = 0;     ///< frames that showed the slate
  std::int64_t repeatedFrames = 0;  ///< frames that repeated the last input frame (input late)
  /// Leaked before the window, the HLS preview or the confidence picture.
  std::int64_t previewDroppedFrames = 0;
  std::int64_t graphicsCpuNs = 0;  ///< CPU time the graphics stage spent on those framesOut
  /// Outputs that failed (destination refused or went away) and were restarted; the programme
  /// and the other outputs ran on. Their lost frames are not programme drops.
  std::int64_t outputFailures = 0;
  std::int64_t outputLostFrames = 0;  ///< frames failed outputs could not take
  std::int64_t previewFrames = 0;     ///< confidence pictures made
  /// CPU time of the confidence picture's own thread (frame rate, scale, JPEG) since start.
  std::int64_t previewCpuNs = 0;
  InputState input = InputState::Starting;
};

class Engine {
 public:
  /// Checks the options and builds the pipelines (nothing runs yet). `stage` runs on every frame
  /// and must outlive the engine.
  static core::Result<std::unique_ptr<Engine>> create(EngineOptions options, FrameStage& stage);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  /// Starts the input, the programme clock and every output.
  core::Result<bool> start();
  /// Stops everything; compressed outputs get end-of-stream so recordings close cleanly.
  void stop();

  /// Starts recording the programme into `path` (MPEG-TS: the shared H.264 from its next key
  /// frame, asked for at once, and the AAC), while the programme and the other outputs run on.
  /// Needs `recordDir` in the options (the encoders). The result holds the file and its start.
  /// Errors: no_encoder, not_running, already_recording, cannot_write (the file cannot be
  /// created), pipeline_failed. Any thread; calls are taken one at a time.
  core::Result<RecordingResult> startRecording(const std::string& path);
  /// Finishes the file: end-of-stream through its muxer, awaited at the sink, so every frame
  /// that entered the recording is in it. A file that failed on the way comes back with `error`
  /// set. Errors: not_recording (none open; a failed one was reported to `onRecordingEnded`).
  /// Blocks (normally well under a second); not on a streaming thread.
  core::Result<RecordingResult> stopRecording();
  bool isRecording() const;

  EngineStats stats() const;
  const EngineOptions& options() const;

 private:
  class Impl;
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sporazum::overlay::engine
