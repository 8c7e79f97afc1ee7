// The archive on a real PostgreSQL (0005_archive.sql): the migration over earlier data, an ingest
// in one transaction (and nothing of a failed one), refusals, aired questions' timecodes from
// real as-run rows, people from the studio's guests, audited metadata edits, fixity, the export.

#include <algorithm>
#include <nlohmann/json.hpp>

#include "pg_test_support.hpp"
#include "sporazum/pg/archive_store.hpp"

namespace sporazum::pg::testing {
namespace {

namespace fs = std::filesystem;
using core::GraphicsAction;
using core::GraphicsLayer;
using nlohmann::json;

const core::StaffIdentity kCli{0, "cli", "cli", core::StaffRole::Admin};

std::string sha(char fill) {
  return std::string(64, fill);
}

core::MediaProbe programmeProbe() {
  core::MediaProbe p;
  p.container = "mpegts";
  p.containerLongName = "MPEG-TS (MPEG-2 Transport Stream)";
  p.durationSeconds = 3605.48;
  p.startTimeSeconds = 1.4;
  p.bitRate = 12000000;
  p.sizeBytes = 5408220000;
  core::MediaStream video;
  video.index = 0;
  video.kind = "video";
  video.codec = "h264";
  video.width = 1920;
  video.height = 1080;
  video.frameRate = {25, 1};
  video.fieldOrder = "tt";
  core::MediaStream audio;
  audio.index = 1;
  audio.kind = "audio";
  audio.codec = "aac";
  audio.sampleRate = 48000;
  audio.channels = 2;
  audio.channelLayout = "stereo";
  audio.language = "srp";
  p.streams = {video, audio};
  return p;
}

core::MediaAsset asset(core::MediaRole role, std::string location, char fill) {
  core::MediaAsset a;
  a.role = role;
  a.location = std::move(location);
  a.bytes = 1000;
  a.sha256 = sha(fill);
  return a;
}

/// What the media side would hand over for one episode: files under /archive/<tag>/.
core::IngestResult ingestOf(const std::string& tag, char masterFill) {
  core::IngestResult r;
  r.master = asset(core::MediaRole::ProgrammeMaster, "/archive/" + tag + "/master.ts", masterFill);
  r.master.bytes = 5408220000;
  r.master.probe = programmeProbe();
  r.loudness = {-23.1, 7.4, -1.2};
  r.proxy = asset(core::MediaRole::Proxy, "/archive/" + tag + "/proxy.mp4", 'b');
  r.proxy->width = 640;
  r.proxy->height = 360;
  for (int i = 0; i < 3; ++i) {
    auto t = asset(core::MediaRole::Thumbnail,
                   "/archive/" + tag + "/thumb" + std::to_string(i) + ".jpg", 'c');
    t.width = 320;
    t.height = 180;
    t.atSeconds = 600.0 * (i + 1);
    t.isPoster = i == 1;
    r.thumbnails.push_back(t);
  }
  r.chapters = {core::Chapter{845.12, 990.0, "Kada će most?", 0}};
  r.processingSeconds = 412.5;
  return r;
}

class Archive : public PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    if (HasFatalFailure()) return;
    migrate(uri(), migrationsDir());
    store_ = std::make_unique<ArchiveStore>(uri());
  }

  /// Plans and starts an episode as the studio does; returns its id.
  std::int64_t liveEpisode(std::int64_t number, std::vector<core::Guest> guests = {},
                           std::vector<std::string> topics = {}) {
    core::EpisodeDraft d;
    d.number = number;
    d.title = "Sporazum " + std::to_string(number);
    d.airDate = "2026-11-23";
    d.guests = std::move(guests);
    d.topics = std::move(topics);
    auto saved = saveEpisode(uri(), d);
    EXPECT_TRUE(saved) << saved.error().message;
    auto started = startEpisode(uri(), number);
    EXPECT_TRUE(started) << started.error().message;
    return saved ? saved->id : 0;
  }

  std::int64_t airedEpisode(std::int64_t number) {
    const auto id =
        liveEpisode(number, {{"Александар Вучић", "predsednik"}, {"Albin Kurti", ""}}, {"dijalog"});
    EXPECT_TRUE(endEpisode(uri(), number));
    return id;
  }

  std::int64_t insertQuestion(std::int64_t episode, const std::string& text, bool consent = false,
                              const std::string& language = "sr") {
    return std::stoll(
        scalar("INSERT INTO questions (client_id, episode_id, device_hash, address_hash, "
               "display_name, municipality, body, state, consent_name_on_air, language) VALUES ('" +
               randomUuid() + "', " + std::to_string(episode) +
               ", decode(repeat('ab', 32), 'hex'), decode(repeat('ad', 32), 'hex'), 'Milica', "
               "'zvecan', '" +
               text + "', 'approved', " + (consent ? "true" : "false") + ", '" + language +
               "') RETURNING id"));
  }

  /// Takes a question to air on the lower third (the command line's way); returns the seq.
  std::int64_t take(std::int64_t questionId) {
    core::GraphicsCommand command{0, GraphicsAction::Take, GraphicsLayer::LowerThird,
                                  core::GraphicContent{}};
    command.graphic->questionId = questionId;
    auto taken = applyGraphicsCommand(uri(), command);
    EXPECT_TRUE(taken) << taken.error().message;
    return taken ? taken->seq : 0;
  }

  /// An engine's as-run report, stored as the desk stores one (graphics_queries' INSERT).
  void asRun(std::int64_t seq, const std::string& engine, const std::string& event,
             std::int64_t questionId, const std::string& wallTime) {
    exec(
        "INSERT INTO graphics_as_run (seq, engine, layer, event, question_id, episode_id, "
        "running_time_ns, wall_time) SELECT seq, '" +
        engine + "', 'lower_third', '" + event + "', " + std::to_string(questionId) +
        ", episode_id, 1, '" + wallTime +
        "' FROM graphics_commands WHERE seq = " + std::to_string(seq));
  }

  void recording(std::int64_t episode, const std::string& engine, const std::string& file,
                 const std::string& startedAt, const std::string& state = "done") {
    exec(
        "INSERT INTO recordings (engine, episode_id, file, state, bytes, started_at, stopped_at, "
        "frames, error) VALUES ('" +
        engine + "', " + std::to_string(episode) + ", '" + file + "', '" + state + "', 10, '" +
        startedAt + "', " +
        (state == "recording" ? "NULL" : "'" + startedAt + "'::timestamptz + interval '1 hour'") +
        ", 90000, " + (state == "failed" ? "'disk full'" : "NULL") + ")");
  }

  std::string count(const std::string& table) { return scalar("SELECT count(*) FROM " + table); }

  std::unique_ptr<ArchiveStore> store_;
};

// ---- the migration -------------------------------------------------------------------------

class ArchiveMigration : public PgTest {};

TEST_F(ArchiveMigration, AppliesOverEarlierDataAndASecondRunIsANoOp) {
  // 0001–0004 only, with a show that ran and one still planned.
  const fs::path earlier = fs::temp_directory_path() / ("sporazum_migrations_" + randomUuid());
  fs::create_directories(earlier);
  for (const auto& entry : fs::directory_iterator(migrationsDir())) {
    if (entry.path().filename().string() < "0005") {
      fs::copy_file(entry.path(), earlier / entry.path().filename());
    }
  }
  migrate(uri(), earlier);
  fs::remove_all(earlier);
  core::EpisodeDraft d{0, 7, "Sporazum o Đakovici", "2026-11-09", {{"Albin Kurti", "LV"}}, {}};
  ASSERT_TRUE(saveEpisode(uri(), d));
  ASSERT_TRUE(startEpisode(uri(), 7));
  exec("INSERT INTO questions (client_id, episode_id, body, state, language) VALUES ('" +
       randomUuid() +
       "', (SELECT id FROM episodes WHERE number = 7), 'Šta je sa mostom?', "
       "'on_air', 'sr')");
  ASSERT_TRUE(endEpisode(uri(), 7));
  ASSERT_TRUE(saveEpisode(uri(), core::EpisodeDraft{0, 8, "Sporazum 8", "2026-11-23", {}, {}}));

  const MigrationReport report = migrate(uri(), migrationsDir());
  ASSERT_FALSE(report.applied.empty());
  EXPECT_EQ(report.applied.front(), "0005_archive.sql") << "(and whatever came later)";
  EXPECT_EQ(scalar("SELECT count(*) FROM archive_search_docs"), "2")
      << "every earlier episode has a document";
  EXPECT_EQ(scalar("SELECT count(*) FROM archive_question_docs"), "1")
      << "the aired one's question is indexed";
  ArchiveStore store(uri());
  const auto hits = store.search("Djakovica", 10);
  ASSERT_TRUE(hits) << hits.error().code;
  ASSERT_EQ(hits->size(), 1U);
  EXPECT_EQ(hits->front().number, 7);

  const MigrationReport again = migrate(uri(), migrationsDir());
  EXPECT_TRUE(again.applied.empty());
  EXPECT_NE(std::find(again.alreadyThere.begin(), again.alreadyThere.end(), "0005_archive.sql"),
            again.alreadyThere.end());

  // The studio's rules still hold, with archived added after aired.
  EXPECT_THROW(exec("UPDATE episodes SET state = 'archived' WHERE number = 7"),
               pqxx::check_violation)
      << "archived needs archived_at";
  exec("UPDATE episodes SET state = 'archived', archived_at = now() WHERE number = 7");
  EXPECT_THROW(exec("UPDATE episodes SET state = 'shelved' WHERE number = 7"),
               pqxx::check_violation);
}

// ---- ingest ----------------------------------------------------------------------------------

TEST_F(Archive, AnIngestIsWrittenWholeAndTheEpisodeIsArchived) {
  const auto id = airedEpisode(31);
  const auto result = store_->recordIngest(31, ingestOf("e31", 'a'), kCli);
  ASSERT_TRUE(result) << result.error().code << ": " << result.error().message;
  EXPECT_EQ(result->episodeId, id);
  EXPECT_EQ(result->thumbnailAssetIds.size(), 3U);
  EXPECT_EQ(result->appearancesMade, 2);

  EXPECT_EQ(count("media_assets"), "5");
  EXPECT_EQ(scalar("SELECT integrated_lufs || ' ' || range_lu || ' ' || true_peak_dbtp "
                   "FROM media_loudness"),
            "-23.1 7.4 -1.2");
  EXPECT_EQ(
      scalar("SELECT asset_id = " + std::to_string(result->proxyAssetId) + " FROM media_chapters"),
      "t")
      << "chapters belong to the proxy";
  const auto detail = store_->episodeDetail(31);
  ASSERT_TRUE(detail);
  EXPECT_EQ(detail->summary.state, ArchiveEpisodeState::Archived);
  EXPECT_FALSE(detail->archivedAt.empty());
  ASSERT_TRUE(detail->summary.durationSeconds);
  EXPECT_DOUBLE_EQ(*detail->summary.durationSeconds, 3605.48) << "from the master's probe";
  EXPECT_TRUE(detail->summary.hasMaster);
  EXPECT_EQ(detail->summary.loudness, (core::Loudness{-23.1, 7.4, -1.2}));
  EXPECT_EQ(detail->summary.posterLocation, "/archive/e31/thumb1.jpg");
  ASSERT_EQ(detail->assets.size(), 5U);
  EXPECT_EQ(detail->assets[0].asset.role, core::MediaRole::ProgrammeMaster);
  EXPECT_EQ(detail->assets[0].asset.probe, programmeProbe()) << "the probe round-trips";
  EXPECT_EQ(detail->assets[1].asset.role, core::MediaRole::Proxy);
  EXPECT_EQ(detail->assets[1].asset.width, 640);
  EXPECT_EQ(detail->assets[3].asset.atSeconds, 1200.0);
  EXPECT_TRUE(detail->assets[3].asset.isPoster);
  EXPECT_EQ(detail->summary.posterAssetId, detail->assets[3].id);
  // One file by its id, as the server's media links find it.
  const auto proxy = store_->findAsset(detail->assets[1].id);
  ASSERT_TRUE(proxy) << proxy.error().message;
  EXPECT_EQ(proxy->asset.role, core::MediaRole::Proxy);
  EXPECT_EQ(proxy->asset.location, detail->assets[1].asset.location);
  EXPECT_EQ(proxy->asset.bytes, detail->assets[1].asset.bytes);
  const auto missing = store_->findAsset(detail->assets[4].id + 1000);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, "unknown_asset");
  ASSERT_EQ(detail->chapters.size(), 1U);
  EXPECT_EQ(detail->chapters[0].title, "Kada će most?");
  EXPECT_DOUBLE_EQ(detail->chapters[0].startSeconds, 845.12);

  // The studio's guests became people, the Cyrillic one with a Latin alias too.
  ASSERT_EQ(detail->guests.size(), 2U);
  EXPECT_NE(detail->guests[0].personId, 0);
  EXPECT_EQ(detail->guests[0].name, "Александар Вучић");
  EXPECT_EQ(detail->guests[0].role, "predsednik");
  EXPECT_EQ(detail->guests[0].aliases,
            (std::vector<std::string>{"Александар Вучић", "Aleksandar Vučić"}));
  EXPECT_EQ(scalar("SELECT action || ' ' || actor || ' ' || (before ->> 'state') || ' ' || "
                   "(after ->> 'state') || ' ' || (after -> 'master' ->> 'sha256') FROM audit_log "
                   "WHERE action = 'archive_ingest'"),
            "archive_ingest cli aired archived " + sha('a'));
}

TEST_F(Archive, AFailureMidwayLeavesNothingBehind) {
  airedEpisode(32);
  auto ingest = ingestOf("e32", 'a');
  ingest.thumbnails[2].location = ingest.thumbnails[0].location;  // refused at the third insert
  const auto result = store_->recordIngest(32, ingest, kCli);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "duplicate_location");
  for (const char* table : {"media_assets", "media_loudness", "media_chapters", "people",
                            "person_aliases", "appearances"}) {
    EXPECT_EQ(count(table), "0") << table;
  }
  EXPECT_EQ(scalar("SELECT state FROM episodes WHERE number = 32"), "aired");
  EXPECT_EQ(scalar("SELECT count(*) FROM audit_log WHERE action = 'archive_ingest'"), "0");

  ingest.thumbnails[2].location = "/archive/e32/thumb2.jpg";
  EXPECT_TRUE(store_->recordIngest(32, ingest, kCli)) << "the corrected ingest goes through";
}

TEST_F(Archive, OnlyAnAiredEpisodeThatExistsIsArchived) {
  EXPECT_EQ(store_->recordIngest(99, ingestOf("e99", 'a'), kCli).error().code, "unknown_episode");
  liveEpisode(33);
  EXPECT_EQ(store_->recordIngest(33, ingestOf("e33", 'a'), kCli).error().code, "not_aired");
  ASSERT_TRUE(saveEpisode(uri(), core::EpisodeDraft{0, 34, "Later", "2026-12-07", {}, {}}));
  EXPECT_EQ(store_->recordIngest(34, ingestOf("e34", 'a'), kCli).error().code, "not_aired");
  auto wrongRole = ingestOf("e33", 'a');
  wrongRole.master.role = core::MediaRole::Proxy;
  EXPECT_EQ(store_->recordIngest(33, wrongRole, kCli).error().field, "master.role");
  auto badSha = ingestOf("e33", 'a');
  badSha.thumbnails[1].sha256 = "ABC";
  EXPECT_EQ(store_->recordIngest(33, badSha, kCli).error().field, "thumbnails[1].sha256");
  EXPECT_EQ(count("media_assets"), "0");
}

TEST_F(Archive, TheSameMasterIsNotIngestedTwice) {
  airedEpisode(35);
  liveEpisode(36);
  ASSERT_TRUE(endEpisode(uri(), 36));
  ASSERT_TRUE(store_->recordIngest(35, ingestOf("e35", 'a'), kCli));

  const auto sameHash = store_->recordIngest(36, ingestOf("e36", 'a'), kCli);
  EXPECT_EQ(sameHash.error().code, "already_ingested");
  EXPECT_EQ(sameHash.error().field, "master.sha256");
  auto sameLocation = ingestOf("e36", 'd');
  sameLocation.master.location = "/archive/e35/master.ts";
  EXPECT_EQ(store_->recordIngest(36, sameLocation, kCli).error().field, "master.location");
  EXPECT_EQ(store_->recordIngest(35, ingestOf("e35b", 'd'), kCli).error().code, "already_ingested")
      << "an episode has one master";
  EXPECT_EQ(count("media_assets"), "5");
  EXPECT_TRUE(store_->recordIngest(36, ingestOf("e36", 'd'), kCli));
}

// ---- aired questions and timecodes ------------------------------------------------------------

TEST_F(Archive, AiredQuestionsAreTimedFromTheAsRunRelativeToTheRecordingsStart) {
  const auto id = liveEpisode(40);
  recording(id, "engine-main", "/srv/rec/sporazum-40.ts", "2026-11-23T20:00:00.000Z");
  recording(id, "engine-backup", "/srv/rec/sporazum-40-b.ts", "2026-11-23T19:59:58.000Z", "failed");
  const auto first = insertQuestion(id, "Kada će biti otvoren most na Ibru?", true);
  const auto second = insertQuestion(id, "Šta je sa dijalogom?");
  const auto firstSeq = take(first);
  asRun(firstSeq, "engine-main", "on_air", first, "2026-11-23T20:14:05.120Z");
  asRun(firstSeq, "engine-backup", "on_air", first, "2026-11-23T20:14:05.100Z");
  const auto secondSeq = take(second);
  asRun(secondSeq, "engine-main", "off_air", first, "2026-11-23T20:16:30.000Z");
  asRun(secondSeq, "engine-backup", "off_air", first, "2026-11-23T20:16:30.040Z");
  asRun(secondSeq, "engine-main", "on_air", second, "2026-11-23T20:16:30.000Z");
  const auto againSeq = take(first);  // the first once more, after the second
  asRun(againSeq, "engine-main", "off_air", second, "2026-11-23T20:18:00.000Z");
  asRun(againSeq, "engine-main", "on_air", first, "2026-11-23T20:18:00.000Z");
  ASSERT_TRUE(endEpisode(uri(), 40));  // no off_air reported for the last take

  const auto detail = store_->episodeDetail(40);
  ASSERT_TRUE(detail);
  EXPECT_EQ(detail->programmeStart, (ProgrammeStart{"2026-11-23T20:00:00.000Z", "recording"}))
      << "the finished recording, not the failed earlier one";
  ASSERT_EQ(detail->questions.size(), 3U);
  const AiredQuestion& a = detail->questions[0];
  EXPECT_EQ(a.questionId, first);
  EXPECT_EQ(a.seq, firstSeq);
  EXPECT_DOUBLE_EQ(*a.inSeconds, 845.1) << "the first engine's frame";
  EXPECT_DOUBLE_EQ(*a.outSeconds, 990.0);
  EXPECT_EQ(a.onAirAt, "2026-11-23T20:14:05.100Z");
  EXPECT_EQ(a.text, "Kada će biti otvoren most na Ibru?");
  EXPECT_EQ(a.viewerName, "Milica") << "consented";
  EXPECT_EQ(a.municipality, "zvecan");
  EXPECT_EQ(detail->questions[1].questionId, second);
  EXPECT_EQ(detail->questions[1].viewerName, "") << "no consent, no name";
  EXPECT_DOUBLE_EQ(*detail->questions[1].inSeconds, 990.0);
  EXPECT_DOUBLE_EQ(*detail->questions[1].outSeconds, 1080.0);
  EXPECT_EQ(detail->questions[2].questionId, first);
  EXPECT_DOUBLE_EQ(*detail->questions[2].inSeconds, 1080.0);
  EXPECT_FALSE(detail->questions[2].outSeconds);

  const auto chapters = store_->airedQuestionChapters(40);
  ASSERT_TRUE(chapters);
  ASSERT_EQ(chapters->chapters.size(), 3U);
  EXPECT_EQ(chapters->chapters[0].title, "Kada će biti otvoren most na Ibru?");
  EXPECT_DOUBLE_EQ(chapters->chapters[2].startSeconds, 1080.0);
  EXPECT_DOUBLE_EQ(chapters->chapters[2].endSeconds, 1080.0) << "open, and no duration known";

  // Once ingested (duration known, and the master named like the main engine's file).
  auto ingest = ingestOf("e40", 'a');
  ingest.master.location = "/archive/e40/sporazum-40.ts";
  ASSERT_TRUE(store_->recordIngest(40, ingest, kCli));
  const auto after = store_->airedQuestionChapters(40);
  EXPECT_DOUBLE_EQ(after->chapters[2].endSeconds, 3605.48);
}

TEST_F(Archive, WithoutARecordingTimecodesCountFromTheEpisodesStart) {
  const auto id = liveEpisode(41);
  const std::string longText =
      "Да ли ће мост на Ибру бити отворен за сва возила пре зиме, и ко ће одлучити о томе када "
      "дође време за то?";
  const auto q = insertQuestion(id, longText);
  const auto seq = take(q);
  exec(
      "INSERT INTO graphics_as_run (seq, engine, layer, event, question_id, episode_id, "
      "running_time_ns, wall_time) SELECT " +
      std::to_string(seq) + ", 'engine-main', 'lower_third', 'on_air', " + std::to_string(q) +
      ", " + std::to_string(id) +
      ", 1, started_at + interval '90.5 seconds' FROM episodes "
      "WHERE id = " +
      std::to_string(id));
  const auto chapters = store_->airedQuestionChapters(41);
  ASSERT_TRUE(chapters);
  EXPECT_EQ(chapters->programmeStart.source, "episode");
  ASSERT_EQ(chapters->chapters.size(), 1U);
  EXPECT_NEAR(chapters->chapters[0].startSeconds, 90.5, 1e-6);
  EXPECT_EQ(chapters->chapters[0].questionId, q);
  EXPECT_EQ(chapters->chapters[0].title,
            "Да ли ће мост на Ибру бити отворен за сва возила пре зиме, и ко ће одлучити о…")
      << "cut at a word, within 80 characters";
  EXPECT_EQ(store_->airedQuestionChapters(4242).error().code, "unknown_episode");
}

// ---- metadata edits ----------------------------------------------------------------------------

TEST_F(Archive, MetadataEditsAreCheckedVersionedAndAudited) {
  airedEpisode(50);
  const auto before = store_->findEpisode(50);
  ASSERT_TRUE(before);
  ArchiveMetadataPatch patch;
  patch.baseVersion = before->version;
  patch.titles = {
      {"sr-Latn", "  Most na Ibru "}, {"sr-Cyrl", "Мост на Ибру"}, {"sq", "Ura e Ibrit"}};
  patch.descriptions = {{"en", "The bridge over the Ibar,\nopened at last?"}};
  patch.airDate = "2026-11-24";
  patch.airTime = "20:05";
  patch.topics = std::vector<std::string>{"most", "Ibar"};
  patch.appearances = {AppearancePatch{1, std::nullopt, "SNS"},
                       AppearancePatch{2, "premijer", "Samoopredeljenje"}};
  const auto edited = store_->updateEpisodeMetadata(50, patch, kCli);
  ASSERT_TRUE(edited) << edited.error().code << " " << edited.error().field;
  EXPECT_EQ(edited->summary.version, before->version + 1);
  EXPECT_EQ(edited->summary.titles,
            (std::vector<LocalizedText>{
                {"sr-Latn", "Most na Ibru"}, {"sr-Cyrl", "Мост на Ибру"}, {"sq", "Ura e Ibrit"}}))
      << "trimmed, in the archive's language order";
  EXPECT_EQ(edited->descriptions,
            (std::vector<LocalizedText>{{"en", "The bridge over the Ibar,\nopened at last?"}}));
  EXPECT_EQ(edited->summary.airDate, "2026-11-24");
  EXPECT_EQ(edited->summary.airTime, "20:05:00");
  EXPECT_EQ(edited->topics, (std::vector<std::string>{"most", "Ibar"}));
  ASSERT_EQ(edited->guests.size(), 2U);
  EXPECT_EQ(edited->guests[0].role, "predsednik") << "unchanged";
  EXPECT_EQ(edited->guests[0].party, "SNS");
  EXPECT_EQ(edited->guests[1].role, "premijer");
  EXPECT_NE(edited->guests[1].personId, 0) << "the guests became people to be edited";

  const json entryBefore = json::parse(scalar(
      "SELECT before FROM audit_log WHERE action = 'archive_edit' ORDER BY id DESC LIMIT 1"));
  const json entryAfter = json::parse(
      scalar("SELECT after FROM audit_log WHERE action = 'archive_edit' ORDER BY id DESC LIMIT 1"));
  EXPECT_EQ(entryBefore["titles"]["sr-Latn"], nullptr);
  EXPECT_EQ(entryAfter["titles"]["sr-Latn"], "Most na Ibru");
  EXPECT_EQ(entryBefore["airDate"], "2026-11-23");
  EXPECT_EQ(entryBefore["topics"], json::array({"dijalog"}));
  EXPECT_EQ(entryBefore["appearances"]["1"]["party"], "");
  EXPECT_EQ(entryAfter["appearances"]["2"]["party"], "Samoopredeljenje");
  EXPECT_EQ(entryAfter["version"], before->version + 1);
  EXPECT_FALSE(entryAfter.contains("descriptionsUnchanged"));

  // The same edit again changes nothing and writes nothing; a stale one is a conflict.
  patch.baseVersion = edited->summary.version;
  const auto audits = scalar("SELECT count(*) FROM audit_log");
  const auto same = store_->updateEpisodeMetadata(50, patch, kCli);
  ASSERT_TRUE(same);
  EXPECT_EQ(same->summary.version, edited->summary.version);
  EXPECT_EQ(scalar("SELECT count(*) FROM audit_log"), audits);
  patch.baseVersion = before->version;
  EXPECT_EQ(store_->updateEpisodeMetadata(50, patch, kCli).error().code, "version_conflict");

  // Removing a title.
  ArchiveMetadataPatch removal;
  removal.titles = {{"sq", ""}};
  const auto removed = store_->updateEpisodeMetadata(50, removal, kCli);
  ASSERT_TRUE(removed);
  EXPECT_EQ(removed->summary.titles.size(), 2U);
}

TEST_F(Archive, ABadEditNamesItsFieldAndChangesNothing) {
  airedEpisode(51);
  const auto refused = [&](ArchiveMetadataPatch p) {
    const auto r = store_->updateEpisodeMetadata(51, p, kCli);
    return r ? std::string("accepted") : r.error().code + " " + r.error().field;
  };
  ArchiveMetadataPatch p;
  p.titles = {{"de", "Brücke"}};
  EXPECT_EQ(refused(p), "bad_field titles.de");
  p = {};
  p.titles = {{"en", std::string(201, 'x')}};
  EXPECT_EQ(refused(p), "field_too_long titles.en");
  p = {};
  p.titles = {{"en", "Bridge\x01"}};
  EXPECT_EQ(refused(p), "control_characters titles.en");
  p = {};
  p.airDate = "2026-02-30";
  EXPECT_EQ(refused(p), "bad_field airDate");
  p = {};
  p.airTime = "24:00";
  EXPECT_EQ(refused(p), "bad_field airTime");
  p = {};
  p.topics = std::vector<std::string>{"ok", ""};
  EXPECT_EQ(refused(p), "bad_field topics[1]");
  p = {};
  p.appearances = {AppearancePatch{7, "x", std::nullopt}};
  EXPECT_EQ(refused(p), "bad_field appearances[0].position");
  EXPECT_EQ(store_->updateEpisodeMetadata(77, ArchiveMetadataPatch{}, kCli).error().code,
            "unknown_episode");
  EXPECT_EQ(count("episode_texts"), "0");
  EXPECT_EQ(scalar("SELECT count(*) FROM audit_log WHERE action = 'archive_edit'"), "0");
}

// ---- fixity
// ---------------------------------------------------------------------------------------

TEST_F(Archive, FixityChecksAreRecordedAndTheNewestIsShown) {
  airedEpisode(60);
  ASSERT_TRUE(store_->recordIngest(60, ingestOf("e60", 'a'), kCli));
  const auto targets = store_->fixityTargets();
  ASSERT_TRUE(targets);
  ASSERT_EQ(targets->size(), 5U);
  const FixityTarget& master = targets->front();
  EXPECT_EQ(master.role, core::MediaRole::ProgrammeMaster);
  EXPECT_EQ(master.location, "/archive/e60/master.ts");
  EXPECT_EQ(master.sha256, sha('a'));
  EXPECT_EQ(master.episodeNumber, 60);

  const auto ok = store_->recordFixity(master.assetId, FixityOutcome::Ok, sha('a'), "");
  ASSERT_TRUE(ok) << ok.error().code;
  const auto bad = store_->recordFixity(master.assetId, FixityOutcome::Mismatch, sha('e'),
                                        "read 5408220000 bytes");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->expectedSha256, sha('a'));
  const auto gone = store_->recordFixity((*targets)[1].assetId, FixityOutcome::Missing, "",
                                         "No such file or directory\x01");
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->detail, "No such file or directory ");

  EXPECT_EQ(store_->recordFixity(master.assetId, FixityOutcome::Ok, sha('e'), "").error().field,
            "actualSha256")
      << "ok with another hash is a mismatch";
  EXPECT_EQ(store_->recordFixity(master.assetId, FixityOutcome::Missing, sha('a'), "").error().code,
            "bad_field");
  EXPECT_EQ(store_->recordFixity(999999, FixityOutcome::Unreadable, "", "").error().code,
            "unknown_asset");
  EXPECT_EQ(count("fixity_events"), "3");
  EXPECT_THROW(exec("DELETE FROM fixity_events"), pqxx::insufficient_privilege) << "append-only";

  const auto detail = store_->episodeDetail(60);
  ASSERT_TRUE(detail->assets[0].latestFixity);
  EXPECT_EQ(detail->assets[0].latestFixity->outcome, FixityOutcome::Mismatch);
  EXPECT_EQ(detail->assets[0].latestFixity->actualSha256, sha('e'));
  EXPECT_EQ(detail->assets[1].latestFixity->outcome, FixityOutcome::Missing);
  EXPECT_FALSE(detail->assets[2].latestFixity);
}

// ---- lists, export, availability
// -----------------------------------------------------------------

TEST_F(Archive, ListsFindAndExportCarryWhatTheCliFormats) {
  airedEpisode(70);
  liveEpisode(71);
  ASSERT_TRUE(store_->recordIngest(70, ingestOf("e70", 'a'), kCli));
  ArchiveMetadataPatch patch;
  patch.titles = {{"en", "The bridge"}};
  ASSERT_TRUE(store_->updateEpisodeMetadata(70, patch, kCli));

  const auto list = store_->listEpisodes(10, 0);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2U);
  EXPECT_EQ(list->at(0).number, 71);  // same air date: the higher number first
  EXPECT_EQ(list->at(0).state, ArchiveEpisodeState::Live);
  EXPECT_FALSE(list->at(0).hasMaster);
  EXPECT_EQ(list->at(1).state, ArchiveEpisodeState::Archived);
  EXPECT_EQ(store_->listEpisodes(10, 1)->size(), 1U);
  EXPECT_EQ(store_->listEpisodes(0, 0).error().code, "bad_limit");
  EXPECT_EQ(store_->findEpisode(72).error().code, "unknown_episode");
  // The public archive's scope: only what aired; the live show's title is not found either.
  const auto aired = store_->listEpisodes(10, 0, ArchiveScope::Aired);
  ASSERT_TRUE(aired);
  ASSERT_EQ(aired->size(), 1U);
  EXPECT_EQ(aired->at(0).number, 70);
  ASSERT_TRUE(store_->search("Sporazum 71", 10));
  EXPECT_FALSE(store_->search("Sporazum 71", 10)->empty());
  const auto publicHits = store_->search("Sporazum 71", 10, ArchiveScope::Aired);
  ASSERT_TRUE(publicHits);
  for (const auto& hit : *publicHits)
    EXPECT_NE(hit.number, 71) << "a show that has not aired is not in the public archive";

  const auto exported = store_->exportEpisode(70);
  ASSERT_TRUE(exported);
  EXPECT_EQ(exported->episode.summary.number, 70);
  EXPECT_EQ(exported->episode.summary.titles, (std::vector<LocalizedText>{{"en", "The bridge"}}));
  EXPECT_EQ(exported->episode.guests.size(), 2U);
  EXPECT_EQ(exported->episode.assets.size(), 5U);
  EXPECT_EQ(exported->episode.topics, std::vector<std::string>{"dijalog"});
  EXPECT_EQ(exported->ingestedAt.size(), 24U);
  EXPECT_GE(exported->modifiedAt, exported->ingestedAt) << "the edit came after the ingest";
  EXPECT_GE(exported->exportedAt, exported->modifiedAt);
  EXPECT_EQ(store_->exportEpisode(72).error().code, "unknown_episode");
}

TEST(ArchiveUnavailable, AnUnreachableDatabaseIsAnErrorNotAnException) {
  ArchiveStore store("host=127.0.0.1 port=1 dbname=nowhere password=hunter2");
  const auto found = store.findEpisode(1);
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().code, "unavailable");
  EXPECT_EQ(found.error().message.find("hunter2"), std::string::npos);
  EXPECT_EQ(store.search("Vučić", 10).error().code, "unavailable");
}

}  // namespace
}  // namespace sporazum::pg::testing
