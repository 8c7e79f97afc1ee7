#pragma once
// What an engine runs: its input, programme format, outputs and encoder. Pure data, parsed from the
// command line by `parseInput`/`parseOutput` (engine_options.cpp) and checked before anything
// starts, so a misconfigured engine never runs half-configured.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sporazum/core/result.hpp"
#include "sporazum/overlay/i420.hpp"
#include "sporazum/overlay/image.hpp"

namespace sporazum::overlay::engine {

enum class InputKind { TestPattern = 1, File, V4l2, Srt, Udp };

struct InputSpec {
  InputKind kind = InputKind::TestPattern;
  std::string location;  ///< file path, /dev/videoN, or srt:// / udp:// URI
};

enum class OutputKind { Window = 1, Srt, Udp, Rtmp, Hls, Record, GraphicsOnly, AppSink };

/// Frames delivered to an AppSink output (tests and the studio's confidence picture), on a
/// streaming thread: copy what you need and return.
using FrameCallback = std::function<void(const I420View& frame, std::int64_t runningTimeNs)>;

struct OutputSpec {
  OutputKind kind = OutputKind::Window;
  std::string location;   ///< URI, directory (HLS) or file (Record: .ts or .mkv)
  FrameCallback onFrame;  ///< AppSink only
};

/// The confidence picture: one small JPEG of the programme (`kPreviewWidth`×`kPreviewHeight`,
/// `kPreviewFramesPerSecond` a second), on the preview branch's own streaming thread: copy what you
/// need and return.
using PreviewCallback = std::function<void(std::string_view jpeg, std::int64_t runningTimeNs)>;
inline constexpr int kPreviewWidth = 320;
inline constexpr int kPreviewHeight = 180;
inline constexpr int kPreviewFramesPerSecond = 2;
inline constexpr int kPreviewJpegQuality = 60;

/// One episode recording's file, as the engine closed it.
struct RecordingResult {
  std::string file;
  std::int64_t bytes = 0;   ///< the file's size once closed
  std::int64_t frames = 0;  ///< programme frames that went into the file
  std::chrono::system_clock::time_point startedAt{};
  std::chrono::system_clock::time_point stoppedAt{};
  /// Empty when the file was finished properly; otherwise why it stopped (e.g. the disk is full).
  std::string error;
};

struct EncoderOptions {
  std::string speedPreset = "superfast";  ///< x264: ultrafast, superfast, veryfast
  int videoKbps = 8000;
  int audioKbps = 192;
};

struct EngineOptions {
  InputSpec input;
  FrameFormat format;
  std::vector<OutputSpec> outputs;
  EncoderOptions encoder;
  /// No input frame for this long → the slate.
  std::chrono::milliseconds inputLossAfter{300};
  /// Draws the slate (the show's logo on a plain background) into a programme-sized frame, once.
  std::function<void(I420View& frame)> drawSlate;
  /// Where episode recordings go (`Engine::startRecording`). When set, the shared H.264 and AAC
  /// encodes run even without another compressed output, so a recording can start at any time.
  std::string recordDir;
  /// A recording that ended without `stopRecording` (its file failed, or the engine stopped);
  /// called on an engine thread, must not block.
  std::function<void(const RecordingResult&)> onRecordingEnded;
  /// When set, the programme also feeds the confidence picture branch.
  PreviewCallback onPreview;
};

/// "test", "file:PATH", "v4l2:/dev/video0", "srt://…", "udp://…".
core::Result<InputSpec> parseInput(std::string_view text);
/// "window", "srt://…", "udp://HOST:PORT", "rtmp://…", "hls:DIR", "record:FILE.ts|.mkv",
/// "graphics:srt://…|udp://HOST:PORT|record:FILE.ts|.mkv": the graphics only, for an external
/// keyer: fill (left) and key (right) side by side in one frame twice the programme's width.
core::Result<OutputSpec> parseOutput(std::string_view text);
/// "1080p50", "1080p25", "720p50".
core::Result<FrameFormat> parseFormat(std::string_view text);
std::string formatName(const FrameFormat& format);

/// The gst-launch description of the input pipeline: a video branch ending in an appsink named
/// "video" (I420 at the programme format) and an audio branch ending in one named "audio"
/// (S16LE, 48 kHz, stereo) where the input has sound.
std::string inputPipelineDescription(const InputSpec& input, const FrameFormat& format);
/// The gst-launch description of the programme pipeline: appsrc "video" → sporazumgraphics
/// "graphics" → tee "programme" → the raw outputs (window; appsinks "appsink0"… for AppSink
/// outputs; the confidence picture when `onPreview` is set) and, when any output or the record
/// dir needs it, one H.264 encode (tee "h264"); appsrc "audio" → tee "sound" → one AAC encode
/// (tee "aac"); then one muxer branch per compressed output.
std::string programmePipelineDescription(const EngineOptions& options);
/// The graphics-only branch: appsrc "graphics_only" (I420, twice the programme's width) → its own
/// H.264 encode → MPEG-TS (or Matroska for a .mkv recording) → the output's sink.
std::string graphicsOnlyBranch(const OutputSpec& output, const std::string& n,
                               const FrameFormat& format, const EncoderOptions& encoder);

/// The branch of one compressed output (from the tees "h264" and "aac" or "sound"); `n` makes
/// its element names unique. Every output (all but AppSink) starts with barriers named
/// "barrier<n>_video" / "barrier<n>_audio" behind its queues: what follows them is the output's
/// own, restarted by the engine when it fails.
std::string encodedOutputBranch(const OutputSpec& output, const std::string& n);
bool isEncodedOutput(OutputKind kind);
/// The branch a recording adds to the running programme (a bin description): ghost pads "video"
/// (from the tee "h264") and "audio" (from the tee "aac"), each behind a leaky queue and a
/// `sporazumbarrier`, into one MPEG-TS muxer and a filesink named "record_sink" (location set
/// apart, never inside the description).
std::string recordingBranchDescription();
/// "episode-23-20261123T200004Z.ts": the episode's number and the UTC start, to the second.
std::string recordingFileName(std::int64_t episodeNumber, std::chrono::system_clock::time_point at);
/// The confidence picture branch on the tee "programme", ending in the appsink "preview".
std::string previewBranchDescription();

/// "window", "srt", "udp", "rtmp", "hls", "record", "graphics", "appsink" (for logs: an output's
/// location may hold a stream key).
std::string_view toString(OutputKind kind);

inline constexpr int kAudioRate = 48000;
inline constexpr int kAudioChannels = 2;
inline constexpr int kAudioBytesPerFrame = 2 * kAudioChannels;  ///< S16LE interleaved

}  // namespace sporazum::overlay::engine
