// On-air graphics end to end: the real server binary, a real PostgreSQL (PG* from pg_virtualenv),
// engines as plain staff-socket clients with tokens from the command line, a producer, a
// moderator and a viewer.

#include <gtest/gtest.h>

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
constexpr auto kQuestion = "Када ће бити поправљен пут до Зубиног Потока?";

class GraphicsEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(runServerCommand({"episode", "new", "Sporazum test", "--database", db()}), 0);
    ASSERT_EQ(runServerCommand({"questions", "open", "--database", db()}), 0);
    addStaff("ana", "moderator");
    addStaff("pera", "producer");
    addStaff("engine-main", "engine");
    addStaff("engine-backup", "engine");
  }

  std::string db() const { return db_.connectionString(); }

  void addStaff(const std::string& username, const std::string& role) {
    ASSERT_TRUE(addStaffAccount(db(), username, role));
  }

  /// `staff engine-token`: the token is the first line it prints.
  std::string engineToken(const std::string& username) {
    return testing::engineToken(db(), username);
  }

  void startServer() {
    server_ = std::make_unique<ServerProcess>(
        std::vector<std::string>{"--database", db(), "--public-url", "https://sporazum.example/"});
  }

  std::string staffUrl() const { return testing::staffUrl(*server_); }

  Json nextOfType(WsSessions::Id id, const std::string& type,
                  std::chrono::milliseconds wait = 5000ms) {
    return testing::nextOfType(sessions_, id, type, wait);
  }

  /// An engine logged in with its token: the programme must come right after the session.
  std::pair<WsSessions::Id, Json> engine(const std::string& token, const std::string& name) {
    auto id = sessions_.connect(staffUrl(), kStaffProtocol);
    EXPECT_TRUE(sessions_.isOpen(id));
    sessions_.send(id, Json{{"type", "resume"}, {"id", "r"}, {"token", token}}.dump());
    auto session = sessions_.next(id);
    EXPECT_TRUE(session.has_value());
    EXPECT_EQ(Json::parse(session.value_or("{}"))["user"]["role"], "engine");
    auto state = sessions_.next(id);
    EXPECT_TRUE(state.has_value());
    Json programme = Json::parse(state.value_or("{}"));
    EXPECT_EQ(programme["type"], "programme_state");
    sessions_.send(id, Json{{"type", "engine_health"},
                            {"engineName", name},
                            {"framesPerSecond", 50.0},
                            {"framesOut", 100},
                            {"droppedFrames", 0},
                            {"input", "ok"},
                            {"graphicsMsPerFrame", 0.4},
                            {"lastSeq", programme["seq"]}}
                           .dump());
    return {id, programme};
  }

  WsSessions::Id staff(const std::string& username) {
    auto id = sessions_.connect(staffUrl(), kStaffProtocol);
    sessions_.send(
        id, Json{{"type", "login"}, {"id", "l"}, {"username", username}, {"password", kPassword}}
                .dump());
    EXPECT_EQ(nextOfType(id, "session")["user"]["username"], username);
    return id;
  }

  /// A viewer's question (with name and consent), approved by a moderator; returns its id.
  std::int64_t approvedQuestion() {
    auto desk = staff("ana");
    EXPECT_TRUE(nextOfType(desk, "snapshot")["complete"].get<bool>());
    auto viewer = sessions_.connect(server_->wsUrl());
    sessions_.send(viewer, Json{{"type", "hello"}, {"device", kDevice}}.dump());
    EXPECT_TRUE(sessions_.nextContaining(viewer, "\"welcome\"").has_value());
    sessions_.send(viewer, Json{{"type", "submit"},
                                {"id", "00000000-0000-4000-8000-000000000001"},
                                {"text", kQuestion},
                                {"name", "Milica"},
                                {"municipality", "zubin-potok"},
                                {"consentNameOnAir", true}}
                               .dump());
    EXPECT_TRUE(sessions_.nextContaining(viewer, "\"ack\"").has_value());
    Json question;
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (question.is_null() && std::chrono::steady_clock::now() < deadline) {
      const Json push = nextOfType(desk, "questions");
      for (const auto& q : push["questions"]) {
        if (q["text"] == kQuestion) question = q;
      }
    }
    if (question.is_null()) {
      ADD_FAILURE() << "the question never reached the desk";
      return 0;
    }
    sessions_.send(desk, Json{{"type", "act"},
                              {"id", "a"},
                              {"question", question["id"]},
                              {"version", question["version"]},
                              {"action", "approve"}}
                             .dump());
    EXPECT_EQ(nextOfType(desk, "done")["id"], "a");
    return question["id"].get<std::int64_t>();
  }

  std::string sql(const std::string& statement) { return psql(db_.name(), statement); }

  ScratchDatabase db_;
  std::unique_ptr<ServerProcess> server_;
  WsSessions sessions_;
};

TEST_F(GraphicsEndToEnd, TakesReachEveryEngineInOrderAndAReconnectRestoresThePicture) {
  const std::string mainToken = engineToken("engine-main");
  const std::string backupToken = engineToken("engine-backup");
  ASSERT_EQ(mainToken.size(), 43U);
  EXPECT_EQ(sql("SELECT count(*) FROM staff_sessions WHERE expires_at > now() + interval '364 "
                "days'"),
            "2");
  startServer();
  auto [main, mainState] = engine(mainToken, "main");
  auto [backup, backupState] = engine(backupToken, "backup");
  EXPECT_EQ(mainState["seq"], 0);
  EXPECT_EQ(mainState["layers"].size(), 6U);

  const std::int64_t questionId = approvedQuestion();
  auto producer = staff("pera");
  EXPECT_EQ(nextOfType(producer, "programme")["seq"], 0);
  sessions_.send(producer, Json{{"type", "graphics"},
                                {"id", "g1"},
                                {"action", "take"},
                                {"layer", "lower_third"},
                                {"graphic", {{"questionId", questionId}}}}
                               .dump());
  // The reply and the programme push come in either order.
  Json ok;
  Json programme;
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while ((ok.is_null() || programme.is_null()) && std::chrono::steady_clock::now() < deadline) {
    auto text = sessions_.next(producer, 1000ms);
    if (!text) continue;
    Json message = Json::parse(*text);
    if (message["type"] == "graphics_ok") ok = message;
    if (message["type"] == "programme" && message["seq"] == 1) programme = message;
  }
  EXPECT_EQ(ok["id"], "g1");
  EXPECT_EQ(ok["seq"], 1);
  EXPECT_EQ(programme["layers"][0]["onAir"]["questionId"], questionId);
  for (auto id : {main, backup}) {
    Json command = nextOfType(id, "engine_command");
    EXPECT_EQ(command["seq"], 1);
    EXPECT_EQ(command["action"], "take");
    EXPECT_EQ(command["graphic"]["questionId"], questionId);
    EXPECT_EQ(command["graphic"]["text"], kQuestion);
    EXPECT_EQ(command["graphic"]["viewerName"], "Milica") << "the viewer consented";
    EXPECT_EQ(command["graphic"]["municipality"], "zubin-potok");
    EXPECT_EQ(command["graphic"]["language"], "sr-Cyrl");
  }

  // The command line writes to the database; the running server forwards it from the log.
  std::string output;
  ASSERT_EQ(
      runServerCommand({"graphics", "take", "ticker", "--text", "Vesti u 20h", "--database", db()},
                       &output),
      0)
      << output;
  for (auto id : {main, backup}) {
    Json command = nextOfType(id, "engine_command");
    EXPECT_EQ(command["seq"], 2);
    EXPECT_EQ(command["layer"], "ticker");
    EXPECT_EQ(command["graphic"]["text"], "Vesti u 20h");
  }
  sessions_.send(producer, Json{{"type", "graphics"},
                                {"id", "g3"},
                                {"action", "take"},
                                {"layer", "qr"},
                                {"graphic", {{"caption", "Pitajte"}}}}
                               .dump());
  EXPECT_EQ(nextOfType(producer, "graphics_ok")["seq"], 3);
  EXPECT_EQ(nextOfType(main, "engine_command")["graphic"]["url"], "https://sporazum.example/");

  // The as-run report reaches the studio at once and the record once.
  const Json asRun{{"type", "engine_as_run"},
                   {"seq", 1},
                   {"layer", "lower_third"},
                   {"event", "on_air"},
                   {"questionId", questionId},
                   {"runningTimeNs", 3723040000000},
                   {"wallTime", "2026-11-23T20:14:05.120Z"}};
  sessions_.send(main, asRun.dump());
  sessions_.send(main, asRun.dump());
  Json tally = nextOfType(producer, "as_run");
  EXPECT_EQ(tally["engine"], "engine-main");
  EXPECT_EQ(tally["questionId"], questionId);
  std::string csv;
  for (int attempt = 0; attempt < 50; ++attempt) {
    ASSERT_EQ(runServerCommand({"graphics", "as-run", "--database", db()}, &csv), 0) << csv;
    if (csv.find(",engine-main,1,lower_third,on_air,") != std::string::npos) break;
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_NE(csv.find("2026-11-23T20:14:05.120Z,engine-main,1,lower_third,on_air," +
                     std::to_string(questionId) + ","),
            std::string::npos)
      << csv;
  EXPECT_EQ(sql("SELECT count(*) FROM graphics_as_run"), "1");

  // The engine restarts: the programme it gets shows what is on air, then commands go on.
  sessions_.close(main);
  auto [again, restored] = engine(mainToken, "main");
  EXPECT_EQ(restored["seq"], 3);
  EXPECT_EQ(restored["layers"][0]["layer"], "lower_third");
  EXPECT_EQ(restored["layers"][0]["onAir"]["questionId"], questionId);
  EXPECT_EQ(restored["layers"][0]["onAirSeq"], 1);
  EXPECT_EQ(restored["layers"][4]["onAir"]["text"], "Vesti u 20h");
  ASSERT_EQ(runServerCommand({"graphics", "clear-all", "--database", db()}, &output), 0) << output;
  EXPECT_EQ(nextOfType(again, "engine_command")["seq"], 4);
  EXPECT_EQ(nextOfType(backup, "engine_command")["seq"], 3);
  EXPECT_EQ(nextOfType(backup, "engine_command")["action"], "clear_all");

  ASSERT_EQ(runServerCommand({"graphics", "state", "--database", db()}, &output), 0);
  EXPECT_NE(output.find("\"seq\": 4"), std::string::npos) << output;
  EXPECT_EQ(sql("SELECT count(*) FROM graphics_layers WHERE on_air IS NOT NULL"), "0");
  Json status = nextOfType(producer, "engine_status");
  EXPECT_FALSE(status["engines"].empty());
}

TEST_F(GraphicsEndToEnd, OnlyProducersRunGraphicsAndOnlyEnginesReport) {
  const std::string token = engineToken("engine-main");
  startServer();
  auto [main, state] = engine(token, "main");
  auto moderator = staff("ana");
  const std::string take = Json{
      {"type", "graphics"},
      {"id", "g"},
      {"action", "take"},
      {"layer", "logo"},
      {"graphic",
       Json::object()}}.dump();
  sessions_.send(moderator, take);
  EXPECT_EQ(nextOfType(moderator, "error")["code"], "forbidden");
  sessions_.send(main, take);
  EXPECT_EQ(nextOfType(main, "error")["code"], "forbidden");
  auto producer = staff("pera");
  sessions_.send(producer, R"({"type":"engine_error","seq":1,"layer":"logo","code":"x"})");
  EXPECT_EQ(nextOfType(producer, "error")["code"], "forbidden");
  sessions_.send(producer, Json{{"type", "graphics"},
                                {"id", "q"},
                                {"action", "take"},
                                {"layer", "lower_third"},
                                {"graphic", {{"questionId", 424242}}}}
                               .dump());
  EXPECT_EQ(nextOfType(producer, "error")["code"], "question_not_available");
  EXPECT_EQ(sql("SELECT count(*) FROM graphics_commands"), "0");

  std::string output;
  EXPECT_EQ(runServerCommand({"staff", "engine-token", "pera", "--database", db()}, &output), 2);
  EXPECT_NE(output.find("not an engine"), std::string::npos) << output;
  EXPECT_EQ(
      runServerCommand(
          {"graphics", "take", "lower_third", "--question", "424242", "--database", db()}, &output),
      2);
  EXPECT_NE(output.find("not an approved question"), std::string::npos) << output;
  // Disabling the account revokes its token.
  ASSERT_EQ(runServerCommand({"staff", "disable", "engine-main", "--database", db()}), 0);
  auto refused = sessions_.connect(staffUrl(), kStaffProtocol);
  sessions_.send(refused, Json{{"type", "resume"}, {"id", "r"}, {"token", token}}.dump());
  EXPECT_EQ(nextOfType(refused, "error")["code"], "session_invalid");
}

}  // namespace
}  // namespace sporazum::testing
