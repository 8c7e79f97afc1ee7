#include "filter_chain.hpp"

extern "C" {
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/channel_layout.h>
#include <libavutil/pixdesc.h>
}

#include "sporazum/media/errors.hpp"

namespace sporazum::media {
namespace {

struct InOutDeleter {
  void operator()(AVFilterInOut* inOut) const { avfilter_inout_free(&inOut); }
};
using InOutPtr = std::unique_ptr<AVFilterInOut, InOutDeleter>;

std::string ratio(AVRational value) {
  return std::to_string(value.num) + "/" + std::to_string(value.den);
}

}  // namespace

core::Result<std::unique_ptr<FilterChain>> FilterChain::video(const AVFrame& like,
                                                              AVRational timeBase,
                                                              const std::string& description) {
  const AVRational sar =
      like.sample_aspect_ratio.num > 0 ? like.sample_aspect_ratio : AVRational{1, 1};
  const std::string args = "video_size=" + std::to_string(like.width) + "x" +
                           std::to_string(like.height) + ":pix_fmt=" + std::to_string(like.format) +
                           ":time_base=" + ratio(timeBase) + ":pixel_aspect=" + ratio(sar);
  return build("buffer", args, "buffersink", description);
}

core::Result<std::unique_ptr<FilterChain>> FilterChain::audio(const AVFrame& like,
                                                              AVRational timeBase,
                                                              const std::string& description) {
  AVChannelLayout layout{};
  if (like.ch_layout.order == AV_CHANNEL_ORDER_UNSPEC) {
    av_channel_layout_default(&layout, like.ch_layout.nb_channels);
  } else {
    av_channel_layout_copy(&layout, &like.ch_layout);
  }
  char layoutName[128] = {};
  av_channel_layout_describe(&layout, layoutName, sizeof layoutName);
  av_channel_layout_uninit(&layout);
  const char* sampleFormat = av_get_sample_fmt_name(static_cast<AVSampleFormat>(like.format));
  const std::string args = "time_base=" + ratio(timeBase) +
                           ":sample_rate=" + std::to_string(like.sample_rate) +
                           ":sample_fmt=" + (sampleFormat != nullptr ? sampleFormat : "") +
                           ":channel_layout=" + layoutName;
  return build("abuffer", args, "abuffersink", description);
}

core::Result<std::unique_ptr<FilterChain>> FilterChain::build(const char* sourceName,
                                                              const std::string& sourceArgs,
                                                              const char* sinkName,
                                                              const std::string& description) {
  std::unique_ptr<FilterChain> chain(new FilterChain());
  chain->graph_.reset(avfilter_graph_alloc());
  if (!chain->graph_) throw std::bad_alloc();
  AVFilterGraph* graph = chain->graph_.get();
  if (int error = avfilter_graph_create_filter(&chain->source_, avfilter_get_by_name(sourceName),
                                               "in", sourceArgs.c_str(), nullptr, graph);
      error < 0) {
    return av::translate(error, "creating the filter source (" + sourceArgs + ")",
                         errors::kInternal);
  }
  if (int error = avfilter_graph_create_filter(&chain->sink_, avfilter_get_by_name(sinkName), "out",
                                               nullptr, nullptr, graph);
      error < 0) {
    return av::translate(error, "creating the filter sink", errors::kInternal);
  }
  // The description's open input connects to our source, its open output to our sink.
  InOutPtr outputs(avfilter_inout_alloc());
  InOutPtr inputs(avfilter_inout_alloc());
  if (!outputs || !inputs) throw std::bad_alloc();
  outputs->name = av_strdup("in");
  outputs->filter_ctx = chain->source_;
  inputs->name = av_strdup("out");
  inputs->filter_ctx = chain->sink_;
  AVFilterInOut* openInputs = inputs.release();
  AVFilterInOut* openOutputs = outputs.release();
  const int parsed =
      avfilter_graph_parse_ptr(graph, description.c_str(), &openInputs, &openOutputs, nullptr);
  avfilter_inout_free(&openInputs);
  avfilter_inout_free(&openOutputs);
  if (parsed < 0) {
    return av::translate(parsed, "parsing the filter graph '" + description + "'",
                         errors::kInternal);
  }
  if (int error = avfilter_graph_config(graph, nullptr); error < 0) {
    return av::translate(error, "configuring the filter graph '" + description + "'",
                         errors::kInternal);
  }
  return chain;
}

int FilterChain::push(AVFrame* frame) {
  return av_buffersrc_add_frame_flags(source_, frame, AV_BUFFERSRC_FLAG_KEEP_REF);
}

int FilterChain::pull(AVFrame* frame) {
  return av_buffersink_get_frame(sink_, frame);
}

void FilterChain::setFrameSamples(int samples) {
  av_buffersink_set_frame_size(sink_, static_cast<unsigned>(samples));
}

AVRational FilterChain::outputTimeBase() const {
  return av_buffersink_get_time_base(sink_);
}

}  // namespace sporazum::media
