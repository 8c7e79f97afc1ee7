// The archive's part of the desk (schema/protocol.md, "The archive"): producers and admins list,
// search, read and edit the episode archive. The archive answers on its own worker; replies come
// back to the I/O thread like the store's.

#include "desk_internal.hpp"
#include "sporazum/core/log.hpp"
#include "sporazum/desk/moderation_desk.hpp"

namespace sporazum::desk {
namespace {

using detail::onIoThread;

/// The archive store's refusals in the protocol's words; field and message stay.
core::Error protocolError(core::Error error) {
  if (error.code == "unknown_episode") {
    error.code = "not_found";
  } else if (error.code == "unavailable" || error.code == "database_error") {
    error = detail::unavailable();
  }
  return error;
}

}  // namespace

bool ModerationDesk::requireArchive(core::ConnectionId id, const Connection& connection,
                                    const std::string& requestId) {
  if (!isStudioRole(connection)) {
    reject(id, core::makeError("forbidden", "only producers and admins keep the archive"),
           requestId);
    return false;
  }
  if (archive_ == nullptr) {
    reject(id, core::makeError("try_again", "the archive is not available on this server"),
           requestId);
    return false;
  }
  return true;
}

void ModerationDesk::rejectArchive(core::ConnectionId id, const std::string& requestId,
                                   const core::Error& error) {
  if (connections_.contains(id)) reject(id, protocolError(error), requestId);
}

void ModerationDesk::handle(core::ConnectionId id, Connection& connection,
                            const wire::ArchiveEpisodesRequest& request) {
  if (!requireArchive(id, connection, request.id)) return;
  archive_->listEpisodes(
      request.offset, request.limit,
      onIoThread(transport_, isAlive_,
                 [this, id, requestId = request.id](
                     core::Result<std::vector<core::ArchiveEpisodeSummary>> episodes) {
                   if (!episodes) return rejectArchive(id, requestId, episodes.error());
                   if (!connections_.contains(id)) return;
                   send(id,
                        wire::encodeArchiveEpisodeList(requestId, *episodes, config_.archiveLinks));
                 }));
}

void ModerationDesk::handle(core::ConnectionId id, Connection& connection,
                            wire::ArchiveSearchRequest& request) {
  if (!requireArchive(id, connection, request.id)) return;
  archive_->search(std::move(request.query), request.limit,
                   onIoThread(transport_, isAlive_,
                              [this, id, requestId = request.id](
                                  core::Result<std::vector<core::SearchHit>> hits) {
                                if (!hits) return rejectArchive(id, requestId, hits.error());
                                if (!connections_.contains(id)) return;
                                send(id, wire::encodeArchiveHits(requestId, *hits));
                              }));
}

void ModerationDesk::handle(core::ConnectionId id, Connection& connection,
                            const wire::ArchiveGetRequest& request) {
  if (!requireArchive(id, connection, request.id)) return;
  archive_->episode(
      request.number,
      onIoThread(
          transport_, isAlive_,
          [this, id, requestId = request.id](core::Result<core::ArchiveEpisodeDetail> found) {
            if (!found) return rejectArchive(id, requestId, found.error());
            if (!connections_.contains(id)) return;
            send(id, wire::encodeArchiveDetail(requestId, *found, config_.archiveLinks));
          }));
}

void ModerationDesk::handle(core::ConnectionId id, Connection& connection,
                            wire::ArchiveEditRequest& request) {
  if (!requireArchive(id, connection, request.id)) return;
  const std::int64_t number = request.number;
  archive_->edit(
      number, std::move(request.patch), connection.session.identity,
      onIoThread(
          transport_, isAlive_,
          [this, id, number,
           requestId = request.id](core::Result<core::ArchiveEpisodeDetail> edited) {
            if (edited) {
              log::info("archive_edited", {{"episode_number", number}});
              if (connections_.contains(id)) {
                send(id, wire::encodeArchiveDetail(requestId, *edited, config_.archiveLinks));
              }
              return;
            }
            if (edited.error().code != "version_conflict") {
              return rejectArchive(id, requestId, edited.error());
            }
            // The editor gets the episode as it is now, to merge their changes into.
            archive_->episode(
                number,
                onIoThread(transport_, isAlive_,
                           [this, id, requestId](core::Result<core::ArchiveEpisodeDetail> current) {
                             if (!current) return rejectArchive(id, requestId, current.error());
                             if (!connections_.contains(id)) return;
                             send(id, wire::encodeArchiveConflict(requestId, *current,
                                                                  config_.archiveLinks));
                           }));
          }));
}

}  // namespace sporazum::desk
