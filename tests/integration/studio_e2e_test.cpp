// The studio end to end: the real server binary and a real PostgreSQL (PG* from pg_virtualenv),
// a producer, a moderator, an engine and viewers on real sockets. A show from planning to its
// end: episodes, the queue, a question taken to air and cleared (the viewer sees on_air, then
// aired), the end of the episode (an unused question becomes not_selected for its viewer) and the
// engine told to record and to stop.

#include <gtest/gtest.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "server_process.hpp"
#include "staff_helpers.hpp"
#include "ws_sessions.hpp"

namespace sporazum::testing {
namespace {

using namespace std::chrono_literals;
using Json = nlohmann::json;

constexpr auto kAsked = "00000000-0000-4000-8000-0000000000a1";
constexpr auto kUnused = "00000000-0000-4000-8000-0000000000b2";
constexpr auto kAskedText = "Када ће бити поправљен пут до Зубиног Потока?";
constexpr auto kUnusedText = "Zašto nema vode u Zvečanu?";

class StudioEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(addStaffAccount(db(), "pera", "producer"));
    ASSERT_TRUE(addStaffAccount(db(), "ana", "moderator"));
    ASSERT_TRUE(addStaffAccount(db(), "engine-main", "engine"));
  }
  void TearDown() override {
    if (HasFailure() && server_) std::cerr << "server log:\n" << server_->log() << "\n";
  }

  std::string db() const { return db_.connectionString(); }
  std::string sql(const std::string& statement) { return psql(db_.name(), statement); }

  Json waitFor(WsSessions::Id id, const std::string& type) { return inbox_.waitFor(id, type); }
  template <typename Predicate>
  Json waitFor(WsSessions::Id id, const std::string& type, Predicate matches) {
    return inbox_.waitFor(id, type, matches);
  }
  /// The reply to the request with this id (whatever came before or after it).
  Json reply(WsSessions::Id id, const std::string& type, const std::string& requestId) {
    return waitFor(id, type, [&](const Json& m) { return m["id"] == requestId; });
  }

  WsSessions::Id engine(const std::string& token) {
    auto id = sessions_.connect(staffUrl(*server_), kStaffProtocol);
    sessions_.send(id, Json{{"type", "resume"}, {"id", "r"}, {"token", token}}.dump());
    EXPECT_EQ(waitFor(id, "session")["user"]["role"], "engine");
    return id;
  }
  WsSessions::Id staff(const std::string& username) {
    auto id = sessions_.connect(staffUrl(*server_), kStaffProtocol);
    sessions_.send(id, Json{{"type", "login"},
                            {"id", "login"},
                            {"username", username},
                            {"password", kStaffPassword}}
                           .dump());
    EXPECT_EQ(waitFor(id, "session")["user"]["username"], username);
    return id;
  }
  /// A viewer's device with questions open; returns the connection.
  WsSessions::Id viewer(const std::string& device) {
    auto id = sessions_.connect(server_->wsUrl());
    EXPECT_TRUE(sessions_.isOpen(id));
    sessions_.send(id, Json{{"type", "hello"}, {"device", device}}.dump());
    if (!waitFor(id, "welcome")["questionsOpen"].get<bool>()) {
      waitFor(id, "questions", [](const Json& m) { return m["open"] == true; });
    }
    return id;
  }
  void ask(WsSessions::Id viewer, const std::string& clientId, const std::string& text) {
    sessions_.send(viewer, Json{{"type", "submit"},
                                {"id", clientId},
                                {"text", text},
                                {"name", "Milica"},
                                {"municipality", "zubin-potok"}}
                               .dump());
    EXPECT_EQ(reply(viewer, "ack", clientId)["status"], "received");
  }
  std::int64_t approve(WsSessions::Id desk, const std::string& text) {
    return approveByText(sessions_, inbox_, desk, text);
  }
  /// The studio's form of a question as queue_changes brought it in `state`.
  Json queued(WsSessions::Id producer, std::int64_t id, const std::string& state) {
    Json found = Json::object();
    waitFor(producer, "queue_changes", [&](const Json& m) {
      for (const auto& q : m["questions"]) {
        if (q["id"] == id && q["state"] == state) found = q;
      }
      return !found.empty();
    });
    return found;
  }
  /// A viewer's status message for one of their questions.
  Json status(WsSessions::Id viewer, const std::string& clientId, const std::string& state) {
    return waitFor(viewer, "status",
                   [&](const Json& m) { return m["id"] == clientId && m["status"] == state; });
  }

  ScratchDatabase db_;
  std::unique_ptr<ServerProcess> server_;
  WsSessions sessions_;
  Inbox inbox_{sessions_};
};

TEST_F(StudioEndToEnd, AShowFromPlanningToItsEnd) {
  const std::string token = engineToken(db(), "engine-main");
  server_ = std::make_unique<ServerProcess>(std::vector<std::string>{"--database", db()});
  auto main = engine(token);
  EXPECT_TRUE(waitFor(main, "programme_state")["recording"].is_null());

  // The producer: the show (none yet) and the queue right after the session.
  auto producer = staff("pera");
  EXPECT_TRUE(waitFor(producer, "show")["episode"].is_null());
  EXPECT_TRUE(waitFor(producer, "queue")["complete"].get<bool>());

  sessions_.send(producer, Json{{"type", "episode_save"},
                                {"id", "e1"},
                                {"episode",
                                 {{"id", nullptr},
                                  {"number", 23},
                                  {"title", "Sporazum <23>"},
                                  {"airDate", "2026-11-23"},
                                  {"guests", {{{"name", "Dragana Petrović"}, {"role", "SL"}}}},
                                  {"topics", {"roads"}}}}}
                               .dump());
  const Json saved = reply(producer, "episode_saved", "e1");
  ASSERT_EQ(saved["episode"]["number"], 23);
  const std::int64_t episode = saved["episode"]["id"].get<std::int64_t>();
  EXPECT_EQ(saved["episode"]["title"], "Sporazum <23>");
  EXPECT_TRUE(waitFor(producer, "queue",
                      [&](const Json& m) { return m["episode"] == episode; })["questions"]
                  .empty())
      << "the new episode's queue";
  sessions_.send(producer,
                 Json{{"type", "episode_start"}, {"id", "e2"}, {"episode", episode}}.dump());
  EXPECT_EQ(reply(producer, "done", "e2"), (Json{{"type", "done"}, {"id", "e2"}}));
  const Json live = waitFor(producer, "show", [](const Json& m) {
    return !m["episode"].is_null() && m["episode"]["state"] == "live";
  });
  EXPECT_TRUE(live["episode"]["questionsOpen"].get<bool>());
  EXPECT_EQ(live["episode"]["guests"][0]["name"], "Dragana Petrović");
  EXPECT_EQ(
      waitFor(main, "engine_record"),
      (Json{{"type", "engine_record"}, {"action", "start"}, {"episode", episode}, {"number", 23}}));

  // The engine opens its file: the producer's show says so.
  sessions_.send(main, Json{{"type", "engine_recording"},
                            {"episode", episode},
                            {"file", "var/recordings/episode-23.ts"},
                            {"state", "recording"},
                            {"bytes", 0},
                            {"startedAt", "2026-11-23T20:00:04.160Z"},
                            {"stoppedAt", nullptr},
                            {"frames", 0}}
                           .dump());
  const Json recording = waitFor(producer, "show", [](const Json& m) {
    return !m["episode"].is_null() && !m["episode"]["recording"].is_null();
  });
  EXPECT_EQ(recording["episode"]["recording"]["engine"], "engine-main");
  EXPECT_EQ(recording["episode"]["recording"]["state"], "recording");

  // Two viewers ask; a moderator approves both; the producer sees them in the queue.
  auto desk = staff("ana");
  EXPECT_TRUE(waitFor(desk, "snapshot")["complete"].get<bool>());
  auto asker = viewer("q2yV0ZB7s1m6lF3aU9kXc4pT8wE5rN2hJ0gD1iY7oQs");
  auto other = viewer("another-device-0123456789abcdefghijkl");
  ask(asker, kAsked, kAskedText);
  ask(other, kUnused, kUnusedText);
  const std::int64_t asked = approve(desk, kAskedText);
  const std::int64_t unused = approve(desk, kUnusedText);
  ASSERT_NE(asked, 0);
  ASSERT_NE(unused, 0);
  const Json approved = queued(producer, asked, "approved");
  EXPECT_EQ(approved["text"], kAskedText);
  EXPECT_TRUE(approved["viewerName"].is_null()) << "no consent, no name";
  EXPECT_FALSE(approved.contains("device"));
  EXPECT_FALSE(approved.contains("address"));
  queued(producer, unused, "approved");

  sessions_.send(producer, Json{{"type", "queue_move"},
                                {"id", "q1"},
                                {"question", asked},
                                {"version", approved["version"]},
                                {"position", 1}}
                               .dump());
  EXPECT_EQ(reply(producer, "done", "q1")["question"], asked);
  const Json first = queued(producer, asked, "queued");
  EXPECT_EQ(first["position"], 1);
  // The same change again is stale now.
  sessions_.send(producer, Json{{"type", "queue_move"},
                                {"id", "q2"},
                                {"question", asked},
                                {"version", approved["version"]},
                                {"position", 1}}
                               .dump());
  const Json conflict = reply(producer, "conflict", "q2");
  EXPECT_EQ(conflict["question"]["version"], first["version"]);
  EXPECT_FALSE(conflict["question"].contains("device"));

  // Take: the viewer sees "on air" as soon as the command is committed; clear: "aired".
  sessions_.send(producer, Json{{"type", "graphics"},
                                {"id", "g1"},
                                {"action", "take"},
                                {"layer", "lower_third"},
                                {"graphic", {{"questionId", asked}}}}
                               .dump());
  EXPECT_EQ(reply(producer, "graphics_ok", "g1")["seq"], 1);
  EXPECT_EQ(status(asker, kAsked, "on_air"),
            (Json{{"type", "status"}, {"id", kAsked}, {"status", "on_air"}}));
  EXPECT_TRUE(queued(producer, asked, "on_air")["position"].is_null());
  sessions_.send(
      producer,
      Json{{"type", "graphics"}, {"id", "g2"}, {"action", "clear"}, {"layer", "lower_third"}}
          .dump());
  EXPECT_EQ(reply(producer, "graphics_ok", "g2")["seq"], 2);
  EXPECT_EQ(status(asker, kAsked, "aired")["status"], "aired");
  queued(producer, asked, "aired");

  // The end: the unused question is not selected, everything is off air, the engine stops.
  sessions_.send(producer,
                 Json{{"type", "episode_end"}, {"id", "e3"}, {"episode", episode}}.dump());
  EXPECT_EQ(reply(producer, "done", "e3"), (Json{{"type", "done"}, {"id", "e3"}}));
  EXPECT_EQ(status(other, kUnused, "not_selected"),
            (Json{{"type", "status"}, {"id", kUnused}, {"status", "not_selected"}}));
  const Json stop =
      waitFor(main, "engine_record", [](const Json& m) { return m["action"] == "stop"; });
  EXPECT_EQ(stop["episode"], episode);
  EXPECT_EQ(stop["number"], 23);
  EXPECT_EQ(waitFor(main, "engine_command", [](const Json& m) { return m["seq"] == 3; })["action"],
            "clear_all");
  const Json ended = waitFor(producer, "show", [](const Json& m) {
    return !m["episode"].is_null() && m["episode"]["state"] == "aired";
  });
  EXPECT_FALSE(ended["episode"]["questionsOpen"].get<bool>());
  queued(producer, unused, "not_selected");
  EXPECT_EQ(sql("SELECT string_agg(action, ',' ORDER BY seq) FROM graphics_commands"),
            "take,clear,clear_all");
  EXPECT_EQ(sql("SELECT string_agg(action, ',' ORDER BY id) FROM audit_log WHERE actor = 'pera'"),
            "episode_save,episode_start,queue_move,on_air,aired,not_selected,episode_end");
  EXPECT_FALSE(inbox_.has(desk, "show", 100ms)) << "moderators get no studio messages";
  EXPECT_FALSE(inbox_.has(desk, "queue_changes", 0ms));
}

TEST_F(StudioEndToEnd, PreviewsReachTheStudioAndNeverTheDesk) {
  const std::string token = engineToken(db(), "engine-main");
  ASSERT_EQ(runServerCommand({"episode", "new", "Sporazum", "--number", "5", "--air-date",
                              "2026-12-07", "--database", db()}),
            0);
  server_ = std::make_unique<ServerProcess>(std::vector<std::string>{"--database", db()});
  auto main = engine(token);
  auto producer = staff("pera");
  EXPECT_EQ(waitFor(producer, "show")["episode"]["number"], 5);
  auto desk = staff("ana");

  // A picture at the 48 KiB limit is a little over 64 KiB as a message.
  const std::string jpeg(65536, 'A');
  sessions_.send(main, Json{{"type", "engine_preview"}, {"jpeg", jpeg}}.dump());
  const Json preview = waitFor(producer, "preview");
  EXPECT_EQ(preview["engine"], "engine-main");
  EXPECT_EQ(preview["jpeg"].get<std::string>().size(), jpeg.size());
  EXPECT_FALSE(inbox_.has(desk, "preview", 500ms));
  EXPECT_TRUE(sessions_.isOpen(main));

  sessions_.send(producer, Json{{"type", "episode_start"}, {"id", "s"}, {"episode", 1}}.dump());
  EXPECT_EQ(reply(producer, "done", "s")["id"], "s");
  sessions_.send(desk, Json{{"type", "episode_end"}, {"id", "x"}, {"episode", 1}}.dump());
  EXPECT_EQ(reply(desk, "error", "x")["code"], "forbidden");
  EXPECT_EQ(sql("SELECT state FROM episodes"), "live");

  // The command line ends it; every server's engines hear of it from the database.
  std::string output;
  ASSERT_EQ(runServerCommand({"episode", "end", "5", "--database", db()}, &output), 0) << output;
  EXPECT_NE(output.find("has aired"), std::string::npos) << output;
  EXPECT_EQ(
      waitFor(main, "engine_record", [](const Json& m) { return m["action"] == "stop"; })["number"],
      5);
  ASSERT_EQ(runServerCommand({"episode", "list", "--database", db()}, &output), 0);
  EXPECT_NE(output.find("5\t1\taired\t2026-12-07\tclosed\tSporazum"), std::string::npos) << output;
}

}  // namespace
}  // namespace sporazum::testing
