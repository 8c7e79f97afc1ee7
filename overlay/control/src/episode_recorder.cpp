#include "sporazum/overlay/control/episode_recorder.hpp"

#include "sporazum/core/log.hpp"
#include "sporazum/overlay/control/graphics_director.hpp"

namespace sporazum::overlay::control {
namespace {

using SteadyClock = std::chrono::steady_clock;

std::int64_t unixMsNow() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

/// The engine's words as the protocol takes them: no control characters, at most 500 characters
/// (cut at 400 bytes, on a character boundary).
std::string plainText(std::string text) {
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  if (text.size() > 400) {
    std::size_t end = 400;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
      --end;
    text.resize(end);
  }
  return text;
}

}  // namespace

EpisodeRecorder::EpisodeRecorder(RecordingBackend& backend, ReportSink onReport,
                                 RecorderOptions options)
    : backend_(backend), onReport_(std::move(onReport)), options_(options) {
  thread_ = std::thread([this] { run(); });
}

EpisodeRecorder::~EpisodeRecorder() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void EpisodeRecorder::command(const core::RecordCommand& command) {
  if (command.action == core::RecordAction::Start) {
    post(command.episode);
  } else {
    post(Stop{command.episode.episodeId});
  }
}

void EpisodeRecorder::follow(std::optional<core::RecordingOrder> live) {
  post(live);
}

void EpisodeRecorder::fileEnded(RecordingFile file) {
  post(std::move(file));
}

void EpisodeRecorder::finish() {
  post(Finish{});
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return isFinished_ || stopping_; });
}

std::optional<core::RecordingOrder> EpisodeRecorder::recording() const {
  std::lock_guard lock(mutex_);
  return recording_;
}

void EpisodeRecorder::waitUntilIdle() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return (events_.empty() && !isBusy_) || stopping_; });
}

void EpisodeRecorder::post(Event event) {
  {
    std::lock_guard lock(mutex_);
    if (isFinished_) return;
    events_.push_back(std::move(event));
  }
  changed_.notify_all();
}

void EpisodeRecorder::run() {
  std::unique_lock lock(mutex_);
  auto isWoken = [&] { return stopping_ || !events_.empty(); };
  while (!stopping_) {
    if (events_.empty()) {
      isBusy_ = false;
      changed_.notify_all();
      // A file that could not be opened or failed is tried again when its back-off ends.
      const bool isWaitingToRetry = !isFinished_ && wanted_ && !open_;
      if (!isWaitingToRetry) {
        changed_.wait(lock, isWoken);
        continue;
      }
      if (changed_.wait_until(lock, retryAt_, isWoken)) continue;
    }
    std::optional<Event> event;
    if (!events_.empty()) {
      event = std::move(events_.front());
      events_.pop_front();
    }
    isBusy_ = true;
    lock.unlock();
    try {
      if (event) handle(*event);
      reconcile();
    } catch (const std::exception& error) {
      log::error("recorder.failed", {{"detail", std::string_view(error.what())}});
    } catch (...) {
      log::error("recorder.failed");
    }
    lock.lock();
    recording_ = open_ ? std::optional(open_->episode) : std::nullopt;
  }
  isBusy_ = false;
  changed_.notify_all();
}

void EpisodeRecorder::want(std::optional<core::RecordingOrder> episode) {
  // Another episode is tried at once, whatever the last one's back-off.
  const std::int64_t before = wanted_ ? wanted_->episodeId : 0;
  if (episode && episode->episodeId != before) {
    retryAt_ = {};
    failures_ = 0;
  }
  wanted_ = episode;
}

void EpisodeRecorder::handle(Event& event) {
  if (auto* start = std::get_if<core::RecordingOrder>(&event)) {
    want(*start);
  } else if (auto* stop = std::get_if<Stop>(&event)) {
    if (wanted_ && wanted_->episodeId == stop->episodeId) {
      wanted_.reset();
    } else {
      log::warn("recorder.stop_ignored", {{"episode", stop->episodeId}});
    }
  } else if (auto* live = std::get_if<std::optional<core::RecordingOrder>>(&event)) {
    want(*live);
  } else if (auto* ended = std::get_if<RecordingFile>(&event)) {
    const bool isOpenFile = open_ && open_->file == ended->file;
    const std::int64_t episodeId = isOpenFile ? open_->episode.episodeId
                                   : wanted_  ? wanted_->episodeId
                                              : 0;
    if (isOpenFile) {
      // A file that ran for a long time before failing starts a fresh back-off; one that keeps
      // failing at once is tried less and less often.
      if (SteadyClock::now() - open_->openedAt > options_.retryMax) failures_ = 0;
      open_.reset();
    }
    failed(*ended, episodeId);
  } else if (std::holds_alternative<Finish>(event)) {
    wanted_.reset();
    close();
    std::lock_guard lock(mutex_);
    isFinished_ = true;
    events_.clear();
    changed_.notify_all();
  }
}

void EpisodeRecorder::reconcile() {
  if (open_ && (!wanted_ || open_->episode.episodeId != wanted_->episodeId)) close();
  if (wanted_ && !open_ && SteadyClock::now() >= retryAt_) open();
}

void EpisodeRecorder::open() {
  RecordingFile file = backend_.startRecording(*wanted_);
  if (!file.error.empty()) {
    failed(file, wanted_->episodeId);
    return;
  }
  open_ = Open{*wanted_, file.file, SteadyClock::now()};
  log::info("recorder.opened",
            {{"episode", wanted_->episodeId}, {"file", std::string_view(file.file)}});
  report(file, wanted_->episodeId, true);
}

void EpisodeRecorder::close() {
  if (!open_) return;
  const Open closing = std::move(*open_);
  open_.reset();
  auto file = backend_.stopRecording();
  if (!file) return;  // it failed just before; fileEnded() reports it
  if (!file->error.empty()) {
    failed(*file, closing.episode.episodeId);
    return;
  }
  failures_ = 0;
  log::info(
      "recorder.closed",
      {{"episode", closing.episode.episodeId}, {"file", file->file}, {"frames", file->frames}});
  report(*file, closing.episode.episodeId, false);
}

void EpisodeRecorder::failed(const RecordingFile& file, std::int64_t episodeId) {
  const std::chrono::milliseconds delay = std::min<std::chrono::milliseconds>(
      options_.retryMax, options_.retryFirst * (1LL << std::min(failures_, 16)));
  ++failures_;
  retryAt_ = SteadyClock::now() + delay;
  log::error("recorder.file_failed", {{"episode", episodeId},
                                      {"file", std::string_view(file.file)},
                                      {"detail", std::string_view(file.error)},
                                      {"retryInMs", static_cast<std::int64_t>(delay.count())}});
  report(file, episodeId, false);
}

void EpisodeRecorder::report(const RecordingFile& file, std::int64_t episodeId, bool isOpen) {
  if (!onReport_ || episodeId <= 0 || file.file.empty()) return;
  core::RecordingReport report;
  report.episodeId = episodeId;
  report.file = file.file;
  report.state = isOpen ? "recording" : file.error.empty() ? "done" : "failed";
  report.bytes = file.bytes;
  report.frames = file.frames;
  report.startedAt = isoTimeMs(file.startedAtUnixMs > 0 ? file.startedAtUnixMs : unixMsNow());
  if (!isOpen) {
    report.stoppedAt = isoTimeMs(file.stoppedAtUnixMs > 0 ? file.stoppedAtUnixMs : unixMsNow());
  }
  report.error = plainText(file.error);
  onReport_(report);
}

}  // namespace sporazum::overlay::control
