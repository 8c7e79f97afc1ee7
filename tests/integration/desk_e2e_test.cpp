// The moderation desk end to end: the real server binary, a real PostgreSQL (PG* from
// pg_virtualenv) and real WebSocket clients for viewers and staff.

#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>

#include "server_process.hpp"
#include "staff_helpers.hpp"
#include "ws_sessions.hpp"

namespace sporazum::testing {
namespace {

using namespace std::chrono_literals;
using Json = nlohmann::json;

constexpr auto kPassword = kStaffPassword;
constexpr auto kDevice = "q2yV0ZB7s1m6lF3aU9kXc4pT8wE5rN2hJ0gD1iY7oQs";

std::string uuid(int n) {
  char text[40];
  std::snprintf(text, sizeof text, "00000000-0000-4000-8000-%012d", n);
  return text;
}

class DeskEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(runServerCommand({"episode", "new", "Sporazum test", "--database", db()}), 0);
    ASSERT_EQ(runServerCommand({"questions", "open", "--database", db()}), 0);
    addStaff("ana", "moderator");
    addStaff("marko", "moderator");
    addStaff("boss", "admin");
    addStaff("pera", "producer");
  }

  std::string db() const { return db_.connectionString(); }

  void addStaff(const std::string& username, const std::string& role) {
    ASSERT_TRUE(addStaffAccount(db(), username, role));
  }

  void startServer(std::vector<std::string> extra = {}) {
    std::vector<std::string> arguments{"--database", db(), "--rate-per-connection", "100/6000"};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    server_ = std::make_unique<ServerProcess>(arguments);
  }

  std::string staffUrl() const { return testing::staffUrl(*server_); }

  /// Next message of `type` on a connection (skipping others); fails after the wait.
  Json nextOfType(WsSessions::Id id, const std::string& type,
                  std::chrono::milliseconds wait = 5000ms) {
    return testing::nextOfType(sessions_, id, type, wait);
  }

  /// A logged-in staff connection (its snapshot, if any, not yet read).
  WsSessions::Id staff(const std::string& username, const std::string& password = kPassword) {
    auto id = sessions_.connect(staffUrl(), kStaffProtocol);
    EXPECT_TRUE(sessions_.isOpen(id));
    sessions_.send(
        id, Json{{"type", "login"}, {"id", "login"}, {"username", username}, {"password", password}}
                .dump());
    return id;
  }

  WsSessions::Id moderator(const std::string& username) {
    auto id = staff(username);
    EXPECT_EQ(nextOfType(id, "session")["user"]["username"], username);
    EXPECT_TRUE(nextOfType(id, "snapshot")["complete"].get<bool>());
    return id;
  }

  WsSessions::Id viewer() {
    auto id = sessions_.connect(server_->wsUrl());
    sessions_.send(id, Json{{"type", "hello"}, {"device", kDevice}, {"lang", "sr-Latn"}}.dump());
    EXPECT_TRUE(sessions_.nextContaining(id, "\"welcome\"").has_value());
    return id;
  }

  void submit(WsSessions::Id viewerId, int n, const std::string& text) {
    sessions_.send(viewerId, Json{{"type", "submit"}, {"id", uuid(n)}, {"text", text}}.dump());
    ASSERT_TRUE(sessions_.nextContaining(viewerId, "\"ack\"").has_value());
  }

  /// Waits on a desk connection for the pushed question with the given viewer text.
  Json awaitQuestion(WsSessions::Id deskId, const std::string& text) {
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (std::chrono::steady_clock::now() < deadline) {
      Json push = nextOfType(deskId, "questions");
      for (const auto& question : push["questions"]) {
        if (question["text"] == text) return question;
      }
    }
    ADD_FAILURE() << "question never reached the desk";
    return Json::object();
  }

  Json act(WsSessions::Id id, const Json& question, const std::string& action,
           Json extra = Json::object()) {
    Json request{{"type", "act"},
                 {"id", "act-" + action},
                 {"question", question["id"]},
                 {"version", question["version"]},
                 {"action", action}};
    request.update(extra);
    sessions_.send(id, request.dump());
    return request;
  }

  /// The reply to a request: done, conflict or error.
  Json reply(WsSessions::Id id) {
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (std::chrono::steady_clock::now() < deadline) {
      auto text = sessions_.next(id, 5000ms);
      if (!text) break;
      Json message = Json::parse(*text);
      const auto& type = message["type"];
      if (type == "done" || type == "conflict" || type == "error") return message;
    }
    ADD_FAILURE() << "no reply";
    return Json::object();
  }

  std::string sql(const std::string& statement) { return psql(db_.name(), statement); }

  ScratchDatabase db_;
  std::unique_ptr<ServerProcess> server_;
  WsSessions sessions_;
};

TEST_F(DeskEndToEnd, StaffCommandsRefuseWeakPasswordsTakenNamesAndBadRoles) {
  std::string output;
  EXPECT_NE(runServerCommand({"staff", "add", "zoran", "--database", db()}, &output, "short\n"), 0);
  EXPECT_NE(output.find("10 characters"), std::string::npos) << output;
  EXPECT_NE(runServerCommand({"staff", "add", "ana", "--database", db()}, &output,
                             std::string(kPassword) + "\n"),
            0);
  EXPECT_NE(output.find("ana"), std::string::npos) << output;
  EXPECT_NE(runServerCommand({"staff", "add", "x", "--role", "root", "--database", db()}, &output,
                             std::string(kPassword) + "\n"),
            0);
  EXPECT_EQ(sql("SELECT count(*) FROM staff"), "4");
  EXPECT_EQ(sql("SELECT count(*) FROM staff WHERE password_hash LIKE '$argon2id$%'"), "4");
  ASSERT_EQ(runServerCommand({"staff", "list", "--database", db()}, &output), 0);
  EXPECT_NE(output.find("marko"), std::string::npos);
  EXPECT_EQ(output.find("argon2"), std::string::npos) << "hashes are never printed";
}

TEST_F(DeskEndToEnd, AViewerConnectionCannotActAsStaff) {
  startServer();
  auto viewerId = viewer();
  sessions_.send(
      viewerId,
      Json{{"type", "login"}, {"id", "l"}, {"username", "ana"}, {"password", kPassword}}.dump());
  auto reply = Json::parse(*sessions_.next(viewerId));
  EXPECT_EQ(reply["code"], "unknown_type");
  auto wrongProtocol = sessions_.connect(staffUrl(), "sporazum.v1");
  EXPECT_FALSE(sessions_.isOpen(wrongProtocol));
  EXPECT_EQ(sessions_.failStatus(wrongProtocol), 400);
}

TEST_F(DeskEndToEnd, AStaffSocketFromAnotherSiteIsRefused) {
  startServer();
  auto foreign = sessions_.connect(staffUrl(), kStaffProtocol, "", "http://evil.example");
  EXPECT_FALSE(sessions_.isOpen(foreign));
  EXPECT_EQ(sessions_.failStatus(foreign), 403);
  const std::string own = "http://127.0.0.1:" + std::to_string(server_->port());
  auto ownPage = sessions_.connect(staffUrl(), kStaffProtocol, "", own);
  EXPECT_TRUE(sessions_.isOpen(ownPage));
}

TEST_F(DeskEndToEnd, LoginFailsClearlyAndDeskMessagesAreRefusedUntilThen) {
  startServer();
  auto id = sessions_.connect(staffUrl(), kStaffProtocol);
  sessions_.send(id, R"({"type":"act","id":"a","question":1,"version":1,"action":"approve"})");
  EXPECT_EQ(nextOfType(id, "error")["code"], "unauthenticated");
  sessions_.send(
      id,
      Json{{"type", "login"}, {"id", "l"}, {"username", "ana"}, {"password", "not the password"}}
          .dump());
  EXPECT_EQ(nextOfType(id, "error")["code"], "login_failed");
  sessions_.send(
      id, R"({"type":"resume","id":"r","token":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})");
  EXPECT_EQ(nextOfType(id, "error")["code"], "session_invalid");
}

TEST_F(DeskEndToEnd, AQuestionReachesTheDeskAndAnApprovalReachesTheViewer) {
  startServer();
  auto deskId = moderator("ana");
  auto viewerId = viewer();
  submit(viewerId, 1, "Kada će biti popravljen put do Zubinog Potoka?");
  Json question = awaitQuestion(deskId, "Kada će biti popravljen put do Zubinog Potoka?");
  EXPECT_EQ(question["state"], "received");
  EXPECT_EQ(question["language"], "sr");
  EXPECT_EQ(question["device"].get<std::string>().size(), 8U);
  act(deskId, question, "approve");
  Json done = reply(deskId);
  EXPECT_EQ(done["type"], "done");
  EXPECT_EQ(done["version"], question["version"].get<int>() + 1);
  auto status = sessions_.nextContaining(viewerId, "\"status\"");
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(Json::parse(*status)["status"], "selected");
  EXPECT_EQ(sql("SELECT actor || ' ' || action FROM audit_log WHERE action = 'approve'"),
            "ana approve");
}

TEST_F(DeskEndToEnd, TwoModeratorsDecidingAtOnceGetOneWinnerAndOneConflictEveryTime) {
  startServer();
  auto ana = moderator("ana");
  auto marko = moderator("marko");
  auto viewerId = viewer();
  constexpr int kRounds = 20;
  for (int round = 0; round < kRounds; ++round) {
    const std::string text = "Pitanje broj " + std::to_string(round) + " o vodi u Zvečanu";
    submit(viewerId, 100 + round, text);
    Json seenByAna = awaitQuestion(ana, text);
    Json seenByMarko = awaitQuestion(marko, text);
    act(ana, seenByAna, "approve");
    act(marko, seenByMarko, "reject", {{"reason", "off_topic"}});
    Json replyAna = reply(ana);
    Json replyMarko = reply(marko);
    const bool anaWon = replyAna["type"] == "done";
    const bool markoWon = replyMarko["type"] == "done";
    ASSERT_NE(anaWon, markoWon) << replyAna << replyMarko;
    Json conflict = anaWon ? replyMarko : replyAna;
    ASSERT_EQ(conflict["type"], "conflict");
    EXPECT_EQ(conflict["changedBy"], anaWon ? "Name ana" : "Name marko");
    EXPECT_EQ(conflict["question"]["state"], anaWon ? "approved" : "rejected");
    EXPECT_EQ(sql("SELECT state FROM questions WHERE client_id = '" + uuid(100 + round) + "'"),
              anaWon ? "approved" : "rejected");
  }
  EXPECT_EQ(sql("SELECT count(*) FROM audit_log WHERE action IN ('approve', 'reject')"),
            std::to_string(kRounds));
}

TEST_F(DeskEndToEnd, ManyModeratorsRetryingOnConflictLoseNoUpdate) {
  startServer();
  auto viewerId = viewer();
  submit(viewerId, 1, "Jedno pitanje za sve moderatore");
  constexpr int kModerators = 6;
  constexpr int kChangesEach = 10;
  std::vector<WsSessions::Id> desks;
  for (int m = 0; m < kModerators; ++m) {
    addStaff("mod" + std::to_string(m), "moderator");
    desks.push_back(moderator("mod" + std::to_string(m)));
  }
  const std::int64_t questionId = std::stoll(sql("SELECT id FROM questions"));
  std::atomic<int> conflicts{0};
  std::vector<std::thread> threads;
  for (int m = 0; m < kModerators; ++m) {
    threads.emplace_back([&, m] {
      int version = 1;
      for (int change = 0; change < kChangesEach;) {
        const std::string topic = "m" + std::to_string(m) + "c" + std::to_string(change);
        sessions_.send(desks[m], Json{{"type", "act"},
                                      {"id", topic},
                                      {"question", questionId},
                                      {"version", version},
                                      {"action", "tag"},
                                      {"topic", topic}}
                                     .dump());
        Json answer = reply(desks[m]);
        if (answer["type"] == "done") {
          ++change;
          version = answer["version"];
        } else if (answer["type"] == "conflict") {
          ++conflicts;
          version = answer["question"]["version"];
        } else {
          ADD_FAILURE() << answer;
          return;
        }
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  const int applied = kModerators * kChangesEach;
  EXPECT_EQ(sql("SELECT version FROM questions"), std::to_string(1 + applied));
  EXPECT_EQ(sql("SELECT count(*) FROM audit_log WHERE action = 'tag'"), std::to_string(applied));
  EXPECT_EQ(sql("SELECT count(DISTINCT after->>'topic') FROM audit_log WHERE action = 'tag'"),
            std::to_string(applied));
  RecordProperty("conflicts", conflicts.load());
}

TEST_F(DeskEndToEnd, RolesAreCheckedForEveryAction) {
  startServer();
  auto ana = moderator("ana");
  sessions_.send(ana, R"({"type":"audit","id":"a"})");
  EXPECT_EQ(nextOfType(ana, "error")["code"], "forbidden");
  sessions_.send(ana, R"({"type":"lexicon_save","id":"s","version":0,"body":"x\tany\tx\thold\n"})");
  EXPECT_EQ(nextOfType(ana, "error")["code"], "forbidden");
  auto pera = staff("pera");
  nextOfType(pera, "session");
  sessions_.send(pera, R"({"type":"act","id":"a","question":1,"version":1,"action":"approve"})");
  EXPECT_EQ(nextOfType(pera, "error")["code"], "forbidden");
  auto boss = moderator("boss");
  sessions_.send(boss, R"({"type":"audit","id":"a"})");
  EXPECT_EQ(nextOfType(boss, "audit_page")["id"], "a");
}

TEST_F(DeskEndToEnd, AnExpiredSessionIsRefusedAndToldToTheOpenPage) {
  startServer({"--staff-session-seconds", "10"});
  auto ana = staff("ana");
  const std::string token = nextOfType(ana, "session")["token"];
  Json expired = nextOfType(ana, "session_expired", 20000ms);
  EXPECT_EQ(expired["type"], "session_expired");
  sessions_.send(ana, R"({"type":"undo","id":"u"})");
  EXPECT_EQ(nextOfType(ana, "error")["code"], "unauthenticated");
  sessions_.send(ana, Json{{"type", "resume"}, {"id", "r"}, {"token", token}}.dump());
  EXPECT_EQ(nextOfType(ana, "error")["code"], "session_invalid");
}

TEST_F(DeskEndToEnd, TheAutoFilterHoldsHateWithItsReasonAndAnAdminEditTakesEffectLive) {
  startServer();
  auto boss = moderator("boss");
  auto viewerId = viewer();
  submit(viewerId, 1, "Svi Šiptari napolje iz Mitrovice");
  Json held = awaitQuestion(boss, "Svi Šiptari napolje iz Mitrovice");
  EXPECT_EQ(held["state"], "held");
  EXPECT_EQ(held["filter"]["action"], "hold");
  EXPECT_EQ(held["filter"]["reasons"][0]["code"], "lexicon");

  submit(viewerId, 2, "Zašto se ne gradi mostoklik preko Ibra?");
  EXPECT_EQ(awaitQuestion(boss, "Zašto se ne gradi mostoklik preko Ibra?")["state"], "received");
  sessions_.send(boss, R"({"type":"lexicon_get","id":"g"})");
  Json lexicon = nextOfType(boss, "lexicon");
  EXPECT_EQ(lexicon["version"], 0);
  EXPECT_GT(lexicon["terms"].get<int>(), 50);
  sessions_.send(
      boss, Json{{"type", "lexicon_save"},
                 {"id", "s"},
                 {"version", 0},
                 {"body", lexicon["body"].get<std::string>() + "mostoklik\tsr\tinsult\thold\n"}}
                .dump());
  EXPECT_EQ(nextOfType(boss, "lexicon")["version"], 1);
  std::this_thread::sleep_for(1s);
  submit(viewerId, 3, "Opet taj mostoklik, dokle?");
  EXPECT_EQ(awaitQuestion(boss, "Opet taj mostoklik, dokle?")["state"], "held");
  EXPECT_EQ(sql("SELECT count(*) FROM audit_log WHERE action = 'lexicon_save'"), "1");
}

TEST_F(DeskEndToEnd, TheAuditLogIsAppendOnlyAndExports) {
  startServer();
  auto ana = moderator("ana");
  auto viewerId = viewer();
  submit(viewerId, 1, "=HYPERLINK(\"http://x\") kada?");
  Json question = awaitQuestion(ana, "=HYPERLINK(\"http://x\") kada?");
  act(ana, question, "star", {{"starred", true}});
  EXPECT_EQ(reply(ana)["type"], "done");
  try {
    sql("DELETE FROM audit_log");
    ADD_FAILURE() << "the audit log allowed a DELETE";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("append-only"), std::string::npos) << e.what();
  }
  EXPECT_THROW(sql("UPDATE audit_log SET actor = 'nobody'"), std::runtime_error);
  EXPECT_EQ(sql("SELECT count(*) FROM audit_log WHERE action = 'star'"), "1");
  std::string csv;
  ASSERT_EQ(runServerCommand({"audit", "export", "--format", "csv", "--database", db()}, &csv), 0);
  EXPECT_NE(csv.find(",ana,star,"), std::string::npos) << csv;
}

}  // namespace
}  // namespace sporazum::testing
