#pragma once
// Codec of the staff protocol (schema/protocol.md, "Staff protocol"): requests are decoded and
// their free text cleaned like viewer text; replies and pushes are encoded here and nowhere else.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sporazum/core/graphics.hpp"
#include "sporazum/core/moderation.hpp"
#include "sporazum/core/question.hpp"
#include "sporazum/core/result.hpp"
#include "sporazum/desk/archive_protocol.hpp"
#include "sporazum/desk/studio_protocol.hpp"

namespace sporazum::desk::wire {

inline constexpr std::string_view kSubprotocol = "sporazum.staff.v1";
inline constexpr std::size_t kMaxMessageBytes = 64 * 1024;
/// A lexicon is saved in one message.
inline constexpr std::size_t kMaxLexiconBytes = 1024 * 1024;

struct Login {
  std::string id;
  std::string username;  ///< lower-cased
  std::string password;
};
struct Resume {
  std::string id;
  std::string token;
};
struct Logout {
  std::string id;
};
/// A moderation change; `change.by` is filled in by the desk from the session.
struct Act {
  std::string id;
  core::ModChange change;
};
struct Undo {
  std::string id;
};
struct Look {
  std::int64_t questionId = 0;  ///< 0: none
};
struct AuditRequest {
  std::string id;
  core::AuditQuery query;
};
struct LexiconGet {
  std::string id;
};
struct LexiconSave {
  std::string id;
  std::int64_t baseVersion = 0;
  std::string body;
};

/// A producer's or admin's graphics command; the store assigns its seq and resolves a lower
/// third from its questionId (the only field of a lower third a request gives).
struct Graphics {
  std::string id;
  core::GraphicsCommand command;
};
// An engine's reports: no id, no reply.
struct EngineAsRun {
  core::AsRunReport report;
};
struct EngineHealthReport {
  core::EngineHealth health;
};
struct EngineError {
  core::EngineCommandError error;
};

using Request = std::variant<Login, Resume, Logout, Act, Undo, Look, AuditRequest, LexiconGet,
                             LexiconSave, Graphics, EngineAsRun, EngineHealthReport, EngineError,
                             EpisodesRequest, EpisodeSave, EpisodeStart, EpisodeEnd, QueueEdit,
                             EngineRecording, EnginePreviewReport, ArchiveEpisodesRequest,
                             ArchiveSearchRequest, ArchiveGetRequest, ArchiveEditRequest>;

struct DecodeFailure {
  core::Error error;
  std::string id;
};

/// Decodes one staff request. Fails with bad_json, invalid_utf8, bad_message, unknown_type,
/// missing_field, bad_field, field_too_long or control_characters.
std::variant<Request, DecodeFailure> decodeRequest(std::string_view json);

/// A question as sent to the desk, with the desk's near-duplicate hint (0 for none).
struct DeskQuestion {
  core::ModQuestion question;
  std::int64_t duplicateOf = 0;
};

struct PresenceEntry {
  core::StaffIdentity who;
  std::int64_t lookingAt = 0;  ///< 0: none
  std::int64_t actingOn = 0;   ///< 0: none
};

std::string encodeSession(std::string_view id, std::string_view token,
                          const core::StaffSession& session, std::string_view expiresAt);
std::string encodeLoggedOut(std::string_view id);
std::string encodeSessionExpired();
/// One snapshot message: part of a snapshot unless isComplete.
std::string encodeSnapshot(const core::EpisodeStatus& episode,
                           const std::vector<const DeskQuestion*>& questions, bool isComplete);
std::string encodeQuestions(const std::vector<const DeskQuestion*>& questions);
std::string encodeEpisode(const core::EpisodeStatus& episode);
std::string encodePresence(const std::vector<PresenceEntry>& staff);
std::string encodeDone(std::string_view id, std::int64_t questionId, std::int32_t version);
/// done for a request that concerns no question (episode_start, episode_end).
std::string encodeDone(std::string_view id);
std::string encodeConflict(std::string_view id, const DeskQuestion& current,
                           std::string_view changedBy, std::string_view action);
std::string encodeAuditPage(std::string_view id, const std::vector<core::AuditEntry>& entries,
                            bool hasMore);
std::string encodeLexicon(std::string_view id, const core::LexiconText& lexicon,
                          std::size_t termCount);
std::string encodeError(const core::Error& error, std::string_view id,
                        std::int64_t retryAfterMs = 0);

/// One engine as the studio sees it: connected or lost, with its latest health.
struct EngineStatus {
  std::string engine;  ///< the engine's staff account (its name in engine_health is in `health`)
  bool isConnected = false;
  std::optional<core::EngineHealth> health;
  std::int64_t healthAtUnixMs = 0;  ///< when the health arrived; 0: none yet
};

std::string encodeGraphicsOk(std::string_view id, std::int64_t seq);
/// The programme pushed to producers and admins (the programme_state message, type programme).
std::string encodeProgramme(const core::ProgrammeState& state);
std::string encodeEngineStatus(const std::vector<EngineStatus>& engines);
/// An engine's as-run report or error as pushed to producers and admins, naming the engine.
std::string encodeAsRunPush(std::string_view engine, const core::AsRunReport& report);
std::string encodeEngineErrorPush(std::string_view engine, const core::EngineCommandError& error);

/// Unix milliseconds as ISO 8601 UTC with milliseconds.
std::string isoTimeFromUnixMs(std::int64_t unixMs);

}  // namespace sporazum::desk::wire
