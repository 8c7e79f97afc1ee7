#pragma once
// Thumbnails taken from the one decode pass: a poster frame and one every N seconds, from
// deinterlaced frames, in square pixels, as JPEG.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "av_support.hpp"
#include "picture_size.hpp"
#include "sporazum/core/result.hpp"

namespace sporazum::media {

/// One wanted thumbnail: where in the programme and the (temporary) file to write.
struct ThumbnailTarget {
  double atSeconds = 0;
  bool isPoster = false;
  std::string name;  ///< the final file name, e.g. "thumb_000060.jpg"
  std::string path;  ///< the temporary path it is written to
};

/// What was made for a target: the frame actually used and the picture size.
struct ThumbnailMade {
  ThumbnailTarget target;
  double frameSeconds = 0;
  PictureSize size;
};

/// Used on one thread (the video worker).
class Thumbnailer {
 public:
  Thumbnailer(std::vector<ThumbnailTarget> targets, int height);
  /// Offers a (progressive) frame at `seconds` from the programme start; writes every target
  /// due at or before it.
  std::optional<core::Error> offer(const AVFrame& frame, double seconds);
  /// At the end: a poster not yet reached (asked for past the end) comes from the last frame.
  std::optional<core::Error> finish();
  const std::vector<ThumbnailMade>& made() const { return made_; }
  /// The names of targets past the last frame, never made.
  const std::vector<std::string>& missed() const { return missed_; }

 private:
  std::optional<core::Error> write(const AVFrame& frame, double seconds,
                                   const std::vector<ThumbnailTarget>& due);
  std::optional<core::Error> openEncoder(PictureSize size);

  std::vector<ThumbnailTarget> pending_;  // sorted by time
  int height_;
  av::SwsPtr scaler_;
  av::CodecPtr encoder_;
  av::FramePtr scaled_;
  av::PacketPtr packet_;
  av::FramePtr last_;
  double lastSeconds_ = 0;
  std::vector<ThumbnailMade> made_;
  std::vector<std::string> missed_;
};

}  // namespace sporazum::media
