#include "thumbnailer.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "sporazum/media/errors.hpp"

namespace sporazum::media {
namespace {

/// -q:v 3 of the command line: good JPEG quality at a few tens of kB.
constexpr int kJpegQuality = 3;

std::optional<core::Error> writeFile(const std::string& path, const AVPacket& packet) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) {
    return av::makeError(errors::kOutputFailed, "creating " + path + ": " + std::strerror(errno));
  }
  const bool written = std::fwrite(packet.data, 1, static_cast<std::size_t>(packet.size), file) ==
                       static_cast<std::size_t>(packet.size);
  const int error = errno;
  if (std::fclose(file) != 0 || !written) {
    return av::makeError(errors::kOutputFailed, "writing " + path + ": " + std::strerror(error));
  }
  return std::nullopt;
}

int swsColourspace(const AVFrame& frame) {
  switch (frame.colorspace) {
    case AVCOL_SPC_BT709:
      return SWS_CS_ITU709;
    case AVCOL_SPC_BT2020_NCL:
    case AVCOL_SPC_BT2020_CL:
      return SWS_CS_BT2020;
    default:
      return SWS_CS_DEFAULT;
  }
}

}  // namespace

Thumbnailer::Thumbnailer(std::vector<ThumbnailTarget> targets, int height)
    : pending_(std::move(targets)),
      height_(height),
      scaled_(av::makeFrame()),
      packet_(av::makePacket()),
      last_(av::makeFrame()) {
  std::stable_sort(pending_.begin(), pending_.end(),
                   [](const auto& a, const auto& b) { return a.atSeconds < b.atSeconds; });
}

std::optional<core::Error> Thumbnailer::offer(const AVFrame& frame, double seconds) {
  std::vector<ThumbnailTarget> due;
  while (!pending_.empty() && pending_.front().atSeconds <= seconds + 1e-6) {
    due.push_back(std::move(pending_.front()));
    pending_.erase(pending_.begin());
  }
  // Only a pending poster can need the last frame later; keeping a reference is free.
  av_frame_unref(last_.get());
  if (av_frame_ref(last_.get(), &frame) < 0) throw std::bad_alloc();
  lastSeconds_ = seconds;
  if (due.empty()) return std::nullopt;
  return write(frame, seconds, due);
}

std::optional<core::Error> Thumbnailer::finish() {
  std::vector<ThumbnailTarget> due;
  for (auto& target : pending_) {
    if (target.isPoster && last_->data[0] != nullptr) {
      due.push_back(std::move(target));
    } else {
      missed_.push_back(target.name);
    }
  }
  pending_.clear();
  if (due.empty() || last_->data[0] == nullptr) return std::nullopt;
  return write(*last_, lastSeconds_, due);
}

std::optional<core::Error> Thumbnailer::openEncoder(PictureSize size) {
  const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
  if (codec == nullptr) return av::makeError(errors::kInternal, "libav has no JPEG encoder");
  encoder_.reset(avcodec_alloc_context3(codec));
  if (!encoder_) throw std::bad_alloc();
  encoder_->width = size.width;
  encoder_->height = size.height;
  encoder_->pix_fmt = AV_PIX_FMT_YUV420P;
  // The MJPEG encoder takes yuv420p only as full range (JFIF).
  encoder_->color_range = AVCOL_RANGE_JPEG;
  encoder_->time_base = {1, 25};
  encoder_->flags |= AV_CODEC_FLAG_QSCALE;
  encoder_->global_quality = FF_QP2LAMBDA * kJpegQuality;
  if (int error = avcodec_open2(encoder_.get(), codec, nullptr); error < 0) {
    return av::translate(error, "opening the JPEG encoder", errors::kInternal);
  }
  av_frame_unref(scaled_.get());
  scaled_->width = size.width;
  scaled_->height = size.height;
  scaled_->format = AV_PIX_FMT_YUV420P;
  scaled_->color_range = AVCOL_RANGE_JPEG;
  if (av_frame_get_buffer(scaled_.get(), 0) < 0) throw std::bad_alloc();
  return std::nullopt;
}

std::optional<core::Error> Thumbnailer::write(const AVFrame& frame, double seconds,
                                              const std::vector<ThumbnailTarget>& due) {
  const PictureSize size =
      squarePixelSize(frame.width, frame.height, frame.sample_aspect_ratio, height_);
  if (!encoder_ || encoder_->width != size.width || encoder_->height != size.height) {
    if (auto error = openEncoder(size)) return error;
  }
  scaler_.reset(sws_getCachedContext(scaler_.release(), frame.width, frame.height,
                                     static_cast<AVPixelFormat>(frame.format), size.width,
                                     size.height, AV_PIX_FMT_YUV420P,
                                     SWS_BICUBIC | SWS_ACCURATE_RND, nullptr, nullptr, nullptr));
  if (!scaler_) return av::makeError(errors::kInternal, "cannot scale the thumbnail");
  const int sourceFullRange = frame.color_range == AVCOL_RANGE_JPEG ? 1 : 0;
  sws_setColorspaceDetails(scaler_.get(), sws_getCoefficients(swsColourspace(frame)),
                           sourceFullRange, sws_getCoefficients(SWS_CS_ITU601), 1, 0, 1 << 16,
                           1 << 16);
  if (av_frame_make_writable(scaled_.get()) < 0) throw std::bad_alloc();
  sws_scale(scaler_.get(), frame.data, frame.linesize, 0, frame.height, scaled_->data,
            scaled_->linesize);
  scaled_->pts = static_cast<int64_t>(made_.size());
  scaled_->quality = encoder_->global_quality;
  if (int error = avcodec_send_frame(encoder_.get(), scaled_.get()); error < 0) {
    return av::translate(error, "encoding a thumbnail", errors::kInternal);
  }
  if (int error = avcodec_receive_packet(encoder_.get(), packet_.get()); error < 0) {
    return av::translate(error, "encoding a thumbnail", errors::kInternal);
  }
  for (const auto& target : due) {
    if (auto error = writeFile(target.path, *packet_)) {
      av_packet_unref(packet_.get());
      return error;
    }
    made_.push_back({target, seconds, size});
  }
  av_packet_unref(packet_.get());
  return std::nullopt;
}

}  // namespace sporazum::media
