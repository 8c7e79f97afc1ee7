#pragma once
// EBU R 128 loudness of one audio stream through libavfilter's ebur128 (BS.1770 / Tech 3341
// meters, Tech 3342 range, true peak by oversampling).

#include <memory>
#include <optional>

#include "av_support.hpp"
#include "filter_chain.hpp"
#include "sporazum/core/archive.hpp"
#include "sporazum/core/result.hpp"

namespace sporazum::media {

/// Single-threaded: the owner feeds every decoded frame, then calls finish() once.
class LoudnessMeter {
 public:
  /// For frames with timestamps in `timeBase`; the filter is built from the first frame. A mono
  /// programme is measured as dual mono (heard on both speakers), as EBU R 128 s1 asks.
  explicit LoudnessMeter(AVRational timeBase);
  std::optional<core::Error> add(AVFrame* frame);
  core::Result<core::Loudness> finish();

 private:
  std::optional<core::Error> drain();

  AVRational timeBase_;
  std::unique_ptr<FilterChain> chain_;
  av::FramePtr out_;
  av::FramePtr last_;  // the last measured frame: its metadata holds the cumulative figures
  bool measured_ = false;
};

}  // namespace sporazum::media
