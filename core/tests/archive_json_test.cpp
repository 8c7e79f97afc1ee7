// The archive's JSON forms: what the public form leaves out, links instead of paths, and signed
// proxy links that only the key can make. (The staff form's bytes are checked against
// schema/examples by the desk's archive_protocol_test.)

#include <gtest/gtest.h>

#include "sporazum/core/archive_json.hpp"
#include "sporazum/core/media_link.hpp"

namespace sporazum::core {
namespace {

ArchiveEpisodeDetail archivedEpisode() {
  ArchiveEpisodeDetail d;
  d.summary.number = 23;
  d.summary.workingTitle = "Sporazum 23. 11. 2026.";
  d.summary.titles = {{"sr-Cyrl", "Путеви"}, {"en", "Roads"}};
  d.summary.airDate = "2026-11-23";
  d.summary.state = ArchiveEpisodeState::Archived;
  d.summary.loudness = Loudness{-23.1, 6.2, -1.8};
  d.summary.posterAssetId = 41;
  d.summary.posterLocation = "/srv/archive/episode-23/poster.jpg";
  d.summary.version = 3;
  d.guests = {{7, 1, "Dragana Petrović", {"Dragana Petrović"}, "poslanica", "SNS"}};
  AiredQuestion asked;
  asked.questionId = 118;
  asked.text = "<b>Kada?</b>";
  asked.inSeconds = 312.5;
  d.questions = {asked};
  ArchivedAsset master;
  master.id = 39;
  master.asset.role = MediaRole::ProgrammeMaster;
  master.asset.location = "/srv/recordings/episode-23.ts";
  master.asset.sha256 = std::string(64, 'a');
  ArchivedAsset proxy;
  proxy.id = 40;
  proxy.asset.role = MediaRole::Proxy;
  proxy.asset.location = "/srv/archive/episode-23/proxy.mp4";
  ArchivedAsset poster;
  poster.id = 41;
  poster.asset.role = MediaRole::Thumbnail;
  poster.asset.location = "/srv/archive/episode-23/poster.jpg";
  poster.asset.isPoster = true;
  poster.asset.atSeconds = 0.0;
  d.assets = {master, proxy, poster};
  d.programmeStart = {"2026-11-23T20:00:04.160Z", "recording"};
  return d;
}

ArchiveMediaLinks testLinks() {
  return {[](std::int64_t id) { return "/open/" + std::to_string(id); },
          [](std::int64_t id) { return "/signed/" + std::to_string(id); }};
}

TEST(ArchiveJson, TheStaffFormHasEverythingAsLinks) {
  const auto json = archiveDetailJson(archivedEpisode(), ArchiveAudience::Staff, testLinks());
  EXPECT_EQ(json["poster"], "/open/41");
  EXPECT_EQ(json["proxy"]["url"], "/signed/40");
  EXPECT_EQ(json["thumbnails"][0]["url"], "/open/41");
  EXPECT_EQ(json["master"]["sha256"], std::string(64, 'a'));
  EXPECT_EQ(json["loudness"]["integratedLufs"], -23.1);
  EXPECT_EQ(json["version"], 3);
  EXPECT_EQ(json["titles"]["sr-Cyrl"], "Путеви");
  EXPECT_EQ(json["questions"][0]["text"], "<b>Kada?</b>") << "text is data, never rewritten";
  EXPECT_TRUE(json["questions"][0]["viewerName"].is_null());
  EXPECT_EQ(json.dump().find("/srv/"), std::string::npos) << "no server path: " << json.dump();
}

TEST(ArchiveJson, ThePublicFormLeavesOutWhatIsNotForThePublic) {
  const auto json = archiveDetailJson(archivedEpisode(), ArchiveAudience::Public, testLinks());
  for (const char* key : {"loudness", "version", "proxy", "master", "programmeStart"}) {
    EXPECT_FALSE(json.contains(key)) << key;
  }
  EXPECT_EQ(json["thumbnails"][0]["url"], "/open/41");
  EXPECT_EQ(json["guests"][0]["party"], "SNS");
  EXPECT_EQ(json["questions"][0]["inSeconds"], 312.5);
  const std::string text = json.dump();
  EXPECT_EQ(text.find("/srv/"), std::string::npos) << text;
  EXPECT_EQ(text.find("/signed/"), std::string::npos) << text;
  const auto summary =
      archiveEpisodeJson(archivedEpisode().summary, ArchiveAudience::Public, testLinks());
  EXPECT_FALSE(summary.contains("loudness"));
  EXPECT_FALSE(summary.contains("version"));
  EXPECT_EQ(summary["poster"], "/open/41");
}

TEST(ArchiveJson, AnEpisodeNotYetArchivedHasNullsNotZeros) {
  ArchiveEpisodeSummary planned;
  planned.number = 24;
  planned.workingTitle = "Sporazum 7. 12. 2026.";
  planned.airDate = "2026-12-07";
  const auto json = archiveEpisodeJson(planned, ArchiveAudience::Staff, testLinks());
  EXPECT_TRUE(json["airTime"].is_null());
  EXPECT_TRUE(json["durationSeconds"].is_null());
  EXPECT_TRUE(json["loudness"].is_null());
  EXPECT_TRUE(json["poster"].is_null());
  EXPECT_EQ(json["state"], "planned");
  EXPECT_TRUE(json["titles"].is_object());
}

TEST(MediaLink, OnlyTheKeyMakesALinkForThisFileUntilItExpires) {
  Digest key{};
  key.fill(7);
  const std::string link = signedMediaLink(key, 40, 2000);
  ASSERT_EQ(link.rfind("/archive/media/40?exp=2000&sig=", 0), 0U) << link;
  const std::string sig = link.substr(link.find("sig=") + 4);
  EXPECT_EQ(sig.size(), 32U);
  EXPECT_TRUE(isValidMediaSignature(key, 40, 2000, sig, 1999));
  EXPECT_TRUE(isValidMediaSignature(key, 40, 2000, sig, 2000));
  EXPECT_FALSE(isValidMediaSignature(key, 40, 2000, sig, 2001)) << "expired";
  EXPECT_FALSE(isValidMediaSignature(key, 41, 2000, sig, 1000)) << "another file";
  EXPECT_FALSE(isValidMediaSignature(key, 40, 3000, sig, 1000)) << "a later expiry";
  EXPECT_FALSE(isValidMediaSignature(key, 40, 2000, sig.substr(1), 1000)) << "shortened";
  EXPECT_FALSE(isValidMediaSignature(key, 40, 2000, "", 1000));
  std::string flipped = sig;
  flipped[5] = flipped[5] == '0' ? '1' : '0';
  EXPECT_FALSE(isValidMediaSignature(key, 40, 2000, flipped, 1000));
  Digest other{};
  other.fill(8);
  EXPECT_FALSE(isValidMediaSignature(other, 40, 2000, sig, 1000)) << "another server's key";
  EXPECT_EQ(openMediaLink(41), "/archive/media/41");
}

}  // namespace
}  // namespace sporazum::core
