// The studio's codec against the examples in schema/examples (episodes, queue, show, preview) and
// hostile input.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "protocol_examples.hpp"
#include "sporazum/desk/staff_protocol.hpp"

namespace sporazum::desk::wire {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

using testing::decodeAs;
using testing::failureOf;
using testing::readExample;

core::Episode liveEpisode() {
  core::Episode e;
  e.id = 7;
  e.number = 23;
  e.title = "Sporazum 23. 11. 2026.";
  e.airDate = "2026-11-23";
  e.state = core::EpisodeState::Live;
  e.questionsOpen = true;
  e.guests = {{"Dragana Petrović", "poslanica"}, {"Arben Krasniqi", "LDK"}};
  e.topics = {"roads", "water"};
  e.startedAt = "2026-11-23T20:00:04.120Z";
  e.recording = core::RecordingSummary{
      "engine-main", "var/recordings/episode-23-20261123T200004Z.ts", 0, "recording", ""};
  return e;
}

core::Episode plannedEpisode() {
  core::Episode e;
  e.id = 8;
  e.number = 24;
  e.title = "Sporazum 7. 12. 2026.";
  e.airDate = "2026-12-07";
  e.guests = {{"Milan Jovanović", "SL"}};
  e.topics = {"jobs"};
  return e;
}

core::Episode airedEpisode() {
  core::Episode e;
  e.id = 6;
  e.number = 22;
  e.title = "Sporazum 9. 11. 2026.";
  e.airDate = "2026-11-09";
  e.state = core::EpisodeState::Aired;
  e.startedAt = "2026-11-09T20:00:02.310Z";
  e.endedAt = "2026-11-09T21:01:40.002Z";
  e.recording = core::RecordingSummary{
      "engine-main", "var/recordings/episode-22-20261109T200002Z.ts", 4815162342, "done", ""};
  return e;
}

core::AirQuestion queuedQuestion() {
  core::AirQuestion q;
  q.id = 118;
  q.episodeId = 7;
  q.version = 6;
  q.state = "queued";
  q.text = "Kada će biti popravljen put?";
  q.viewerText = "kada ce biti popravljen put???";
  q.isEdited = true;
  q.viewerName = "Milica";
  q.municipality = "zubin-potok";
  q.language = "sr-Latn";
  q.topic = "roads";
  q.askCount = 3;
  q.position = 2;
  q.receivedAt = "2026-11-23T20:03:11.020Z";
  return q;
}

core::AirQuestion airedQuestion() {
  core::AirQuestion q;
  q.id = 112;
  q.episodeId = 7;
  q.version = 9;
  q.state = "aired";
  q.text = "Зашто нема воде у Звечану?";
  q.viewerText = q.text;
  q.municipality = "zvecan";
  q.language = "sr-Cyrl";
  q.receivedAt = "2026-11-23T20:01:42.511Z";
  q.onAirAt = "2026-11-23T20:14:05.120Z";
  q.offAirAt = "2026-11-23T20:16:30.000Z";
  return q;
}

TEST(StudioProtocol, EveryRequestExampleDecodes) {
  EXPECT_EQ(decodeAs<EpisodesRequest>(readExample("staff.to_server.episodes.json")).id, "e1");
  const auto save = decodeAs<EpisodeSave>(readExample("staff.to_server.episode_save.json"));
  EXPECT_EQ(save.id, "e2");
  EXPECT_EQ(
      save.draft,
      (core::EpisodeDraft{
          0, 24, "Sporazum 7. 12. 2026.", "2026-12-07", {{"Milan Jovanović", "SL"}}, {"jobs"}}));
  EXPECT_EQ(decodeAs<EpisodeStart>(readExample("staff.to_server.episode_start.json")).episodeId, 7);
  EXPECT_EQ(decodeAs<EpisodeEnd>(readExample("staff.to_server.episode_end.json")).episodeId, 7);
  const auto move = decodeAs<QueueEdit>(readExample("staff.to_server.queue_move.json"));
  EXPECT_EQ(move.id, "q1");
  EXPECT_EQ(move.change.action, core::QueueAction::Move);
  EXPECT_EQ(move.change.questionId, 118);
  EXPECT_EQ(move.change.baseVersion, 6);
  EXPECT_EQ(move.change.position, 1);
  const auto remove = decodeAs<QueueEdit>(readExample("staff.to_server.queue_remove.json"));
  EXPECT_EQ(remove.change.action, core::QueueAction::Remove);
  EXPECT_EQ(remove.change.baseVersion, 7);
}

TEST(StudioProtocol, EngineReportExamplesDecodeAsRequestsWithoutAnId) {
  const auto recording = decodeAs<EngineRecording>(readExample("staff.engine_recording.json"));
  EXPECT_EQ(recording.report.episodeId, 7);
  EXPECT_EQ(recording.report.state, "done");
  EXPECT_EQ(recording.report.bytes, 4815162342);
  const auto preview = decodeAs<EnginePreviewReport>(readExample("staff.engine_preview.json"));
  EXPECT_EQ(preview.preview.jpegBase64, "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAA==");
}

TEST(StudioProtocol, PushAndReplyExamplesAreWhatTheEncoderWrites) {
  EXPECT_EQ(encodeShow(liveEpisode()), readExample("staff.to_staff.show.json"));
  EXPECT_EQ(encodeEpisodeList("e1", {plannedEpisode(), liveEpisode(), airedEpisode()}),
            readExample("staff.to_staff.episode_list.json"));
  EXPECT_EQ(encodeEpisodeSaved("e2", plannedEpisode()),
            readExample("staff.to_staff.episode_saved.json"));
  const auto aired = airedQuestion();
  const auto queued = queuedQuestion();
  EXPECT_EQ(encodeQueue(7, {&aired, &queued}, true), readExample("staff.to_staff.queue.json"));
  auto moved = queuedQuestion();
  moved.version = 7;
  moved.position = 1;
  EXPECT_EQ(encodeQueueChanges(7, {moved}), readExample("staff.to_staff.queue_changes.json"));
  EXPECT_EQ(encodePreview("engine-main",
                          "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAA==", "2026-11-23T20:14:05.000Z"),
            readExample("staff.to_staff.preview.json"));
}

TEST(StudioProtocol, RepliesWithoutAQuestionAndConflictsInTheStudiosForm) {
  EXPECT_EQ(encodeDone("e3"), R"({"type":"done","id":"e3"})");
  EXPECT_EQ(encodeShow(std::nullopt), R"({"type":"show","episode":null})");
  const Json conflict =
      Json::parse(encodeQueueConflict("q1", queuedQuestion(), "Pera", "queue_move"));
  EXPECT_EQ(conflict["type"], "conflict");
  EXPECT_EQ(conflict["question"]["position"], 2);
  EXPECT_EQ(conflict["question"]["viewerText"], "kada ce biti popravljen put???");
  EXPECT_FALSE(conflict["question"].contains("device"));
  EXPECT_FALSE(conflict["question"].contains("rejectNote"));
  EXPECT_EQ(conflict["message"], "Pera changed this question (queue_move) after you saw it");
}

TEST(StudioProtocol, MarkupInTitlesAndNamesStaysLiteralText) {
  const Json request{{"type", "episode_save"},
                     {"id", "e"},
                     {"episode",
                      {{"number", 3},
                       {"title", "<script>alert(1)</script> & <b>Sporazum</b>"},
                       {"airDate", "2026-12-07"},
                       {"guests", {{{"name", "<i>Ana</i>"}, {"role", "\"SL\" & co"}}}}}}};
  const auto save = decodeAs<EpisodeSave>(request.dump());
  EXPECT_EQ(save.draft.title, "<script>alert(1)</script> & <b>Sporazum</b>");
  EXPECT_EQ(save.draft.guests.at(0).name, "<i>Ana</i>");
  core::Episode e = plannedEpisode();
  e.title = save.draft.title;
  const Json saved = Json::parse(encodeEpisodeSaved("e", e));
  EXPECT_EQ(saved["episode"]["title"], "<script>alert(1)</script> & <b>Sporazum</b>");
}

TEST(StudioProtocol, HostileAndMalformedRequestsFailWithStableCodes) {
  const Json good = Json::parse(readExample("staff.to_server.episode_save.json"));
  const auto withEpisode = [&good](const std::function<void(Json&)>& change) {
    Json request = good;
    change(request["episode"]);
    return failureOf(request);
  };
  EXPECT_EQ(failureOf({{"type", "episode_save"}, {"id", "e"}}).field, "episode");
  EXPECT_EQ(failureOf({{"type", "episode_save"}, {"id", "e"}, {"episode", "x"}}).code, "bad_field");
  EXPECT_EQ(withEpisode([](Json& e) { e.erase("number"); }).code, "missing_field");
  EXPECT_EQ(withEpisode([](Json& e) { e["number"] = 0; }).field, "number");
  EXPECT_EQ(withEpisode([](Json& e) { e["number"] = 10000; }).code, "bad_field");
  EXPECT_EQ(withEpisode([](Json& e) { e["number"] = "24"; }).code, "bad_field");
  EXPECT_EQ(withEpisode([](Json& e) { e["id"] = -3; }).field, "id");
  EXPECT_EQ(withEpisode([](Json& e) { e.erase("title"); }).code, "missing_field");
  EXPECT_EQ(withEpisode([](Json& e) { e["title"] = " \u200B "; }).code, "bad_field");
  EXPECT_EQ(withEpisode([](Json& e) { e["title"] = std::string(201, 'x'); }).code,
            "field_too_long");
  EXPECT_EQ(withEpisode([](Json& e) { e["title"] = std::string(100000, 'x'); }).code,
            "field_too_long");
  EXPECT_EQ(withEpisode([](Json& e) { e["title"] = "Sporazum\u0007"; }).code, "control_characters");
  EXPECT_EQ(withEpisode([](Json& e) { e["airDate"] = "2026-02-30"; }).field, "airDate");
  EXPECT_EQ(withEpisode([](Json& e) { e["airDate"] = "7. 12. 2026."; }).field, "airDate");
  EXPECT_EQ(withEpisode([](Json& e) { e["guests"] = "Ana"; }).field, "guests");
  EXPECT_EQ(withEpisode([](Json& e) {
              e["guests"] = Json::array();
              for (int i = 0; i < 13; ++i)
                e["guests"].push_back({{"name", "Gost " + std::to_string(i)}});
            }),
            core::makeError("bad_field", "at most 12 guests", "guests"));
  EXPECT_EQ(withEpisode([](Json& e) { e["guests"] = Json::array({Json::object()}); }).field,
            "guests[0].name");
  EXPECT_EQ(withEpisode([](Json& e) {
              e["guests"] = Json::array({{{"name", 5}}});
            }).code,
            "bad_field");
  EXPECT_EQ(withEpisode([](Json& e) { e["guests"] = Json::array({"Ana"}); }).field, "guests[0]");
  EXPECT_EQ(withEpisode([](Json& e) {
              e["guests"] = Json::array({{{"name", "Ana"}, {"role", std::string(201, 'r')}}});
            }).field,
            "guests[0].role");
  EXPECT_EQ(
      withEpisode([](Json& e) { e["topics"] = Json(std::vector<std::string>(21, "t")); }).field,
      "topics");
  EXPECT_EQ(withEpisode([](Json& e) { e["topics"] = Json::array({1}); }).field, "topics[0]");
  EXPECT_EQ(withEpisode([](Json& e) { e["topics"] = Json::array({""}); }).field, "topics[0]");

  EXPECT_EQ(failureOf({{"type", "episode_start"}, {"id", "e"}}).field, "episode");
  EXPECT_EQ(failureOf({{"type", "episode_end"}, {"id", "e"}, {"episode", 0}}).code, "bad_field");
  EXPECT_EQ(failureOf({{"type", "episodes"}}).field, "id") << "requests carry an id";
  EXPECT_EQ(failureOf({{"type", "queue_move"}, {"id", "q"}, {"question", 1}, {"version", 1}}).field,
            "position");
  EXPECT_EQ(
      failureOf(
          {{"type", "queue_move"}, {"id", "q"}, {"question", 1}, {"version", 1}, {"position", 0}})
          .code,
      "bad_field");
  EXPECT_EQ(failureOf({{"type", "queue_remove"}, {"id", "q"}, {"question", 1}}).field, "version");
  EXPECT_EQ(
      failureOf({{"type", "queue_remove"}, {"id", "q"}, {"question", 1}, {"version", 1.5}}).code,
      "bad_field");

  EXPECT_EQ(failureOf({{"type", "engine_preview"}, {"jpeg", "not base64!"}}).field, "jpeg");
  EXPECT_EQ(failureOf({{"type", "engine_preview"}, {"jpeg", std::string(70000, 'A')}}).field,
            "jpeg");
  EXPECT_EQ(failureOf({{"type", "engine_recording"},
                       {"episode", 7},
                       {"file", "a.ts"},
                       {"state", "paused"},
                       {"bytes", 0},
                       {"startedAt", "2026-11-23T20:00:04.160Z"},
                       {"frames", 0}})
                .field,
            "state");
}

}  // namespace
}  // namespace sporazum::desk::wire
