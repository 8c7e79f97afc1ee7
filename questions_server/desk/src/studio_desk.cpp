// The studio's part of the desk (schema/protocol.md, "The studio"): producers' and admins' show,
// queue and episode requests, recording orders to the engines, the engines' recordings and
// confidence pictures. Producers see questions only in their studio form (core::AirQuestion).

#include <algorithm>

#include "desk_internal.hpp"
#include "sporazum/core/log.hpp"
#include "sporazum/desk/moderation_desk.hpp"

namespace sporazum::desk {
namespace {

using detail::onIoThread;
using detail::unavailable;

}  // namespace

// ---- the show ---------------------------------------------------------------------------------

void ModerationDesk::onShow(const std::optional<core::Episode>& show) {
  const bool isChanged = !isShowKnown_ || !(show_ == show);
  isShowKnown_ = true;
  show_ = show;
  // One source for the whole desk: moderators, the queue and the show follow the same episode.
  onEpisodeChange(show ? core::EpisodeStatus{show->id, show->title, show->questionsOpen}
                       : core::EpisodeStatus{});
  if (isChanged) broadcastToStudio(wire::encodeShow(show_));
  std::optional<core::RecordingOrder> order;
  if (show && show->state == core::EpisodeState::Live) {
    order = core::RecordingOrder{show->id, show->number};
  }
  updateRecording(order);
}

void ModerationDesk::updateRecording(std::optional<core::RecordingOrder> order) {
  if (order == recording_) return;
  const auto previous = recording_;
  recording_ = order;
  if (programme_) programme_->recording = recording_;
  std::vector<core::ConnectionId> engines;
  for (const auto& [id, connection] : connections_) {
    // An engine not synced yet gets the order in its programme_state.
    if (isEngine(connection) && connection.isEngineSynced) engines.push_back(id);
  }
  if (previous) {
    log::info("recording_stop", {{"episode", previous->episodeId}});
    const std::string stop = core::encodeRecordCommand({core::RecordAction::Stop, *previous});
    for (auto id : engines)
      send(id, stop);
  }
  if (order) {
    log::info("recording_start", {{"episode", order->episodeId}});
    const std::string start = core::encodeRecordCommand({core::RecordAction::Start, *order});
    for (auto id : engines)
      send(id, start);
  }
}

bool ModerationDesk::hasStudioConnection() const {
  return std::any_of(connections_.begin(), connections_.end(),
                     [this](const auto& item) { return isStudioRole(item.second); });
}

bool ModerationDesk::requireStudio(core::ConnectionId id, const Connection& connection,
                                   const std::string& requestId) {
  if (isStudioRole(connection)) return true;
  reject(id, core::makeError("forbidden", "only producers and admins run the show"), requestId);
  return false;
}

// ---- episodes ---------------------------------------------------------------------------------

void ModerationDesk::handle(core::ConnectionId id, Connection& connection,
                            const wire::EpisodesRequest& request) {
  if (!requireStudio(id, connection, request.id)) return;
  repository_.listEpisodes(onIoThread(
      transport_, isAlive_,
      [this, id, requestId = request.id](std::optional<std::vector<core::Episode>> episodes) {
        if (!connections_.contains(id)) return;
        if (!episodes) {
          reject(id, unavailable(), requestId);
          return;
        }
        send(id, wire::encodeEpisodeList(requestId, *episodes));
      }));
}

void ModerationDesk::handle(core::ConnectionId id, Connection& connection,
                            wire::EpisodeSave& request) {
  if (!requireStudio(id, connection, request.id)) return;
  repository_.saveEpisode(
      std::move(request.draft), connection.session.identity,
      onIoThread(transport_, isAlive_,
                 [this, id, requestId = request.id](core::Result<core::Episode> saved) {
                   if (!connections_.contains(id)) return;
                   if (!saved) {
                     reject(id, saved.error(), requestId);
                     return;
                   }
                   log::info("episode_saved", {{"episode", saved->id}});
                   send(id, wire::encodeEpisodeSaved(requestId, *saved));
                 }));
}

void ModerationDesk::answerEpisodeRequest(core::ConnectionId id, const std::string& requestId,
                                          const core::Result<core::Episode>& result) {
  if (!connections_.contains(id)) return;
  if (!result) {
    reject(id, result.error(), requestId);
    return;
  }
  send(id, wire::encodeDone(requestId));
}

void ModerationDesk::handle(core::ConnectionId id, Connection& connection,
                            const wire::EpisodeStart& request) {
  if (!requireStudio(id, connection, request.id)) return;
  repository_.startEpisode(
      request.episodeId, connection.session.identity,
      onIoThread(transport_, isAlive_,
                 [this, id, requestId = request.id](core::Result<core::Episode> started) {
                   if (started) log::info("episode_started", {{"episode", started->id}});
                   answerEpisodeRequest(id, requestId, started);
                 }));
}

void ModerationDesk::handle(core::ConnectionId id, Connection& connection,
                            const wire::EpisodeEnd& request) {
  if (!requireStudio(id, connection, request.id)) return;
  repository_.endEpisode(
      request.episodeId, connection.session.identity,
      onIoThread(transport_, isAlive_,
                 [this, id, requestId = request.id](core::Result<core::Episode> ended) {
                   if (ended) log::info("episode_ended", {{"episode", ended->id}});
                   answerEpisodeRequest(id, requestId, ended);
                 }));
}

// ---- the queue --------------------------------------------------------------------------------

std::vector<core::AirQuestion> ModerationDesk::absorbQueue(
    const std::vector<core::ModQuestion>& rows) {
  std::vector<core::AirQuestion> changed;
  for (const auto& row : rows) {
    if (row.episodeId != episode_.episodeId || row.id <= 0) continue;
    const bool isInQueue = core::isQueueState(row.state);
    auto it = queue_.find(row.id);
    if (it == queue_.end()) {
      if (!isInQueue) continue;
      it = queue_.emplace(row.id, core::airQuestionFrom(row)).first;
    } else if (row.version > it->second.version) {
      it->second = core::airQuestionFrom(row);
    } else {
      continue;
    }
    std::erase_if(changed, [&row](const core::AirQuestion& q) { return q.id == row.id; });
    changed.push_back(it->second);
    // One that left the queue's states is told once, with its new state, then forgotten.
    if (!isInQueue) queue_.erase(it);
  }
  return changed;
}

std::vector<std::string> ModerationDesk::encodeQueue() const {
  std::vector<std::string> messages;
  std::vector<const core::AirQuestion*> chunk;
  chunk.reserve(std::min(config_.snapshotChunk, queue_.size()));
  for (auto it = queue_.begin(); it != queue_.end(); ++it) {
    chunk.push_back(&it->second);
    if (chunk.size() == config_.snapshotChunk && std::next(it) != queue_.end()) {
      messages.push_back(wire::encodeQueue(episode_.episodeId, chunk, false));
      chunk.clear();
    }
  }
  messages.push_back(wire::encodeQueue(episode_.episodeId, chunk, true));
  return messages;
}

void ModerationDesk::broadcastQueue() {
  if (!hasStudioConnection()) return;
  const auto messages = encodeQueue();
  for (const auto& message : messages)
    broadcastToStudio(message);
}

void ModerationDesk::handle(core::ConnectionId id, Connection& connection,
                            wire::QueueEdit& request) {
  if (!requireStudio(id, connection, request.id)) return;
  // While the episode is (re)loading the database alone knows; it checks the episode too.
  if (isEpisodeLoaded_ && !queue_.contains(request.change.questionId) &&
      !questions_.contains(request.change.questionId)) {
    reject(id, core::makeError("not_found", "no such question in this episode"), request.id);
    return;
  }
  request.change.by = connection.session.identity;
  repository_.changeQueue(
      request.change, onIoThread(transport_, isAlive_,
                                 [this, id, requestId = request.id](core::ChangeOutcome outcome) {
                                   finishQueueChange(id, requestId, outcome);
                                 }));
}

void ModerationDesk::finishQueueChange(core::ConnectionId id, const std::string& requestId,
                                       const core::ChangeOutcome& outcome) {
  // Everyone sees what the database now holds, whoever asked and whatever the outcome.
  takeRows(outcome.questions);
  if (!connections_.contains(id)) return;
  switch (outcome.status) {
    case core::ChangeStatus::Applied: {
      if (outcome.questions.empty()) break;
      metrics_.queueChanges.add();
      const auto& moved = outcome.questions.front();
      send(id, wire::encodeDone(requestId, moved.id, moved.version));
      return;
    }
    case core::ChangeStatus::Conflict: {
      metrics_.conflicts.add();
      if (outcome.questions.empty()) break;
      // Producers get the studio's form of the question, never the moderators'.
      const auto held = queue_.find(outcome.questions.front().id);
      const core::AirQuestion current =
          held != queue_.end() ? held->second : core::airQuestionFrom(outcome.questions.front());
      send(id, wire::encodeQueueConflict(requestId, current, outcome.conflictBy,
                                         outcome.conflictAction));
      return;
    }
    case core::ChangeStatus::NotFound:
      reject(id,
             core::makeError("not_found",
                             outcome.message.empty() ? "no such question" : outcome.message),
             requestId);
      return;
    case core::ChangeStatus::NotAllowed:
      reject(id, core::makeError("not_allowed", outcome.message), requestId);
      return;
    case core::ChangeStatus::NothingToUndo:
    case core::ChangeStatus::Unavailable:
      break;
  }
  reject(id, unavailable(), requestId);
}

// ---- the engines' recordings and confidence picture --------------------------------------------

void ModerationDesk::handle(core::ConnectionId id, Connection& connection,
                            const wire::EngineRecording& report) {
  if (!requireEngine(id, connection)) return;
  const std::string engine = engineNameOf(connection);
  log::info("engine_recording", {{"engine", engine},
                                 {"episode", report.report.episodeId},
                                 {"state", report.report.state},
                                 {"bytes", report.report.bytes}});
  // The studio hears of it through the show, once it is stored.
  repository_.recordRecording(connection.session.identity, report.report, [engine](bool isStored) {
    if (!isStored) log::warn("recording_not_stored", {{"engine", engine}});
  });
}

void ModerationDesk::handle(core::ConnectionId id, Connection& connection,
                            const wire::EnginePreviewReport& report) {
  if (!requireEngine(id, connection)) return;
  std::int64_t retryAfterMs = 0;
  if (!connection.previews.tryTake(config_.previewRate, steadyClock_(), retryAfterMs)) {
    metrics_.previewsDropped.add();
    return;
  }
  // Passed on as it came and kept nowhere: neither stored nor logged.
  if (!hasStudioConnection()) return;
  metrics_.previewsForwarded.add();
  broadcastToStudio(wire::encodePreview(engineNameOf(connection), report.preview.jpegBase64,
                                        wire::isoTimeFromUnixMs(wallClock_())));
}

}  // namespace sporazum::desk
