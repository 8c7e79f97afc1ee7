#include "sporazum/archive/progress.hpp"

#include <algorithm>
#include <cmath>

namespace sporazum::archive {

std::string progressLine(const std::string& label, double fraction, int width) {
  if (!std::isfinite(fraction)) fraction = 0;
  fraction = std::clamp(fraction, 0.0, 1.0);
  const int filled = static_cast<int>(fraction * width);
  std::string line = label + " [";
  line.append(static_cast<std::size_t>(filled), '#');
  line.append(static_cast<std::size_t>(width - filled), '.');
  char percent[8];
  std::snprintf(percent, sizeof percent, "] %3d%%", static_cast<int>(fraction * 100));
  return line + percent;
}

TerminalProgress::TerminalProgress(std::FILE* out, std::string label, bool isTerminal)
    : out_(out), label_(std::move(label)), isTerminal_(isTerminal) {}

TerminalProgress::~TerminalProgress() {
  finish(false);
}

void TerminalProgress::update(double fraction) {
  last_ = fraction;
  const auto now = std::chrono::steady_clock::now();
  if (now - lastDrawn_ < std::chrono::milliseconds(100)) return;
  lastDrawn_ = now;
  draw(fraction);
}

void TerminalProgress::finish(bool isDone) {
  if (isFinished_) return;
  isFinished_ = true;
  if (!isTerminal_) return;
  draw(isDone ? 1.0 : last_);
  std::fputc('\n', out_);
  std::fflush(out_);
}

void TerminalProgress::draw(double fraction) {
  if (!isTerminal_) return;
  std::fprintf(out_, "\r%s", progressLine(label_, fraction).c_str());
  std::fflush(out_);
}

}  // namespace sporazum::archive
