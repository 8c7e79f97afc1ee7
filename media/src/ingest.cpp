#include "sporazum/media/ingest.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <thread>

extern "C" {
#include <libavutil/opt.h>
}

#include "filter_chain.hpp"
#include "input.hpp"
#include "loudness_meter.hpp"
#include "output_files.hpp"
#include "proxy_writer.hpp"
#include "sporazum/media/errors.hpp"
#include "sporazum/media/fixity.hpp"
#include "sporazum/media/probe.hpp"
#include "thumbnailer.hpp"
#include "work_queue.hpp"

namespace sporazum::media {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kQueueFrames = 24;
/// Problems (corrupt packets, decode errors) this close to where the file stops mean it was cut
/// off, not damaged.
constexpr double kTailSeconds = 2.0;
constexpr char kDeinterlace[] = "bwdif=mode=send_frame:parity=auto:deint=interlaced";

std::optional<core::Error> validate(const ProcessOptions& options) {
  auto bad = [](std::string message) {
    return std::optional(av::makeError(errors::kBadOptions, std::move(message)));
  };
  std::error_code error;
  if (options.outputDir.empty() || !std::filesystem::is_directory(options.outputDir, error)) {
    return bad("the output directory '" + options.outputDir + "' does not exist");
  }
  if (options.proxyHeight != 360 && options.proxyHeight != 540) {
    return bad("the proxy is 360 or 540 lines high, not " + std::to_string(options.proxyHeight));
  }
  static constexpr std::string_view kPresets[] = {"ultrafast", "superfast", "veryfast", "faster",
                                                  "fast",      "medium",    "slow",     "slower",
                                                  "veryslow",  "placebo"};
  if (std::find(std::begin(kPresets), std::end(kPresets), options.proxyPreset) ==
      std::end(kPresets)) {
    return bad("'" + options.proxyPreset + "' is not an x264 preset");
  }
  if (options.proxyCrf < 0 || options.proxyCrf > 51) return bad("the proxy's CRF is 0..51");
  if (options.proxyAudioBitRate < 32'000 || options.proxyAudioBitRate > 512'000) {
    return bad("the proxy's audio bit rate is 32..512 kbit/s");
  }
  if (options.thumbnailHeight < 32 || options.thumbnailHeight > 2160) {
    return bad("thumbnails are 32..2160 lines high");
  }
  if (!(options.thumbnailIntervalSeconds >= 1)) return bad("the thumbnail interval is >= 1 s");
  if (options.posterSeconds && !(*options.posterSeconds >= 0)) {
    return bad("the poster time is from the programme start, >= 0");
  }
  for (const auto& chapter : options.chapters) {
    if (!(chapter.startSeconds >= 0) || !(chapter.endSeconds > chapter.startSeconds)) {
      return bad("chapter '" + chapter.title + "' does not start at >= 0 and end after it starts");
    }
  }
  return std::nullopt;
}

std::string thumbnailName(double seconds) {
  char name[32];
  std::snprintf(name, sizeof name, "thumb_%06lld.jpg",
                static_cast<long long>(std::llround(seconds)));
  return name;
}

/// Where in the file problems were seen, to tell a cut-off file from a damaged one.
struct Integrity {
  int problems = 0;
  double firstProblemSeconds = 0;
  std::string firstProblem;
  int readError = 0;  ///< av_read_frame's error other than the end of the file
  double reachedSeconds = 0;

  void problem(double seconds, std::string what) {
    if (problems++ == 0 || seconds < firstProblemSeconds) {
      firstProblemSeconds = seconds;
      firstProblem = std::move(what);
    }
  }
};

/// One decoded stream on the demux thread.
struct Decoding {
  AVStream* stream = nullptr;
  av::CodecPtr decoder;
  std::int64_t origin = 0;  ///< the programme start in this stream's time base
  bool decodedAny = false;
  std::int64_t nextPts = AV_NOPTS_VALUE;  ///< for frames without a timestamp
  std::int64_t frameDuration = 0;         ///< video: one frame in the stream's time base

  double seconds(std::int64_t relativePts) const {
    return av::toSeconds(relativePts, stream->time_base);
  }
};

/// The proxy/thumbnail worker: deinterlaces, takes thumbnails, feeds the proxy. Owns all of it;
/// runs on its own thread until the End item, or until the queue is closed.
class Worker {
 public:
  Worker(WorkQueue& queue, AVRational videoTimeBase, Thumbnailer thumbnailer,
         std::unique_ptr<ProxyWriter> proxy)
      : queue_(queue),
        videoTimeBase_(videoTimeBase),
        thumbnailer_(std::move(thumbnailer)),
        proxy_(std::move(proxy)),
        out_(av::makeFrame()) {}

  void run() {
    try {
      error_ = loop();
    } catch (const std::exception& failure) {
      error_ = av::makeError(errors::kInternal, std::string("ingest worker: ") + failure.what());
    } catch (...) {
      error_ = av::makeError(errors::kInternal, "ingest worker: unknown failure");
    }
    if (error_) queue_.close();  // the demux thread sees it at its next push
  }

  const std::optional<core::Error>& error() const { return error_; }
  const Thumbnailer& thumbnailer() const { return thumbnailer_; }
  const ProxyWriter* proxy() const { return proxy_.get(); }

 private:
  std::optional<core::Error> loop() {
    for (;;) {
      auto item = queue_.pop();
      if (!item) return std::nullopt;  // closed by the demux thread: it has the error
      switch (item->kind) {
        case WorkItem::Kind::Video:
          if (auto error = video(item->frame.get())) return error;
          break;
        case WorkItem::Kind::Audio:
          if (proxy_) {
            if (auto error = proxy_->addAudio(item->frame.get())) return error;
          }
          break;
        case WorkItem::Kind::End:
          return finish();
      }
    }
  }

  std::optional<core::Error> video(AVFrame* frame) {
    if (!deinterlacer_) {
      auto chain = FilterChain::video(*frame, videoTimeBase_, kDeinterlace);
      if (!chain) return chain.error();
      deinterlacer_ = std::move(*chain);
    }
    if (int error = deinterlacer_->push(frame); error < 0) {
      return av::translate(error, "deinterlacing", errors::kInternal);
    }
    return drain();
  }

  std::optional<core::Error> drain() {
    for (;;) {
      const int status = deinterlacer_->pull(out_.get());
      if (status == AVERROR(EAGAIN) || status == AVERROR_EOF) return std::nullopt;
      if (status < 0) return av::translate(status, "deinterlacing", errors::kInternal);
      const double seconds = av::toSeconds(out_->pts, deinterlacer_->outputTimeBase());
      auto error = thumbnailer_.offer(*out_, seconds);
      if (!error && proxy_) error = proxy_->addVideo(*out_, seconds);
      av_frame_unref(out_.get());
      if (error) return error;
    }
  }

  std::optional<core::Error> finish() {
    if (deinterlacer_) {
      if (int error = deinterlacer_->push(nullptr); error < 0) {
        return av::translate(error, "deinterlacing", errors::kInternal);
      }
      if (auto error = drain()) return error;
    }
    if (auto error = thumbnailer_.finish()) return error;
    if (proxy_) return proxy_->finish();
    return std::nullopt;
  }

  WorkQueue& queue_;
  AVRational videoTimeBase_;
  Thumbnailer thumbnailer_;
  std::unique_ptr<ProxyWriter> proxy_;
  std::unique_ptr<FilterChain> deinterlacer_;
  av::FramePtr out_;
  std::optional<core::Error> error_;
};

/// Reports progress at most every half percent.
class Progress {
 public:
  Progress(const std::function<void(double)>& callback, double durationSeconds)
      : callback_(callback), durationSeconds_(durationSeconds) {}
  void at(double seconds) {
    if (!callback_ || durationSeconds_ <= 0) return;
    const double fraction = std::clamp(seconds / durationSeconds_, 0.0, 0.99);
    if (fraction - reported_ < 0.005) return;
    reported_ = fraction;
    callback_(fraction);
  }

 private:
  const std::function<void(double)>& callback_;
  double durationSeconds_;
  double reported_ = 0;
};

/// The demux/decode thread's side of one ingest.
class Ingest {
 public:
  Ingest(const std::string& path, const ProcessOptions& options)
      : path_(path), options_(options), outputs_(options.outputDir) {}
  ~Ingest() { stopWorker(false); }
  Ingest(const Ingest&) = delete;
  Ingest& operator=(const Ingest&) = delete;

  core::Result<core::IngestResult> run();

 private:
  std::optional<core::Error> open();
  std::optional<core::Error> startWorker();
  std::optional<core::Error> demux();
  std::optional<core::Error> decode(Decoding& decoding, const AVPacket* packet);
  std::optional<core::Error> receive(Decoding& decoding, bool draining);
  std::optional<core::Error> deliver(Decoding& decoding, av::FramePtr frame);
  std::optional<core::Error> stopWorker(bool finishOutputs);
  std::optional<core::Error> checkIntegrity() const;
  core::Result<core::IngestResult> collect(core::Loudness loudness, std::string sha256);

  const std::string& path_;
  const ProcessOptions& options_;
  Clock::time_point started_ = Clock::now();
  OutputFiles outputs_;  // declared before the writers: files are removed after they close
  Input input_;
  core::MediaProbe probe_;
  Decoding video_;
  Decoding audio_;
  std::unique_ptr<LoudnessMeter> loudness_;
  Integrity integrity_;
  std::string proxyPath_;
  WorkQueue queue_{kQueueFrames};
  std::unique_ptr<Worker> worker_;
  std::thread workerThread_;
};

std::optional<core::Error> Ingest::open() {
  auto input = openInput(path_, true);
  if (!input) return input.error();
  input_ = std::move(*input);
  probe_ = describe(input_);
  AVFormatContext* format = input_.format.get();

  const int videoIndex = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (videoIndex < 0 ||
      (format->streams[videoIndex]->disposition & AV_DISPOSITION_ATTACHED_PIC) != 0) {
    return av::makeError(errors::kNoVideo, path_ + " has no video stream");
  }
  const int audioIndex =
      av_find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, videoIndex, nullptr, 0);
  if (audioIndex < 0) return av::makeError(errors::kNoAudio, path_ + " has no audio stream");

  // Only the two streams we use are demuxed into packets.
  for (unsigned i = 0; i < format->nb_streams; ++i) {
    if (static_cast<int>(i) != videoIndex && static_cast<int>(i) != audioIndex) {
      format->streams[i]->discard = AVDISCARD_ALL;
    }
  }
  const std::int64_t start = format->start_time != AV_NOPTS_VALUE ? format->start_time : 0;
  for (auto [decoding, index, threads] :
       {std::tuple{&video_, videoIndex, 0}, std::tuple{&audio_, audioIndex, 1}}) {
    decoding->stream = format->streams[index];
    auto decoder = openDecoder(*decoding->stream, threads);
    if (!decoder) return decoder.error();
    decoding->decoder = std::move(*decoder);
    decoding->origin = av_rescale_q(start, AV_TIME_BASE_Q, decoding->stream->time_base);
  }
  const AVRational frameRate = av_guess_frame_rate(format, video_.stream, nullptr);
  if (frameRate.num > 0 && frameRate.den > 0) {
    video_.frameDuration = av_rescale_q(1, av_inv_q(frameRate), video_.stream->time_base);
  }
  loudness_ = std::make_unique<LoudnessMeter>(audio_.stream->time_base);
  return std::nullopt;
}

std::optional<core::Error> Ingest::startWorker() {
  const double duration = probe_.durationSeconds;
  std::vector<ThumbnailTarget> targets;
  for (double at = 0; at == 0 || at < duration; at += options_.thumbnailIntervalSeconds) {
    ThumbnailTarget target;
    target.atSeconds = at;
    target.name = thumbnailName(at);
    target.path = outputs_.add(target.name);
    targets.push_back(std::move(target));
  }
  ThumbnailTarget poster;
  poster.atSeconds = options_.posterSeconds.value_or(duration * 0.1);
  poster.isPoster = true;
  poster.name = "poster.jpg";
  poster.path = outputs_.add(poster.name);
  targets.push_back(std::move(poster));

  std::unique_ptr<ProxyWriter> proxy;
  if (options_.makeProxy) {
    proxyPath_ = outputs_.add("proxy.mp4");
    const AVCodecParameters& parameters = *video_.stream->codecpar;
    VideoShape shape;
    shape.width = parameters.width;
    shape.height = parameters.height;
    shape.sar = av_guess_sample_aspect_ratio(input_.format.get(), video_.stream, nullptr);
    shape.frameRate = av_guess_frame_rate(input_.format.get(), video_.stream, nullptr);
    ProxySettings settings;
    settings.height = options_.proxyHeight;
    settings.preset = options_.proxyPreset;
    settings.crf = options_.proxyCrf;
    settings.audioBitRate = options_.proxyAudioBitRate;
    settings.programmeSeconds = probe_.durationSeconds;
    auto writer =
        ProxyWriter::create(proxyPath_, shape, audio_.stream->codecpar->ch_layout.nb_channels,
                            audio_.stream->time_base, settings, options_.chapters);
    if (!writer) return writer.error();
    proxy = std::move(*writer);
  }
  worker_ = std::make_unique<Worker>(queue_, video_.stream->time_base,
                                     Thumbnailer(std::move(targets), options_.thumbnailHeight),
                                     std::move(proxy));
  workerThread_ = std::thread([worker = worker_.get()] { worker->run(); });
  return std::nullopt;
}

std::optional<core::Error> Ingest::stopWorker(bool finishOutputs) {
  if (!workerThread_.joinable()) return std::nullopt;
  if (finishOutputs) {
    queue_.push(WorkItem{WorkItem::Kind::End, nullptr});
  } else {
    queue_.close();
  }
  workerThread_.join();
  return worker_->error();
}

std::optional<core::Error> Ingest::demux() {
  AVFormatContext* format = input_.format.get();
  Progress progress(options_.onProgress, probe_.durationSeconds);
  auto packet = av::makePacket();
  for (;;) {
    if (options_.cancel != nullptr && options_.cancel->load(std::memory_order_relaxed)) {
      return av::makeError(errors::kCancelled, "the ingest of " + path_ + " was cancelled");
    }
    const int status = av_read_frame(format, packet.get());
    if (status == AVERROR_EOF) break;
    if (status < 0) {
      integrity_.readError = status;
      break;
    }
    Decoding* decoding = packet->stream_index == video_.stream->index   ? &video_
                         : packet->stream_index == audio_.stream->index ? &audio_
                                                                        : nullptr;
    if (decoding == nullptr) {
      av_packet_unref(packet.get());
      continue;
    }
    const std::int64_t pts = packet->pts != AV_NOPTS_VALUE ? packet->pts : packet->dts;
    if (pts != AV_NOPTS_VALUE) {
      const double end =
          decoding->seconds(pts - decoding->origin + std::max<std::int64_t>(packet->duration, 0));
      integrity_.reachedSeconds = std::max(integrity_.reachedSeconds, end);
      progress.at(end);
    }
    if ((packet->flags & AV_PKT_FLAG_CORRUPT) != 0 && decoding->decodedAny) {
      integrity_.problem(integrity_.reachedSeconds,
                         "a damaged packet in stream " + std::to_string(packet->stream_index));
    }
    auto error = decode(*decoding, packet.get());
    av_packet_unref(packet.get());
    if (error) return error;
  }
  for (Decoding* decoding : {&video_, &audio_}) {
    if (auto error = decode(*decoding, nullptr)) return error;
  }
  return std::nullopt;
}

std::optional<core::Error> Ingest::decode(Decoding& decoding, const AVPacket* packet) {
  AVCodecContext* decoder = decoding.decoder.get();
  int sent = avcodec_send_packet(decoder, packet);
  if (sent == AVERROR(EAGAIN)) {
    // The decoder wants its frames taken first; then it accepts the packet.
    if (auto error = receive(decoding, false)) return error;
    sent = avcodec_send_packet(decoder, packet);
  }
  if (sent < 0 && sent != AVERROR_EOF && decoding.decodedAny) {
    integrity_.problem(integrity_.reachedSeconds,
                       "the " + std::string(decoder->codec->name) +
                           " decoder refused a packet: " + av::errorText(sent));
  }
  return receive(decoding, packet == nullptr);
}

std::optional<core::Error> Ingest::receive(Decoding& decoding, bool draining) {
  for (;;) {
    auto frame = av::makeFrame();
    const int status = avcodec_receive_frame(decoding.decoder.get(), frame.get());
    if (status == AVERROR(EAGAIN) || status == AVERROR_EOF) return std::nullopt;
    if (status < 0) {
      if (decoding.decodedAny) {
        integrity_.problem(integrity_.reachedSeconds, "decoding failed: " + av::errorText(status));
      }
      if (draining) return std::nullopt;  // nothing more will come
      continue;
    }
    if (auto error = deliver(decoding, std::move(frame))) return error;
  }
}

std::optional<core::Error> Ingest::deliver(Decoding& decoding, av::FramePtr frame) {
  std::int64_t pts = frame->best_effort_timestamp;
  if (pts == AV_NOPTS_VALUE) pts = decoding.nextPts;
  if (pts == AV_NOPTS_VALUE) pts = decoding.origin;
  const bool isVideo = &decoding == &video_;
  std::int64_t duration = frame->pkt_duration;
  if (duration <= 0 && isVideo) duration = decoding.frameDuration;
  if (duration <= 0 && !isVideo && frame->sample_rate > 0) {
    duration = av_rescale_q(frame->nb_samples, {1, frame->sample_rate}, decoding.stream->time_base);
  }
  decoding.nextPts = pts + std::max<std::int64_t>(duration, 1);
  frame->pts = pts - decoding.origin;
  const double seconds = decoding.seconds(frame->pts);
  if (decoding.decodedAny &&
      (frame->decode_error_flags != 0 || (frame->flags & AV_FRAME_FLAG_CORRUPT) != 0)) {
    integrity_.problem(seconds, "a damaged " + std::string(isVideo ? "picture" : "audio frame"));
  }

  if (isVideo) {
    if (!decoding.decodedAny) {
      for (auto& stream : probe_.streams) {
        if (stream.index == decoding.stream->index && stream.fieldOrder == "unknown") {
          stream.fieldOrder = fieldOrderOfFrame(*frame);
        }
      }
    }
    const AVRational sar =
        av_guess_sample_aspect_ratio(input_.format.get(), decoding.stream, frame.get());
    if (sar.num > 0) frame->sample_aspect_ratio = sar;
  } else {
    if (auto error = loudness_->add(frame.get())) return error;
  }
  decoding.decodedAny = true;
  if (!isVideo && !options_.makeProxy) return std::nullopt;
  WorkItem item{isVideo ? WorkItem::Kind::Video : WorkItem::Kind::Audio, std::move(frame)};
  if (!queue_.push(std::move(item))) {
    return worker_->error().value_or(av::makeError(errors::kInternal, "the ingest worker stopped"));
  }
  return std::nullopt;
}

std::optional<core::Error> Ingest::checkIntegrity() const {
  char where[160];
  const double duration = probe_.durationSeconds;
  const AVFormatContext* format = input_.format.get();
  // MPEG-TS is a sequence of fixed-size packets: a partial last one means the file was cut.
  std::int64_t packetBytes = 0;
  if (std::string_view(format->iformat->name) == "mpegts" &&
      av_opt_get_int(format->priv_data, "ts_packetsize", 0, &packetBytes) >= 0 && packetBytes > 0 &&
      input_.reader->sizeBytes() % packetBytes != 0) {
    std::snprintf(where, sizeof where, "it ends inside a transport packet after %.1f s",
                  integrity_.reachedSeconds);
    return av::makeError(errors::kTruncated, path_ + " is truncated: " + where);
  }
  // A duration from the container's header (not estimated from the timestamps) says where the
  // file should end.
  const bool durationFromHeader =
      av_fmt_ctx_get_duration_estimation_method(format) != AVFMT_DURATION_FROM_PTS;
  if (durationFromHeader && duration > 0 &&
      integrity_.reachedSeconds < duration - std::max(1.0, 0.02 * duration)) {
    std::snprintf(where, sizeof where, "it stops at %.1f s of %.1f s", integrity_.reachedSeconds,
                  duration);
    return av::makeError(errors::kTruncated, path_ + " is truncated: " + where);
  }
  if (integrity_.problems > 0) {
    if (integrity_.firstProblemSeconds >= integrity_.reachedSeconds - kTailSeconds) {
      std::snprintf(where, sizeof where, "it breaks off at %.1f s (%s)",
                    integrity_.firstProblemSeconds, integrity_.firstProblem.c_str());
      return av::makeError(errors::kTruncated, path_ + " is truncated: " + where);
    }
    std::snprintf(where, sizeof where, "%d damaged places, the first at %.1f s (%s)",
                  integrity_.problems, integrity_.firstProblemSeconds,
                  integrity_.firstProblem.c_str());
    return av::makeError(errors::kCorrupt, path_ + " is damaged: " + where);
  }
  if (integrity_.readError != 0) {
    return av::translate(integrity_.readError, "reading " + path_, errors::kCorrupt);
  }
  if (!video_.decodedAny) {
    return av::makeError(errors::kCorrupt, path_ + ": no video frame could be decoded");
  }
  return std::nullopt;
}

core::Result<core::IngestResult> Ingest::run() {
  if (auto error = validate(options_)) return *error;
  if (auto error = open()) return *error;
  if (auto error = startWorker()) return *error;
  if (auto error = demux()) {
    stopWorker(false);
    return *error;
  }
  // Damage decides before the worker spends time finishing outputs that will be thrown away.
  if (auto error = checkIntegrity()) {
    stopWorker(false);
    return *error;
  }
  if (auto error = stopWorker(true)) return *error;
  auto loudness = loudness_->finish();
  if (!loudness) return loudness.error();
  auto sha256 = input_.reader->finish();
  if (!sha256) return sha256.error();
  return collect(*loudness, std::move(*sha256));
}

core::Result<core::IngestResult> Ingest::collect(core::Loudness loudness, std::string sha256) {
  core::IngestResult result;
  std::error_code error;
  auto absolute = std::filesystem::absolute(path_, error);
  result.master.role = core::MediaRole::ProgrammeMaster;
  result.master.location = error ? path_ : absolute.lexically_normal().string();
  result.master.bytes = input_.reader->sizeBytes();
  result.master.sha256 = std::move(sha256);
  result.master.probe = probe_;
  result.loudness = loudness;
  result.chapters = options_.chapters;

  // Hash and measure the outputs under their temporary names, then rename them all at once.
  if (worker_->proxy() != nullptr) {
    core::MediaAsset proxy;
    proxy.role = core::MediaRole::Proxy;
    proxy.location = outputs_.finalPath("proxy.mp4");
    auto hashed = sha256File(proxyPath_);
    if (!hashed) return hashed.error();
    proxy.sha256 = *hashed;
    proxy.bytes = static_cast<std::int64_t>(std::filesystem::file_size(proxyPath_, error));
    auto probed = probeFile(proxyPath_);
    if (!probed) return probed.error();
    proxy.probe = *probed;
    proxy.width = worker_->proxy()->size().width;
    proxy.height = worker_->proxy()->size().height;
    result.proxy = std::move(proxy);
  }
  for (const auto& name : worker_->thumbnailer().missed())
    outputs_.forget(name);
  for (const auto& made : worker_->thumbnailer().made()) {
    core::MediaAsset thumbnail;
    thumbnail.role = core::MediaRole::Thumbnail;
    thumbnail.location = outputs_.finalPath(made.target.name);
    auto hashed = sha256File(made.target.path);
    if (!hashed) return hashed.error();
    thumbnail.sha256 = *hashed;
    thumbnail.bytes =
        static_cast<std::int64_t>(std::filesystem::file_size(made.target.path, error));
    thumbnail.width = made.size.width;
    thumbnail.height = made.size.height;
    thumbnail.atSeconds = made.frameSeconds;
    thumbnail.isPoster = made.target.isPoster;
    result.thumbnails.push_back(std::move(thumbnail));
  }
  if (auto failed = outputs_.commit()) return *failed;
  result.processingSeconds = std::chrono::duration<double>(Clock::now() - started_).count();
  return result;
}

}  // namespace

core::Result<core::IngestResult> processRecording(const std::string& path,
                                                  const ProcessOptions& options) {
  try {
    Ingest ingest(path, options);
    auto result = ingest.run();
    if (result && options.onProgress) options.onProgress(1.0);
    return result;
  } catch (const std::exception& failure) {
    return av::makeError(errors::kInternal, std::string("ingest: ") + failure.what());
  }
}

}  // namespace sporazum::media
