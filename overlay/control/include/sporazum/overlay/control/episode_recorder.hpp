#pragma once
// Keeps the engine's episode recording in step with the server: `engine_record` start/stop and
// the `recording` of every `programme_state` say which live episode should be recorded; the
// recorder opens and closes files through a RecordingBackend so that exactly that one is, and
// reports every file opened, closed or failed (`engine_recording`). Files are opened and closed
// on the recorder's own thread: closing one waits for its muxer, which must not hold up the
// link's I/O thread. A file that cannot be opened, or fails on the way (a full disk), is reported
// and tried again after a back-off while its episode is still live.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>

#include "sporazum/core/graphics.hpp"

namespace sporazum::overlay::control {

/// One recording file as the engine opened or closed it.
struct RecordingFile {
  std::string file;
  std::int64_t bytes = 0;
  std::int64_t frames = 0;
  std::int64_t startedAtUnixMs = 0;
  std::int64_t stoppedAtUnixMs = 0;  ///< 0 while open
  std::string error;  ///< why it could not be opened or ended early; empty when all went well
};

/// The engine's side, as the recorder drives it (the app implements it over engine::Engine).
/// Called on the recorder's thread only.
class RecordingBackend {
 public:
  virtual ~RecordingBackend() = default;
  /// Opens a new file for `episode` and starts recording into it; `error` set when it could not.
  virtual RecordingFile startRecording(const core::RecordingOrder& episode) = 0;
  /// Finishes the open file (every frame in it). Nothing when no file is open (one that failed
  /// was handed to `EpisodeRecorder::fileEnded` instead).
  virtual std::optional<RecordingFile> stopRecording() = 0;
};

struct RecorderOptions {
  std::chrono::milliseconds retryFirst{5000};  ///< after a failure, doubling up to retryMax
  std::chrono::milliseconds retryMax{60000};
};

class EpisodeRecorder {
 public:
  using ReportSink = std::function<void(const core::RecordingReport&)>;

  /// `onReport` runs on the recorder's thread; `backend` must outlive the recorder.
  EpisodeRecorder(RecordingBackend& backend, ReportSink onReport, RecorderOptions options = {});
  /// Stops the thread; an open file stays open (call finish() first to close it).
  ~EpisodeRecorder();
  EpisodeRecorder(const EpisodeRecorder&) = delete;
  EpisodeRecorder& operator=(const EpisodeRecorder&) = delete;

  /// Any thread: `engine_record`. Start records the episode (closing another one first); stop
  /// ends it, and is ignored for an episode other than the one being recorded.
  void command(const core::RecordCommand& command);
  /// Any thread: `programme_state` after a (re)connect: the live episode, or none. A file of that
  /// episode already open goes on; anything else is closed, and a live episode gets a new file.
  void follow(std::optional<core::RecordingOrder> live);
  /// Any thread: the engine closed a file by itself (it failed); reported, then retried.
  void fileEnded(RecordingFile file);
  /// Closes the open file (reported) and accepts nothing more. Blocks until done.
  void finish();

  /// The episode whose file is open, if any.
  std::optional<core::RecordingOrder> recording() const;
  /// Test hook: blocks until everything queued so far has been handled.
  void waitUntilIdle();

 private:
  struct Stop {
    std::int64_t episodeId = 0;
  };
  struct Finish {};
  using Event = std::variant<core::RecordingOrder, Stop, std::optional<core::RecordingOrder>,
                             RecordingFile, Finish>;
  struct Open {
    core::RecordingOrder episode;
    std::string file;
    std::chrono::steady_clock::time_point openedAt;
  };

  void post(Event event);
  void run();
  void handle(Event& event);
  void want(std::optional<core::RecordingOrder> episode);
  void reconcile();
  void open();
  void close();
  void failed(const RecordingFile& file, std::int64_t episodeId);
  void report(const RecordingFile& file, std::int64_t episodeId, bool isOpen);

  RecordingBackend& backend_;
  ReportSink onReport_;
  RecorderOptions options_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Event> events_;
  bool isBusy_ = false;
  bool isFinished_ = false;
  bool stopping_ = false;
  std::optional<core::RecordingOrder> recording_;  ///< mirror of open_, for recording()

  // Recorder thread only.
  std::optional<core::RecordingOrder> wanted_;
  std::optional<Open> open_;
  std::chrono::steady_clock::time_point retryAt_{};
  int failures_ = 0;

  std::thread thread_;
};

}  // namespace sporazum::overlay::control
