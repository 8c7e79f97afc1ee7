#include "proxy_writer.hpp"

#include <cmath>

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/mem.h>
#include <libavutil/opt.h>
}

#include "chapter_marks.hpp"
#include "sporazum/media/errors.hpp"

namespace sporazum::media {

ProxyWriter::~ProxyWriter() = default;

core::Result<std::unique_ptr<ProxyWriter>> ProxyWriter::create(
    const std::string& path, const VideoShape& video, int audioChannels, AVRational audioTimeBase,
    const ProxySettings& settings, const std::vector<core::Chapter>& chapters) {
  std::unique_ptr<ProxyWriter> writer(new ProxyWriter());
  writer->scaled_ = av::makeFrame();
  writer->audioFrame_ = av::makeFrame();
  writer->packet_ = av::makePacket();
  if (auto error = writer->openVideo(video, settings)) return *error;
  if (auto error = writer->openAudio(audioChannels, audioTimeBase, settings)) return *error;
  if (auto error = writer->openMuxer(path, chapterMarks(chapters, settings.programmeSeconds))) {
    return *error;
  }
  return writer;
}

std::optional<core::Error> ProxyWriter::openVideo(const VideoShape& video,
                                                  const ProxySettings& settings) {
  const AVCodec* codec = avcodec_find_encoder_by_name("libx264");
  if (codec == nullptr) return av::makeError(errors::kInternal, "libav has no libx264 encoder");
  size_ = squarePixelSize(video.width, video.height, video.sar, settings.height);
  frameRate_ =
      video.frameRate.num > 0 && video.frameRate.den > 0 ? video.frameRate : AVRational{25, 1};
  videoEncoder_.reset(avcodec_alloc_context3(codec));
  if (!videoEncoder_) throw std::bad_alloc();
  AVCodecContext& encoder = *videoEncoder_;
  encoder.width = size_.width;
  encoder.height = size_.height;
  encoder.sample_aspect_ratio = {1, 1};
  encoder.pix_fmt = AV_PIX_FMT_YUV420P;
  encoder.color_range = AVCOL_RANGE_MPEG;
  encoder.framerate = frameRate_;
  encoder.time_base = av_inv_q(frameRate_);
  encoder.field_order = AV_FIELD_PROGRESSIVE;
  encoder.thread_count = 0;
  encoder.flags |= AV_CODEC_FLAG_GLOBAL_HEADER;  // MP4 keeps SPS/PPS in the sample description
  AVDictionary* options = nullptr;
  av_dict_set(&options, "preset", settings.preset.c_str(), 0);
  av_dict_set(&options, "crf", std::to_string(settings.crf).c_str(), 0);
  const int opened = avcodec_open2(&encoder, codec, &options);
  av_dict_free(&options);
  if (opened < 0) return av::translate(opened, "opening the H.264 encoder", errors::kInternal);

  scaled_->width = size_.width;
  scaled_->height = size_.height;
  scaled_->format = AV_PIX_FMT_YUV420P;
  if (av_frame_get_buffer(scaled_.get(), 0) < 0) throw std::bad_alloc();
  return std::nullopt;
}

std::optional<core::Error> ProxyWriter::openAudio(int audioChannels, AVRational audioTimeBase,
                                                  const ProxySettings& settings) {
  const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_AAC);
  if (codec == nullptr) return av::makeError(errors::kInternal, "libav has no AAC encoder");
  audioEncoder_.reset(avcodec_alloc_context3(codec));
  if (!audioEncoder_) throw std::bad_alloc();
  AVCodecContext& encoder = *audioEncoder_;
  // Mono stays mono; anything wider is mixed down to stereo for the web.
  const bool mono = audioChannels == 1;
  av_channel_layout_default(&encoder.ch_layout, mono ? 1 : 2);
  encoder.sample_rate = 48000;
  encoder.sample_fmt = AV_SAMPLE_FMT_FLTP;
  encoder.bit_rate = settings.audioBitRate;
  encoder.time_base = {1, encoder.sample_rate};
  encoder.flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  if (int error = avcodec_open2(&encoder, codec, nullptr); error < 0) {
    return av::translate(error, "opening the AAC encoder", errors::kInternal);
  }
  audioTimeBase_ = audioTimeBase;
  return std::nullopt;
}

std::optional<core::Error> ProxyWriter::openMuxer(const std::string& path,
                                                  const std::vector<core::Chapter>& chapters) {
  AVFormatContext* muxer = nullptr;
  if (int error = avformat_alloc_output_context2(&muxer, nullptr, "mp4", path.c_str()); error < 0) {
    return av::translate(error, "creating the MP4 muxer", errors::kInternal);
  }
  muxer_.reset(muxer);
  videoStream_ = avformat_new_stream(muxer, nullptr);
  audioStream_ = avformat_new_stream(muxer, nullptr);
  if (videoStream_ == nullptr || audioStream_ == nullptr) throw std::bad_alloc();
  avcodec_parameters_from_context(videoStream_->codecpar, videoEncoder_.get());
  videoStream_->time_base = videoEncoder_->time_base;
  videoStream_->avg_frame_rate = frameRate_;
  avcodec_parameters_from_context(audioStream_->codecpar, audioEncoder_.get());
  audioStream_->time_base = audioEncoder_->time_base;

  for (const auto& chapter : chapters) {
    auto* mark = static_cast<AVChapter*>(av_mallocz(sizeof(AVChapter)));
    if (mark == nullptr) throw std::bad_alloc();
    mark->id = static_cast<int64_t>(muxer->nb_chapters);
    mark->time_base = {1, 1000};
    mark->start = std::llround(chapter.startSeconds * 1000.0);
    mark->end = std::llround(chapter.endSeconds * 1000.0);
    av_dict_set(&mark->metadata, "title", chapter.title.c_str(), 0);
    void* grown = av_realloc_array(muxer->chapters, muxer->nb_chapters + 1, sizeof(AVChapter*));
    if (grown == nullptr) {
      av_dict_free(&mark->metadata);
      av_free(mark);
      throw std::bad_alloc();
    }
    muxer->chapters = static_cast<AVChapter**>(grown);
    muxer->chapters[muxer->nb_chapters++] = mark;  // freed with the muxer
  }

  if (int error = avio_open(&muxer->pb, path.c_str(), AVIO_FLAG_WRITE); error < 0) {
    return av::translate(error, "creating " + path, errors::kOutputFailed);
  }
  AVDictionary* options = nullptr;
  av_dict_set(&options, "movflags", "+faststart", 0);
  const int written = avformat_write_header(muxer, &options);
  av_dict_free(&options);
  if (written < 0) return av::translate(written, "writing the proxy header", errors::kOutputFailed);
  headerWritten_ = true;
  return std::nullopt;
}

std::optional<core::Error> ProxyWriter::addVideo(const AVFrame& frame, double seconds) {
  // Constant frame rate, as the command line makes MP4: a frame landing on a slot already
  // taken (a timestamp jitter or duplicate) is dropped.
  const std::int64_t pts = std::llround(seconds * av_q2d(frameRate_));
  if (pts < 0 || pts <= lastVideoPts_) return std::nullopt;
  scaler_.reset(sws_getCachedContext(
      scaler_.release(), frame.width, frame.height, static_cast<AVPixelFormat>(frame.format),
      size_.width, size_.height, AV_PIX_FMT_YUV420P, kProxyScaleFlags, nullptr, nullptr, nullptr));
  if (!scaler_) return av::makeError(errors::kInternal, "cannot scale the video for the proxy");
  if (av_frame_make_writable(scaled_.get()) < 0) throw std::bad_alloc();
  sws_scale(scaler_.get(), frame.data, frame.linesize, 0, frame.height, scaled_->data,
            scaled_->linesize);
  scaled_->pts = pts;
  lastVideoPts_ = pts;
  ++videoFrames_;
  return encode(videoEncoder_.get(), videoStream_, scaled_.get());
}

std::optional<core::Error> ProxyWriter::addAudio(AVFrame* frame) {
  if (!audioChain_) {
    // Built from the first frame, which is what the decoder really produces.
    const char* layout = audioEncoder_->ch_layout.nb_channels == 1 ? "mono" : "stereo";
    auto chain = FilterChain::audio(
        *frame, audioTimeBase_,
        std::string("aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=") + layout);
    if (!chain) return chain.error();
    audioChain_ = std::move(*chain);
    audioChain_->setFrameSamples(audioEncoder_->frame_size);
  }
  if (int error = audioChain_->push(frame); error < 0) {
    return av::translate(error, "resampling the proxy's audio", errors::kInternal);
  }
  return pullAudio();
}

std::optional<core::Error> ProxyWriter::pullAudio() {
  for (;;) {
    const int status = audioChain_->pull(audioFrame_.get());
    if (status == AVERROR(EAGAIN) || status == AVERROR_EOF) return std::nullopt;
    if (status < 0) return av::translate(status, "resampling the proxy's audio", errors::kInternal);
    if (audioFrame_->pts != AV_NOPTS_VALUE) {
      audioFrame_->pts =
          av_rescale_q(audioFrame_->pts, audioChain_->outputTimeBase(), audioEncoder_->time_base);
    }
    auto error = encode(audioEncoder_.get(), audioStream_, audioFrame_.get());
    av_frame_unref(audioFrame_.get());
    if (error) return error;
  }
}

std::optional<core::Error> ProxyWriter::encode(AVCodecContext* encoder, AVStream* stream,
                                               AVFrame* frame) {
  if (int error = avcodec_send_frame(encoder, frame); error < 0) {
    return av::translate(error, "encoding the proxy", errors::kInternal);
  }
  for (;;) {
    const int status = avcodec_receive_packet(encoder, packet_.get());
    if (status == AVERROR(EAGAIN) || status == AVERROR_EOF) return std::nullopt;
    if (status < 0) return av::translate(status, "encoding the proxy", errors::kInternal);
    packet_->stream_index = stream->index;
    av_packet_rescale_ts(packet_.get(), encoder->time_base, stream->time_base);
    // Takes the packet's reference whatever it returns.
    if (int error = av_interleaved_write_frame(muxer_.get(), packet_.get()); error < 0) {
      return av::translate(error, "writing the proxy", errors::kOutputFailed);
    }
  }
}

std::optional<core::Error> ProxyWriter::finish() {
  if (videoFrames_ == 0) {
    return av::makeError(errors::kCorrupt, "no video frame could be decoded for the proxy");
  }
  if (!audioChain_) {
    return av::makeError(errors::kNoAudio, "no audio frame could be decoded for the proxy");
  }
  if (auto error = encode(videoEncoder_.get(), videoStream_, nullptr)) return error;
  if (int error = audioChain_->push(nullptr); error < 0) {
    return av::translate(error, "resampling the proxy's audio", errors::kInternal);
  }
  if (auto error = pullAudio()) return error;
  if (auto error = encode(audioEncoder_.get(), audioStream_, nullptr)) return error;
  // With faststart the trailer also moves the index in front of the media data.
  if (int error = av_write_trailer(muxer_.get()); error < 0) {
    return av::translate(error, "finishing the proxy", errors::kOutputFailed);
  }
  if (int error = avio_closep(&muxer_->pb); error < 0) {
    return av::translate(error, "closing the proxy", errors::kOutputFailed);
  }
  return std::nullopt;
}

}  // namespace sporazum::media
