// The archive's part of the desk against fakes: producers and admins only, store refusals in the
// protocol's words, a stale edit answered with the episode as it is now, links not paths, and
// answers that find their connection gone.

#include <gtest/gtest.h>

#include "desk_fakes.hpp"
#include "sporazum/desk/moderation_desk.hpp"

namespace sporazum::desk {
namespace {

using Json = nlohmann::json;

class FakeArchive : public ArchiveRepository {
 public:
  void listEpisodes(std::size_t offset, std::size_t limit,
                    Done<core::Result<std::vector<core::ArchiveEpisodeSummary>>> done) override {
    lastOffset = offset;
    lastLimit = limit;
    if (error) return done(*error);
    done(std::vector<core::ArchiveEpisodeSummary>{detail.summary});
  }
  void search(std::string query, std::size_t limit,
              Done<core::Result<std::vector<core::SearchHit>>> done) override {
    lastQuery = query;
    lastLimit = limit;
    if (error) return done(*error);
    core::SearchHit hit;
    hit.number = 23;
    hit.airDate = "2026-11-23";
    hit.title = "Putevi";
    hit.matchedIn = core::SearchField::Question;
    hit.snippet = "put za «Đakovicu»";
    hit.questionId = 118;
    done(std::vector<core::SearchHit>{hit});
  }
  void episode(std::int64_t number, Done<core::Result<core::ArchiveEpisodeDetail>> done) override {
    ++episodeReads;
    if (number != detail.summary.number) {
      return done(core::makeError("unknown_episode", "there is no episode", "number"));
    }
    done(detail);
  }
  void edit(std::int64_t number, core::ArchiveMetadataPatch patch, core::StaffIdentity by,
            Done<core::Result<core::ArchiveEpisodeDetail>> done) override {
    edits.push_back(patch);
    editors.push_back(by.username);
    if (editError) return done(*editError);
    if (number != detail.summary.number) {
      return done(core::makeError("unknown_episode", "there is no episode", "number"));
    }
    for (const auto& [lang, text] : patch.titles)
      detail.summary.titles.push_back({lang, text});
    ++detail.summary.version;
    done(detail);
  }

  core::ArchiveEpisodeDetail detail = [] {
    core::ArchiveEpisodeDetail d;
    d.summary.number = 23;
    d.summary.workingTitle = "Sporazum 23. 11. 2026.";
    d.summary.airDate = "2026-11-23";
    d.summary.state = core::ArchiveEpisodeState::Archived;
    d.summary.version = 3;
    core::ArchivedAsset proxy;
    proxy.id = 40;
    proxy.asset.role = core::MediaRole::Proxy;
    proxy.asset.location = "/srv/archive/episode-23/proxy.mp4";
    d.assets.push_back(proxy);
    return d;
  }();
  std::optional<core::Error> error;
  std::optional<core::Error> editError;
  std::size_t lastOffset = 0;
  std::size_t lastLimit = 0;
  std::string lastQuery;
  int episodeReads = 0;
  std::vector<core::ArchiveMetadataPatch> edits;
  std::vector<std::string> editors;
};

class ArchiveDeskTest : public fakes::ModerationDeskTest {
 protected:
  ArchiveDeskTest() {
    config_.archiveLinks = {
        [](std::int64_t id) { return "/archive/media/" + std::to_string(id); },
        [](std::int64_t id) { return "/archive/media/" + std::to_string(id) + "?sig=test"; }};
    makeDesk();
    desk_->setArchive(&archive_);
  }
  Json request(core::ConnectionId id, Json json) {
    if (!json.contains("id")) json["id"] = "r";
    message(id, json);
    return transport_.last(id);
  }

  FakeArchive archive_;
};

TEST_F(ArchiveDeskTest, AProducerListsSearchesAndReadsTheArchive) {
  login(4, "pera");
  Json reply = request(4, {{"type", "archive_episodes"}, {"offset", 10}, {"limit", 5}});
  EXPECT_EQ(reply["type"], "archive_episode_list") << reply;
  EXPECT_EQ(reply["id"], "r");
  EXPECT_EQ(reply["episodes"][0]["number"], 23);
  EXPECT_EQ(archive_.lastOffset, 10U);
  EXPECT_EQ(archive_.lastLimit, 5U);

  reply = request(4, {{"type", "archive_search"}, {"query", "Ђаковица"}});
  EXPECT_EQ(reply["type"], "archive_hits") << reply;
  EXPECT_EQ(reply["hits"][0]["question"], 118);
  EXPECT_EQ(archive_.lastQuery, "Ђаковица");
  EXPECT_EQ(archive_.lastLimit, 20U) << "the default limit";

  reply = request(4, {{"type", "archive_get"}, {"number", 23}});
  EXPECT_EQ(reply["type"], "archive_detail") << reply;
  EXPECT_EQ(reply["episode"]["proxy"]["url"], "/archive/media/40?sig=test") << "the signed link";
  EXPECT_EQ(reply.dump().find("/srv/"), std::string::npos) << "never a server path";
}

TEST_F(ArchiveDeskTest, AnAdminMayAModeratorAndAnEngineMayNot) {
  login(3, "boss");
  EXPECT_EQ(request(3, {{"type", "archive_get"}, {"number", 23}})["type"], "archive_detail");
  login(1, "ana");
  Json reply = request(1, {{"type", "archive_get"}, {"number", 23}});
  EXPECT_EQ(reply["code"], "forbidden") << reply;
  login(5, "engine-main");
  reply = request(5, {{"type", "archive_search"}, {"query", "put"}});
  EXPECT_EQ(reply["code"], "forbidden") << reply;
  EXPECT_EQ(archive_.lastQuery, "") << "the archive was not asked";
}

TEST_F(ArchiveDeskTest, BeforeLoginNothingIsRead) {
  desk_->onOpen(9, "127.0.0.1");
  Json reply = request(9, {{"type", "archive_episodes"}});
  EXPECT_EQ(reply["code"], "unauthenticated") << reply;
  EXPECT_EQ(archive_.lastLimit, 0U);
}

TEST_F(ArchiveDeskTest, StoreRefusalsComeInTheProtocolsWords) {
  login(4, "pera");
  Json reply = request(4, {{"type", "archive_get"}, {"number", 99}});
  EXPECT_EQ(reply["code"], "not_found") << reply;
  EXPECT_EQ(reply["field"], "number");

  archive_.error = core::makeError("unavailable", "cannot connect to the database (refused)");
  reply = request(4, {{"type", "archive_episodes"}});
  EXPECT_EQ(reply["code"], "try_again") << reply;
  EXPECT_EQ(reply["message"].get<std::string>().find("refused"), std::string::npos)
      << "the database's words stay in the server";

  archive_.error = core::makeError("empty_query", "nothing to search for", "query");
  reply = request(4, {{"type", "archive_search"}, {"query", "  "}});
  EXPECT_EQ(reply["code"], "empty_query") << reply;

  archive_.editError =
      core::makeError("field_too_long", "a title has at most 200 characters", "titles.en");
  reply = request(4, {{"type", "archive_edit"},
                      {"number", 23},
                      {"version", 3},
                      {"titles", {{"en", std::string(201, 'x')}}}});
  EXPECT_EQ(reply["code"], "field_too_long") << reply;
  EXPECT_EQ(reply["field"], "titles.en");
}

TEST_F(ArchiveDeskTest, AnEditIsMadeByTheSessionsUserAndAnsweredWithTheNewVersion) {
  login(4, "pera");
  Json reply = request(4, {{"type", "archive_edit"},
                           {"number", 23},
                           {"version", 3},
                           {"titles", {{"en", "Roads and water"}}},
                           {"airTime", "20:00"},
                           {"appearances", {{{"position", 1}, {"party", "SNS"}}}}});
  ASSERT_EQ(reply["type"], "archive_detail") << reply;
  EXPECT_EQ(reply["episode"]["version"], 4);
  EXPECT_EQ(reply["episode"]["titles"]["en"], "Roads and water");
  ASSERT_EQ(archive_.edits.size(), 1U);
  EXPECT_EQ(archive_.editors.at(0), "pera");
  const auto& patch = archive_.edits.at(0);
  EXPECT_EQ(patch.baseVersion, 3);
  EXPECT_EQ(patch.airTime, "20:00");
  EXPECT_FALSE(patch.airDate) << "what the edit does not name stays";
  EXPECT_FALSE(patch.topics);
  ASSERT_EQ(patch.appearances.size(), 1U);
  EXPECT_EQ(patch.appearances[0].party, "SNS");
  EXPECT_FALSE(patch.appearances[0].role);
}

TEST_F(ArchiveDeskTest, AStaleEditGetsTheEpisodeAsItIsNow) {
  login(4, "pera");
  archive_.editError = core::makeError("version_conflict", "changed meanwhile");
  const int readsBefore = archive_.episodeReads;
  Json reply =
      request(4, {{"type", "archive_edit"}, {"number", 23}, {"version", 2}, {"topics", {"roads"}}});
  EXPECT_EQ(reply["type"], "error") << reply;
  EXPECT_EQ(reply["code"], "conflict");
  EXPECT_EQ(reply["episode"]["version"], 3);
  EXPECT_EQ(archive_.episodeReads, readsBefore + 1);
}

TEST_F(ArchiveDeskTest, AnAnswerForAConnectionThatLeftIsDropped) {
  login(4, "pera");
  class HeldArchive : public FakeArchive {
   public:
    void episode(std::int64_t, Done<core::Result<core::ArchiveEpisodeDetail>> done) override {
      held = std::move(done);
    }
    Done<core::Result<core::ArchiveEpisodeDetail>> held;
  } held;
  desk_->setArchive(&held);
  message(4, {{"type", "archive_get"}, {"id", "g"}, {"number", 23}});
  ASSERT_TRUE(held.held);
  const auto sentBefore = transport_.sent[4].size();
  desk_->onClose(4);
  held.held(held.detail);
  transport_.runPosted();
  EXPECT_EQ(transport_.sent[4].size(), sentBefore);
}

TEST_F(ArchiveDeskTest, WithoutAnArchiveProducersAreToldToTryAgain) {
  desk_->setArchive(nullptr);
  login(4, "pera");
  Json reply = request(4, {{"type", "archive_episodes"}});
  EXPECT_EQ(reply["code"], "try_again") << reply;
}

}  // namespace
}  // namespace sporazum::desk
