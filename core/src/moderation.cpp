#include "sporazum/core/moderation.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "sporazum/core/text.hpp"

namespace sporazum::core {
namespace {

constexpr std::array<std::pair<StaffRole, std::string_view>, 4> kRoles{{
    {StaffRole::Moderator, "moderator"},
    {StaffRole::Producer, "producer"},
    {StaffRole::Admin, "admin"},
    {StaffRole::Engine, "engine"},
}};

constexpr std::array<std::pair<ModAction, std::string_view>, 8> kActions{{
    {ModAction::Approve, "approve"},
    {ModAction::Reject, "reject"},
    {ModAction::Reopen, "reopen"},
    {ModAction::Edit, "edit"},
    {ModAction::Tag, "tag"},
    {ModAction::Star, "star"},
    {ModAction::Merge, "merge"},
    {ModAction::Ban, "ban"},
}};

bool isOneOf(std::string_view state, std::initializer_list<std::string_view> states) {
  return std::find(states.begin(), states.end(), state) != states.end();
}

/// States still open to moderation; later ones belong to the studio and the archive.
bool isUnderModeration(std::string_view state) {
  return isOneOf(state, {"received", "held", "approved", "rejected"});
}

Error notAllowed(std::string message) {
  return makeError("not_allowed", std::move(message));
}

}  // namespace

std::string_view toString(StaffRole role) {
  for (const auto& [value, name] : kRoles) {
    if (value == role) return name;
  }
  return "moderator";
}

std::optional<StaffRole> parseStaffRole(std::string_view text) {
  for (const auto& [value, name] : kRoles) {
    if (name == text) return value;
  }
  return std::nullopt;
}

std::string_view toString(ModAction action) {
  for (const auto& [value, name] : kActions) {
    if (value == action) return name;
  }
  return "approve";
}

std::optional<ModAction> parseModAction(std::string_view text) {
  for (const auto& [value, name] : kActions) {
    if (name == text) return value;
  }
  return std::nullopt;
}

Result<bool> checkModeration(ModAction action, std::string_view state) {
  switch (action) {
    case ModAction::Reopen:
      if (isOneOf(state, {"held", "approved", "rejected"})) return true;
      if (state == "received") return notAllowed("the question is already waiting for review");
      break;
    case ModAction::Ban:
      if (state != "merged") return true;
      return notAllowed("the question was merged: ban from the question it was merged into");
    default:
      if (isUnderModeration(state)) return true;
      break;
  }
  return notAllowed("the question is " + std::string(state) + " and no longer open to moderation");
}

std::string_view stateAfter(ModAction action, std::string_view state) {
  switch (action) {
    case ModAction::Approve:
      return "approved";
    case ModAction::Reject:
      return "rejected";
    case ModAction::Reopen:
      return "received";
    case ModAction::Merge:
      return "merged";
    case ModAction::Ban:
      return isUnderModeration(state) ? "rejected" : state;
    case ModAction::Edit:
    case ModAction::Tag:
    case ModAction::Star:
      break;
  }
  return state;
}

Result<bool> validateChange(const ModChange& change) {
  if (change.questionId <= 0)
    return makeError("bad_field", "question must be a positive id", "question");
  if (change.baseVersion <= 0) return makeError("bad_field", "version must be positive", "version");
  switch (change.action) {
    case ModAction::Reject: {
      const bool isKnown = std::find(std::begin(kRejectReasons), std::end(kRejectReasons),
                                     change.rejectReason) != std::end(kRejectReasons);
      if (!isKnown) return makeError("bad_field", "unknown reject reason", "reason");
      if (!isValidUtf8(change.rejectNote))
        return makeError("bad_field", "note is not UTF-8", "note");
      if (countCodePoints(change.rejectNote) > kMaxRejectNoteChars) {
        return makeError("field_too_long", "note is over 200 characters", "note");
      }
      break;
    }
    case ModAction::Edit:
      if (!isValidUtf8(change.airText))
        return makeError("bad_field", "airText is not UTF-8", "airText");
      if (countCodePoints(change.airText) > kMaxAirTextChars) {
        return makeError("field_too_long", "airText is over 500 characters", "airText");
      }
      break;
    case ModAction::Tag:
      if (!isValidUtf8(change.topic)) return makeError("bad_field", "topic is not UTF-8", "topic");
      if (countCodePoints(change.topic) > kMaxTopicChars) {
        return makeError("field_too_long", "topic is over 40 characters", "topic");
      }
      break;
    case ModAction::Merge:
      if (change.mergeInto <= 0)
        return makeError("bad_field", "into must be a question id", "into");
      if (change.mergeInto == change.questionId) {
        return makeError("bad_field", "a question cannot be merged into itself", "into");
      }
      break;
    case ModAction::Approve:
    case ModAction::Reopen:
    case ModAction::Star:
    case ModAction::Ban:
      break;
  }
  return true;
}

}  // namespace sporazum::core
