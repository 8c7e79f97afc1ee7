#include "sporazum/media/probe.hpp"

extern "C" {
#include <libavutil/log.h>
}

#include "input.hpp"
#include "sporazum/media/errors.hpp"

namespace sporazum::media {
namespace {

/// Enough packets for a frame-threaded H.264 decoder to return its first frames.
constexpr int kFieldOrderPacketLimit = 64;

/// Decodes the first frames of the first video stream whose field order is still unknown (an
/// H.264 elementary stream in MPEG-TS says nothing until a frame is decoded), as ffprobe does.
void learnFieldOrder(Input& input, core::MediaProbe& probe) {
  AVStream* stream = nullptr;
  core::MediaStream* described = nullptr;
  for (auto& candidate : probe.streams) {
    if (candidate.kind == "video" && candidate.fieldOrder == "unknown") {
      stream = input.format->streams[candidate.index];
      described = &candidate;
      break;
    }
  }
  if (stream == nullptr) return;
  auto decoder = openDecoder(*stream, 1);
  if (!decoder) return;  // reported as unknown, like ffprobe without a decoder
  auto packet = av::makePacket();
  auto frame = av::makeFrame();
  for (int read = 0; read < kFieldOrderPacketLimit;) {
    const int status = av_read_frame(input.format.get(), packet.get());
    const bool atEnd = status < 0;
    if (!atEnd && packet->stream_index != stream->index) {
      av_packet_unref(packet.get());
      continue;
    }
    ++read;
    avcodec_send_packet(decoder->get(), atEnd ? nullptr : packet.get());
    av_packet_unref(packet.get());
    // At the end the decoder is drained: one receive per call returns each remaining frame.
    if (avcodec_receive_frame(decoder->get(), frame.get()) == 0) {
      described->fieldOrder = fieldOrderOfFrame(*frame);
      return;
    }
    if (atEnd) return;
  }
}

}  // namespace

core::Result<core::MediaProbe> probeFile(const std::string& path) {
  auto input = openInput(path, false);
  if (!input) return input.error();
  core::MediaProbe probe = describe(*input);
  learnFieldOrder(*input, probe);
  return probe;
}

void setLibavLog(LibavLog level) {
  switch (level) {
    case LibavLog::Quiet:
      av_log_set_level(AV_LOG_QUIET);
      break;
    case LibavLog::Errors:
      av_log_set_level(AV_LOG_ERROR);
      break;
    case LibavLog::Warnings:
      av_log_set_level(AV_LOG_WARNING);
      break;
    case LibavLog::Info:
      av_log_set_level(AV_LOG_INFO);
      break;
  }
}

}  // namespace sporazum::media
