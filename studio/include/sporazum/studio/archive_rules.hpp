#pragma once
// Pure rules of the archive view: the EBU R 128 verdict on a master's loudness and the
// timecodes of the aired questions. No Qt, no I/O.

#include <optional>
#include <string>

namespace sporazum::studio {

/// EBU R 128 of a master, as ffmpeg's ebur128 measured it.
struct LoudnessMeasure {
  double integratedLufs = 0;
  double rangeLu = 0;
  double truePeakDbtp = 0;

  friend bool operator==(const LoudnessMeasure&, const LoudnessMeasure&) = default;
};

/// Green: on target (R 128: −23 LUFS ± 1 LU, true peak ≤ −1 dBTP). Amber: near it (±2 LU, true
/// peak ≤ 0 dBTP). Red: anything else. NotMeasured: no measurement yet.
enum class LoudnessStatus { NotMeasured = 1, Green, Amber, Red };

inline constexpr double kR128TargetLufs = -23.0;
inline constexpr double kR128ToleranceLu = 1.0;
inline constexpr double kR128MaxTruePeakDbtp = -1.0;
inline constexpr double kAmberToleranceLu = 2.0;
inline constexpr double kAmberMaxTruePeakDbtp = 0.0;

/// The verdict; bounds are inclusive (−22.0 LUFS with −1.0 dBTP is green). Non-finite values
/// are red: a measurement that cannot be read is not a pass.
LoudnessStatus loudnessStatus(const std::optional<LoudnessMeasure>& loudness);
/// "green", "amber", "red", "not_measured" (for QML).
std::string_view toString(LoudnessStatus status);

/// H:MM:SS of whole seconds (312.48 → "0:05:12"); hours grow past 9 (36000 → "10:00:00").
/// Negative or non-finite: "0:00:00".
std::string formatTimecode(double seconds);

/// How long before a question's in-point "play from here" starts, so the question is heard
/// from its first word (the in-point comes from the as-run, within a frame or two).
inline constexpr double kPlayPreRollSeconds = 2.0;
/// Where the player starts for a question that went on air at `inSeconds`, in ms (never < 0).
long long playFromMs(double inSeconds);

}  // namespace sporazum::studio
