// The archive on the wire against schema/examples (encoding compared byte for byte in Qt's
// canonical form) and hostile replies; the R 128 verdict at its edges; timecodes; snippets.

#include "sporazum/studio/archive_protocol.hpp"

#include <gtest/gtest.h>

#include "gtest_qt.hpp"

#include <QJsonArray>
#include <QJsonDocument>
#include <cmath>
#include <limits>

#include "test_messages.hpp"

namespace sporazum::studio {
namespace {

using testing::example;

QByteArray compact(const QJsonObject& message) {
  return QJsonDocument(message).toJson(QJsonDocument::Compact);
}

/// {type, id, ...fields} as StudioConnection sends it.
QJsonObject request(const QString& type, const QString& id, QJsonObject fields) {
  fields.insert("type", type);
  fields.insert("id", id);
  return fields;
}

QJsonObject detailExample() {
  return example("staff.to_staff.archive_detail.json");
}

TEST(ArchiveProtocol, EncodesTheFourRequestsAsTheExamplesDo) {
  // QJsonObject orders keys, so the examples are compared in that canonical form: the same
  // keys, values and number formats, byte for byte.
  EXPECT_EQ(compact(request("archive_episodes", "a1", archiveEpisodesFields(0, 50))),
            compact(example("staff.to_server.archive_episodes.json")));
  EXPECT_EQ(compact(request("archive_search", "a2", archiveSearchFields("Djakovica", 20))),
            compact(example("staff.to_server.archive_search.json")));
  EXPECT_EQ(compact(request("archive_get", "a3", archiveGetFields(23))),
            compact(example("staff.to_server.archive_get.json")));

  ArchiveEdit edit;
  edit.number = 23;
  edit.version = 3;
  edit.titles.insert("en", "Roads and water");
  edit.descriptions.insert("sr-Cyrl", "");
  edit.airDate = "2026-11-23";
  edit.airTime = "20:00";
  edit.topics = QStringList{"roads", "water"};
  edit.appearances.append(AppearanceEdit{1, QString("poslanica"), QString("SNS")});
  EXPECT_FALSE(checkArchiveEdit(edit).has_value());
  EXPECT_EQ(compact(request("archive_edit", "a4", archiveEditFields(edit))),
            compact(example("staff.to_server.archive_edit.json")));
}

TEST(ArchiveProtocol, ClampsLimitsToTheProtocolsRanges) {
  EXPECT_EQ(archiveEpisodesFields(-5, 0), (QJsonObject{{"offset", 0}, {"limit", 1}}));
  EXPECT_EQ(archiveEpisodesFields(10, 5000)["limit"].toInt(), 1000);
  EXPECT_EQ(archiveSearchFields("x", 1000)["limit"].toInt(), 100);
}

TEST(ArchiveProtocol, ReadsTheExampleEpisodeList) {
  auto list = parseArchiveEpisodeList(example("staff.to_staff.archive_episode_list.json"));
  ASSERT_TRUE(list) << list.error().message;
  ASSERT_EQ(list->size(), 2);
  const ArchiveEpisode& a = (*list)[0];
  EXPECT_EQ(a.number, 23);
  EXPECT_EQ(a.titles.value("sr-Cyrl"), QString::fromUtf8("Путеви и вода"));
  EXPECT_EQ(a.titles.value("sq"), QString::fromUtf8("Rrugët dhe uji"));
  EXPECT_EQ(a.airTime, "20:00:00");
  EXPECT_EQ(a.state, EpisodeState::Archived);
  EXPECT_DOUBLE_EQ(a.durationSeconds.value_or(0), 3727.8);
  ASSERT_TRUE(a.loudness.has_value());
  EXPECT_EQ(*a.loudness, (LoudnessMeasure{-23.1, 6.2, -1.8}));
  EXPECT_EQ(a.poster, "/archive/media/41");
  EXPECT_EQ(a.version, 3);
  const ArchiveEpisode& b = (*list)[1];
  EXPECT_TRUE(b.titles.isEmpty());
  EXPECT_TRUE(b.airTime.isEmpty());
  EXPECT_FALSE(b.durationSeconds.has_value());
  EXPECT_FALSE(b.loudness.has_value());
  EXPECT_TRUE(b.poster.isEmpty());
}

TEST(ArchiveProtocol, ReadsTheExampleDetail) {
  auto detail = parseArchiveDetailMessage(detailExample());
  ASSERT_TRUE(detail) << detail.error().message;
  const ArchiveDetail& d = *detail;
  EXPECT_EQ(d.episode.number, 23);
  EXPECT_EQ(d.descriptions.value("sr-Latn"), "Gosti o putevima i vodi.");
  ASSERT_EQ(d.guests.size(), 1);
  EXPECT_EQ(d.guests[0].position, 1);
  EXPECT_EQ(d.guests[0].aliases.size(), 2);
  EXPECT_EQ(d.guests[0].party, "SNS");
  EXPECT_EQ(d.topics, (QStringList{"roads", "water"}));
  ASSERT_EQ(d.questions.size(), 2);
  EXPECT_EQ(d.questions[0].id, 118);
  EXPECT_DOUBLE_EQ(d.questions[0].inSeconds.value_or(0), 312.48);
  EXPECT_EQ(d.questions[0].viewerName, "Milica");
  EXPECT_EQ(d.questions[1].text, "<b>Zašto?</b>") << "kept literally: QML shows it as plain text";
  EXPECT_FALSE(d.questions[1].inSeconds.has_value());
  EXPECT_TRUE(d.questions[1].viewerName.isEmpty());
  ASSERT_TRUE(d.proxy.has_value());
  EXPECT_TRUE(d.proxy->url.startsWith("/archive/media/40?exp="));
  EXPECT_EQ(d.proxy->width, 640);
  ASSERT_EQ(d.thumbnails.size(), 2);
  EXPECT_TRUE(d.thumbnails[0].isPoster);
  EXPECT_DOUBLE_EQ(d.thumbnails[1].atSeconds, 60);
  ASSERT_TRUE(d.master.has_value());
  EXPECT_EQ(d.master->bytes, 4815162342) << "beyond 32 bits";
  EXPECT_EQ(d.master->fixityOutcome, "ok");
  EXPECT_EQ(d.programmeStartSource, "recording");
  EXPECT_EQ(d.archivedAt, "2026-11-23T21:40:02.511Z");
}

TEST(ArchiveProtocol, ReadsTheExampleHits) {
  auto hits = parseArchiveHits(example("staff.to_staff.archive_hits.json"));
  ASSERT_TRUE(hits) << hits.error().message;
  ASSERT_EQ(hits->size(), 2);
  EXPECT_EQ((*hits)[0].number, 22);
  EXPECT_EQ((*hits)[0].question, 118);
  EXPECT_EQ((*hits)[0].matchedIn, "question");
  EXPECT_EQ((*hits)[1].titleLang, "sr-Cyrl");
  EXPECT_EQ((*hits)[1].question, 0);
}

/// The detail example with `change` applied to its episode; the parse must fail at `field`.
void expectDetailRefused(const std::function<void(QJsonObject&)>& change, const char* field) {
  QJsonObject episode = detailExample()["episode"].toObject();
  change(episode);
  auto parsed = parseArchiveDetail(episode);
  ASSERT_FALSE(parsed) << "accepted; expected a fault at " << field;
  EXPECT_EQ(parsed.error().code, "bad_archive");
  EXPECT_EQ(parsed.error().field, field);
}

TEST(ArchiveProtocol, RefusesHostileDetails) {
  expectDetailRefused([](QJsonObject& e) { e["number"] = "23"; }, "number");
  expectDetailRefused([](QJsonObject& e) { e["number"] = 23.5; }, "number");
  expectDetailRefused([](QJsonObject& e) { e["title"] = QString(401, 'x'); }, "title");
  expectDetailRefused([](QJsonObject& e) { e["title"] = "a\u0007b"; }, "title");
  expectDetailRefused([](QJsonObject& e) { e["title"] = "two\nlines"; }, "title");
  expectDetailRefused(
      [](QJsonObject& e) {
        e["titles"] = QJsonObject{{"de", "Straßen"}};
      },
      "titles.de");
  expectDetailRefused([](QJsonObject& e) { e["titles"] = QJsonObject{{"en", 5}}; }, "titles.en");
  expectDetailRefused([](QJsonObject& e) { e["airDate"] = "2026-02-30"; }, "airDate");
  expectDetailRefused([](QJsonObject& e) { e["airTime"] = "25:00"; }, "airTime");
  expectDetailRefused([](QJsonObject& e) { e["state"] = "deleted"; }, "state");
  expectDetailRefused([](QJsonObject& e) { e["durationSeconds"] = -1; }, "durationSeconds");
  expectDetailRefused(
      [](QJsonObject& e) {
        e["loudness"] = QJsonObject{{"integratedLufs", -23}};
      },
      "loudness.rangeLu");
  expectDetailRefused([](QJsonObject& e) { e["loudness"] = "quiet"; }, "loudness");
  expectDetailRefused([](QJsonObject& e) { e["poster"] = "http://evil.example/x.jpg"; }, "poster");
  expectDetailRefused([](QJsonObject& e) { e["poster"] = "//evil.example/x.jpg"; }, "poster");
  expectDetailRefused([](QJsonObject& e) { e["poster"] = "/a b"; }, "poster");
  expectDetailRefused(
      [](QJsonObject& e) {
        QJsonObject proxy = e["proxy"].toObject();
        proxy["url"] = "javascript:alert(1)";
        e["proxy"] = proxy;
      },
      "proxy.url");
  expectDetailRefused(
      [](QJsonObject& e) {
        QJsonArray questions = e["questions"].toArray();
        QJsonObject q = questions[0].toObject();
        q["inSeconds"] = "312";
        questions[0] = q;
        e["questions"] = questions;
      },
      "questions[0].inSeconds");
  expectDetailRefused(
      [](QJsonObject& e) {
        QJsonArray questions = e["questions"].toArray();
        QJsonObject q = questions[1].toObject();
        q["text"] = QString("a\u001bb");
        questions[1] = q;
        e["questions"] = questions;
      },
      "questions[1].text");
  expectDetailRefused(
      [](QJsonObject& e) {
        QJsonArray guests = e["guests"].toArray();
        QJsonObject g = guests[0].toObject();
        g["aliases"] = QJsonArray{"ok", 3};
        guests[0] = g;
        e["guests"] = guests;
      },
      "guests[0].aliases[1]");
  expectDetailRefused([](QJsonObject& e) { e["thumbnails"] = QJsonArray{QJsonObject{}}; },
                      "thumbnails[0].url");
  expectDetailRefused(
      [](QJsonObject& e) {
        e["master"] = QJsonObject{{"bytes", -1}};
      },
      "master.bytes");
  expectDetailRefused(
      [](QJsonObject& e) {
        QJsonObject master = e["master"].toObject();
        master["fixity"] = QJsonObject{{"at", "yesterday"}, {"outcome", "ok"}};
        e["master"] = master;
      },
      "master.fixity.at");
  expectDetailRefused([](QJsonObject& e) { e["archivedAt"] = 5; }, "archivedAt");
  expectDetailRefused([](QJsonObject& e) { e["topics"] = "roads"; }, "topics");
}

TEST(ArchiveProtocol, AcceptsLineBreaksOnlyWhereTextHasLines) {
  QJsonObject episode = detailExample()["episode"].toObject();
  episode["descriptions"] = QJsonObject{{"en", "First line.\nSecond line."}};
  QJsonArray questions = episode["questions"].toArray();
  QJsonObject q = questions[0].toObject();
  q["text"] = "Kada?\nZašto?";
  questions[0] = q;
  episode["questions"] = questions;
  auto parsed = parseArchiveDetail(episode);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->descriptions.value("en"), "First line.\nSecond line.");
}

TEST(ArchiveProtocol, RefusesMalformedAndOversizedReplies) {
  EXPECT_FALSE(parseArchiveEpisodeList(QJsonObject{{"episodes", "none"}}));
  EXPECT_FALSE(parseArchiveEpisodeList(QJsonObject{}));
  EXPECT_FALSE(parseArchiveHits(QJsonObject{{"hits", QJsonObject{}}}));
  EXPECT_FALSE(parseArchiveDetailMessage(QJsonObject{{"episode", QJsonArray{}}}));

  QJsonArray many;
  const QJsonObject one =
      example("staff.to_staff.archive_episode_list.json")["episodes"].toArray()[1].toObject();
  for (int i = 0; i < 10'001; ++i)
    many.append(one);
  auto tooMany = parseArchiveEpisodeList(QJsonObject{{"episodes", many}});
  ASSERT_FALSE(tooMany);
  EXPECT_EQ(tooMany.error().field, "episodes");

  QJsonArray list = example("staff.to_staff.archive_episode_list.json")["episodes"].toArray();
  QJsonObject bad = list[1].toObject();
  bad["version"] = QJsonValue::Null;
  list[1] = bad;
  auto refused = parseArchiveEpisodeList(QJsonObject{{"episodes", list}});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "episodes[1].version");
  EXPECT_EQ(refused.error().message.find("Sporazum"), std::string::npos)
      << "errors never quote the text";

  QJsonArray hits = example("staff.to_staff.archive_hits.json")["hits"].toArray();
  QJsonObject hit = hits[0].toObject();
  hit["snippet"] = QString(2001, u'x');
  hits[0] = hit;
  auto longSnippet = parseArchiveHits(QJsonObject{{"hits", hits}});
  ASSERT_FALSE(longSnippet);
  EXPECT_EQ(longSnippet.error().field, "hits[0].snippet");
}

ArchiveDetail exampleDetail() {
  auto detail = parseArchiveDetailMessage(detailExample());
  EXPECT_TRUE(detail);
  return detail ? *detail : ArchiveDetail{};
}

TEST(ArchiveProtocol, AnEditCarriesOnlyWhatChanged) {
  const ArchiveDetail base = exampleDetail();
  // The form as the editor fills it: everything shown, one title and one party changed.
  const QVariantMap form{
      {"titles", QVariantMap{{"sr-Latn", "Putevi i voda"},
                             {"sr-Cyrl", ""},
                             {"sq", "  Rrugët dhe uji "},
                             {"en", "Roads and water"}}},
      {"descriptions", QVariantMap{{"sr-Latn", "Gosti o putevima i vodi.\n"}}},
      {"airDate", "2026-11-23"},
      {"airTime", "20:00"},
      {"topics", "roads, water"},
      {"appearances",
       QVariantList{QVariantMap{{"position", 1}, {"role", "poslanica"}, {"party", "SNS (ex)"}}}}};
  const ArchiveEdit edit = archiveEditFromForm(base, form);
  EXPECT_EQ(edit.number, 23);
  EXPECT_EQ(edit.version, 3);
  EXPECT_EQ(edit.titles, (QMap<QString, QString>{{"sq", QString::fromUtf8("Rrugët dhe uji")}}));
  EXPECT_TRUE(edit.descriptions.isEmpty()) << "a trailing line break is no change";
  EXPECT_FALSE(edit.airDate.has_value());
  EXPECT_FALSE(edit.airTime.has_value()) << "20:00 is 20:00:00";
  EXPECT_FALSE(edit.topics.has_value());
  ASSERT_EQ(edit.appearances.size(), 1);
  EXPECT_EQ(edit.appearances[0], (AppearanceEdit{1, std::nullopt, QString("SNS (ex)")}));
  EXPECT_EQ(archiveEditFields(edit),
            (QJsonObject{
                {"number", 23},
                {"version", 3},
                {"titles", QJsonObject{{"sq", QString::fromUtf8("Rrugët dhe uji")}}},
                {"appearances", QJsonArray{QJsonObject{{"position", 1}, {"party", "SNS (ex)"}}}}}));

  const ArchiveEdit cleared = archiveEditFromForm(
      base, {{"titles", QVariantMap{{"en", ""}}}, {"airTime", ""}, {"topics", QVariantList{}}});
  EXPECT_EQ(cleared.titles.value("en", "absent"), "") << "\"\" removes the title";
  EXPECT_EQ(cleared.airTime, QString(""));
  EXPECT_EQ(cleared.topics, QStringList{});
  EXPECT_TRUE(archiveEditFromForm(base, {}).changesNothing());
  EXPECT_TRUE(
      archiveEditFromForm(
          base, {{"appearances", QVariantList{QVariantMap{{"position", 9}, {"role", "x"}}}}})
          .changesNothing())
      << "no guest at position 9";
}

TEST(ArchiveProtocol, AnEditBreakingTheServersLimitsNamesItsField) {
  const auto fieldOf = [](const ArchiveEdit& edit) {
    auto error = checkArchiveEdit(edit);
    return error ? error->field : std::string("(none)");
  };
  ArchiveEdit edit;
  edit.number = 23;
  edit.version = 3;
  edit.titles.insert("en", QString(201, u'ž'));
  EXPECT_EQ(fieldOf(edit), "titles.en");
  edit.titles.insert("en", QString(200, u'ž'));
  EXPECT_EQ(fieldOf(edit), "(none)") << "200 code points fit";
  edit.descriptions.insert("sq", "line\nline");
  EXPECT_EQ(fieldOf(edit), "(none)");
  edit.descriptions.insert("sq", "bell\u0007");
  EXPECT_EQ(fieldOf(edit), "descriptions.sq");
  edit.descriptions.clear();
  edit.airDate = "23.11.2026";
  EXPECT_EQ(fieldOf(edit), "airDate");
  edit.airDate.reset();
  edit.airTime = "8pm";
  EXPECT_EQ(fieldOf(edit), "airTime");
  edit.airTime = "";
  EXPECT_EQ(fieldOf(edit), "(none)") << "\"\" clears the time";
  edit.topics = QStringList{"ok", QString(41, u'x')};
  EXPECT_EQ(fieldOf(edit), "topics[1]");
  edit.topics.reset();
  edit.appearances.append(AppearanceEdit{2, QString("a\tb"), std::nullopt});
  EXPECT_EQ(fieldOf(edit), "appearances[0].role");
}

TEST(LoudnessRule, IsGreenOnTargetWithTheEdgesIncluded) {
  const auto status = [](double integrated, double peak) {
    return loudnessStatus(LoudnessMeasure{integrated, 5, peak});
  };
  EXPECT_EQ(status(-23.0, -1.0), LoudnessStatus::Green);
  EXPECT_EQ(status(-22.0, -1.0), LoudnessStatus::Green);
  EXPECT_EQ(status(-24.0, -3.0), LoudnessStatus::Green);
  EXPECT_EQ(status(-21.9, -1.0), LoudnessStatus::Amber) << "just over +1 LU";
  EXPECT_EQ(status(-24.1, -1.0), LoudnessStatus::Amber) << "just under −1 LU";
  EXPECT_EQ(status(-23.0, -0.9), LoudnessStatus::Amber) << "true peak over −1 dBTP";
  EXPECT_EQ(status(-23.0, 0.0), LoudnessStatus::Amber);
  EXPECT_EQ(status(-21.0, 0.0), LoudnessStatus::Amber);
  EXPECT_EQ(status(-25.0, -2.0), LoudnessStatus::Amber);
  EXPECT_EQ(status(-23.0, 0.1), LoudnessStatus::Red) << "true peak over 0 dBTP";
  EXPECT_EQ(status(-20.9, -2.0), LoudnessStatus::Red);
  EXPECT_EQ(status(-25.1, -2.0), LoudnessStatus::Red);
  EXPECT_EQ(status(-70.0, -60.0), LoudnessStatus::Red) << "silence is no pass";
  EXPECT_EQ(status(std::numeric_limits<double>::quiet_NaN(), -2.0), LoudnessStatus::Red);
  EXPECT_EQ(loudnessStatus(std::nullopt), LoudnessStatus::NotMeasured);
  EXPECT_EQ(toString(LoudnessStatus::Amber), "amber");
  EXPECT_EQ(toString(LoudnessStatus::NotMeasured), "not_measured");
}

TEST(ArchiveRules, TimecodesAreWholeSecondsAsHMmSs) {
  EXPECT_EQ(formatTimecode(312.48), "0:05:12");
  EXPECT_EQ(formatTimecode(341.999), "0:05:41") << "never rounded up into the next second";
  EXPECT_EQ(formatTimecode(3727.8), "1:02:07");
  EXPECT_EQ(formatTimecode(36000), "10:00:00");
  EXPECT_EQ(formatTimecode(0), "0:00:00");
  EXPECT_EQ(formatTimecode(-4), "0:00:00");
  EXPECT_EQ(formatTimecode(std::nan("")), "0:00:00");
}

TEST(ArchiveRules, PlayingFromAQuestionStartsTwoSecondsEarly) {
  EXPECT_EQ(playFromMs(312.48), 310480);
  EXPECT_EQ(playFromMs(1.5), 0) << "never before the start";
  EXPECT_EQ(playFromMs(std::nan("")), 0);
}

TEST(ArchiveProtocol, SnippetsSplitIntoPlainRunsAtTheirMarks) {
  using Runs = QVector<SnippetRun>;
  EXPECT_EQ(snippetRuns(QString::fromUtf8("… put za «Đakovicu» …")),
            (Runs{{QString::fromUtf8("… put za "), false},
                  {QString::fromUtf8("Đakovicu"), true},
                  {QString::fromUtf8(" …"), false}}));
  EXPECT_EQ(snippetRuns(QString::fromUtf8("«Djakovica» i putevi")),
            (Runs{{"Djakovica", true}, {" i putevi", false}}));
  EXPECT_EQ(snippetRuns(QString::fromUtf8("<b>«x»</b>")),
            (Runs{{"<b>", false}, {"x", true}, {"</b>", false}}))
      << "markup stays text";
  EXPECT_EQ(snippetRuns(QString::fromUtf8("a «b")), (Runs{{"a ", false}, {"b", true}}));
  EXPECT_EQ(snippetRuns(QString::fromUtf8("a» b")), (Runs{{"a", false}, {" b", false}}));
  EXPECT_TRUE(snippetRuns("").isEmpty());
}

}  // namespace
}  // namespace sporazum::studio
