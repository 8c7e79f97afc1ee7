#include "sporazum/core/moderation.hpp"

#include <gtest/gtest.h>

namespace sporazum::core {
namespace {

ModChange changeOf(ModAction action) {
  ModChange change;
  change.questionId = 7;
  change.baseVersion = 1;
  change.action = action;
  return change;
}

TEST(Moderation, ActionsAndRolesRoundTripThroughTheirNames) {
  for (auto action : {ModAction::Approve, ModAction::Reject, ModAction::Reopen, ModAction::Edit,
                      ModAction::Tag, ModAction::Star, ModAction::Merge, ModAction::Ban}) {
    EXPECT_EQ(parseModAction(toString(action)), action);
  }
  for (auto role :
       {StaffRole::Moderator, StaffRole::Producer, StaffRole::Admin, StaffRole::Engine}) {
    EXPECT_EQ(parseStaffRole(toString(role)), role);
  }
  EXPECT_FALSE(parseModAction("toggle"));
  EXPECT_FALSE(parseStaffRole("root"));
}

TEST(Moderation, QuestionsPastModerationRefuseModeratorActions) {
  for (auto state : {"merged", "queued", "on_air", "aired", "not_selected"}) {
    auto result = checkModeration(ModAction::Approve, state);
    ASSERT_FALSE(result) << state;
    EXPECT_EQ(result.error().code, "not_allowed");
  }
  for (auto state : {"received", "held", "approved", "rejected"}) {
    EXPECT_TRUE(checkModeration(ModAction::Reject, state)) << state;
    EXPECT_TRUE(checkModeration(ModAction::Edit, state)) << state;
  }
}

TEST(Moderation, ReopenNeedsADecisionToUndoAndBanAnythingButAMergedQuestion) {
  EXPECT_FALSE(checkModeration(ModAction::Reopen, "received"));
  EXPECT_TRUE(checkModeration(ModAction::Reopen, "held"));
  EXPECT_TRUE(checkModeration(ModAction::Ban, "aired"));
  EXPECT_FALSE(checkModeration(ModAction::Ban, "merged"));
}

TEST(Moderation, StateAfterSetsTheStateAndNeverToggles) {
  EXPECT_EQ(stateAfter(ModAction::Approve, "approved"), "approved");
  EXPECT_EQ(stateAfter(ModAction::Reject, "held"), "rejected");
  EXPECT_EQ(stateAfter(ModAction::Reopen, "rejected"), "received");
  EXPECT_EQ(stateAfter(ModAction::Star, "held"), "held");
  EXPECT_EQ(stateAfter(ModAction::Ban, "approved"), "rejected");
  EXPECT_EQ(stateAfter(ModAction::Ban, "aired"), "aired");
}

TEST(Moderation, ValidateChangeChecksReasonsLengthsAndMergeTargets) {
  auto reject = changeOf(ModAction::Reject);
  reject.rejectReason = "because";
  EXPECT_EQ(validateChange(reject).error().field, "reason");
  reject.rejectReason = "hate";
  EXPECT_TRUE(validateChange(reject));
  reject.rejectNote = std::string(201, 'x');
  EXPECT_EQ(validateChange(reject).error().code, "field_too_long");

  auto edit = changeOf(ModAction::Edit);
  edit.airText = std::string(500, 'x');
  EXPECT_TRUE(validateChange(edit));
  edit.airText = "\xC3";
  EXPECT_EQ(validateChange(edit).error().code, "bad_field");

  auto merge = changeOf(ModAction::Merge);
  EXPECT_FALSE(validateChange(merge));
  merge.mergeInto = 7;
  EXPECT_FALSE(validateChange(merge));
  merge.mergeInto = 3;
  EXPECT_TRUE(validateChange(merge));

  auto stale = changeOf(ModAction::Approve);
  stale.baseVersion = 0;
  EXPECT_EQ(validateChange(stale).error().field, "version");
}

}  // namespace
}  // namespace sporazum::core
