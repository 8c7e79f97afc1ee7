#pragma once
// Codec of the studio's part of the staff protocol (schema/protocol.md, "The studio"): episodes,
// the producers' queue, the engines' recordings and confidence picture. Requests are decoded
// (their free text cleaned by core::cleanEpisodeDraft); replies and pushes are encoded here and
// nowhere else. Nothing encoded here carries a viewer's private data.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sporazum/core/graphics.hpp"
#include "sporazum/core/json_fields.hpp"
#include "sporazum/core/result.hpp"
#include "sporazum/core/studio.hpp"

namespace sporazum::desk::wire {

/// The largest message an engine may send: an engine_preview carries up to 48 KiB of JPEG as
/// base64 (64 KiB), a little more than other staff messages may be.
inline constexpr std::size_t kMaxEngineMessageBytes = 80 * 1024;

struct EpisodesRequest {
  std::string id;
};
struct EpisodeSave {
  std::string id;
  core::EpisodeDraft draft;
};
struct EpisodeStart {
  std::string id;
  std::int64_t episodeId = 0;
};
struct EpisodeEnd {
  std::string id;
  std::int64_t episodeId = 0;
};
/// queue_move or queue_remove; `change.by` is filled in by the desk from the session.
struct QueueEdit {
  std::string id;
  core::QueueChange change;
};
// An engine's reports: no id, no reply.
struct EngineRecording {
  core::RecordingReport report;
};
struct EnginePreviewReport {
  core::EnginePreview preview;
};

using StudioRequest =
    std::variant<EpisodesRequest, EpisodeSave, EpisodeStart, EpisodeEnd, QueueEdit>;

/// Decodes a producer's request of `type` with its `id`; nullopt when `type` is not one of the
/// studio's. Errors: missing_field, bad_field, field_too_long, control_characters, invalid_utf8.
std::optional<core::Result<StudioRequest>> decodeStudioRequest(std::string_view type,
                                                               const core::json::Json& object,
                                                               const std::string& id);

std::string encodeShow(const std::optional<core::Episode>& episode);
std::string encodeEpisodeList(std::string_view id, const std::vector<core::Episode>& episodes);
std::string encodeEpisodeSaved(std::string_view id, const core::Episode& episode);
/// One queue message: part of the queue unless isComplete.
std::string encodeQueue(std::int64_t episodeId,
                        const std::vector<const core::AirQuestion*>& questions, bool isComplete);
std::string encodeQueueChanges(std::int64_t episodeId,
                               const std::vector<core::AirQuestion>& questions);
/// A stale queue change: the question as it is now, in the studio's form.
std::string encodeQueueConflict(std::string_view id, const core::AirQuestion& current,
                                std::string_view changedBy, std::string_view action);
/// The confidence picture as producers get it; `at` is when it arrived.
std::string encodePreview(std::string_view engine, std::string_view jpegBase64,
                          std::string_view at);

}  // namespace sporazum::desk::wire
