// The studio's part of the desk against fakes of its ports: show and queue for producers and
// admins only, episode requests, the queue's versioned changes, recording orders to the engines,
// the engines' recordings and confidence pictures — and no private data for anyone but the desk.

#include <gtest/gtest.h>

#include "desk_fakes.hpp"
#include "sporazum/desk/moderation_desk.hpp"

namespace sporazum::desk {
namespace {

using namespace std::chrono_literals;
using Json = nlohmann::json;

constexpr const char* kJpeg = "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAA==";

class StudioDeskTest : public fakes::ModerationDeskTest {
 protected:
  StudioDeskTest() {
    for (std::int64_t id : {10, 11}) {
      auto& q = repository_.questions[id];
      q.state = "approved";
      q.displayName = "Milica";
      q.municipality = "zvecan";
      q.language = "sr";
      q.deviceCode = "3fa4c2d1";
      q.addressCode = "9b0e11aa";
      q.rejectNote = "moderators only";
    }
    core::Episode episode;
    episode.id = 7;
    episode.number = 23;
    episode.title = "Sporazum 23. 11. 2026.";
    episode.airDate = "2026-11-23";
    repository_.episodes.push_back(episode);
    desk_->onProgramme(core::emptyProgramme());
    showFeed();
  }

  /// Plays the store's show feed: the current episode (7) as the fake holds it.
  void showFeed() {
    desk_->onShow(repository_.episodes.at(0));
    transport_.runPosted();
  }
  /// Plays the store's question feed for the given questions, as they now are.
  void questionFeed(std::initializer_list<std::int64_t> ids) {
    std::vector<core::ModQuestion> rows;
    for (auto id : ids)
      rows.push_back(repository_.questions.at(id));
    desk_->onQuestions(rows);
    transport_.runPosted();
  }
  Json request(core::ConnectionId id, Json json) {
    if (!json.contains("id")) json["id"] = "s";
    message(id, json);
    return transport_.last(id);
  }
  Json move(core::ConnectionId id, std::int64_t question, std::int64_t position) {
    return request(id, {{"type", "queue_move"},
                        {"question", question},
                        {"version", repository_.questions.at(question).version},
                        {"position", position}});
  }
  std::vector<std::string> typesSentTo(core::ConnectionId id) {
    std::vector<std::string> types;
    for (const auto& m : transport_.sent[id])
      types.push_back(m["type"].get<std::string>());
    return types;
  }
  /// Every queue_changes entry for one question sent to a connection, oldest first.
  std::vector<Json> queueChangesOf(core::ConnectionId id, std::int64_t question) {
    std::vector<Json> found;
    for (const auto& m : transport_.ofType(id, "queue_changes")) {
      for (const auto& q : m["questions"]) {
        if (q["id"] == question) found.push_back(q);
      }
    }
    return found;
  }
  void expectNothingPrivate(core::ConnectionId id) {
    for (const auto& message : transport_.sent[id]) {
      const std::string text = message.dump();
      EXPECT_EQ(text.find("Milica"), std::string::npos) << "no consent, no name: " << text;
      EXPECT_EQ(text.find("3fa4c2d1"), std::string::npos) << text;
      EXPECT_EQ(text.find("9b0e11aa"), std::string::npos) << text;
      EXPECT_EQ(text.find("moderators only"), std::string::npos) << text;
    }
  }
};

TEST_F(StudioDeskTest, AProducerGetsTheShowThenTheQueueAfterItsSession) {
  login(4, "pera");
  EXPECT_EQ(typesSentTo(4),
            (std::vector<std::string>{"session", "programme", "engine_status", "show", "queue"}));
  const Json show = transport_.ofType(4, "show")[0]["episode"];
  EXPECT_EQ(show["id"], 7);
  EXPECT_EQ(show["number"], 23);
  EXPECT_EQ(show["state"], "planned");
  const Json queue = transport_.ofType(4, "queue")[0];
  EXPECT_EQ(queue["episode"], 7);
  EXPECT_TRUE(queue["complete"].get<bool>());
  ASSERT_EQ(queue["questions"].size(), 2U);
  EXPECT_EQ(queue["questions"][0]["id"], 10);
  EXPECT_EQ(queue["questions"][0]["text"], "Kada će biti popravljen put?");
  EXPECT_EQ(queue["questions"][0]["language"], "sr-Latn");
  EXPECT_TRUE(queue["questions"][0]["viewerName"].is_null());
  EXPECT_EQ(queue["questions"][0]["municipality"], "zvecan");
  expectNothingPrivate(4);
}

TEST_F(StudioDeskTest, AnAdminGetsTheDeskAndTheStudioAModeratorOnlyTheDesk) {
  login(3, "boss");
  EXPECT_EQ(transport_.ofType(3, "snapshot").size(), 1U);
  EXPECT_EQ(transport_.ofType(3, "show").size(), 1U);
  EXPECT_EQ(transport_.ofType(3, "queue").size(), 1U);
  login(1, "ana");
  for (const char* type : {"show", "queue", "programme", "preview"})
    EXPECT_TRUE(transport_.ofType(1, type).empty()) << type;
  login(5, "engine-main");
  for (const char* type : {"show", "queue", "snapshot"})
    EXPECT_TRUE(transport_.ofType(5, type).empty()) << type;
}

TEST_F(StudioDeskTest, ALargeQueueComesInPartsTheLastOneComplete) {
  config_.snapshotChunk = 1;
  makeDesk();
  desk_->onProgramme(core::emptyProgramme());
  showFeed();
  login(4, "pera");
  const auto parts = transport_.ofType(4, "queue");
  ASSERT_EQ(parts.size(), 2U);
  EXPECT_FALSE(parts[0]["complete"].get<bool>());
  EXPECT_TRUE(parts[1]["complete"].get<bool>());
}

TEST_F(StudioDeskTest, TheShowIsPushedWhenItChangesAndANewEpisodeBringsANewQueue) {
  login(4, "pera");
  login(1, "ana");
  showFeed();
  EXPECT_EQ(transport_.ofType(4, "show").size(), 1U) << "the same show is not sent again";
  repository_.episodes.at(0).guests = {{"Dragana Petrović", "poslanica"}};
  showFeed();
  ASSERT_EQ(transport_.ofType(4, "show").size(), 2U);
  EXPECT_EQ(transport_.ofType(4, "show").back()["episode"]["guests"][0]["name"],
            "Dragana Petrović");

  core::Episode next;
  next.id = 8;
  next.number = 24;
  next.title = "Sporazum 7. 12. 2026.";
  next.airDate = "2026-12-07";
  repository_.addQuestion(30, 8, "Pitanje za novu emisiju").state = "approved";
  desk_->onShow(next);
  transport_.runPosted();
  EXPECT_EQ(transport_.ofType(4, "show").back()["episode"]["id"], 8);
  const auto queue = transport_.ofType(4, "queue").back();
  EXPECT_EQ(queue["episode"], 8);
  ASSERT_EQ(queue["questions"].size(), 1U);
  EXPECT_EQ(queue["questions"][0]["id"], 30);
  EXPECT_EQ(transport_.ofType(1, "snapshot").back()["episode"]["id"], 8)
      << "the desk follows the same episode";
  desk_->onShow(std::nullopt);
  transport_.runPosted();
  EXPECT_TRUE(transport_.ofType(4, "show").back()["episode"].is_null());
}

TEST_F(StudioDeskTest, EpisodesAreListedAndSavedForProducersOnly) {
  login(4, "pera");
  const Json list = request(4, {{"type", "episodes"}, {"id", "e1"}});
  EXPECT_EQ(list["type"], "episode_list");
  EXPECT_EQ(list["id"], "e1");
  EXPECT_EQ(list["episodes"][0]["id"], 7);

  const Json draft{{"id", nullptr},
                   {"number", 24},
                   {"title", "<b>Sporazum</b> 7. 12. 2026."},
                   {"airDate", "2026-12-07"},
                   {"guests", {{{"name", "Milan Jovanović"}, {"role", "SL"}}}},
                   {"topics", {"jobs"}}};
  const Json saved = request(4, {{"type", "episode_save"}, {"id", "e2"}, {"episode", draft}});
  ASSERT_EQ(saved["type"], "episode_saved");
  EXPECT_EQ(saved["id"], "e2");
  EXPECT_EQ(saved["episode"]["number"], 24);
  EXPECT_EQ(saved["episode"]["title"], "<b>Sporazum</b> 7. 12. 2026.") << "markup stays text";
  EXPECT_EQ(saved["episode"]["guests"][0]["role"], "SL");
  EXPECT_EQ(repository_.episodeSavesBy.back().username, "pera");

  Json edit = draft;
  edit["id"] = saved["episode"]["id"];
  edit["number"] = 23;
  const Json taken = request(4, {{"type", "episode_save"}, {"id", "e3"}, {"episode", edit}});
  EXPECT_EQ(taken["code"], "episode_number_taken");
  EXPECT_EQ(taken["id"], "e3");
  edit["id"] = 999;
  edit["number"] = 25;
  EXPECT_EQ(request(4, {{"type", "episode_save"}, {"episode", edit}})["code"], "not_found");

  login(1, "ana");
  login(5, "engine-main");
  const auto saves = repository_.episodeSavesBy.size();
  for (core::ConnectionId id : {1, 5}) {
    EXPECT_EQ(request(id, {{"type", "episodes"}})["code"], "forbidden");
    EXPECT_EQ(request(id, {{"type", "episode_save"}, {"episode", draft}})["code"], "forbidden");
    EXPECT_EQ(request(id, {{"type", "episode_start"}, {"episode", 7}})["code"], "forbidden");
    EXPECT_EQ(request(id, {{"type", "episode_end"}, {"episode", 7}})["code"], "forbidden");
    EXPECT_EQ(move(id, 10, 1)["code"], "forbidden");
    EXPECT_EQ(request(id, {{"type", "queue_remove"}, {"question", 10}, {"version", 1}})["code"],
              "forbidden");
  }
  EXPECT_EQ(repository_.episodeSavesBy.size(), saves);
  EXPECT_TRUE(repository_.episodeStartsBy.empty());
  EXPECT_TRUE(repository_.queueChanges.empty());
}

TEST_F(StudioDeskTest, BadEpisodesNeverReachTheStore) {
  login(4, "pera");
  Json draft{{"number", 24}, {"title", "Sporazum"}, {"airDate", "2026-12-07"}};
  const auto refusal = [&](const Json& episode) {
    return request(4, {{"type", "episode_save"}, {"episode", episode}});
  };
  Json guests = Json::array();
  for (int i = 0; i < 13; ++i)
    guests.push_back({{"name", "Gost " + std::to_string(i)}});
  Json many = draft;
  many["guests"] = guests;
  EXPECT_EQ(refusal(many)["code"], "bad_field");
  EXPECT_EQ(refusal(many)["field"], "guests");
  Json longTitle = draft;
  longTitle["title"] = std::string(201, 'x');
  EXPECT_EQ(refusal(longTitle)["code"], "field_too_long");
  Json hostile = draft;
  hostile["title"] = std::string("Spora\0zum", 9);
  EXPECT_EQ(refusal(hostile)["code"], "control_characters");
  Json noNumber = draft;
  noNumber.erase("number");
  EXPECT_EQ(refusal(noNumber)["code"], "missing_field");
  Json badDate = draft;
  badDate["airDate"] = "2026-13-01";
  EXPECT_EQ(refusal(badDate)["field"], "airDate");
  EXPECT_TRUE(repository_.episodeSavesBy.empty());
  desk_->onMessage(4, R"({"type":"episode_save","id":"x","episode":{"number":)", false);
  EXPECT_EQ(transport_.last(4)["code"], "bad_json");
}

TEST_F(StudioDeskTest, StartAndEndAreDoneAndTheEnginesAreToldToRecord) {
  login(4, "pera");
  login(5, "engine-main");
  EXPECT_TRUE(transport_.ofType(5, "programme_state")[0]["recording"].is_null());

  const Json started = request(4, {{"type", "episode_start"}, {"id", "e3"}, {"episode", 7}});
  EXPECT_EQ(started, (Json{{"type", "done"}, {"id", "e3"}}));
  EXPECT_TRUE(transport_.ofType(5, "engine_record").empty()) << "the feed tells, from any server";
  showFeed();
  auto records = transport_.ofType(5, "engine_record");
  ASSERT_EQ(records.size(), 1U);
  EXPECT_EQ(records[0],
            (Json{{"type", "engine_record"}, {"action", "start"}, {"episode", 7}, {"number", 23}}));
  EXPECT_EQ(transport_.ofType(4, "show").back()["episode"]["state"], "live");
  showFeed();
  EXPECT_EQ(transport_.ofType(5, "engine_record").size(), 1U) << "told once";

  // An engine that restarts mid-show learns it from its programme_state.
  login(6, "engine-backup");
  EXPECT_EQ(transport_.ofType(6, "programme_state")[0]["recording"],
            (Json{{"episode", 7}, {"number", 23}}));
  EXPECT_EQ(request(4, {{"type", "episode_start"}, {"episode", 7}})["code"], "not_allowed");

  EXPECT_EQ(request(4, {{"type", "episode_end"}, {"id", "e4"}, {"episode", 7}}),
            (Json{{"type", "done"}, {"id", "e4"}}));
  showFeed();
  for (core::ConnectionId engine : {5, 6}) {
    records = transport_.ofType(engine, "engine_record");
    ASSERT_FALSE(records.empty());
    EXPECT_EQ(records.back()["action"], "stop");
    EXPECT_EQ(records.back()["episode"], 7);
  }
  EXPECT_EQ(request(4, {{"type", "episode_end"}, {"episode", 7}})["code"], "not_allowed");
  EXPECT_EQ(request(4, {{"type", "episode_end"}, {"episode", 70}})["code"], "not_found");
  EXPECT_EQ(repository_.episodeEndsBy.back().username, "pera");
  EXPECT_TRUE(transport_.ofType(5, "show").empty());
}

TEST_F(StudioDeskTest, TheEndOfAnEpisodeReachesTheQueueThroughTheFeed) {
  login(4, "pera");
  request(4, {{"type", "episode_start"}, {"episode", 7}});
  showFeed();
  request(4, {{"type", "episode_end"}, {"episode", 7}});
  questionFeed({10, 11});
  EXPECT_EQ(queueChangesOf(4, 10).back()["state"], "not_selected");
  EXPECT_EQ(queueChangesOf(4, 11).back()["state"], "not_selected");
}

TEST_F(StudioDeskTest, QueueMovesShiftTheOthersAndReachEveryone) {
  login(4, "pera");
  login(3, "boss");
  login(1, "ana");
  const Json first = move(4, 10, 1);
  EXPECT_EQ(first, (Json{{"type", "done"}, {"id", "s"}, {"question", 10}, {"version", 2}}));
  ASSERT_EQ(queueChangesOf(3, 10).size(), 1U) << "every producer and admin";
  EXPECT_EQ(queueChangesOf(4, 10).back()["state"], "queued");
  EXPECT_EQ(queueChangesOf(4, 10).back()["position"], 1);
  EXPECT_EQ(transport_.ofType(1, "questions").back()["questions"][0]["state"], "queued")
      << "moderators see the state";
  EXPECT_TRUE(transport_.ofType(1, "queue_changes").empty());
  EXPECT_EQ(repository_.queueChanges.back().by.username, "pera");

  EXPECT_EQ(move(4, 11, 1)["type"], "done");
  EXPECT_EQ(queueChangesOf(4, 11).back()["position"], 1);
  EXPECT_EQ(queueChangesOf(4, 10).back()["position"], 2) << "the other shifted";
  EXPECT_EQ(queueChangesOf(4, 10).back()["version"], 3);

  EXPECT_EQ(move(4, 11, 99)["type"], "done") << "past the end is last";
  EXPECT_EQ(queueChangesOf(4, 11).back()["position"], 2);
  EXPECT_EQ(queueChangesOf(4, 10).back()["position"], 1);
  const Json removed = request(4, {{"type", "queue_remove"},
                                   {"question", 10},
                                   {"version", repository_.questions.at(10).version},
                                   {"id", "q2"}});
  EXPECT_EQ(removed["type"], "done");
  EXPECT_EQ(removed["id"], "q2");
  EXPECT_EQ(queueChangesOf(4, 10).back()["state"], "approved");
  EXPECT_TRUE(queueChangesOf(4, 10).back()["position"].is_null());
  EXPECT_EQ(queueChangesOf(4, 11).back()["position"], 1) << "the one after it moved up";
  expectNothingPrivate(4);
}

TEST_F(StudioDeskTest, AStaleQueueChangeIsAConflictInTheStudiosForm) {
  login(4, "pera");
  repository_.questions[10].version = 5;
  repository_.questions[10].changedBy = "Ana";
  const Json conflict = request(
      4, {{"type", "queue_move"}, {"id", "q1"}, {"question", 10}, {"version", 4}, {"position", 1}});
  ASSERT_EQ(conflict["type"], "conflict");
  EXPECT_EQ(conflict["id"], "q1");
  EXPECT_EQ(conflict["question"]["version"], 5);
  EXPECT_EQ(conflict["changedBy"], "Ana");
  EXPECT_FALSE(conflict["question"].contains("device"));
  EXPECT_FALSE(conflict["question"].contains("rejectNote"));
  expectNothingPrivate(4);
}

TEST_F(StudioDeskTest, TwoProducersMovingOneQuestionAtOnceGetOneDoneAndOneConflict) {
  login(4, "pera");
  repository_.addAccount(8, "mira", core::StaffRole::Producer);
  login(8, "mira");
  repository_.holdChanges = true;
  move(4, 10, 1);
  move(8, 10, 2);
  ASSERT_EQ(repository_.heldChanges.size(), 2U);
  for (auto& change : repository_.heldChanges)
    change();
  transport_.runPosted();
  EXPECT_EQ(transport_.last(4)["type"], "done");
  EXPECT_EQ(transport_.last(8)["type"], "conflict");
  EXPECT_EQ(transport_.last(8)["question"]["position"], 1) << "what won";
}

TEST_F(StudioDeskTest, QueueRefusalsComeBackWithStableCodes) {
  login(4, "pera");
  repository_.questions[11].state = "held";
  questionFeed({11});
  EXPECT_EQ(move(4, 11, 1)["code"], "not_allowed");
  EXPECT_EQ(request(4, {{"type", "queue_remove"}, {"question", 10}, {"version", 1}})["code"],
            "not_allowed")
      << "not queued";
  const auto asked = repository_.queueChanges.size();
  EXPECT_EQ(move(4, 12, 1)["code"], "not_found") << "another episode's question";
  EXPECT_EQ(
      request(4,
              {{"type", "queue_move"}, {"question", 99}, {"version", 1}, {"position", 1}})["code"],
      "not_found");
  EXPECT_EQ(repository_.queueChanges.size(), asked) << "known to be missing: not asked";
  repository_.isDown = true;
  EXPECT_EQ(move(4, 10, 1)["code"], "try_again");
  EXPECT_EQ(request(4, {{"type", "episodes"}})["code"], "try_again");
  EXPECT_EQ(request(4, {{"type", "episode_start"}, {"episode", 7}})["code"], "try_again");
}

TEST_F(StudioDeskTest, QuestionsLeavingTheQueuesStatesAreToldOnceThenDropped) {
  login(4, "pera");
  login(1, "ana");
  act(1, 10, 1, "reopen");
  EXPECT_EQ(queueChangesOf(4, 10).back()["state"], "received");
  questionFeed({10});
  EXPECT_EQ(queueChangesOf(4, 10).size(), 1U) << "the same version again is not news";
  repository_.questions[11].state = "on_air";
  repository_.questions[11].version = 4;
  repository_.questions[11].onAirAt = "2026-11-23T20:14:05.120Z";
  questionFeed({11});
  EXPECT_EQ(queueChangesOf(4, 11).back()["state"], "on_air");
  EXPECT_EQ(queueChangesOf(4, 11).back()["onAirAt"], "2026-11-23T20:14:05.120Z");
  login(9, "boss");
  const auto queue = transport_.ofType(9, "queue").back()["questions"];
  ASSERT_EQ(queue.size(), 1U);
  EXPECT_EQ(queue[0]["id"], 11);
  // A question of another episode is never the queue's.
  repository_.addQuestion(31, 6, "old").state = "approved";
  questionFeed({31});
  EXPECT_TRUE(queueChangesOf(4, 31).empty());
}

TEST_F(StudioDeskTest, EngineRecordingsAreStoredAndOnlyEnginesSendThem) {
  login(5, "engine-main");
  login(4, "pera");
  core::RecordingReport opened;
  opened.episodeId = 7;
  opened.file = "var/recordings/episode-23.ts";
  opened.state = "recording";
  opened.startedAt = "2026-11-23T20:00:04.160Z";
  const std::string report = core::encodeRecordingReport(opened);
  desk_->onMessage(5, report, false);
  transport_.runPosted();
  ASSERT_EQ(repository_.recordings.size(), 1U);
  EXPECT_EQ(repository_.recordings[0].first, "engine-main");
  EXPECT_EQ(repository_.recordings[0].second.file, "var/recordings/episode-23.ts");
  EXPECT_TRUE(transport_.ofType(5, "error").empty()) << "a report gets no reply";
  desk_->onMessage(4, report, false);
  transport_.runPosted();
  EXPECT_EQ(transport_.last(4)["code"], "forbidden");
  EXPECT_EQ(repository_.recordings.size(), 1U);
}

TEST_F(StudioDeskTest, PreviewsReachProducersAtMostTwiceASecondAndAreKeptNowhere) {
  login(5, "engine-main");
  login(4, "pera");
  login(3, "boss");
  login(1, "ana");
  const std::string preview = core::encodeEnginePreview({kJpeg});
  for (int i = 0; i < 3; ++i)
    desk_->onMessage(5, preview, false);
  auto previews = transport_.ofType(4, "preview");
  ASSERT_EQ(previews.size(), 2U) << "the third in the same moment is dropped";
  EXPECT_EQ(previews[0]["engine"], "engine-main");
  EXPECT_EQ(previews[0]["jpeg"], kJpeg);
  EXPECT_EQ(previews[0]["at"], wire::isoTimeFromUnixMs(repository_.nowUnixMs));
  EXPECT_EQ(transport_.ofType(3, "preview").size(), 2U);
  EXPECT_TRUE(transport_.ofType(1, "preview").empty()) << "moderators never";
  EXPECT_EQ(desk_->metrics().previewsDropped.value(), 1U);
  now_ += 500ms;
  desk_->onMessage(5, preview, false);
  EXPECT_EQ(transport_.ofType(4, "preview").size(), 3U);
  EXPECT_TRUE(transport_.ofType(5, "error").empty());

  // A whole 48 KiB picture is a little over 64 KiB as a message: an engine may send it.
  const std::string big = core::encodeEnginePreview({std::string(65536, 'A')});
  ASSERT_GT(big.size(), wire::kMaxMessageBytes);
  now_ += 1s;
  desk_->onMessage(5, big, false);
  EXPECT_FALSE(transport_.closed.contains(5));
  EXPECT_EQ(transport_.ofType(4, "preview").size(), 4U);
  desk_->onMessage(4, big, false);
  EXPECT_EQ(transport_.closed[4], 1009) << "others stay within 64 KiB";

  desk_->onMessage(3, preview, false);
  EXPECT_EQ(transport_.last(3)["code"], "forbidden");
}

}  // namespace
}  // namespace sporazum::desk
