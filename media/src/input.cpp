#include "input.hpp"

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/pixdesc.h>
}

#include "sporazum/media/errors.hpp"

namespace sporazum::media {
namespace {

/// Format guesses at or below this score are misdetections (libav's own "retry" level): random
/// bytes score 1–25 as mp3 or mpeg.
constexpr int kMinimumProbeScore = AVPROBE_SCORE_RETRY;

core::Rational rational(AVRational value) {
  return {value.num, value.den};
}

std::string profileName(const AVCodecParameters& parameters) {
  if (const char* name = avcodec_profile_name(parameters.codec_id, parameters.profile)) {
    return name;
  }
  return parameters.profile == FF_PROFILE_UNKNOWN ? std::string()
                                                  : std::to_string(parameters.profile);
}

}  // namespace

core::Result<Input> openInput(const std::string& path, bool hashing) {
  auto reader = HashingReader::open(path, hashing);
  if (!reader) return reader.error();
  Input input;
  input.reader = std::move(*reader);
  if (input.reader->sizeBytes() == 0) {
    return av::makeError(errors::kUnreadable, path + " is empty");
  }

  const AVInputFormat* guessed = nullptr;
  const int score =
      av_probe_input_buffer2(input.reader->io(), &guessed, path.c_str(), nullptr, 0, 0);
  if (score < 0) return av::translate(score, "recognising " + path, errors::kUnreadable);
  if (guessed == nullptr || score <= kMinimumProbeScore) {
    return av::makeError(errors::kUnreadable,
                         path + " is not a media file libav recognises (best guess " +
                             (guessed != nullptr ? guessed->name : "none") + ", score " +
                             std::to_string(score) + ")");
  }

  AVFormatContext* format = avformat_alloc_context();
  if (format == nullptr) throw std::bad_alloc();
  format->pb = input.reader->io();
  format->flags |= AVFMT_FLAG_CUSTOM_IO;
  // avformat_open_input frees the context itself when it fails.
  if (int error = avformat_open_input(&format, path.c_str(), guessed, nullptr); error < 0) {
    return av::translate(error, "opening " + path + " as " + guessed->name, errors::kUnreadable);
  }
  input.format.reset(format);
  if (int error = avformat_find_stream_info(format, nullptr); error < 0) {
    return av::translate(error, "reading the stream parameters of " + path, errors::kUnreadable);
  }
  if (format->nb_streams == 0) {
    return av::makeError(errors::kNoStreams, path + " contains no streams");
  }
  return input;
}

core::MediaProbe describe(const Input& input) {
  const AVFormatContext& format = *input.format;
  core::MediaProbe probe;
  probe.container = format.iformat->name;
  probe.containerLongName = format.iformat->long_name != nullptr ? format.iformat->long_name : "";
  if (format.duration != AV_NOPTS_VALUE) {
    probe.durationSeconds = av::toSeconds(format.duration, AV_TIME_BASE_Q);
  }
  if (format.start_time != AV_NOPTS_VALUE) {
    probe.startTimeSeconds = av::toSeconds(format.start_time, AV_TIME_BASE_Q);
  }
  probe.bitRate = format.bit_rate;
  probe.sizeBytes = input.reader->sizeBytes();

  for (unsigned i = 0; i < format.nb_streams; ++i) {
    AVStream* stream = format.streams[i];
    const AVCodecParameters& parameters = *stream->codecpar;
    core::MediaStream out;
    out.index = stream->index;
    const char* kind = av_get_media_type_string(parameters.codec_type);
    out.kind = kind != nullptr ? kind : "unknown";
    out.codec = avcodec_get_name(parameters.codec_id);
    out.profile = profileName(parameters);
    out.bitRate = parameters.bit_rate;
    if (parameters.codec_type == AVMEDIA_TYPE_VIDEO) {
      out.width = parameters.width;
      out.height = parameters.height;
      const char* pixelFormat = av_get_pix_fmt_name(static_cast<AVPixelFormat>(parameters.format));
      out.pixelFormat = pixelFormat != nullptr ? pixelFormat : "";
      out.frameRate = rational(stream->avg_frame_rate);
      const AVRational sar =
          av_guess_sample_aspect_ratio(const_cast<AVFormatContext*>(&format), stream, nullptr);
      if (sar.num != 0 && parameters.width > 0 && parameters.height > 0) {
        out.sampleAspectRatio = rational(sar);
        AVRational dar{};
        av_reduce(&dar.num, &dar.den, std::int64_t{parameters.width} * sar.num,
                  std::int64_t{parameters.height} * sar.den, 1024 * 1024);
        out.displayAspectRatio = rational(dar);
      }
      out.fieldOrder = av::fieldOrderName(parameters.field_order);
    } else if (parameters.codec_type == AVMEDIA_TYPE_AUDIO) {
      out.sampleRate = parameters.sample_rate;
      out.channels = parameters.ch_layout.nb_channels;
      if (parameters.ch_layout.order != AV_CHANNEL_ORDER_UNSPEC) {
        char layout[128] = {};
        if (av_channel_layout_describe(&parameters.ch_layout, layout, sizeof layout) > 0) {
          out.channelLayout = layout;
        }
      }
    }
    if (const AVDictionaryEntry* language = av_dict_get(stream->metadata, "language", nullptr, 0)) {
      out.language = language->value;
    }
    probe.streams.push_back(std::move(out));
  }
  return probe;
}

std::string fieldOrderOfFrame(const AVFrame& frame) {
  if (!frame.interlaced_frame) return "progressive";
  return frame.top_field_first ? "tt" : "bb";
}

core::Result<av::CodecPtr> openDecoder(const AVStream& stream, int threads) {
  const AVCodec* codec = avcodec_find_decoder(stream.codecpar->codec_id);
  if (codec == nullptr) {
    return av::makeError(errors::kUnreadable, std::string("no decoder for ") +
                                                  avcodec_get_name(stream.codecpar->codec_id) +
                                                  " (stream " + std::to_string(stream.index) + ")");
  }
  av::CodecPtr decoder(avcodec_alloc_context3(codec));
  if (!decoder) throw std::bad_alloc();
  if (int error = avcodec_parameters_to_context(decoder.get(), stream.codecpar); error < 0) {
    return av::translate(error, "setting up the decoder", errors::kInternal);
  }
  decoder->pkt_timebase = stream.time_base;
  decoder->thread_count = threads;
  decoder->thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE;
  if (int error = avcodec_open2(decoder.get(), codec, nullptr); error < 0) {
    return av::translate(error, std::string("opening the ") + codec->name + " decoder",
                         errors::kUnreadable);
  }
  return decoder;
}

}  // namespace sporazum::media
