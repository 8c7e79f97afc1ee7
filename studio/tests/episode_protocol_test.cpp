// Episodes on the wire against schema/examples and hostile variants.

#include "sporazum/studio/episode_protocol.hpp"

#include <gtest/gtest.h>

#include "gtest_qt.hpp"

#include <QJsonArray>
#include <functional>

#include "test_messages.hpp"

namespace sporazum::studio {
namespace {

using testing::example;
using testing::fieldsOf;

TEST(EpisodeProtocol, ReadsTheExampleShow) {
  auto show = parseShow(example("staff.to_staff.show.json"));
  ASSERT_TRUE(show) << show.error().message;
  ASSERT_TRUE(show->has_value());
  const Episode& e = **show;
  EXPECT_EQ(e.id, 7);
  EXPECT_EQ(e.number, 23);
  EXPECT_EQ(e.title, QString::fromUtf8("Sporazum 23. 11. 2026."));
  EXPECT_EQ(e.airDate, "2026-11-23");
  EXPECT_EQ(e.state, EpisodeState::Live);
  EXPECT_TRUE(e.questionsOpen);
  ASSERT_EQ(e.guests.size(), 2);
  EXPECT_EQ(e.guests[0], (Guest{QString::fromUtf8("Dragana Petrović"), "poslanica"}));
  EXPECT_EQ(e.guests[1], (Guest{"Arben Krasniqi", "LDK"}));
  EXPECT_EQ(e.topics, (QStringList{"roads", "water"}));
  EXPECT_EQ(e.startedAt, "2026-11-23T20:00:04.120Z");
  EXPECT_TRUE(e.endedAt.isEmpty());
  ASSERT_TRUE(e.recording.has_value());
  EXPECT_EQ(e.recording->engine, "engine-main");
  EXPECT_EQ(e.recording->file, "var/recordings/episode-23-20261123T200004Z.ts");
  EXPECT_EQ(e.recording->bytes, 0);
  EXPECT_EQ(e.recording->state, "recording");
  EXPECT_TRUE(e.recording->error.isEmpty());

  auto none = parseShow({{"type", "show"}, {"episode", QJsonValue::Null}});
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value()) << "no episode yet";
}

TEST(EpisodeProtocol, ReadsEveryEpisodeOfTheExampleList) {
  const QJsonArray list = example("staff.to_staff.episode_list.json")["episodes"].toArray();
  ASSERT_EQ(list.size(), 3);
  auto planned = parseEpisode(list[0]);
  ASSERT_TRUE(planned) << planned.error().message;
  EXPECT_EQ(planned->state, EpisodeState::Planned);
  EXPECT_TRUE(planned->startedAt.isEmpty());
  EXPECT_FALSE(planned->recording.has_value());
  auto aired = parseEpisode(list[2]);
  ASSERT_TRUE(aired) << aired.error().message;
  EXPECT_EQ(aired->state, EpisodeState::Aired);
  EXPECT_EQ(aired->endedAt, "2026-11-09T21:01:40.002Z");
  EXPECT_TRUE(aired->guests.isEmpty());
  ASSERT_TRUE(aired->recording.has_value());
  EXPECT_EQ(aired->recording->bytes, 4815162342) << "beyond 32 bits";
  EXPECT_EQ(aired->recording->state, "done");

  auto saved = parseEpisode(example("staff.to_staff.episode_saved.json")["episode"]);
  ASSERT_TRUE(saved) << saved.error().message;
  EXPECT_EQ(saved->id, 8);
  EXPECT_EQ(saved->number, 24);
}

TEST(EpisodeProtocol, AFailedRecordingCarriesTheEnginesWords) {
  QJsonObject episode = example("staff.to_staff.show.json")["episode"].toObject();
  episode["recording"] = QJsonObject{{"engine", "engine-main"},
                                     {"file", "var/recordings/episode-23.ts"},
                                     {"bytes", 412316},
                                     {"state", "failed"},
                                     {"error", "record_sink: No space left on the resource."}};
  auto e = parseEpisode(episode);
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_EQ(e->recording->state, "failed");
  EXPECT_EQ(e->recording->error, "record_sink: No space left on the resource.");
}

TEST(EpisodeProtocol, RequestsAreTheExamplesFieldForField) {
  EpisodeDraft draft;
  draft.number = 24;
  draft.title = QString::fromUtf8("Sporazum 7. 12. 2026.");
  draft.airDate = "2026-12-07";
  draft.guests = {{QString::fromUtf8("Milan Jovanović"), "SL"}};
  draft.topics = {"jobs"};
  EXPECT_EQ(episodeSaveFields(draft), fieldsOf(example("staff.to_server.episode_save.json")));
  EXPECT_EQ(episodeFields(7), fieldsOf(example("staff.to_server.episode_start.json")));
  EXPECT_EQ(episodeFields(7), fieldsOf(example("staff.to_server.episode_end.json")));
  EXPECT_TRUE(fieldsOf(example("staff.to_server.episodes.json")).isEmpty());
  EXPECT_EQ(kEpisodeSaveType, example("staff.to_server.episode_save.json")["type"].toString());
  EXPECT_EQ(kEpisodeStartType, example("staff.to_server.episode_start.json")["type"].toString());
  EXPECT_EQ(kEpisodeEndType, example("staff.to_server.episode_end.json")["type"].toString());
  EXPECT_EQ(kEpisodesType, example("staff.to_server.episodes.json")["type"].toString());

  draft.id = 8;
  EXPECT_EQ(episodeSaveFields(draft)["episode"].toObject()["id"].toInteger(), 8) << "an edit";
}

TEST(EpisodeProtocol, ADraftFromTheFormIsTrimmedAndLosesEmptyRows) {
  const QVariantMap form{{"id", 0},
                         {"number", " 24 "},
                         {"title", "  Sporazum  "},
                         {"airDate", "2026-12-07"},
                         {"guests", QVariantList{QVariantMap{{"name", " Milan "}, {"role", " SL "}},
                                                 QVariantMap{{"name", ""}, {"role", "  "}},
                                                 QVariantMap{{"name", "Ana"}}}},
                         {"topics", QVariantList{" jobs ", "", "roads"}}};
  const EpisodeDraft draft = episodeDraftFromVariant(form);
  EXPECT_EQ(draft.id, 0);
  EXPECT_EQ(draft.number, 24);
  EXPECT_EQ(draft.title, "Sporazum");
  ASSERT_EQ(draft.guests.size(), 2);
  EXPECT_EQ(draft.guests[0], (Guest{"Milan", "SL"}));
  EXPECT_EQ(draft.guests[1], (Guest{"Ana", ""}));
  EXPECT_EQ(draft.topics, (QStringList{"jobs", "roads"}));
  EXPECT_FALSE(checkEpisodeDraft(draft));
  EXPECT_EQ(episodeDraftFromVariant({{"number", "24a"}}).number, 0);
}

TEST(EpisodeProtocol, ADraftBreakingTheServersRulesNamesTheFieldAsTheServerDoes) {
  EpisodeDraft good;
  good.number = 24;
  good.title = "Sporazum";
  good.airDate = "2026-12-07";
  good.guests = {{"Ana", ""}, {"Milan", "SL"}};
  good.topics = {"jobs"};
  ASSERT_FALSE(checkEpisodeDraft(good));

  struct Case {
    std::function<void(EpisodeDraft&)> change;
    const char* field;
  };
  const Case cases[] = {
      {[](EpisodeDraft& d) { d.number = 0; }, "number"},
      {[](EpisodeDraft& d) { d.number = 10000; }, "number"},
      {[](EpisodeDraft& d) { d.title.clear(); }, "title"},
      {[](EpisodeDraft& d) { d.title = QString(201, QChar(0x0436)); }, "title"},
      {[](EpisodeDraft& d) { d.title = "a\u0007b"; }, "title"},
      {[](EpisodeDraft& d) { d.airDate = "7. 12. 2026."; }, "airDate"},
      {[](EpisodeDraft& d) { d.airDate = "2026-02-30"; }, "airDate"},
      {[](EpisodeDraft& d) { d.airDate = "26-12-07"; }, "airDate"},
      {[](EpisodeDraft& d) { d.guests[1].name.clear(); }, "guests[1].name"},
      {[](EpisodeDraft& d) { d.guests[0].role = QString(201, 'r'); }, "guests[0].role"},
      {[](EpisodeDraft& d) {
         d.guests.fill(Guest{"x", ""}, 13);
       },
       "guests"},
      {[](EpisodeDraft& d) { d.topics = QStringList(21, "t"); }, "topics"},
      {[](EpisodeDraft& d) { d.topics = {QString(41, 't')}; }, "topics[0]"},
  };
  for (const Case& c : cases) {
    EpisodeDraft draft = good;
    c.change(draft);
    auto error = checkEpisodeDraft(draft);
    ASSERT_TRUE(error) << c.field;
    EXPECT_EQ(error->field, c.field);
  }
  // 200 Cyrillic letters are 200 characters, not 400 bytes.
  EpisodeDraft cyrillic = good;
  cyrillic.title = QString(200, QChar(0x0436));
  EXPECT_FALSE(checkEpisodeDraft(cyrillic));
}

TEST(EpisodeProtocol, RefusesMalformedEpisodes) {
  const QJsonObject good = example("staff.to_staff.show.json")["episode"].toObject();
  ASSERT_TRUE(parseEpisode(good));
  const std::pair<const char*, QJsonValue> bad[] = {
      {"id", "7"},
      {"id", 0},
      {"number", 0},
      {"number", 10000},
      {"title", QJsonValue::Null},
      {"airDate", "2026-13-01"},
      {"airDate", 20261123},
      {"state", "paused"},
      {"questionsOpen", "yes"},
      {"guests", QJsonObject{}},
      {"guests", QJsonArray{"Dragana"}},
      {"guests", QJsonArray{QJsonObject{{"role", "x"}}}},
      {"topics", QJsonArray{1}},
      {"startedAt", "soon"},
      {"endedAt", 5},
      {"recording", "recording"},
      {"recording", QJsonObject{{"engine", "e"}, {"file", "f"}, {"bytes", -1}, {"state", "done"}}},
      {"recording", QJsonObject{{"engine", "e"}, {"file", "f"}, {"bytes", 1}}},
  };
  for (const auto& [field, value] : bad) {
    QJsonObject wire = good;
    wire[QLatin1String(field)] = value;
    auto e = parseEpisode(wire);
    ASSERT_FALSE(e) << field;
    EXPECT_EQ(e.error().code, "bad_episode");
    EXPECT_EQ(QString::fromStdString(e.error().field).section('.', 0, 0).section('[', 0, 0), field);
  }
  EXPECT_FALSE(parseShow({{"type", "show"}, {"episode", 7}}));
  EXPECT_FALSE(parseShow({{"type", "show"}})) << "absent is not null";
}

}  // namespace
}  // namespace sporazum::studio
