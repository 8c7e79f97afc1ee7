#include "sporazum/overlay/engine/engine_options.hpp"

#include <ctime>
#include <sstream>

namespace sporazum::overlay::engine {
namespace {

using core::makeError;

bool startsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool endsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// Locations end up inside a gst-launch description: refuse what could break out of a quoted
// property value instead of trying to escape it.
bool isSafeLocation(std::string_view text) {
  if (text.empty() || text.size() > 1000) return false;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || c == '"' || c == '\\' || c == '!') return false;
  }
  return true;
}

std::string quoted(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

std::string videoCaps(const FrameFormat& format, int widthFactor = 1) {
  std::ostringstream caps;
  caps << "video/x-raw,format=I420,width=" << format.width * widthFactor
       << ",height=" << format.height << ",framerate=" << format.fpsNumerator << "/"
       << format.fpsDenominator
       << ",pixel-aspect-ratio=1/1,interlace-mode=progressive,colorimetry=bt709";
  return caps.str();
}

std::string audioCaps() {
  std::ostringstream caps;
  caps << "audio/x-raw,format=S16LE,layout=interleaved,rate=" << kAudioRate
       << ",channels=" << kAudioChannels << ",channel-mask=(bitmask)0x3";
  return caps.str();
}

// The video and audio conversion every input ends in; the appsinks never block preroll
// (async=false), so an input without sound still starts. Only a file is paced by the clock
// (sync); live inputs hand over each frame as soon as it is decoded, so a lost signal shows at
// once.
std::string videoTail(const FrameFormat& format, bool isPaced) {
  return std::string("videoconvert ! videoscale ! videorate ! ") + videoCaps(format) +
         " ! appsink name=video max-buffers=2 drop=true async=false sync=" +
         (isPaced ? "true" : "false");
}
std::string audioTail(bool isPaced) {
  return "audioconvert ! audioresample ! " + audioCaps() +
         " ! appsink name=audio max-buffers=50 drop=false async=false sync=" +
         (isPaced ? "true" : "false");
}

}  // namespace

core::Result<InputSpec> parseInput(std::string_view text) {
  if (text == "test") return InputSpec{InputKind::TestPattern, {}};
  if (startsWith(text, "file:")) {
    auto path = text.substr(5);
    if (!isSafeLocation(path))
      return makeError("invalid_input", "file: needs a plain path", "input");
    return InputSpec{InputKind::File, std::string(path)};
  }
  if (startsWith(text, "v4l2:")) {
    auto device = text.substr(5);
    if (!isSafeLocation(device))
      return makeError("invalid_input", "v4l2: needs a device path", "input");
    return InputSpec{InputKind::V4l2, std::string(device)};
  }
  if (startsWith(text, "srt://") && isSafeLocation(text))
    return InputSpec{InputKind::Srt, std::string(text)};
  if (startsWith(text, "udp://") && isSafeLocation(text))
    return InputSpec{InputKind::Udp, std::string(text)};
  return makeError("invalid_input",
                   "input must be test, file:PATH, v4l2:DEVICE, srt://… or udp://…", "input");
}

core::Result<OutputSpec> parseOutput(std::string_view text) {
  if (text == "window") return OutputSpec{OutputKind::Window, {}, {}};
  if ((startsWith(text, "srt://") || startsWith(text, "udp://") || startsWith(text, "rtmp://") ||
       startsWith(text, "rtmps://")) &&
      isSafeLocation(text)) {
    const auto kind = startsWith(text, "srt://")   ? OutputKind::Srt
                      : startsWith(text, "udp://") ? OutputKind::Udp
                                                   : OutputKind::Rtmp;
    if (kind == OutputKind::Udp && text.find(':', 6) == std::string_view::npos) {
      return makeError("invalid_output", "udp:// output needs HOST:PORT", "output");
    }
    return OutputSpec{kind, std::string(text), {}};
  }
  if (startsWith(text, "hls:") && isSafeLocation(text.substr(4))) {
    return OutputSpec{OutputKind::Hls, std::string(text.substr(4)), {}};
  }
  if (startsWith(text, "record:")) {
    auto path = text.substr(7);
    if (!isSafeLocation(path) || !(endsWith(path, ".ts") || endsWith(path, ".mkv"))) {
      return makeError("invalid_output", "record: needs a file ending in .ts or .mkv", "output");
    }
    return OutputSpec{OutputKind::Record, std::string(path), {}};
  }
  if (startsWith(text, "graphics:")) {
    auto target = text.substr(9);
    auto inner = startsWith(target, "graphics:") ? core::Result<OutputSpec>(makeError("", ""))
                                                 : parseOutput(target);
    if (!inner || !(inner->kind == OutputKind::Srt || inner->kind == OutputKind::Udp ||
                    inner->kind == OutputKind::Record)) {
      return makeError("invalid_output",
                       "graphics: needs srt://…, udp://HOST:PORT or record:FILE.ts|.mkv", "output");
    }
    return OutputSpec{OutputKind::GraphicsOnly, std::string(target), {}};
  }
  return makeError("invalid_output",
                   "output must be window, srt://…, udp://HOST:PORT, rtmp://…, hls:DIR, "
                   "record:FILE.ts|.mkv or graphics:…",
                   "output");
}

core::Result<FrameFormat> parseFormat(std::string_view text) {
  if (text == "1080p50") return FrameFormat{1920, 1080, 50, 1};
  if (text == "1080p25") return FrameFormat{1920, 1080, 25, 1};
  if (text == "720p50") return FrameFormat{1280, 720, 50, 1};
  return makeError("invalid_format", "format must be 1080p50, 1080p25 or 720p50", "format");
}

std::string formatName(const FrameFormat& format) {
  std::ostringstream name;
  name << format.height << "p" << format.fpsNumerator / std::max(1, format.fpsDenominator);
  return name.str();
}

std::string inputPipelineDescription(const InputSpec& input, const FrameFormat& format) {
  std::ostringstream d;
  switch (input.kind) {
    case InputKind::TestPattern:
      // Colour bars with the running time burnt in, and line-up tone at -20 dBFS.
      d << "videotestsrc is-live=true pattern=smpte ! video/x-raw,width=" << format.width
        << ",height=" << format.height << ",framerate=" << format.fpsNumerator << "/"
        << format.fpsDenominator
        << " ! timeoverlay font-desc=\"Sans 28\" halignment=right valignment=top "
           "shaded-background=true ! "
        << videoTail(format, false)
        << "  audiotestsrc is-live=true wave=sine freq=1000 volume=0.1 ! " << audioTail(false);
      break;
    case InputKind::V4l2:
      d << "v4l2src device=" << quoted(input.location) << " ! " << videoTail(format, false);
      break;
    case InputKind::File:
    case InputKind::Srt:
    case InputKind::Udp: {
      const bool isFile = input.kind == InputKind::File;
      const std::string uri = isFile ? "file://" + input.location : input.location;
      d << "uridecodebin uri=" << quoted(uri) << " name=decoder  decoder. ! queue ! "
        << videoTail(format, isFile) << "  decoder. ! queue ! " << audioTail(isFile);
      break;
    }
  }
  return d.str();
}

namespace {

/// The barrier that keeps output `n`'s failures from stopping the programme, and a link after it.
std::string barrier(const std::string& n, const char* stream) {
  return "sporazumbarrier name=barrier" + n + "_" + stream + " ! ";
}

/// The sink at the end of an MPEG-TS output: SRT, UDP or a file.
std::string transportStreamSink(const OutputSpec& output) {
  switch (output.kind) {
    case OutputKind::Srt:
      return "srtsink uri=" + quoted(output.location) +
             " wait-for-connection=false sync=false async=false";
    case OutputKind::Udp: {
      auto hostPort = output.location.substr(6);
      auto colon = hostPort.rfind(':');
      return "udpsink host=" + quoted(hostPort.substr(0, colon)) +
             " port=" + hostPort.substr(colon + 1) + " sync=false async=false";
    }
    default:
      return "filesink location=" + quoted(output.location) + " sync=false async=false";
  }
}

std::string h264Encoder(const FrameFormat& format, const EncoderOptions& encoder) {
  std::ostringstream d;
  d << "x264enc speed-preset=" << encoder.speedPreset
    << " tune=zerolatency bitrate=" << encoder.videoKbps
    << " key-int-max=" << format.fpsNumerator / std::max(1, format.fpsDenominator)
    << " ! h264parse config-interval=-1 ! video/x-h264,stream-format=byte-stream,alignment=au";
  return d.str();
}

}  // namespace

std::string programmePipelineDescription(const EngineOptions& options) {
  const FrameFormat& format = options.format;
  const std::int64_t frameNs =
      1'000'000'000LL * format.fpsDenominator / std::max(1, format.fpsNumerator);
  std::ostringstream d;
  d << "appsrc name=video is-live=true format=time do-timestamp=false min-latency=" << frameNs
    << " max-buffers=0 caps=\"" << videoCaps(format)
    << "\" ! sporazumgraphics name=graphics ! tee name=programme allow-not-linked=true  ";
  d << "appsrc name=audio is-live=true format=time do-timestamp=false min-latency=" << frameNs
    << " max-buffers=0 caps=\"" << audioCaps() << "\" ! tee name=sound allow-not-linked=true  ";

  // A recording can start at any time: its encodes run from the start.
  bool needsEncoder = !options.recordDir.empty();
  bool needsAac = !options.recordDir.empty();
  for (const auto& output : options.outputs) {
    if (isEncodedOutput(output.kind)) {
      needsEncoder = true;
      if (!(output.kind == OutputKind::Record && endsWith(output.location, ".mkv")))
        needsAac = true;
    }
  }
  // One encode shared by every compressed output: two cores cannot afford one per output. The
  // queue in front of it leaks rather than stall the programme; each leak is counted as a drop.
  if (needsEncoder) {
    d << "programme. ! queue name=drop_encoder leaky=downstream max-size-buffers=25 "
         "max-size-bytes=0 max-size-time=0 ! "
      << h264Encoder(format, options.encoder) << " ! tee name=h264 allow-not-linked=true  ";
  }
  if (needsAac) {
    d << "sound. ! queue max-size-buffers=0 max-size-bytes=0 max-size-time=1000000000 ! voaacenc "
         "bitrate="
      << options.encoder.audioKbps * 1000 << " ! aacparse ! tee name=aac allow-not-linked=true  ";
  }
  if (options.onPreview) d << previewBranchDescription() << "  ";
  int index = 0;
  int appsinks = 0;
  for (const auto& output : options.outputs) {
    const std::string n = std::to_string(index++);
    if (output.kind == OutputKind::Window) {
      d << "programme. ! queue name=preview_window" << n
        << " leaky=downstream max-size-buffers=3 max-size-bytes=0 max-size-time=0 ! "
        << barrier(n, "video") << "videoconvert ! autovideosink sync=true  ";
    } else if (isEncodedOutput(output.kind)) {
      d << encodedOutputBranch(output, n) << "  ";
    } else if (output.kind == OutputKind::GraphicsOnly) {
      d << graphicsOnlyBranch(output, n, format, options.encoder) << "  ";
    } else if (output.kind == OutputKind::AppSink) {
      d << "programme. ! queue name=drop_appsink" << n
        << " max-size-buffers=8 max-size-bytes=0 max-size-time=0 leaky=downstream ! appsink "
           "name=appsink"
        << appsinks++ << " sync=false async=false max-buffers=4 drop=false emit-signals=false  ";
    }
  }
  return d.str();
}

std::string graphicsOnlyBranch(const OutputSpec& output, const std::string& n,
                               const FrameFormat& format, const EncoderOptions& encoder) {
  const std::int64_t frameNs =
      1'000'000'000LL * format.fpsDenominator / std::max(1, format.fpsNumerator);
  auto target = parseOutput(output.location);
  if (!target) return {};
  std::ostringstream d;
  d << "appsrc name=graphics_only is-live=true format=time do-timestamp=false min-latency="
    << frameNs << " max-buffers=0 caps=\"" << videoCaps(format, 2)
    << "\" ! queue name=drop_graphics leaky=downstream max-size-buffers=25 max-size-bytes=0 "
       "max-size-time=0 ! "
    << barrier(n, "video") << h264Encoder(format, encoder) << " ! ";
  if (target->kind == OutputKind::Record && endsWith(target->location, ".mkv")) {
    d << "h264parse ! matroskamux streamable=true ! filesink location=" << quoted(target->location)
      << " sync=false async=false";
  } else {
    d << "mpegtsmux alignment=7 ! " << transportStreamSink(*target);
  }
  return d.str();
}

std::string encodedOutputBranch(const OutputSpec& output, const std::string& n) {
  std::ostringstream d;
  // Each output's queues hold up to 3 s and then leak, so a stalled destination never stalls the
  // programme or the other outputs.
  const std::string q =
      "queue leaky=downstream max-size-buffers=0 max-size-bytes=0 max-size-time=3000000000";
  // The HLS web preview is not the programme: its leaks are counted apart.
  const std::string queueName = output.kind == OutputKind::Hls ? "preview_output" : "drop_output";
  const std::string video = "h264. ! queue name=" + queueName + n +
                            q.substr(std::string("queue").size()) + " ! " + barrier(n, "video");
  const bool isMatroska = output.kind == OutputKind::Record && endsWith(output.location, ".mkv");
  const std::string audio =
      std::string(isMatroska ? "sound. ! " : "aac. ! ") + q + " ! " + barrier(n, "audio");
  auto tsMux = [&](const std::string& sink) {
    d << video << "mux" << n << ".  " << audio << "mux" << n << ".  mpegtsmux name=mux" << n
      << " alignment=7 ! " << sink;
  };
  switch (output.kind) {
    case OutputKind::Srt:
    case OutputKind::Udp:
      tsMux(transportStreamSink(output));
      break;
    case OutputKind::Rtmp:
      d << video << "h264parse ! flv" << n << ".video  " << audio << "flv" << n
        << ".audio  flvmux name=flv" << n
        << " streamable=true ! rtmp2sink location=" << quoted(output.location)
        << " sync=false async=false";
      break;
    case OutputKind::Hls:
      d << video << "hls" << n << ".video  " << audio << "hls" << n << ".audio  hlssink2 name=hls"
        << n << " location=" << quoted(output.location + "/segment%05d.ts")
        << " playlist-location=" << quoted(output.location + "/index.m3u8")
        << " target-duration=2 max-files=10 playlist-length=5";
      break;
    case OutputKind::Record:
      // MPEG-TS and streamable Matroska both stay readable up to the last packet after a crash;
      // Matroska keeps the sound as it came (PCM).
      if (isMatroska) {
        d << video << "h264parse ! mkv" << n << ".video_0  " << audio << "mkv" << n
          << ".audio_0  matroskamux name=mkv" << n
          << " streamable=true ! filesink location=" << quoted(output.location)
          << " sync=false async=false";
      } else {
        tsMux(transportStreamSink(output));
      }
      break;
    default:
      break;
  }
  return d.str();
}

std::string recordingBranchDescription() {
  // The queues hold up to 3 s and then leak, as every output's do; the barriers keep a failed
  // file (a full disk) from returning its error up the shared tees.
  const std::string q =
      " leaky=downstream max-size-buffers=0 max-size-bytes=0 max-size-time=3000000000 ! ";
  return "queue name=record_video" + q +
         "sporazumbarrier name=record_video_barrier ! record_mux.  queue name=record_audio" + q +
         "sporazumbarrier name=record_audio_barrier ! record_mux.  mpegtsmux name=record_mux "
         "alignment=7 ! filesink name=record_sink sync=false async=false";
}

std::string recordingFileName(std::int64_t episodeNumber,
                              std::chrono::system_clock::time_point at) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(at);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &utc);
  return "episode-" + std::to_string(episodeNumber) + "-" + stamp + ".ts";
}

std::string previewBranchDescription() {
  // Every programme frame crosses the queue (a reference, no copy); videorate drops all but two a
  // second before anything is scaled or encoded. JPEG means full-range BT.601, so the small
  // picture is converted to it rather than labelled wrongly.
  std::ostringstream d;
  d << "programme. ! queue name=preview_confidence leaky=downstream max-size-buffers=2 "
       "max-size-bytes=0 max-size-time=0 ! videorate drop-only=true ! video/x-raw,framerate="
    << kPreviewFramesPerSecond
    << "/1 ! videoconvertscale ! video/x-raw,format=I420,width=" << kPreviewWidth
    << ",height=" << kPreviewHeight
    << ",colorimetry=(string)1:4:0:0 ! jpegenc quality=" << kPreviewJpegQuality
    << " ! appsink name=preview sync=false async=false max-buffers=2 drop=true";
  return d.str();
}

std::string_view toString(OutputKind kind) {
  switch (kind) {
    case OutputKind::Window:
      return "window";
    case OutputKind::Srt:
      return "srt";
    case OutputKind::Udp:
      return "udp";
    case OutputKind::Rtmp:
      return "rtmp";
    case OutputKind::Hls:
      return "hls";
    case OutputKind::Record:
      return "record";
    case OutputKind::GraphicsOnly:
      return "graphics";
    case OutputKind::AppSink:
      return "appsink";
  }
  return "unknown";
}

bool isEncodedOutput(OutputKind kind) {
  return kind == OutputKind::Srt || kind == OutputKind::Udp || kind == OutputKind::Rtmp ||
         kind == OutputKind::Hls || kind == OutputKind::Record;
}

}  // namespace sporazum::overlay::engine
