// The archive as the server offers it, end to end: the real server binary on a real PostgreSQL
// (PG* from pg_virtualenv), episodes run with the server's command line, a programme made with
// ffmpeg and ingested by the real sporazum-archive. The public archive's JSON (only what aired,
// nothing private, hostile queries refused), its media (thumbnails open, the proxy only with a
// signed link, byte ranges, nothing from outside the archive folder), producers' archive
// requests on the staff socket, and a database that stops taking connections.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "archive_seed.hpp"
#include "http_probe.hpp"
#include "server_process.hpp"
#include "staff_helpers.hpp"
#include "ws_sessions.hpp"

namespace sporazum::testing {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr auto kDjakovica = "Kada će biti popravljen put do Đakovice?";
constexpr auto kHostile = "<img src=x onerror=alert(1)> i \"'; DROP TABLE questions;--";

std::string header(const HttpReply& reply, const std::string& name) {
  const std::string wanted = "\r\n" + name + ": ";
  const auto at = reply.headers.find(wanted);
  if (at == std::string::npos) return {};
  const auto start = at + wanted.size();
  return reply.headers.substr(start, reply.headers.find("\r\n", start) - start);
}

/// Percent-encodes every byte that is not unreserved (RFC 3986).
std::string encoded(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char escape[4];
      std::snprintf(escape, sizeof escape, "%%%02X", c);
      out += escape;
    }
  }
  return out;
}

class ArchiveEndToEnd : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = new ScratchDatabase();
    work_ = fs::temp_directory_path() / ("archive-e2e-" + std::to_string(::getpid()));
    fs::remove_all(work_);
    fs::create_directories(work_ / "archive");
    aired_.number = 3;
    aired_.title = "Sporazum 9. 11. 2026.";
    aired_.airDate = "2026-11-09";
    aired_.guests = {{"Dragana Petrović", "poslanica"}, {"Arben Krasniqi", "LDK"}};
    aired_.topics = {"putevi"};
    aired_.questions = {{kDjakovica, true, 12.5, 20.0}, {kHostile, false, 30.0, 41.25}};
    seedEpisode(db_->name(), aired_);
    SeededEpisode notIngested{5, "Sporazum 23. 11. 2026.", "2026-11-23", {}, {}, {}};
    seedEpisode(db_->name(), notIngested);
    SeededEpisode planned{4, "Sporazum tajna emisija", "2026-12-07", {{"Tajni Gost", ""}}, {}, {}};
    seedEpisode(db_->name(), planned, false);
    makeProgramme(SPORAZUM_FFMPEG, work_ / "episode-3.ts", 6);
    ingestProgramme(SPORAZUM_ARCHIVE_BINARY, db_->name(), work_ / "episode-3.ts", 3,
                    work_ / "archive");
    addStaffAccount(db_->connectionString(), "pera", "producer");
    addStaffAccount(db_->connectionString(), "ana", "moderator");
  }
  static void TearDownTestSuite() {
    delete db_;
    fs::remove_all(work_);
  }
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(std::vector<std::string>{
        "--database", db_->connectionString(), "--archive-dir", (work_ / "archive").string()});
  }
  void TearDown() override {
    if (HasFailure() && server_) std::cerr << "server log:\n" << server_->log() << "\n";
  }

  HttpReply get(const std::string& path, const std::string& extraHeaders = "") {
    return rawHttp(server_->port(), "GET " + path +
                                        " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
                                        extraHeaders + "\r\n");
  }
  Json getJson(const std::string& path, int expectedStatus = 200) {
    const HttpReply reply = get(path);
    EXPECT_EQ(reply.status, expectedStatus) << path << ": " << reply.body;
    EXPECT_EQ(header(reply, "Content-Type"), "application/json; charset=utf-8") << path;
    return Json::parse(reply.body, nullptr, false);
  }
  std::string sql(const std::string& statement) { return psql(db_->name(), statement); }

  /// The producer's archive_detail of episode 3 (with the signed proxy link).
  Json producersEpisode() {
    auto producer = staffLogin(sessions_, *server_, "pera");
    sessions_.send(producer, Json{{"type", "archive_get"}, {"id", "g"}, {"number", 3}}.dump());
    return inbox_.waitFor(producer, "archive_detail")["episode"];
  }

  static ScratchDatabase* db_;
  static fs::path work_;
  static SeededEpisode aired_;
  std::unique_ptr<ServerProcess> server_;
  WsSessions sessions_;
  Inbox inbox_{sessions_};
};

ScratchDatabase* ArchiveEndToEnd::db_ = nullptr;
fs::path ArchiveEndToEnd::work_;
SeededEpisode ArchiveEndToEnd::aired_;

TEST_F(ArchiveEndToEnd, ThePublicArchiveShowsWhatAiredAndNothingPrivate) {
  const Json list = getJson("/api/archive/episodes");
  ASSERT_EQ(list["episodes"].size(), 2U) << list;
  EXPECT_EQ(list["episodes"][0]["number"], 5) << "newest first";
  EXPECT_EQ(list["episodes"][1]["number"], 3);
  EXPECT_EQ(list["episodes"][1]["state"], "archived");
  EXPECT_EQ(list["limit"], 50);
  for (const auto& e : list["episodes"]) {
    EXPECT_FALSE(e.contains("loudness"));
    EXPECT_FALSE(e.contains("version"));
  }
  EXPECT_EQ(getJson("/api/archive/episodes?offset=1&limit=1")["episodes"][0]["number"], 3);

  const HttpReply detailReply = get("/api/archive/episodes/3");
  ASSERT_EQ(detailReply.status, 200) << detailReply.body;
  EXPECT_EQ(header(detailReply, "Cache-Control"), "public, max-age=30");
  const Json detail = Json::parse(detailReply.body);
  EXPECT_EQ(detail["guests"][0]["name"], "Dragana Petrović");
  EXPECT_EQ(detail["guests"][1]["party"], "") << "an appearance's party, empty until edited";
  EXPECT_EQ(detail["topics"], Json({"putevi"}));
  ASSERT_EQ(detail["questions"].size(), 2U);
  EXPECT_EQ(detail["questions"][0]["text"], kDjakovica);
  EXPECT_EQ(detail["questions"][0]["viewerName"], "Milica") << "consented";
  EXPECT_NEAR(detail["questions"][0]["inSeconds"].get<double>(), 12.5, 0.01);
  EXPECT_NEAR(detail["questions"][1]["outSeconds"].get<double>(), 41.25, 0.01);
  EXPECT_EQ(detail["questions"][1]["text"], kHostile) << "text is data, passed as is";
  EXPECT_TRUE(detail["questions"][1]["viewerName"].is_null()) << "no consent, no name";
  EXPECT_GE(detail["thumbnails"].size(), 3U);
  for (const char* key : {"proxy", "master", "programmeStart", "loudness", "version"}) {
    EXPECT_FALSE(detail.contains(key)) << key;
  }
  // Nothing private or internal anywhere in the answer.
  for (const char* secret : {"device", "address", "contact", "abab", "/tmp", work_.c_str()}) {
    EXPECT_EQ(detailReply.body.find(secret), std::string::npos) << secret;
  }

  EXPECT_EQ(getJson("/api/archive/episodes/4", 404)["error"], "not_found") << "not aired yet";
  EXPECT_EQ(getJson("/api/archive/episodes/77", 404)["error"], "not_found");
  for (const char* bad : {"/api/archive/episodes/abc", "/api/archive/episodes/0",
                          "/api/archive/episodes/-3", "/api/archive/episodes?limit=0",
                          "/api/archive/episodes?limit=101", "/api/archive/episodes?offset=x",
                          "/api/archive/search?q=put&limit=51", "/api/archive/search?q=%G1"}) {
    EXPECT_EQ(getJson(bad, 400)["error"], "bad_request") << bad;
  }
  EXPECT_EQ(getJson("/api/archive/nothing", 404)["error"], "not_found");
  EXPECT_EQ(get("/api/archive/../../etc/passwd").status, 404);

  const HttpReply head =
      rawHttp(server_->port(),
              "HEAD /api/archive/episodes HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  const HttpReply post =
      rawHttp(server_->port(),
              "POST /api/archive/episodes HTTP/1.1\r\nHost: x\r\nContent-Length: "
              "2\r\nConnection: close\r\n\r\n{}");
  EXPECT_EQ(post.status, 405);
}

TEST_F(ArchiveEndToEnd, PublicSearchFindsAcrossScriptsButOnlyWhatAired) {
  for (const std::string query : {"Ђаковице", "Djakovice", "Đakovice", "djakovice"}) {
    const Json hits = getJson("/api/archive/search?q=" + encoded(query));
    ASSERT_FALSE(hits["hits"].empty()) << query;
    EXPECT_EQ(hits["hits"][0]["number"], 3) << query;
    EXPECT_EQ(hits["hits"][0]["matchedIn"], "question") << query;
    EXPECT_EQ(hits["hits"][0]["question"], aired_.questions[0].id) << query;
  }
  EXPECT_EQ(getJson("/api/archive/search?q=Krasniqi")["hits"][0]["matchedIn"], "guest");
  // The planned episode's title and guest are the producers' business until it airs.
  for (const char* hidden : {"tajna", "Tajni+Gost"}) {
    for (const auto& hit : getJson(std::string("/api/archive/search?q=") + hidden)["hits"]) {
      EXPECT_NE(hit["number"], 4) << hidden;
    }
  }
  EXPECT_EQ(getJson("/api/archive/search?q=", 400)["error"], "empty_query");
  EXPECT_EQ(getJson("/api/archive/search?q=+++", 400)["error"], "empty_query");
  EXPECT_EQ(getJson("/api/archive/search", 400)["error"], "empty_query");
  EXPECT_EQ(getJson("/api/archive/search?q=" + std::string(501, 'a'), 400)["error"],
            "query_too_long");
  EXPECT_EQ(getJson("/api/archive/search?q=" + std::string(3000, 'a'), 400)["error"],
            "query_too_long");
  EXPECT_EQ(getJson("/api/archive/search?q=%FF%FE", 400)["error"], "invalid_utf8");
  // SQL and search syntax are only words to search for.
  EXPECT_TRUE(
      getJson("/api/archive/search?q=" + encoded("'); DROP TABLE episodes;--")).contains("hits"));
  EXPECT_EQ(sql("SELECT count(*) FROM episodes"), "3");
}

TEST_F(ArchiveEndToEnd, AFloodOfSearchesFromOneAddressIsToldToWait) {
  int answered = 0;
  HttpReply refused;
  for (int i = 0; i < 90; ++i) {
    const HttpReply reply = get("/api/archive/search?q=putevi");
    if (reply.status == 200) {
      ++answered;
    } else if (refused.status == 0) {
      refused = reply;
    }
  }
  EXPECT_GE(answered, 60) << "the burst";
  EXPECT_LT(answered, 90);
  ASSERT_EQ(refused.status, 429) << refused.body;
  EXPECT_EQ(Json::parse(refused.body)["error"], "too_many");
  EXPECT_GE(std::stoi(header(refused, "Retry-After")), 1);
  EXPECT_EQ(get("/api/archive/episodes/3").status, 200) << "reading is not limited";
}

TEST_F(ArchiveEndToEnd, MediaThumbnailsOpenlyTheProxyOnlyWithItsSignedLink) {
  const Json detail = getJson("/api/archive/episodes/3");
  const std::string thumbnail = detail["thumbnails"][0]["url"];
  HttpReply reply = get(thumbnail);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(header(reply, "Content-Type"), "image/jpeg");
  EXPECT_EQ(header(reply, "Accept-Ranges"), "bytes");
  EXPECT_EQ(reply.body.substr(0, 2), "\xFF\xD8") << "a JPEG";
  reply = get(thumbnail, "Range: bytes=0-99\r\n");
  EXPECT_EQ(reply.status, 206);
  EXPECT_EQ(reply.body.size(), 100U);
  EXPECT_EQ(header(reply, "Content-Range").rfind("bytes 0-99/", 0), 0U) << reply.headers;

  const Json staff = producersEpisode();
  ASSERT_TRUE(staff["proxy"].is_object()) << staff;
  const std::string proxy = staff["proxy"]["url"];
  ASSERT_NE(proxy.find("sig="), std::string::npos) << proxy;
  reply = get(proxy, "Range: bytes=0-1023\r\n");
  ASSERT_EQ(reply.status, 206) << reply.body;
  EXPECT_EQ(header(reply, "Content-Type"), "video/mp4");
  EXPECT_EQ(reply.body.substr(4, 4), "ftyp") << "an MP4";
  const std::string total =
      header(reply, "Content-Range").substr(header(reply, "Content-Range").find('/') + 1);
  const auto size = std::stoull(total);
  EXPECT_EQ(size,
            fs::file_size(fs::path(sql("SELECT location FROM media_assets WHERE role = 'proxy'"))));
  reply = get(proxy, "Range: bytes=-10\r\n");
  EXPECT_EQ(reply.status, 206);
  EXPECT_EQ(reply.body.size(), 10U);
  reply = get(proxy, "Range: bytes=" + total + "-\r\n");
  EXPECT_EQ(reply.status, 416);
  EXPECT_EQ(header(reply, "Content-Range"), "bytes */" + total);
  reply = get(proxy, "Range: bytes=0-5,10-20\r\n");
  EXPECT_EQ(reply.status, 200) << "several ranges are not offered: the file";
  EXPECT_EQ(reply.body.size(), size);

  const std::string bare = proxy.substr(0, proxy.find('?'));
  EXPECT_EQ(get(bare).status, 403) << "unsigned";
  std::string tampered = proxy;
  tampered.back() = tampered.back() == '0' ? '1' : '0';
  EXPECT_EQ(get(tampered).status, 403);
  std::string longer = proxy;
  longer.replace(longer.find("exp=") + 4, 1, "9");
  EXPECT_EQ(get(longer).status, 403) << "a later expiry needs the key";
  const std::string master = sql("SELECT id FROM media_assets WHERE role = 'programme_master'");
  EXPECT_EQ(get("/archive/media/" + master).status, 404) << "the master is never served";
  EXPECT_EQ(get("/archive/media/999999").status, 404);
  EXPECT_EQ(get("/archive/media/abc").status, 404);
  EXPECT_EQ(get("/archive/media/").status, 404);
}

TEST_F(ArchiveEndToEnd, ALargeFileIsStreamedWholeAndByRange) {
  // Players do not ask again after a short answer: the rest of the file comes in one, however
  // large (read and sent a piece at a time). A 5 MiB file stands in for a proxy.
  const fs::path large = work_ / "archive" / "large.jpg";
  std::string bytes(5 * 1024 * 1024 + 123, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i)
    bytes[i] = static_cast<char>((i * 7919) >> 8);
  std::ofstream(large, std::ios::binary) << bytes;
  const std::string episode = sql("SELECT id FROM episodes WHERE number = 3");
  const std::string id =
      sql("WITH x AS (INSERT INTO media_assets (episode_id, role, location, bytes, sha256, "
          "at_seconds) VALUES (" +
          episode + ", 'thumbnail', '" + large.string() +
          "', 1, repeat('4', 64), 93) RETURNING id) SELECT id FROM x");
  HttpReply reply = get("/archive/media/" + id);
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(header(reply, "Content-Length"), std::to_string(bytes.size()));
  EXPECT_TRUE(reply.body == bytes) << "got " << reply.body.size() << " bytes";
  reply = get("/archive/media/" + id, "Range: bytes=1000-\r\n");
  EXPECT_EQ(reply.status, 206);
  EXPECT_EQ(header(reply, "Content-Range"),
            "bytes 1000-" + std::to_string(bytes.size() - 1) + "/" + std::to_string(bytes.size()));
  EXPECT_TRUE(reply.body == bytes.substr(1000)) << "got " << reply.body.size() << " bytes";
  const HttpReply head =
      rawHttp(server_->port(),
              "HEAD /archive/media/" + id + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty()) << head.body.size() << " bytes";
  reply = get("/archive/media/" + id, "Range: bytes=3000000-3000099\r\n");
  EXPECT_EQ(reply.status, 206);
  EXPECT_EQ(reply.body, bytes.substr(3000000, 100));
  sql("DELETE FROM media_assets WHERE id = " + id);
  fs::remove(large);
}

TEST_F(ArchiveEndToEnd, NothingIsServedFromOutsideTheArchiveFolder) {
  const std::string episode = sql("SELECT id FROM episodes WHERE number = 3");
  // A row pointing outside (edited by hand, or an old layout), and a link inside pointing out.
  fs::create_symlink("/etc/hostname", work_ / "archive" / "escape.jpg");
  const std::string outside =
      sql("WITH x AS (INSERT INTO media_assets (episode_id, role, location, bytes, sha256, "
          "at_seconds) VALUES (" +
          episode +
          ", 'thumbnail', '/etc/hostname', 1, repeat('1', 64), 90) RETURNING id) SELECT id FROM x");
  const std::string linked =
      sql("WITH x AS (INSERT INTO media_assets (episode_id, role, location, bytes, sha256, "
          "at_seconds) VALUES (" +
          episode + ", 'thumbnail', '" + (work_ / "archive" / "escape.jpg").string() +
          "', 1, repeat('2', 64), 91) RETURNING id) SELECT id FROM x");
  const std::string dotted =
      sql("WITH x AS (INSERT INTO media_assets (episode_id, role, location, bytes, sha256, "
          "at_seconds) VALUES (" +
          episode + ", 'thumbnail', '" + (work_ / "archive" / ".." / "episode-3.ts").string() +
          "', 1, repeat('3', 64), 92) RETURNING id) SELECT id FROM x");
  EXPECT_EQ(get("/archive/media/" + outside).status, 404);
  EXPECT_EQ(get("/archive/media/" + linked).status, 404);
  EXPECT_EQ(get("/archive/media/" + dotted).status, 404);
  EXPECT_NE(server_->log().find("archive_file_outside_root"), std::string::npos);
  sql("DELETE FROM media_assets WHERE id IN (" + outside + ", " + linked + ", " + dotted + ")");
  fs::remove(work_ / "archive" / "escape.jpg");

  // A file gone from the disk: a clear 404, the server carries on.
  const std::string last = sql(
      "SELECT location FROM media_assets WHERE role = 'thumbnail' ORDER BY at_seconds DESC LIMIT "
      "1");
  const std::string lastId =
      sql("SELECT id FROM media_assets WHERE role = 'thumbnail' ORDER BY at_seconds DESC LIMIT 1");
  fs::rename(last, last + ".away");
  EXPECT_EQ(get("/archive/media/" + lastId).status, 404);
  fs::rename(last + ".away", last);
  EXPECT_EQ(get("/archive/media/" + lastId).status, 200);
}

TEST_F(ArchiveEndToEnd, ProducersListSearchAndEditTheArchive) {
  auto producer = staffLogin(sessions_, *server_, "pera");
  sessions_.send(producer, Json{{"type", "archive_episodes"}, {"id", "l"}}.dump());
  const Json list = inbox_.waitFor(producer, "archive_episode_list");
  ASSERT_EQ(list["episodes"].size(), 3U) << "producers see the planned one too";
  EXPECT_EQ(list["episodes"][0]["number"], 4);
  EXPECT_TRUE(list["episodes"][2]["loudness"].is_object()) << list["episodes"][2];

  sessions_.send(producer,
                 Json{{"type", "archive_search"}, {"id", "s"}, {"query", "Ђаковица"}}.dump());
  const Json hits = inbox_.waitFor(producer, "archive_hits");
  ASSERT_FALSE(hits["hits"].empty());
  EXPECT_EQ(hits["hits"][0]["number"], 3);
  sessions_.send(producer,
                 Json{{"type", "archive_search"}, {"id", "s2"}, {"query", "tajna"}}.dump());
  EXPECT_EQ(inbox_.waitFor(producer, "archive_hits",
                           [](const Json& m) { return m["id"] == "s2"; })["hits"][0]["number"],
            4);

  sessions_.send(producer, Json{{"type", "archive_get"}, {"id", "g"}, {"number", 3}}.dump());
  const Json before = inbox_.waitFor(producer, "archive_detail")["episode"];
  EXPECT_EQ(before["master"]["container"], "mpegts");
  const int version = before["version"];
  sessions_.send(producer, Json{{"type", "archive_edit"},
                                {"id", "e"},
                                {"number", 3},
                                {"version", version},
                                {"titles", {{"sr-Cyrl", "Путеви до Ђаковице"}, {"en", "Roads"}}},
                                {"airTime", "20:00"},
                                {"appearances", {{{"position", 2}, {"party", "LDK"}}}}}
                               .dump());
  const Json edited =
      inbox_.waitFor(producer, "archive_detail", [](const Json& m) { return m["id"] == "e"; });
  EXPECT_EQ(edited["episode"]["version"], version + 1);
  EXPECT_EQ(edited["episode"]["titles"]["sr-Cyrl"], "Путеви до Ђаковице");
  EXPECT_EQ(edited["episode"]["airTime"], "20:00:00");
  EXPECT_EQ(edited["episode"]["guests"][1]["party"], "LDK");
  EXPECT_EQ(sql("SELECT actor FROM audit_log WHERE action = 'archive_edit' ORDER BY id DESC "
                "LIMIT 1"),
            "pera");

  // The same base version again: a conflict with the episode as it is now.
  sessions_.send(producer, Json{{"type", "archive_edit"},
                                {"id", "e2"},
                                {"number", 3},
                                {"version", version},
                                {"topics", {"voda"}}}
                               .dump());
  const Json conflict =
      inbox_.waitFor(producer, "error", [](const Json& m) { return m["id"] == "e2"; });
  EXPECT_EQ(conflict["code"], "conflict");
  EXPECT_EQ(conflict["episode"]["version"], version + 1);
  EXPECT_EQ(conflict["episode"]["topics"], Json({"putevi"}));

  sessions_.send(producer, Json{{"type", "archive_edit"},
                                {"id", "e3"},
                                {"number", 3},
                                {"version", version + 1},
                                {"titles", {{"en", std::string(201, 'x')}}}}
                               .dump());
  const Json tooLong =
      inbox_.waitFor(producer, "error", [](const Json& m) { return m["id"] == "e3"; });
  EXPECT_EQ(tooLong["code"], "field_too_long");
  EXPECT_EQ(tooLong["field"], "titles.en");
  sessions_.send(producer, Json{{"type", "archive_get"}, {"id", "g4"}, {"number", 404}}.dump());
  EXPECT_EQ(
      inbox_.waitFor(producer, "error", [](const Json& m) { return m["id"] == "g4"; })["code"],
      "not_found");

  auto moderator = staffLogin(sessions_, *server_, "ana");
  sessions_.send(moderator, Json{{"type", "archive_episodes"}, {"id", "m"}}.dump());
  EXPECT_EQ(inbox_.waitFor(moderator, "error")["code"], "forbidden");
}

TEST_F(ArchiveEndToEnd, ADatabaseThatStopsAnsweringGivesTryAgainThenRecovers) {
  EXPECT_EQ(getJson("/api/archive/episodes/3").value("number", 0), 3);  // cached from here on
  psql("postgres", "ALTER DATABASE " + db_->name() + " ALLOW_CONNECTIONS false");
  psql("postgres", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" +
                       db_->name() + "' AND pid <> pg_backend_pid()");
  const HttpReply down = get("/api/archive/search?q=putevi");
  EXPECT_EQ(down.status, 503) << down.body;
  EXPECT_EQ(header(down, "Retry-After"), "5");
  EXPECT_EQ(Json::parse(down.body)["error"], "try_again");
  EXPECT_EQ(getJson("/api/archive/episodes/3").value("number", 0), 3)
      << "a page read in the last half-minute is still served";
  psql("postgres", "ALTER DATABASE " + db_->name() + " ALLOW_CONNECTIONS true");
  HttpReply up;
  for (int attempt = 0; attempt < 50 && up.status != 200; ++attempt) {
    up = get("/api/archive/search?q=putevi");
    if (up.status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(up.status, 200) << up.body;
  EXPECT_FALSE(Json::parse(up.body)["hits"].empty());
}

}  // namespace
}  // namespace sporazum::testing
