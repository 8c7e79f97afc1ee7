// The desk against fakes of its ports: logins, roles, snapshots, changes, conflicts, presence,
// session expiry — without sockets, SQL or real password hashing.

#include "sporazum/desk/moderation_desk.hpp"

#include <gtest/gtest.h>

#include "desk_fakes.hpp"

namespace sporazum::desk {
namespace {

using namespace std::chrono_literals;
using Json = nlohmann::json;
using fakes::FakeRepository;
using fakes::ModerationDeskTest;

TEST_F(ModerationDeskTest, NothingButLoginIsAnsweredBeforeAuthentication) {
  desk_->onOpen(1, "127.0.0.1");
  message(1,
          {{"type", "act"}, {"id", "x"}, {"question", 10}, {"version", 1}, {"action", "approve"}});
  EXPECT_EQ(transport_.last(1)["code"], "unauthenticated");
  EXPECT_EQ(transport_.last(1)["id"], "x");
  message(1, {{"type", "audit"}, {"id", "y"}});
  EXPECT_EQ(transport_.last(1)["code"], "unauthenticated");
  EXPECT_TRUE(repository_.changes.empty());
  EXPECT_TRUE(transport_.ofType(1, "snapshot").empty());
}

TEST_F(ModerationDeskTest, AModeratorGetsASessionThenTheEpisodeSnapshotWithoutOtherEpisodes) {
  const auto token = login(1, "ana");
  EXPECT_EQ(token.size(), 43U);
  const auto snapshot = transport_.ofType(1, "snapshot");
  ASSERT_EQ(snapshot.size(), 1U);
  EXPECT_TRUE(snapshot[0]["complete"].get<bool>());
  EXPECT_EQ(snapshot[0]["episode"]["id"], 7);
  ASSERT_EQ(snapshot[0]["questions"].size(), 2U);
  EXPECT_EQ(snapshot[0]["questions"][0]["id"], 10);
  EXPECT_EQ(snapshot[0]["questions"][1]["text"], "Zašto nema vode u Zvečanu?");
  EXPECT_EQ(transport_.ofType(1, "presence").back()["staff"][0]["username"], "ana");
}

TEST_F(ModerationDeskTest, TheFeedIsFollowedOnlyWhileSomeoneIsOnTheDeskOrInTheStudio) {
  core::ModQuestion early = repository_.questions[10];
  early.id = 40;
  desk_->onQuestions({early});
  EXPECT_TRUE(repository_.feedWantedCalls.empty());
  login(5, "engine-main");
  EXPECT_TRUE(repository_.feedWantedCalls.empty()) << "an engine follows no questions";
  login(2, "ana");
  EXPECT_EQ(repository_.feedWantedCalls, std::vector<bool>{true});
  EXPECT_EQ(transport_.ofType(2, "snapshot").size(), 1U) << "loaded after the feed's reset";
  login(3, "marko");
  login(4, "pera");
  EXPECT_EQ(repository_.feedWantedCalls.size(), 1U);
  desk_->onClose(2);
  desk_->onClose(3);
  EXPECT_EQ(repository_.feedWantedCalls.size(), 1U) << "the producer's queue follows it still";
  desk_->onClose(4);
  EXPECT_EQ(repository_.feedWantedCalls, (std::vector<bool>{true, false}));
  EXPECT_EQ(desk_->metrics().questionsInMemory.value(), 0);
}

TEST_F(ModerationDeskTest, ALateFeedResetIsAskedForAgain) {
  repository_.isResetPlayed = false;
  login(1, "ana");
  EXPECT_TRUE(transport_.ofType(1, "snapshot").empty()) << "waits for the feed";
  now_ += 5s;
  desk_->sweep();
  EXPECT_EQ(repository_.feedWantedCalls, (std::vector<bool>{true, true}));
  desk_->onFeedReset();
  transport_.runPosted();
  EXPECT_EQ(transport_.ofType(1, "snapshot").size(), 1U);
}

TEST_F(ModerationDeskTest, AWrongPasswordAndAnUnknownUserFailAlikeAndBothCostAHashCheck) {
  desk_->onOpen(1, "127.0.0.1");
  message(1,
          {{"type", "login"}, {"id", "l1"}, {"username", "ana"}, {"password", "nope-nope-nope"}});
  const Json wrongPassword = transport_.last(1);
  message(
      1, {{"type", "login"}, {"id", "l1"}, {"username", "nobody"}, {"password", "nope-nope-nope"}});
  EXPECT_EQ(wrongPassword["code"], "login_failed");
  EXPECT_EQ(transport_.last(1), wrongPassword);
  EXPECT_EQ(passwords_.checks, 2);
}

TEST_F(ModerationDeskTest, ALoginWhileTheDatabaseIsAwayIsTryAgainNotAFailure) {
  repository_.isDown = true;
  desk_->onOpen(1, "127.0.0.1");
  for (int i = 0; i < 8; ++i) {
    message(1, {{"type", "login"}, {"id", "l"}, {"username", "ana"}, {"password", "pw-ana"}});
    EXPECT_EQ(transport_.last(1)["code"], "try_again");
  }
  repository_.isDown = false;
  message(1, {{"type", "login"}, {"id", "l"}, {"username", "ana"}, {"password", "pw-ana"}});
  EXPECT_EQ(transport_.ofType(1, "session").size(), 1U) << "no back-off was earned";
}

TEST_F(ModerationDeskTest, ADisabledAccountCannotLogInEvenWithItsPassword) {
  repository_.accounts["ana"].isDisabled = true;
  desk_->onOpen(1, "127.0.0.1");
  message(1, {{"type", "login"}, {"id", "l"}, {"username", "ana"}, {"password", "pw-ana"}});
  EXPECT_EQ(transport_.last(1)["code"], "login_failed");
}

TEST_F(ModerationDeskTest, RepeatedFailuresAreThrottledWithAGrowingWait) {
  desk_->onOpen(1, "10.0.0.1");
  for (int i = 0; i < 5; ++i) {
    message(1,
            {{"type", "login"}, {"id", "l"}, {"username", "ana"}, {"password", "wrong-password"}});
    EXPECT_EQ(transport_.last(1)["code"], "login_failed");
  }
  message(1, {{"type", "login"}, {"id", "l"}, {"username", "ana"}, {"password", "wrong-password"}});
  EXPECT_EQ(transport_.last(1)["code"], "login_failed");
  message(1, {{"type", "login"}, {"id", "l"}, {"username", "ana"}, {"password", "pw-ana"}});
  EXPECT_EQ(transport_.last(1)["code"], "login_throttled") << "even the right password waits";
  EXPECT_EQ(transport_.last(1)["retryAfterMs"], 1000);
  now_ += 1001ms;
  message(1, {{"type", "login"}, {"id", "l"}, {"username", "ana"}, {"password", "wrong-password"}});
  message(1, {{"type", "login"}, {"id", "l"}, {"username", "ana"}, {"password", "pw-ana"}});
  EXPECT_EQ(transport_.last(1)["retryAfterMs"], 2000);
  EXPECT_EQ(passwords_.checks, 7) << "throttled attempts never reach the hasher";
  now_ += 2001ms;
  message(1, {{"type", "login"}, {"id", "l"}, {"username", "ana"}, {"password", "pw-ana"}});
  EXPECT_EQ(transport_.ofType(1, "session").size(), 1U);
}

TEST_F(ModerationDeskTest, AFullHasherQueueAnswersBusy) {
  passwords_.isFull = true;
  desk_->onOpen(1, "127.0.0.1");
  message(1, {{"type", "login"}, {"id", "l"}, {"username", "ana"}, {"password", "pw-ana"}});
  EXPECT_EQ(transport_.last(1)["code"], "busy");
  passwords_.isFull = false;
  message(1, {{"type", "login"}, {"id", "l"}, {"username", "ana"}, {"password", "pw-ana"}});
  EXPECT_EQ(transport_.ofType(1, "session").size(), 1U);
}

TEST_F(ModerationDeskTest, ResumeWithAValidTokenWorksAndWithAnyOtherFails) {
  const auto token = login(1, "ana");
  desk_->onOpen(2, "127.0.0.1");
  message(2, {{"type", "resume"}, {"id", "r"}, {"token", token}});
  EXPECT_EQ(transport_.ofType(2, "session").size(), 1U);
  desk_->onOpen(3, "127.0.0.1");
  message(3, {{"type", "resume"}, {"id", "r"}, {"token", token + "x"}});
  EXPECT_EQ(transport_.last(3)["code"], "session_invalid");
}

TEST_F(ModerationDeskTest, AnApprovalIsAnsweredDoneAndPushedToEveryModerator) {
  login(1, "ana");
  login(2, "marko");
  const Json reply = act(1, 10, 1, "approve");
  EXPECT_EQ(reply["type"], "done");
  EXPECT_EQ(reply["version"], 2);
  for (core::ConnectionId id : {1, 2}) {
    const auto pushes = transport_.ofType(id, "questions");
    ASSERT_FALSE(pushes.empty()) << id;
    EXPECT_EQ(pushes.back()["questions"][0]["state"], "approved");
    EXPECT_EQ(pushes.back()["questions"][0]["changedBy"], "Name ana");
  }
  EXPECT_EQ(repository_.changes.back().by.username, "ana");
}

TEST_F(ModerationDeskTest, AStaleChangeIsAConflictNamingWhoChangedItAndShowingTheOutcome) {
  login(1, "ana");
  login(2, "marko");
  act(1, 10, 1, "approve");
  const Json reply = act(2, 10, 1, "reject", {{"reason", "spam"}});
  EXPECT_EQ(reply["type"], "conflict");
  EXPECT_EQ(reply["changedBy"], "Name ana");
  EXPECT_EQ(reply["question"]["state"], "approved");
  EXPECT_EQ(reply["question"]["version"], 2);
  EXPECT_NE(reply["message"].get<std::string>().find("Name ana"), std::string::npos);
}

TEST_F(ModerationDeskTest, ChangesInFlightAtOnceShowWhoIsActingAndOneWins) {
  login(1, "ana");
  login(2, "marko");
  repository_.holdChanges = true;
  act(1, 11, 1, "approve");
  act(2, 11, 1, "reject", {{"reason", "off_topic"}});
  const auto presence = transport_.ofType(1, "presence").back();
  for (const auto& staff : presence["staff"])
    EXPECT_EQ(staff["acting"], 11);
  for (auto& release : repository_.heldChanges)
    release();
  transport_.runPosted();
  EXPECT_EQ(transport_.ofType(1, "done").size(), 1U);
  EXPECT_EQ(transport_.ofType(2, "conflict").size(), 1U);
  EXPECT_TRUE(transport_.ofType(2, "done").empty());
  EXPECT_EQ(repository_.questions[11].state, "approved");
  for (const auto& staff : transport_.ofType(1, "presence").back()["staff"]) {
    EXPECT_TRUE(staff["acting"].is_null());
  }
}

TEST_F(ModerationDeskTest, ProducersAndEnginesMayNotModerateOrSeePrivateData) {
  login(1, "pera");
  EXPECT_TRUE(transport_.ofType(1, "snapshot").empty());
  EXPECT_EQ(act(1, 10, 1, "approve")["code"], "forbidden");
  EXPECT_TRUE(repository_.changes.empty());
}

TEST_F(ModerationDeskTest, OnlyAdminsReadTheAuditLogAndTheLexicon) {
  login(1, "ana");
  message(1, {{"type", "audit"}, {"id", "q"}});
  EXPECT_EQ(transport_.last(1)["code"], "forbidden");
  message(1, {{"type", "lexicon_get"}, {"id", "q"}});
  EXPECT_EQ(transport_.last(1)["code"], "forbidden");
  login(2, "boss");
  message(2, {{"type", "audit"}, {"id", "q"}, {"limit", 3}});
  EXPECT_EQ(transport_.last(2)["type"], "audit_page");
  EXPECT_EQ(transport_.last(2)["entries"].size(), 3U);
  EXPECT_TRUE(transport_.last(2)["more"].get<bool>());
  message(2, {{"type", "lexicon_get"}, {"id", "g"}});
  EXPECT_EQ(transport_.last(2)["version"], 0);
  EXPECT_EQ(transport_.last(2)["body"], config_.shippedLexicon);
  EXPECT_EQ(transport_.last(2)["terms"], 1);
}

TEST_F(ModerationDeskTest, ALexiconThatDoesNotParseIsRefusedNamingTheLine) {
  login(1, "boss");
  message(1, {{"type", "lexicon_save"},
              {"id", "s"},
              {"version", 0},
              {"body", "ok\tany\tx\thold\nbroken line\n"}});
  EXPECT_EQ(transport_.last(1)["code"], "bad_lexicon");
  EXPECT_NE(transport_.last(1)["message"].get<std::string>().find('2'), std::string::npos);
  message(1,
          {{"type", "lexicon_save"}, {"id", "s"}, {"version", 0}, {"body", "ok\tany\tx\thold\n"}});
  EXPECT_EQ(transport_.last(1)["type"], "lexicon");
  EXPECT_EQ(transport_.last(1)["version"], 1);
  message(1,
          {{"type", "lexicon_save"}, {"id", "s"}, {"version", 0}, {"body", "ok\tany\tx\tflag\n"}});
  EXPECT_EQ(transport_.last(1)["code"], "conflict");
}

TEST_F(ModerationDeskTest, FeedQuestionsOfThisEpisodeArePushedWithANearDuplicateHint) {
  login(1, "ana");
  core::ModQuestion fresh = repository_.questions[10];
  fresh.id = 20;
  fresh.text = "KADA ĆE BITI POPRAVLJEN PUT???";
  core::ModQuestion other = fresh;
  other.id = 21;
  other.episodeId = 6;
  desk_->onQuestions({fresh, other});
  const auto pushes = transport_.ofType(1, "questions");
  ASSERT_EQ(pushes.size(), 1U);
  ASSERT_EQ(pushes[0]["questions"].size(), 1U);
  EXPECT_EQ(pushes[0]["questions"][0]["id"], 20);
  EXPECT_EQ(pushes[0]["questions"][0]["duplicateOf"], 10);
  desk_->onQuestions({fresh});
  EXPECT_EQ(transport_.ofType(1, "questions").size(), 1U) << "same version: nothing new to push";
}

TEST_F(ModerationDeskTest, ANewEpisodeBringsANewSnapshotAndAClosingOnlyAnEpisodeMessage) {
  login(1, "ana");
  desk_->onEpisodeChange({7, "Sporazum", false});
  EXPECT_EQ(transport_.last(1)["type"], "episode");
  EXPECT_FALSE(transport_.last(1)["episode"]["questionsOpen"].get<bool>());
  repository_.addQuestion(30, 8, "Prvo pitanje nove emisije");
  desk_->onEpisodeChange({8, "Sporazum 2", true});
  transport_.runPosted();
  EXPECT_EQ(transport_.last(1)["type"], "snapshot");
  EXPECT_EQ(transport_.last(1)["questions"].size(), 1U);
  EXPECT_EQ(act(1, 10, 1, "approve")["code"], "not_found") << "an old episode's question";
}

TEST_F(ModerationDeskTest, AFailedLoadIsRetriedBySweep) {
  login(1, "ana");
  repository_.isDown = true;
  desk_->onEpisodeChange({8, "Sporazum 2", true});
  transport_.runPosted();
  EXPECT_EQ(transport_.ofType(1, "snapshot").size(), 1U) << "only the login's";
  repository_.isDown = false;
  repository_.addQuestion(30, 8, "Prvo pitanje");
  now_ += config_.reloadRetryInterval;
  desk_->sweep();
  transport_.runPosted();
  ASSERT_EQ(transport_.ofType(1, "snapshot").size(), 2U);
  EXPECT_EQ(transport_.ofType(1, "snapshot").back()["episode"]["id"], 8);
}

TEST_F(ModerationDeskTest, AnExpiredSessionIsToldAndLosesTheDesk) {
  login(1, "ana");
  repository_.nowUnixMs += config_.sessionTtlSeconds * 1000;
  desk_->sweep();
  transport_.runPosted();
  EXPECT_EQ(transport_.ofType(1, "session_expired").size(), 1U);
  EXPECT_EQ(act(1, 10, 1, "approve")["code"], "unauthenticated");
}

TEST_F(ModerationDeskTest, ARevokedSessionIsFoundByTheRecheck) {
  login(1, "ana");
  repository_.sessions.clear();
  now_ += config_.sessionRecheckInterval;
  desk_->sweep();
  transport_.runPosted();
  EXPECT_EQ(transport_.ofType(1, "session_expired").size(), 1U);
}

TEST_F(ModerationDeskTest, LogoutRevokesTheSession) {
  const auto token = login(1, "ana");
  message(1, {{"type", "logout"}, {"id", "o"}});
  EXPECT_EQ(transport_.last(1)["type"], "logged_out");
  EXPECT_TRUE(repository_.sessions.empty());
  message(1, {{"type", "resume"}, {"id", "r"}, {"token", token}});
  EXPECT_EQ(transport_.last(1)["code"], "session_invalid");
}

TEST_F(ModerationDeskTest, LookIsSharedAsPresence) {
  login(1, "ana");
  login(2, "marko");
  message(1, {{"type", "look"}, {"question", 11}});
  const auto presence = transport_.ofType(2, "presence").back();
  ASSERT_EQ(presence["staff"].size(), 2U);
  EXPECT_EQ(presence["staff"][0]["username"], "ana");
  EXPECT_EQ(presence["staff"][0]["looking"], 11);
  desk_->onClose(1);
  EXPECT_EQ(transport_.ofType(2, "presence").back()["staff"].size(), 1U);
}

TEST_F(ModerationDeskTest, MalformedRequestsGetStableCodesAndManyInARowClose) {
  login(1, "ana");
  message(1,
          {{"type", "act"}, {"id", "a"}, {"question", 10}, {"version", 1}, {"action", "toggle"}});
  EXPECT_EQ(transport_.last(1)["code"], "bad_field");
  message(
      1, {{"type", "act"}, {"id", "a"}, {"question", "10"}, {"version", 1}, {"action", "approve"}});
  EXPECT_EQ(transport_.last(1)["field"], "question");
  message(1, {{"type", "act"}, {"id", "a"}, {"question", 10}, {"version", 1}, {"action", "star"}});
  EXPECT_EQ(transport_.last(1)["code"], "missing_field");
  message(1, {{"type", "act"},
              {"id", "a"},
              {"question", 10},
              {"version", 1},
              {"action", "edit"},
              {"airText", std::string("a\x01")}});
  EXPECT_EQ(transport_.last(1)["code"], "control_characters");
  desk_->onMessage(1, "{not json", false);
  EXPECT_EQ(transport_.last(1)["code"], "bad_json");
  desk_->onMessage(1, "\xFF", false);
  EXPECT_EQ(transport_.last(1)["code"], "invalid_utf8");
  for (int i = 0; i < config_.maxConsecutiveErrors; ++i)
    desk_->onMessage(1, "[]", false);
  EXPECT_EQ(transport_.closed[1], 1008);
}

TEST_F(ModerationDeskTest, OnlyAnAdminMaySendMoreThan64KiB) {
  const std::string big(wire::kMaxMessageBytes + 1, ' ');
  desk_->onOpen(1, "127.0.0.1");
  desk_->onMessage(1, big, false);
  EXPECT_EQ(transport_.closed[1], 1009);
  login(2, "ana");
  desk_->onMessage(2, big, false);
  EXPECT_EQ(transport_.closed[2], 1009);
  login(3, "boss");
  desk_->onMessage(3, big, false);
  EXPECT_FALSE(transport_.closed.contains(3));
  EXPECT_EQ(transport_.last(3)["code"], "bad_json");
}

TEST_F(ModerationDeskTest, IdleConnectionsArePingedThenClosed) {
  desk_->onOpen(1, "127.0.0.1");
  now_ += config_.pingInterval;
  desk_->sweep();
  EXPECT_EQ(transport_.pings[1], 1);
  now_ += config_.idleTimeout;
  desk_->sweep();
  EXPECT_EQ(transport_.closed[1], 1001);
}

// ---- on-air graphics
// -----------------------------------------------------------------------------

class GraphicsDeskTest : public ModerationDeskTest {
 protected:
  GraphicsDeskTest() {
    auto& q = repository_.questions[10];
    q.state = "approved";
    q.displayName = "Milica";
    q.municipality = "zvecan";
    q.language = "sr";
    q.deviceCode = "3fa4c2d1";
    q.addressCode = "9b0e11aa";
    q.rejectNote = "moderators only";
    desk_->onProgramme(repository_.programme);
    transport_.runPosted();
  }
  /// Sends a graphics request and returns the reply (graphics_ok or error).
  Json graphics(core::ConnectionId id, const Json& request) {
    Json full{{"type", "graphics"}, {"id", "g"}};
    full.update(request);
    message(id, full);
    return transport_.last(id);
  }
  /// Plays the store's feed: what was logged since reaches the desk.
  void deliverFeed() {
    desk_->onGraphicsCommands(repository_.newCommands());
    transport_.runPosted();
  }
  void report(core::ConnectionId id, const std::string& text) {
    desk_->onMessage(id, text, false);
    transport_.runPosted();
  }
  static std::string health(const std::string& name, int lastSeq) {
    return core::encodeEngineHealth({name, 50.0, 1000, 0, "ok", 0.4, lastSeq});
  }
};

TEST_F(GraphicsDeskTest, AnEngineGetsTheProgrammeRightAfterItsSessionAndNothingOfTheDesk) {
  login(5, "engine-main");
  const auto& sent = transport_.sent[5];
  ASSERT_EQ(sent.size(), 2U);
  EXPECT_EQ(sent[0]["type"], "session");
  EXPECT_EQ(sent[1]["type"], "programme_state");
  EXPECT_EQ(sent[1]["layers"].size(), 6U);
  EXPECT_TRUE(transport_.ofType(5, "snapshot").empty());
  EXPECT_TRUE(transport_.ofType(5, "presence").empty());
  EXPECT_TRUE(repository_.feedWantedCalls.empty()) << "an engine is not on the desk";
}

TEST_F(GraphicsDeskTest, AnEngineThatCameBeforeTheProgrammeWasReadGetsItOnceItIs) {
  makeDesk();  // a new desk: the programme is not read yet
  login(5, "engine-main");
  EXPECT_TRUE(transport_.ofType(5, "programme_state").empty());
  desk_->onGraphicsCommands(
      {{1, core::GraphicsAction::Take, core::GraphicsLayer::Logo, core::GraphicContent{}}});
  EXPECT_TRUE(transport_.ofType(5, "engine_command").empty()) << "no command before the programme";
  auto state = core::emptyProgramme();
  state.seq = 4;
  desk_->onProgramme(state);
  ASSERT_EQ(transport_.ofType(5, "programme_state").size(), 1U);
  EXPECT_EQ(transport_.ofType(5, "programme_state")[0]["seq"], 4);
}

TEST_F(GraphicsDeskTest, AProducersTakeReachesEveryEngineWithTheSameSeq) {
  login(5, "engine-main");
  login(6, "engine-backup");
  login(4, "pera");
  login(1, "ana");
  const Json reply = graphics(
      4, {{"action", "take"}, {"layer", "lower_third"}, {"graphic", {{"questionId", 10}}}});
  EXPECT_EQ(reply["type"], "graphics_ok");
  EXPECT_EQ(reply["seq"], 1);
  EXPECT_TRUE(transport_.ofType(5, "engine_command").empty()) << "forwarding follows the log";
  deliverFeed();
  for (core::ConnectionId engine : {5, 6}) {
    const auto commands = transport_.ofType(engine, "engine_command");
    ASSERT_EQ(commands.size(), 1U);
    EXPECT_EQ(commands[0]["seq"], 1);
    EXPECT_EQ(commands[0]["action"], "take");
    EXPECT_EQ(commands[0]["graphic"]["text"], "Kada će biti popravljen put?");
    EXPECT_EQ(commands[0]["graphic"]["language"], "sr-Latn");
  }
  const auto programme = transport_.ofType(4, "programme");
  ASSERT_FALSE(programme.empty());
  EXPECT_EQ(programme.back()["seq"], 1);
  EXPECT_EQ(programme.back()["layers"][0]["onAir"]["questionId"], 10);
  EXPECT_EQ(programme.back()["layers"][0]["onAirSeq"], 1);
  EXPECT_TRUE(transport_.ofType(1, "programme").empty()) << "moderators do not run graphics";
  EXPECT_EQ(repository_.graphicsBy.back().username, "pera");
}

TEST_F(GraphicsDeskTest, CommandsFromElsewhereAreForwardedOnceAndInOrder) {
  login(5, "engine-main");
  core::GraphicsCommand first{1, core::GraphicsAction::Cue, core::GraphicsLayer::Ticker,
                              core::GraphicContent{}};
  first.graphic->text = "a";
  core::GraphicsCommand second{2, core::GraphicsAction::Take, core::GraphicsLayer::Ticker,
                               std::nullopt};
  core::GraphicsCommand third{3, core::GraphicsAction::ClearAll, core::GraphicsLayer::LowerThird,
                              std::nullopt};
  desk_->onGraphicsCommands({first, second});
  desk_->onGraphicsCommands({first, second, third});
  const auto commands = transport_.ofType(5, "engine_command");
  ASSERT_EQ(commands.size(), 3U);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(commands[i]["seq"], i + 1);
  // A reconnecting engine gets the picture as it now is, then only what follows.
  desk_->onClose(5);
  login(7, "engine-main");
  const auto state = transport_.ofType(7, "programme_state");
  ASSERT_EQ(state.size(), 1U);
  EXPECT_EQ(state[0]["seq"], 3);
  EXPECT_TRUE(transport_.ofType(7, "engine_command").empty());
}

TEST_F(GraphicsDeskTest, ModeratorsAndEnginesMayNotRunGraphics) {
  login(1, "ana");
  login(5, "engine-main");
  const Json take{{"action", "take"}, {"layer", "logo"}, {"graphic", Json::object()}};
  EXPECT_EQ(graphics(1, take)["code"], "forbidden");
  EXPECT_EQ(graphics(5, take)["code"], "forbidden");
  EXPECT_TRUE(repository_.graphicsLog.empty());
  login(3, "boss");
  EXPECT_EQ(graphics(3, take)["type"], "graphics_ok");
}

TEST_F(GraphicsDeskTest, RefusalsComeBackWithStableCodes) {
  login(4, "pera");
  repository_.questions[11].state = "held";
  EXPECT_EQ(graphics(4, {{"action", "cue"},
                         {"layer", "lower_third"},
                         {"graphic", {{"questionId", 11}}}})["code"],
            "question_not_available");
  EXPECT_EQ(graphics(4, {{"action", "cue"},
                         {"layer", "lower_third"},
                         {"graphic", {{"questionId", 12}}}})["code"],
            "question_not_available")
      << "another episode's question";
  EXPECT_EQ(graphics(4, {{"action", "take"}, {"layer", "super"}})["code"], "nothing_cued");
  EXPECT_EQ(graphics(4, {{"action", "cue"},
                         {"layer", "ticker"},
                         {"graphic", {{"text", std::string(1001, 'x')}}}})["code"],
            "field_too_long");
  EXPECT_EQ(graphics(4, {{"action", "cue"}, {"layer", "sky"}, {"graphic", Json::object()}})["code"],
            "bad_field");
  repository_.isDown = true;
  EXPECT_EQ(graphics(4, {{"action", "clear_all"}})["code"], "try_again");
  EXPECT_TRUE(repository_.graphicsLog.empty());
}

TEST_F(GraphicsDeskTest, AQrCodeWithoutAnAddressPointsAtThePublicPage) {
  desk_->setPublicUrl("https://sporazum.tv/");
  login(4, "pera");
  EXPECT_EQ(
      graphics(
          4, {{"action", "take"}, {"layer", "qr"}, {"graphic", {{"caption", "Pitajte"}}}})["type"],
      "graphics_ok");
  ASSERT_EQ(repository_.graphicsLog.size(), 1U);
  EXPECT_EQ(repository_.graphicsLog[0].graphic->url, "https://sporazum.tv/");
}

TEST_F(GraphicsDeskTest, ProducersAndEnginesNeverGetAViewersPrivateData) {
  login(4, "pera");
  login(5, "engine-main");
  graphics(4, {{"action", "cue"}, {"layer", "lower_third"}, {"graphic", {{"questionId", 10}}}});
  deliverFeed();
  for (core::ConnectionId id : {4, 5}) {
    for (const auto& message : transport_.sent[id]) {
      const std::string text = message.dump();
      EXPECT_EQ(text.find("Milica"), std::string::npos) << "no consent, no name: " << text;
      EXPECT_EQ(text.find("3fa4c2d1"), std::string::npos) << text;
      EXPECT_EQ(text.find("9b0e11aa"), std::string::npos) << text;
      EXPECT_EQ(text.find("moderators only"), std::string::npos) << text;
    }
  }
  repository_.questions[10].consentNameOnAir = true;
  graphics(4, {{"action", "update"}, {"layer", "lower_third"}, {"graphic", {{"questionId", 10}}}});
  deliverFeed();
  EXPECT_EQ(transport_.ofType(5, "engine_command").back()["graphic"]["viewerName"], "Milica");
}

TEST_F(GraphicsDeskTest, OnlyEnginesSendEngineReports) {
  login(4, "pera");
  report(4, health("main", 0));
  EXPECT_EQ(transport_.last(4)["code"], "forbidden");
  desk_->onOpen(9, "127.0.0.1");
  report(9, health("main", 0));
  EXPECT_EQ(transport_.last(9)["code"], "unauthenticated");
}

TEST_F(GraphicsDeskTest, EngineHealthAsRunAndErrorsReachTheStudio) {
  login(4, "pera");
  login(1, "ana");
  login(5, "engine-main");
  EXPECT_EQ(transport_.ofType(4, "engine_status").back()["engines"][0]["engine"], "engine-main");
  report(5, health("main", 3));
  auto status = transport_.ofType(4, "engine_status").back()["engines"];
  ASSERT_EQ(status.size(), 1U);
  EXPECT_EQ(status[0]["engine"], "engine-main");
  EXPECT_EQ(status[0]["health"]["name"], "main");
  EXPECT_TRUE(status[0]["connected"].get<bool>());
  EXPECT_EQ(status[0]["health"]["lastSeq"], 3);
  EXPECT_EQ(status[0]["health"]["input"], "ok");

  const core::AsRunReport onAir{3,   core::GraphicsLayer::LowerThird, core::AsRunEvent::OnAir, 10,
                                123, "2026-11-23T20:14:05.120Z"};
  report(5, core::encodeAsRun(onAir));
  report(5, core::encodeAsRun(onAir));
  const auto asRun = transport_.ofType(4, "as_run");
  ASSERT_EQ(asRun.size(), 2U);
  EXPECT_EQ(asRun[0]["engine"], "engine-main");
  EXPECT_EQ(asRun[0]["questionId"], 10);
  EXPECT_EQ(repository_.asRun.size(), 1U);

  report(5, core::encodeEngineCommandError(
                {4, core::GraphicsLayer::LowerThird, "does_not_fit", "too long"}));
  EXPECT_EQ(transport_.ofType(4, "engine_error").back()["code"], "does_not_fit");
  EXPECT_EQ(transport_.ofType(4, "engine_error").back()["engine"], "engine-main");
  ASSERT_EQ(repository_.engineErrors.size(), 1U);
  EXPECT_EQ(repository_.engineErrors[0].first, "engine-main");
  EXPECT_TRUE(transport_.ofType(1, "engine_status").empty()) << "moderators are not told";
  EXPECT_TRUE(transport_.ofType(1, "as_run").empty());

  desk_->onClose(5);
  status = transport_.ofType(4, "engine_status").back()["engines"];
  ASSERT_EQ(status.size(), 1U);
  EXPECT_FALSE(status[0]["connected"].get<bool>());
  EXPECT_EQ(status[0]["engine"], "engine-main");
  EXPECT_EQ(status[0]["health"]["lastSeq"], 3) << "the last health it sent";
}

TEST_F(GraphicsDeskTest, ARevokedEngineStopsGettingCommands) {
  login(5, "engine-main");
  repository_.sessions.clear();  // staff disable
  now_ += config_.sessionRecheckInterval;
  desk_->sweep();
  transport_.runPosted();
  EXPECT_EQ(transport_.ofType(5, "session_expired").size(), 1U);
  desk_->onGraphicsCommands(
      {{1, core::GraphicsAction::ClearAll, core::GraphicsLayer::LowerThird, std::nullopt}});
  EXPECT_TRUE(transport_.ofType(5, "engine_command").empty());
}

}  // namespace
}  // namespace sporazum::desk
