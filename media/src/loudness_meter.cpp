#include "loudness_meter.hpp"

#include <cmath>
#include <cstdlib>

#include "sporazum/media/errors.hpp"

namespace sporazum::media {
namespace {

std::optional<double> metadataNumber(const AVFrame& frame, const char* key) {
  const AVDictionaryEntry* entry = av_dict_get(frame.metadata, key, nullptr, 0);
  if (entry == nullptr) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(entry->value, &end);
  if (end == entry->value) return std::nullopt;
  return value;
}

}  // namespace

LoudnessMeter::LoudnessMeter(AVRational timeBase)
    : timeBase_(timeBase), out_(av::makeFrame()), last_(av::makeFrame()) {}

std::optional<core::Error> LoudnessMeter::add(AVFrame* frame) {
  if (!chain_) {
    std::string description = "ebur128=metadata=1:peak=true";
    if (frame->ch_layout.nb_channels == 1) description += ":dualmono=true";
    auto chain = FilterChain::audio(*frame, timeBase_, description);
    if (!chain) return chain.error();
    chain_ = std::move(*chain);
  }
  if (int error = chain_->push(frame); error < 0) {
    return av::translate(error, "measuring loudness", errors::kInternal);
  }
  return drain();
}

std::optional<core::Error> LoudnessMeter::drain() {
  for (;;) {
    const int status = chain_->pull(out_.get());
    if (status == AVERROR(EAGAIN) || status == AVERROR_EOF) return std::nullopt;
    if (status < 0) return av::translate(status, "measuring loudness", errors::kInternal);
    // ebur128 writes its figures into the frame that completes a 100 ms block, not every frame:
    // keep the last that carries them (they are cumulative).
    if (av_dict_get(out_->metadata, "lavfi.r128.I", nullptr, 0) != nullptr) {
      av_frame_unref(last_.get());
      av_frame_move_ref(last_.get(), out_.get());
      measured_ = true;
    } else {
      av_frame_unref(out_.get());
    }
  }
}

core::Result<core::Loudness> LoudnessMeter::finish() {
  if (!chain_) return av::makeError(errors::kNoAudio, "no audio frame could be decoded");
  if (int error = chain_->push(nullptr); error < 0) {
    return av::translate(error, "finishing the loudness measurement", errors::kInternal);
  }
  if (auto error = drain()) return *error;
  if (!measured_) {
    return av::makeError(errors::kNoAudio, "the audio stream has no decodable samples");
  }
  const auto integrated = metadataNumber(*last_, "lavfi.r128.I");
  const auto range = metadataNumber(*last_, "lavfi.r128.LRA");
  const auto truePeak = metadataNumber(*last_, "lavfi.r128.true_peak");
  if (!integrated || !range || !truePeak) {
    return av::makeError(errors::kInternal, "ebur128 reported no integrated loudness");
  }
  core::Loudness loudness;
  loudness.integratedLufs = *integrated;
  loudness.rangeLu = *range;
  // ebur128 reports peaks as linear amplitude; silence has no peak in dB.
  loudness.truePeakDbtp = *truePeak > 0 ? 20.0 * std::log10(*truePeak) : -144.0;
  return loudness;
}

}  // namespace sporazum::media
