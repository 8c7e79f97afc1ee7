#pragma once
// A linear libavfilter graph: one buffer source, a filter description, one buffer sink
// (the filtering_video.c / filtering_audio.c pattern of the FFmpeg examples).

#include <memory>
#include <string>

#include "av_support.hpp"
#include "sporazum/core/result.hpp"

namespace sporazum::media {

/// Single-threaded: one owner pushes and pulls.
class FilterChain {
 public:
  /// A video chain fed frames like `like` (size, format, SAR), timestamps in `timeBase`.
  static core::Result<std::unique_ptr<FilterChain>> video(const AVFrame& like, AVRational timeBase,
                                                          const std::string& description);
  /// An audio chain fed frames like `like` (rate, format, layout), timestamps in `timeBase`.
  static core::Result<std::unique_ptr<FilterChain>> audio(const AVFrame& like, AVRational timeBase,
                                                          const std::string& description);

  /// Feeds a frame (its data is referenced, the frame is left intact); nullptr ends the input.
  int push(AVFrame* frame);
  /// 0 with a frame, AVERROR(EAGAIN) when more input is needed, AVERROR_EOF when done.
  int pull(AVFrame* frame);
  /// Makes the sink return frames of exactly `samples` samples (an audio encoder's frame size).
  void setFrameSamples(int samples);
  AVRational outputTimeBase() const;
  const AVFilterContext& sink() const { return *sink_; }

 private:
  FilterChain() = default;
  static core::Result<std::unique_ptr<FilterChain>> build(const char* sourceName,
                                                          const std::string& sourceArgs,
                                                          const char* sinkName,
                                                          const std::string& description);
  av::GraphPtr graph_;
  AVFilterContext* source_ = nullptr;  // owned by graph_
  AVFilterContext* sink_ = nullptr;    // owned by graph_
};

}  // namespace sporazum::media
