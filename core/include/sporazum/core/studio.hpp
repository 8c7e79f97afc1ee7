#pragma once
// Domain types of the studio (schema/protocol.md, "The studio"): episodes as producers plan and
// run them, the producers' queue of questions for air, and the rules their requests must meet.
// Shared by the desk (which speaks the protocol) and the storage adapter; pure.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sporazum/core/moderation.hpp"
#include "sporazum/core/result.hpp"

namespace sporazum::core {

inline constexpr std::int64_t kMaxEpisodeNumber = 9999;
inline constexpr std::size_t kMaxEpisodeTitleChars = 200;
inline constexpr std::size_t kMaxGuests = 12;
inline constexpr std::size_t kMaxGuestNameChars = 200;
inline constexpr std::size_t kMaxGuestRoleChars = 200;
inline constexpr std::size_t kMaxEpisodeTopics = 20;
inline constexpr std::size_t kMaxEpisodeTopicChars = 40;

/// planned (made, not started), live (started, not ended), aired (ended).
/// Archived: aired, and its recording is in the archive (issue 6).
enum class EpisodeState { Planned = 1, Live, Aired, Archived };
std::string_view toString(EpisodeState state);
std::optional<EpisodeState> parseEpisodeState(std::string_view text);

/// A guest of one episode: a name and the role or party of this appearance (may be empty).
struct Guest {
  std::string name;
  std::string role;

  friend bool operator==(const Guest&, const Guest&) = default;
};

/// The newest recording file an engine reported for an episode.
struct RecordingSummary {
  std::string engine;  ///< the engine's staff account
  std::string file;
  std::int64_t bytes = 0;
  std::string state;  ///< recording, done, failed
  std::string error;  ///< failed only: why

  friend bool operator==(const RecordingSummary&, const RecordingSummary&) = default;
};

/// An episode as the studio sees it (EPISODE in the protocol). Holds nothing private.
struct Episode {
  std::int64_t id = 0;
  std::int64_t number = 0;
  std::string title;
  std::string airDate;  ///< YYYY-MM-DD
  EpisodeState state = EpisodeState::Planned;
  bool questionsOpen = false;
  std::vector<Guest> guests;  ///< in the console's order
  std::vector<std::string> topics;
  std::string startedAt;  ///< ISO 8601 UTC with milliseconds; empty until started
  std::string endedAt;    ///< empty until ended
  std::optional<RecordingSummary> recording;

  friend bool operator==(const Episode&, const Episode&) = default;
};

/// What a producer may set of an episode: its planned details. State, times and recording are
/// the server's.
struct EpisodeDraft {
  std::int64_t id = 0;  ///< 0: a new episode
  std::int64_t number = 0;
  std::string title;
  std::string airDate;
  std::vector<Guest> guests;
  std::vector<std::string> topics;

  friend bool operator==(const EpisodeDraft&, const EpisodeDraft&) = default;
};

/// Whether `text` is a real calendar date written YYYY-MM-DD (years 1000–9999).
bool isCalendarDate(std::string_view text);

/// Cleans every text of a draft like viewer text (control characters refused, bidi controls
/// removed, NFC, trimmed; no line breaks) and checks the limits: number 1–9999, title 1–200 code
/// points, a calendar date, at most 12 guests (name 1–200, role 0–200), at most 20 topics (1–40
/// each). Errors: bad_field, field_too_long, control_characters, invalid_utf8, with `field`
/// naming the place (e.g. "guests[2].name").
Result<EpisodeDraft> cleanEpisodeDraft(EpisodeDraft draft);

/// A question as the studio sees it (AIR_QUESTION): nothing private — no contact, device or
/// address codes, no moderation notes, and the viewer's name only with their consent.
struct AirQuestion {
  std::int64_t id = 0;
  std::int64_t episodeId = 0;
  std::int32_t version = 1;
  std::string state;
  std::string text;        ///< for air: the moderators' edit, else the viewer's own
  std::string viewerText;  ///< the viewer's own
  bool isEdited = false;
  std::string viewerName;  ///< empty without consent
  std::string municipality;
  std::string language;  ///< sr-Latn, sr-Cyrl, sq, en or empty
  std::string topic;
  std::int32_t askCount = 1;
  std::int64_t position = 0;  ///< 1… in the running order while queued; 0 otherwise
  std::string receivedAt;
  std::string onAirAt;   ///< from the engines' as-run; empty until then
  std::string offAirAt;  ///< empty until then

  friend bool operator==(const AirQuestion&, const AirQuestion&) = default;
};

/// The states the producers' queue shows: approved, queued, on_air, aired, not_selected.
bool isQueueState(std::string_view state);

/// The studio's view of a question (what lowerThirdFor would put on air, plus its queue fields).
AirQuestion airQuestionFrom(const ModQuestion& question);

enum class QueueAction { Move = 1, Remove };

/// A producer's change to the queue, based on the version they saw.
struct QueueChange {
  QueueAction action = QueueAction::Move;
  std::int64_t questionId = 0;
  std::int32_t baseVersion = 0;
  std::int64_t position = 1;  ///< Move: 1 = next; past the end puts it last
  StaffIdentity by;
};

}  // namespace sporazum::core
