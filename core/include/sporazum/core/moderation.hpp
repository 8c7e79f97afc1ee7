#pragma once
// Domain types of the moderation desk (staff, sessions, moderated questions, changes, the audit
// log) and the rules of which moderation action may follow which state. Shared by the desk hub and
// the storage adapter; pure.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sporazum/core/question.hpp"
#include "sporazum/core/result.hpp"

namespace sporazum::core {

enum class StaffRole { Moderator = 1, Producer, Admin, Engine };

std::string_view toString(StaffRole role);
std::optional<StaffRole> parseStaffRole(std::string_view text);

/// Who a staff member is, as every module may see it (no secrets).
struct StaffIdentity {
  std::int64_t staffId = 0;
  std::string username;
  std::string displayName;
  StaffRole role = StaffRole::Moderator;

  friend bool operator==(const StaffIdentity&, const StaffIdentity&) = default;
};

/// An account as stored, for the login check. passwordHash is libsodium's Argon2id string.
struct StaffAccount {
  StaffIdentity identity;
  std::string passwordHash;
  bool isDisabled = false;
};

/// A valid login session.
struct StaffSession {
  StaffIdentity identity;
  std::int64_t expiresAtUnixMs = 0;
};

/// A question as moderators see it. Holds private data (name, municipality, device and address
/// codes): it must never reach the studio, the engines or a viewer.
struct ModQuestion {
  std::int64_t id = 0;
  std::int64_t episodeId = 0;
  std::int32_t version = 1;
  std::string clientId;
  std::string state;         ///< internal state, e.g. "held"
  std::string text;          ///< the viewer's text, never changed
  std::string airText;       ///< the moderators' edit for air; empty when none
  std::string displayName;   ///< private
  std::string municipality;  ///< private
  bool consentNameOnAir = false;
  std::string interfaceLanguage;
  std::string language;                  ///< detected: sr, sq, en, other (empty when unknown)
  std::string receivedAt;                ///< ISO 8601 UTC with milliseconds
  std::string filterAction;              ///< none, flag, hold
  std::string filterReasonsJson = "[]";  ///< JSON array as stored (see 0002_moderation.sql)
  std::string topic;
  bool isStarred = false;
  std::int64_t mergedInto = 0;  ///< 0 when not merged
  std::int32_t askCount = 1;
  std::string rejectReason;
  std::string rejectNote;
  std::string deviceCode;   ///< first 8 hex digits of the device digest; private
  std::string addressCode;  ///< first 8 hex digits of the address digest; private
  std::string ban;          ///< "", "episode" or "forever": the sending device's active ban
  std::string changedBy;    ///< display name of the last moderator to change it; empty if none
  std::string changedAt;    ///< ISO 8601, empty if never changed
  std::int64_t queuePosition = 0;  ///< 1… while queued (the studio's running order); 0 otherwise
  std::string onAirAt;   ///< the engines' first frame with it on air (as-run); empty until then
  std::string offAirAt;  ///< the first frame without it again; empty until then

  friend bool operator==(const ModQuestion&, const ModQuestion&) = default;
};

/// What a moderator can do to a question. Each sets a state; none toggles.
enum class ModAction { Approve = 1, Reject, Reopen, Edit, Tag, Star, Merge, Ban };

std::string_view toString(ModAction action);
std::optional<ModAction> parseModAction(std::string_view text);

/// Reasons a moderator may give for a rejection ("banned" is set by the system only).
inline constexpr std::string_view kRejectReasons[] = {
    "abuse", "hate", "off_topic", "duplicate", "spam", "personal_data", "other"};
inline constexpr std::size_t kMaxRejectNoteChars = 200;
inline constexpr std::size_t kMaxAirTextChars = 500;
inline constexpr std::size_t kMaxTopicChars = 40;

/// One moderation change, based on the version the moderator saw.
struct ModChange {
  std::int64_t questionId = 0;
  std::int32_t baseVersion = 0;
  ModAction action = ModAction::Approve;
  std::string rejectReason;    ///< Reject
  std::string rejectNote;      ///< Reject, optional free text
  std::string airText;         ///< Edit; empty restores the viewer's text
  std::string topic;           ///< Tag; empty clears
  bool isStarred = false;      ///< Star
  std::int64_t mergeInto = 0;  ///< Merge: the question that is kept
  bool isBanForever = false;   ///< Ban: for good, else this episode only
  StaffIdentity by;
};

enum class ChangeStatus {
  Applied = 1,
  Conflict,    ///< the question changed since baseVersion; see current and lastChange
  NotFound,    ///< no such question (or not in the current episode)
  NotAllowed,  ///< the action does not fit the question's state; see message
  NothingToUndo,
  Unavailable  ///< the database could not be reached in time; nothing is known to be applied
};

/// The outcome of a change or an undo.
struct ChangeOutcome {
  ChangeStatus status = ChangeStatus::Unavailable;
  /// Rows after the change (a merge or a ban changes several), or the current row on a conflict.
  std::vector<ModQuestion> questions;
  std::string conflictBy;      ///< Conflict: display name of who made the newer change
  std::string conflictAction;  ///< Conflict: what they did (an audit action name)
  std::string message;         ///< NotAllowed, NotFound: for people
  std::int64_t auditId = 0;    ///< Applied: the audit entry written
};

/// One audit log entry. before/after are JSON objects as stored.
struct AuditEntry {
  std::int64_t id = 0;
  std::string at;
  std::string actor;
  std::string action;
  std::int64_t episodeId = 0;
  std::int64_t questionId = 0;
  std::string beforeJson = "null";
  std::string afterJson = "null";
  std::int64_t undoes = 0;

  friend bool operator==(const AuditEntry&, const AuditEntry&) = default;
};

struct AuditQuery {
  std::int64_t beforeId = 0;   ///< entries older than this id; 0 for the newest
  std::size_t limit = 200;     ///< capped at 1000
  std::int64_t episodeId = 0;  ///< 0 for every episode
};

/// A version of the auto-filter lexicon (TSV text, see assets/filter/README.md).
struct LexiconText {
  std::int64_t version = 0;  ///< 0: the file shipped in assets/, no admin edit yet
  std::string body;
  std::string updatedBy;
  std::string updatedAt;
};

/// Whether `action` may be applied to a question in `state` (merged, queued, on air, aired and
/// not selected questions are past moderation). Returns an Error with code not_allowed otherwise.
Result<bool> checkModeration(ModAction action, std::string_view state);

/// The state a question is in after `action` (unchanged for edit, tag, star).
std::string_view stateAfter(ModAction action, std::string_view state);

/// Checks the fields of a change (reject reason, note and text lengths, merge target) before it
/// goes anywhere. Error codes: bad_field, field_too_long.
Result<bool> validateChange(const ModChange& change);

}  // namespace sporazum::core
