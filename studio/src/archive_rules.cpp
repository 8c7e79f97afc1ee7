#include "sporazum/studio/archive_rules.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace sporazum::studio {

LoudnessStatus loudnessStatus(const std::optional<LoudnessMeasure>& loudness) {
  if (!loudness) return LoudnessStatus::NotMeasured;
  const double integrated = loudness->integratedLufs;
  const double peak = loudness->truePeakDbtp;
  if (!std::isfinite(integrated) || !std::isfinite(peak)) return LoudnessStatus::Red;
  // Compared with the bounds themselves, no subtraction: −22.0 is exactly on the edge, in.
  const auto isWithin = [integrated](double toleranceLu) {
    return integrated >= kR128TargetLufs - toleranceLu &&
           integrated <= kR128TargetLufs + toleranceLu;
  };
  if (isWithin(kR128ToleranceLu) && peak <= kR128MaxTruePeakDbtp) return LoudnessStatus::Green;
  if (isWithin(kAmberToleranceLu) && peak <= kAmberMaxTruePeakDbtp) return LoudnessStatus::Amber;
  return LoudnessStatus::Red;
}

std::string_view toString(LoudnessStatus status) {
  switch (status) {
    case LoudnessStatus::NotMeasured:
      return "not_measured";
    case LoudnessStatus::Green:
      return "green";
    case LoudnessStatus::Amber:
      return "amber";
    case LoudnessStatus::Red:
      return "red";
  }
  return "not_measured";
}

std::string formatTimecode(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) seconds = 0;
  // Beyond 10^7 hours nothing is a programme; the clamp keeps the cast defined.
  const auto whole = static_cast<long long>(std::floor(std::min(seconds, 3.6e10)));
  char text[32];
  std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", whole / 3600, whole / 60 % 60, whole % 60);
  return text;
}

long long playFromMs(double inSeconds) {
  if (!std::isfinite(inSeconds)) return 0;
  const double start = std::max(0.0, inSeconds - kPlayPreRollSeconds);
  return std::llround(std::min(start, 3.6e10) * 1000.0);
}

}  // namespace sporazum::studio
