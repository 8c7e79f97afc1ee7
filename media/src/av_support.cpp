#include "av_support.hpp"

#include <cerrno>
#include <new>

extern "C" {
#include <libavutil/error.h>
#include <libavutil/mem.h>
}

namespace sporazum::media::av {

void FormatOutputDeleter::operator()(AVFormatContext* context) const {
  if (context == nullptr) return;
  if (context->oformat != nullptr && (context->oformat->flags & AVFMT_NOFILE) == 0) {
    avio_closep(&context->pb);
  }
  avformat_free_context(context);
}

void IoContextDeleter::operator()(AVIOContext* io) const {
  if (io == nullptr) return;
  av_freep(&io->buffer);  // libav may have replaced the buffer it was given
  avio_context_free(&io);
}

FramePtr makeFrame() {
  FramePtr frame(av_frame_alloc());
  if (!frame) throw std::bad_alloc();
  return frame;
}

PacketPtr makePacket() {
  PacketPtr packet(av_packet_alloc());
  if (!packet) throw std::bad_alloc();
  return packet;
}

std::string errorText(int averror) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(averror, text, sizeof text);
  return text;
}

core::Error makeError(std::string_view code, std::string message) {
  return core::makeError(std::string(code), std::move(message));
}

core::Error translate(int averror, std::string_view what, std::string_view fallbackCode) {
  std::string_view code = fallbackCode;
  if (averror == AVERROR(ENOENT)) {
    code = "not_found";
  } else if (averror == AVERROR(EACCES) || averror == AVERROR(EPERM) ||
             averror == AVERROR(EISDIR)) {
    code = "unreadable";
  } else if (averror == AVERROR_INVALIDDATA && fallbackCode == "internal") {
    code = "corrupt";
  } else if (averror == AVERROR(ENOSPC) || averror == AVERROR(EROFS)) {
    code = "output_failed";
  }
  return makeError(code, std::string(what) + ": " + errorText(averror));
}

std::string fieldOrderName(AVFieldOrder order) {
  switch (order) {
    case AV_FIELD_PROGRESSIVE:
      return "progressive";
    case AV_FIELD_TT:
      return "tt";
    case AV_FIELD_BB:
      return "bb";
    case AV_FIELD_TB:
      return "tb";
    case AV_FIELD_BT:
      return "bt";
    case AV_FIELD_UNKNOWN:
      break;
  }
  return "unknown";
}

}  // namespace sporazum::media::av
