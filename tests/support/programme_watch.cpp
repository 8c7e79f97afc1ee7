#include "programme_watch.hpp"

namespace sporazum::testing {

ProgrammeWatch::ProgrammeWatch(std::vector<std::uint8_t> reference)
    : clean_(std::move(reference)), hasGivenReference_(true) {}

int ProgrammeWatch::lastDiffering() {
  std::lock_guard lock(mutex_);
  return lastDiffering_;
}

void ProgrammeWatch::relearn() {
  std::lock_guard lock(mutex_);
  if (hasGivenReference_) return;
  clean_.clear();
  framesSeen_ = 0;
}

std::vector<std::uint8_t> ProgrammeWatch::reference() {
  std::lock_guard lock(mutex_);
  return clean_;
}

overlay::engine::FrameCallback ProgrammeWatch::callback() {
  return [this](const overlay::I420View& frame, std::int64_t) { onFrame(frame); };
}

void ProgrammeWatch::onFrame(const overlay::I420View& frame) {
  // Sample every 8th luma value below the top quarter (the running clock sits at the top) and
  // left of the last quarter (the bars' noise patch changes every frame).
  std::vector<std::uint8_t> samples;
  samples.reserve(static_cast<std::size_t>(frame.width * frame.height / 64));
  for (int y = frame.height / 4; y < frame.height; y += 8) {
    for (int x = 0; x < frame.width * 3 / 4; x += 8) {
      samples.push_back(frame.planes[0][y * frame.strides[0] + x]);
    }
  }
  std::lock_guard lock(mutex_);
  if (clean_.empty() && ++framesSeen_ > 25) clean_ = samples;  // the input has settled
  if (clean_.empty()) return;
  int differing = 0;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    differing += samples[i] != clean_[i];
  }
  lastDiffering_ = differing;
  changed_.notify_all();
}

bool ProgrammeWatch::waitFor(bool expectGraphics, std::chrono::milliseconds wait) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, wait, [&] {
    return !clean_.empty() && (expectGraphics ? lastDiffering_ > 200 : lastDiffering_ == 0);
  });
}

}  // namespace sporazum::testing
