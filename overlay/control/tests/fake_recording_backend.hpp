#pragma once
// A RecordingBackend that records what the recorder asked for: the engine without GStreamer.

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "sporazum/overlay/control/episode_recorder.hpp"

namespace sporazum::overlay::control::testing {

class FakeRecordingBackend final : public RecordingBackend {
 public:
  RecordingFile startRecording(const core::RecordingOrder& episode) override {
    std::lock_guard lock(mutex_);
    RecordingFile file;
    file.file = "rec/episode-" + std::to_string(episode.number) + "-" +
                std::to_string(++fileCount_) + ".ts";
    file.startedAtUnixMs = 1'795'464'004'160 + fileCount_;
    calls_.push_back("start " + std::to_string(episode.episodeId));
    if (!startErrors_.empty()) {
      file.error = startErrors_.front();
      startErrors_.pop_front();
      file.stoppedAtUnixMs = file.startedAtUnixMs;
      return file;
    }
    open_ = file;
    isOpen_ = true;
    return file;
  }

  std::optional<RecordingFile> stopRecording() override {
    std::lock_guard lock(mutex_);
    calls_.push_back("stop");
    if (!isOpen_) return std::nullopt;
    isOpen_ = false;
    RecordingFile file = open_;
    file.frames = 500;
    file.bytes = 1'000'000;
    file.stoppedAtUnixMs = file.startedAtUnixMs + 10'000;
    return file;
  }

  /// The next starts fail with these errors, in order.
  void failNextStarts(std::vector<std::string> errors) {
    std::lock_guard lock(mutex_);
    startErrors_.insert(startErrors_.end(), errors.begin(), errors.end());
  }
  /// The open file fails as a full disk would: the engine closes it by itself.
  std::optional<RecordingFile> failOpenFile(std::string error) {
    std::lock_guard lock(mutex_);
    if (!isOpen_) return std::nullopt;
    isOpen_ = false;
    RecordingFile file = open_;
    file.frames = 42;
    file.bytes = 65536;
    file.stoppedAtUnixMs = file.startedAtUnixMs + 840;
    file.error = std::move(error);
    return file;
  }

  std::vector<std::string> calls() {
    std::lock_guard lock(mutex_);
    return calls_;
  }
  bool isOpen() {
    std::lock_guard lock(mutex_);
    return isOpen_;
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> calls_;
  std::deque<std::string> startErrors_;
  RecordingFile open_;
  bool isOpen_ = false;
  int fileCount_ = 0;
};

}  // namespace sporazum::overlay::control::testing
