#pragma once
// A progress bar on a terminal for long archive work (ingest, verify). Quiet when the output is
// not a terminal (scripts read --json instead), and redrawn at most ten times a second.

#include <chrono>
#include <cstdio>
#include <string>

namespace sporazum::archive {

/// "label [#########.........]  45%" in `width` bar cells; fraction clamped to 0…1.
std::string progressLine(const std::string& label, double fraction, int width = 30);

class TerminalProgress {
 public:
  /// Draws on `out` only when `isTerminal` (e.g. isatty(fileno(stderr))).
  TerminalProgress(std::FILE* out, std::string label, bool isTerminal);
  ~TerminalProgress();
  TerminalProgress(const TerminalProgress&) = delete;
  TerminalProgress& operator=(const TerminalProgress&) = delete;

  void update(double fraction);
  /// Draws 100 % (or leaves the last figure when `isDone` is false) and ends the line.
  void finish(bool isDone = true);

 private:
  void draw(double fraction);

  std::FILE* out_;
  std::string label_;
  bool isTerminal_;
  bool isFinished_ = false;
  double last_ = 0;
  std::chrono::steady_clock::time_point lastDrawn_{};
};

}  // namespace sporazum::archive
