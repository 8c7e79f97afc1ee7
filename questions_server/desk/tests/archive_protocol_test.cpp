// The archive's codec against schema/examples (requests decode, replies encode byte for byte)
// and hostile requests.

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

const core::ArchiveMediaLinks kExampleLinks{
    [](std::int64_t id) { return "/archive/media/" + std::to_string(id); },
    [](std::int64_t id) {
      return "/archive/media/" + std::to_string(id) +
             "?exp=1795982400&sig=3b5f0c1e9a2d4b7c8e6f1a0d2c4b6e8f";
    }};

core::ArchiveEpisodeSummary exampleSummary() {
  core::ArchiveEpisodeSummary s;
  s.number = 23;
  s.workingTitle = "Sporazum 23. 11. 2026.";
  s.titles = {{"sr-Latn", "Putevi i voda"},
              {"sr-Cyrl", "Путеви и вода"},
              {"sq", "Rrugët dhe uji"},
              {"en", "Roads and water"}};
  s.airDate = "2026-11-23";
  s.airTime = "20:00:00";
  s.state = core::ArchiveEpisodeState::Archived;
  s.durationSeconds = 3727.8;
  s.hasMaster = true;
  s.loudness = core::Loudness{-23.1, 6.2, -1.8};
  s.posterAssetId = 41;
  s.posterLocation = "/srv/archive/episode-23/poster.jpg";
  s.version = 3;
  return s;
}

core::ArchiveEpisodeDetail exampleDetail() {
  core::ArchiveEpisodeDetail d;
  d.summary = exampleSummary();
  d.summary.titles = {{"sr-Latn", "Putevi i voda"}, {"en", "Roads and water"}};
  d.descriptions = {{"sr-Latn", "Gosti o putevima i vodi."}};
  d.guests = {
      {5, 1, "Dragana Petrović", {"Dragana Petrović", "Драгана Петровић"}, "poslanica", "SNS"}};
  d.topics = {"roads", "water"};
  core::AiredQuestion first;
  first.questionId = 118;
  first.seq = 4;
  first.text = "Kada će biti popravljen put?";
  first.viewerName = "Milica";
  first.municipality = "zubin-potok";
  first.language = "sr";
  first.inSeconds = 312.48;
  first.outSeconds = 341.2;
  first.onAirAt = "2026-11-23T20:05:16.640Z";
  first.offAirAt = "2026-11-23T20:05:45.360Z";
  core::AiredQuestion second;
  second.questionId = 131;
  second.text = "<b>Zašto?</b>";
  d.questions = {first, second};
  core::ArchivedAsset master;
  master.id = 39;
  master.asset.role = core::MediaRole::ProgrammeMaster;
  master.asset.location = "/srv/recordings/episode-23.ts";
  master.asset.bytes = 4815162342;
  master.asset.sha256 = "5d41402abc4b2a76b9719d911017c592ae2b0ce6b2c1b9e0c7a3a8f1d2e3c4b5";
  master.asset.probe = core::MediaProbe{};
  master.asset.probe->container = "mpegts";
  master.latestFixity = core::FixityEvent{};
  master.latestFixity->at = "2026-11-24T03:00:00.000Z";
  master.latestFixity->outcome = core::FixityOutcome::Ok;
  core::ArchivedAsset proxy;
  proxy.id = 40;
  proxy.asset.role = core::MediaRole::Proxy;
  proxy.asset.width = 640;
  proxy.asset.height = 360;
  proxy.asset.probe = core::MediaProbe{};
  proxy.asset.probe->durationSeconds = 3727.8;
  core::ArchivedAsset poster;
  poster.id = 41;
  poster.asset.role = core::MediaRole::Thumbnail;
  poster.asset.width = 320;
  poster.asset.height = 180;
  poster.asset.atSeconds = 0.0;
  poster.asset.isPoster = true;
  core::ArchivedAsset later = poster;
  later.id = 42;
  later.asset.atSeconds = 60.0;
  later.asset.isPoster = false;
  d.assets = {master, proxy, poster, later};
  d.programmeStart = {"2026-11-23T20:00:04.160Z", "recording"};
  d.startedAt = "2026-11-23T20:00:04.120Z";
  d.endedAt = "2026-11-23T21:02:11.930Z";
  d.archivedAt = "2026-11-23T21:40:02.511Z";
  return d;
}

TEST(ArchiveProtocol, EveryRequestExampleDecodes) {
  const auto list =
      decodeAs<ArchiveEpisodesRequest>(readExample("staff.to_server.archive_episodes.json"));
  EXPECT_EQ(list.id, "a1");
  EXPECT_EQ(list.offset, 0U);
  EXPECT_EQ(list.limit, 50U);
  const auto search =
      decodeAs<ArchiveSearchRequest>(readExample("staff.to_server.archive_search.json"));
  EXPECT_EQ(search.query, "Djakovica");
  EXPECT_EQ(search.limit, 20U);
  const auto get = decodeAs<ArchiveGetRequest>(readExample("staff.to_server.archive_get.json"));
  EXPECT_EQ(get.number, 23);
  const auto edit = decodeAs<ArchiveEditRequest>(readExample("staff.to_server.archive_edit.json"));
  EXPECT_EQ(edit.number, 23);
  EXPECT_EQ(edit.patch.baseVersion, 3);
  EXPECT_EQ(edit.patch.titles.at("en"), "Roads and water");
  EXPECT_EQ(edit.patch.descriptions.at("sr-Cyrl"), "") << "\"\" removes it";
  EXPECT_EQ(edit.patch.airDate, "2026-11-23");
  EXPECT_EQ(edit.patch.airTime, "20:00");
  EXPECT_EQ(edit.patch.topics, (std::vector<std::string>{"roads", "water"}));
  ASSERT_EQ(edit.patch.appearances.size(), 1U);
  EXPECT_EQ(edit.patch.appearances[0].position, 1);
  EXPECT_EQ(edit.patch.appearances[0].role, "poslanica");
  EXPECT_EQ(edit.patch.appearances[0].party, "SNS");
}

TEST(ArchiveProtocol, ReplyExamplesAreWhatTheEncoderWrites) {
  core::ArchiveEpisodeSummary planned;
  planned.number = 24;
  planned.workingTitle = "Sporazum 7. 12. 2026.";
  planned.airDate = "2026-12-07";
  EXPECT_EQ(encodeArchiveEpisodeList("a1", {exampleSummary(), planned}, kExampleLinks),
            readExample("staff.to_staff.archive_episode_list.json"));

  core::SearchHit inQuestion;
  inQuestion.number = 22;
  inQuestion.airDate = "2026-11-09";
  inQuestion.title = "Sporazum 9. 11. 2026.";
  inQuestion.matchedIn = core::SearchField::Question;
  inQuestion.snippet = "… put za «Đakovicu» …";
  inQuestion.questionId = 118;
  core::SearchHit inTitle;
  inTitle.number = 19;
  inTitle.airDate = "2026-09-28";
  inTitle.title = "Ђаковица и путеви";
  inTitle.titleLang = "sr-Cyrl";
  inTitle.matchedIn = core::SearchField::Title;
  inTitle.snippet = "«Djakovica» i putevi";
  EXPECT_EQ(encodeArchiveHits("a2", {inQuestion, inTitle}),
            readExample("staff.to_staff.archive_hits.json"));

  EXPECT_EQ(encodeArchiveDetail("a3", exampleDetail(), kExampleLinks),
            readExample("staff.to_staff.archive_detail.json"));
}

TEST(ArchiveProtocol, AConflictCarriesTheEpisodeAsItIsNow) {
  const Json reply = Json::parse(encodeArchiveConflict("a4", exampleDetail(), kExampleLinks));
  EXPECT_EQ(reply["type"], "error");
  EXPECT_EQ(reply["code"], "conflict");
  EXPECT_EQ(reply["id"], "a4");
  EXPECT_EQ(reply["episode"]["version"], 3);
}

TEST(ArchiveProtocol, HostileRequestsAreRefusedNamingTheField) {
  struct Case {
    Json request;
    std::string code;
    std::string field;
  };
  const std::string huge(5000, 'x');
  const std::vector<Case> cases{
      {{{"type", "archive_get"}, {"id", "x"}}, "missing_field", "number"},
      {{{"type", "archive_get"}, {"id", "x"}, {"number", "23"}}, "bad_field", "number"},
      {{{"type", "archive_get"}, {"id", "x"}, {"number", -1}}, "bad_field", "number"},
      {{{"type", "archive_episodes"}, {"id", "x"}, {"limit", 0}}, "bad_field", "limit"},
      {{{"type", "archive_episodes"}, {"id", "x"}, {"limit", 1001}}, "bad_field", "limit"},
      {{{"type", "archive_episodes"}, {"id", "x"}, {"offset", -5}}, "bad_field", "offset"},
      {{{"type", "archive_search"}, {"id", "x"}}, "missing_field", "query"},
      {{{"type", "archive_search"}, {"id", "x"}, {"query", 7}}, "bad_field", "query"},
      {{{"type", "archive_search"}, {"id", "x"}, {"query", huge}}, "query_too_long", "query"},
      {{{"type", "archive_search"}, {"id", "x"}, {"query", "a"}, {"limit", 101}},
       "bad_field",
       "limit"},
      {{{"type", "archive_edit"}, {"id", "x"}, {"number", 23}}, "missing_field", "version"},
      {{{"type", "archive_edit"}, {"id", "x"}, {"number", 23}, {"version", 1}, {"titles", "x"}},
       "bad_field",
       "titles"},
      {{{"type", "archive_edit"},
        {"id", "x"},
        {"number", 23},
        {"version", 1},
        {"titles", {{"de", "Straßen"}}}},
       "bad_field",
       "titles.de"},
      {{{"type", "archive_edit"},
        {"id", "x"},
        {"number", 23},
        {"version", 1},
        {"titles", {{"en", 5}}}},
       "bad_field",
       "titles.en"},
      {{{"type", "archive_edit"},
        {"id", "x"},
        {"number", 23},
        {"version", 1},
        {"titles", {{"en", huge}}}},
       "field_too_long",
       "titles.en"},
      {{{"type", "archive_edit"}, {"id", "x"}, {"number", 23}, {"version", 1}, {"topics", "a"}},
       "bad_field",
       "topics"},
      {{{"type", "archive_edit"},
        {"id", "x"},
        {"number", 23},
        {"version", 1},
        {"topics", {"roads", 3}}},
       "bad_field",
       "topics[1]"},
      {{{"type", "archive_edit"},
        {"id", "x"},
        {"number", 23},
        {"version", 1},
        {"appearances", {{{"role", "x"}}}}},
       "missing_field",
       "appearances[0].position"},
      {{{"type", "archive_edit"},
        {"id", "x"},
        {"number", 23},
        {"version", 1},
        {"appearances", {{{"position", 1}, {"party", huge}}}}},
       "field_too_long",
       "appearances[0].party"},
      {{{"type", "archive_edit"},
        {"id", "x"},
        {"number", 23},
        {"version", 1},
        {"airDate", 20261123}},
       "bad_field",
       "airDate"},
  };
  for (const auto& c : cases) {
    const core::Error error = failureOf(c.request);
    EXPECT_EQ(error.code, c.code) << c.request.dump().substr(0, 200);
    EXPECT_EQ(error.field, c.field) << c.request.dump().substr(0, 200);
  }
}

}  // namespace
}  // namespace sporazum::desk::wire
