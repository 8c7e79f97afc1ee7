#pragma once
// Watches an in-process engine's programme frames (its AppSink output): how much of the picture
// differs from the clean test pattern, i.e. whether a graphic is on air. Shared by the end-to-end
// tests that run an engine beside the real server.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <vector>

#include "sporazum/overlay/engine/engine_options.hpp"

namespace sporazum::testing {

class ProgrammeWatch {
 public:
  ProgrammeWatch() = default;
  /// Compares with `reference` (another watch's clean picture) instead of learning its own.
  explicit ProgrammeWatch(std::vector<std::uint8_t> reference);

  /// Samples that differed from the clean picture in the last frame.
  int lastDiffering();
  /// Forgets what it learnt (the slate before the input arrived) and learns again.
  void relearn();
  std::vector<std::uint8_t> reference();

  /// For the engine's AppSink output; called on the engine's streaming thread.
  overlay::engine::FrameCallback callback();

  /// Waits until the graphics cover more than 200 samples (or, with !expectGraphics, none).
  bool waitFor(bool expectGraphics, std::chrono::milliseconds wait = std::chrono::seconds(10));

 private:
  void onFrame(const overlay::I420View& frame);

  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::uint8_t> clean_;
  bool hasGivenReference_ = false;
  int framesSeen_ = 0;
  int lastDiffering_ = 0;
};

}  // namespace sporazum::testing
