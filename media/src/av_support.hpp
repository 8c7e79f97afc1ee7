#pragma once
// RAII for libav objects and the one place AVERROR codes become media errors.

#include <memory>
#include <string>
#include <string_view>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavfilter/avfilter.h>
#include <libavformat/avformat.h>
#include <libavutil/frame.h>
#include <libswscale/swscale.h>
}

#include "sporazum/core/result.hpp"

namespace sporazum::media::av {

struct FormatInputDeleter {
  void operator()(AVFormatContext* context) const { avformat_close_input(&context); }
};
struct FormatOutputDeleter {
  void operator()(AVFormatContext* context) const;  // closes its file, frees the context
};
struct CodecContextDeleter {
  void operator()(AVCodecContext* context) const { avcodec_free_context(&context); }
};
struct FrameDeleter {
  void operator()(AVFrame* frame) const { av_frame_free(&frame); }
};
struct PacketDeleter {
  void operator()(AVPacket* packet) const { av_packet_free(&packet); }
};
struct FilterGraphDeleter {
  void operator()(AVFilterGraph* graph) const { avfilter_graph_free(&graph); }
};
struct SwsDeleter {
  void operator()(SwsContext* context) const { sws_freeContext(context); }
};
struct IoContextDeleter {
  void operator()(AVIOContext* io) const;  // frees its buffer too
};

using InputPtr = std::unique_ptr<AVFormatContext, FormatInputDeleter>;
using OutputPtr = std::unique_ptr<AVFormatContext, FormatOutputDeleter>;
using CodecPtr = std::unique_ptr<AVCodecContext, CodecContextDeleter>;
using FramePtr = std::unique_ptr<AVFrame, FrameDeleter>;
using PacketPtr = std::unique_ptr<AVPacket, PacketDeleter>;
using GraphPtr = std::unique_ptr<AVFilterGraph, FilterGraphDeleter>;
using SwsPtr = std::unique_ptr<SwsContext, SwsDeleter>;
using IoPtr = std::unique_ptr<AVIOContext, IoContextDeleter>;

/// An allocated frame or packet; throws std::bad_alloc when libav cannot allocate.
FramePtr makeFrame();
PacketPtr makePacket();

/// libav's text for an AVERROR code.
std::string errorText(int averror);

/// Translates a libav failure into a media error: `what` says what was being done
/// ("opening the H.264 decoder"); the code is chosen from the AVERROR where it tells
/// (ENOENT → not_found, EACCES → unreadable, INVALIDDATA → corrupt), else `fallbackCode`.
core::Error translate(int averror, std::string_view what, std::string_view fallbackCode);

core::Error makeError(std::string_view code, std::string message);

/// "tt", "bb", "tb", "bt", "progressive" or "unknown".
std::string fieldOrderName(AVFieldOrder order);

/// Seconds of `ts` in `timeBase`.
inline double toSeconds(int64_t ts, AVRational timeBase) {
  return ts * av_q2d(timeBase);
}

}  // namespace sporazum::media::av
