#pragma once
// The web proxy: H.264 (libx264) + AAC in MP4 with the index at the front (faststart),
// square pixels, even dimensions, timestamps from 0, chapter marks.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "av_support.hpp"
#include "filter_chain.hpp"
#include "picture_size.hpp"
#include "sporazum/core/archive.hpp"
#include "sporazum/core/result.hpp"

namespace sporazum::media {

struct ProxySettings {
  int height = 360;
  std::string preset = "veryfast";
  int crf = 23;
  int audioBitRate = 128'000;
  double programmeSeconds = 0;  ///< the chapters are clipped to it; 0 unknown
};

/// The proxy's resampling: bilinear is the cheapest filter that does not alias visibly at a
/// third of the size; tests/load/archive_ingest.sh gives the command line the same.
inline constexpr int kProxyScaleFlags = SWS_BILINEAR;

/// The source picture as the proxy needs it.
struct VideoShape {
  int width = 0;
  int height = 0;
  AVRational sar{1, 1};
  AVRational frameRate{25, 1};
};

/// Used on one thread (the video worker): frames in, a finished MP4 out.
class ProxyWriter {
 public:
  /// Audio frames will arrive with `audioChannels` channels and timestamps in `audioTimeBase`,
  /// already relative to the programme start.
  static core::Result<std::unique_ptr<ProxyWriter>> create(
      const std::string& path, const VideoShape& video, int audioChannels, AVRational audioTimeBase,
      const ProxySettings& settings, const std::vector<core::Chapter>& chapters);
  ~ProxyWriter();
  ProxyWriter(const ProxyWriter&) = delete;
  ProxyWriter& operator=(const ProxyWriter&) = delete;

  /// A progressive frame at `seconds` from the programme start.
  std::optional<core::Error> addVideo(const AVFrame& frame, double seconds);
  /// A decoded audio frame (its pts relative to the programme start).
  std::optional<core::Error> addAudio(AVFrame* frame);
  /// Drains the encoders and writes the index; the file is complete afterwards.
  std::optional<core::Error> finish();
  PictureSize size() const { return size_; }

 private:
  ProxyWriter() = default;
  std::optional<core::Error> openVideo(const VideoShape& video, const ProxySettings& settings);
  std::optional<core::Error> openAudio(int audioChannels, AVRational audioTimeBase,
                                       const ProxySettings& settings);
  std::optional<core::Error> openMuxer(const std::string& path,
                                       const std::vector<core::Chapter>& chapters);
  std::optional<core::Error> encode(AVCodecContext* encoder, AVStream* stream, AVFrame* frame);
  std::optional<core::Error> pullAudio();

  av::OutputPtr muxer_;
  av::CodecPtr videoEncoder_;
  av::CodecPtr audioEncoder_;
  AVStream* videoStream_ = nullptr;  // owned by muxer_
  AVStream* audioStream_ = nullptr;  // owned by muxer_
  av::SwsPtr scaler_;
  std::unique_ptr<FilterChain> audioChain_;
  av::FramePtr scaled_;
  av::FramePtr audioFrame_;
  av::PacketPtr packet_;
  PictureSize size_;
  AVRational frameRate_{25, 1};
  AVRational audioTimeBase_{1, 48000};
  std::int64_t lastVideoPts_ = -1;
  std::int64_t videoFrames_ = 0;
  bool headerWritten_ = false;
};

}  // namespace sporazum::media
