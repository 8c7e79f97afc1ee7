// The real server binary, a real PostgreSQL (PG* from pg_virtualenv) and real WebSocket clients.

#include <gtest/gtest.h>

#include <thread>

#include "http_probe.hpp"
#include "server_process.hpp"
#include "sporazum/core/protocol.hpp"
#include "ws_sessions.hpp"

namespace sporazum::testing {
namespace {

using namespace std::chrono_literals;
using protocol::ServerMessage;

constexpr auto kDevice = "q2yV0ZB7s1m6lF3aU9kXc4pT8wE5rN2hJ0gD1iY7oQs";

std::string hello(const std::string& device = kDevice) {
  return protocol::encode(protocol::ViewerMessage{protocol::Hello{device, "sr-Cyrl"}});
}

std::string submit(const std::string& id, const std::string& text) {
  return protocol::encode(
      protocol::ViewerMessage{protocol::Submit{id, text, "Milica", "mitrovica-north", true}});
}

template <typename T>
T decodeAs(const std::optional<std::string>& text) {
  EXPECT_TRUE(text.has_value()) << "no message arrived";
  if (!text) return T{};
  auto decoded = protocol::decodeServerMessage(*text);
  EXPECT_TRUE(decoded.ok()) << *text;
  if (!decoded.ok() || !std::holds_alternative<T>(*decoded)) {
    ADD_FAILURE() << "unexpected message: " << *text;
    return T{};
  }
  return std::get<T>(*decoded);
}

class ViewerEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(
        runServerCommand({"episode", "new", "Sporazum test", "--database", db_.connectionString()}),
        0);
    ASSERT_EQ(runServerCommand({"questions", "open", "--database", db_.connectionString()}), 0);
    server_ = std::make_unique<ServerProcess>(std::vector<std::string>{
        "--database", db_.connectionString(), "--rate-per-connection", "50/600"});
  }

  WsSessions::Id helloed(const std::string& device = kDevice) {
    auto id = sessions_.connect(server_->wsUrl());
    EXPECT_TRUE(sessions_.isOpen(id));
    sessions_.send(id, hello(device));
    auto welcome = decodeAs<protocol::Welcome>(sessions_.next(id));
    EXPECT_TRUE(welcome.questionsOpen);
    return id;
  }

  std::string rowCount(const std::string& where = "true") {
    return psql(db_.name(), "SELECT count(*) FROM questions WHERE " + where);
  }

  ScratchDatabase db_;
  std::unique_ptr<ServerProcess> server_;
  WsSessions sessions_;
};

TEST_F(ViewerEndToEnd, AcksCyrillicAndAlbanianQuestionsOnlyOnceTheyAreStored) {
  auto id = helloed();
  sessions_.send(id, submit("0b3c6a52-3f7e-4d35-9d53-2f5a1c9e8b41", "Када ће бити поправљен пут?"));
  sessions_.send(id, submit("1b3c6a52-3f7e-4d35-9d53-2f5a1c9e8b41",
                            "Kur do të rregullohet rruga për në Mitrovicë?"));
  auto first = decodeAs<protocol::Ack>(sessions_.next(id));
  auto second = decodeAs<protocol::Ack>(sessions_.next(id));
  EXPECT_EQ(first.status, "received");
  EXPECT_EQ(second.status, "received");
  EXPECT_EQ(
      psql(db_.name(),
           "SELECT body FROM questions WHERE client_id='0b3c6a52-3f7e-4d35-9d53-2f5a1c9e8b41'"),
      "Када ће бити поправљен пут?");
  EXPECT_EQ(
      psql(db_.name(),
           "SELECT body FROM questions WHERE client_id='1b3c6a52-3f7e-4d35-9d53-2f5a1c9e8b41'"),
      "Kur do të rregullohet rruga për në Mitrovicë?");
  EXPECT_EQ(psql(db_.name(),
                 "SELECT display_name || '|' || municipality || '|' || consent_name_on_air "
                 "|| '|' || interface_language FROM questions ORDER BY id LIMIT 1"),
            "Milica|mitrovica-north|true|sr-Cyrl");
}

TEST_F(ViewerEndToEnd, SendingTheSameIdAgainReturnsTheOriginalAckAndStoresOneRow) {
  auto id = helloed();
  const std::string question = submit("2b3c6a52-3f7e-4d35-9d53-2f5a1c9e8b41", "Pitanje?");
  sessions_.send(id, question);
  auto original = decodeAs<protocol::Ack>(sessions_.next(id));
  sessions_.send(id, question);
  auto again = decodeAs<protocol::Ack>(sessions_.next(id));
  EXPECT_EQ(again, original);
  // A reconnect (new connection, same device) also gets the original ack.
  auto other = helloed();
  sessions_.send(other, question);
  EXPECT_EQ(decodeAs<protocol::Ack>(sessions_.next(other)), original);
  EXPECT_EQ(rowCount(), "1");
}

TEST_F(ViewerEndToEnd, AnotherDevicesIdIsRefusedAsAConflict) {
  auto id = helloed();
  sessions_.send(id, submit("3b3c6a52-3f7e-4d35-9d53-2f5a1c9e8b41", "Prvo"));
  decodeAs<protocol::Ack>(sessions_.next(id));
  auto thief = helloed("another-device-token-0000");
  sessions_.send(thief, submit("3b3c6a52-3f7e-4d35-9d53-2f5a1c9e8b41", "Drugo"));
  EXPECT_EQ(decodeAs<protocol::ErrorReply>(sessions_.next(thief)).code, "id_conflict");
  EXPECT_EQ(rowCount(), "1");
}

TEST_F(ViewerEndToEnd, AnswersBadInputWithACodeStoresNothingAndKeepsTheConnection) {
  auto id = helloed();
  const std::vector<std::pair<std::string, std::string>> cases{
      {"not json at all", "bad_json"},
      {R"({"type":"dance"})", "unknown_type"},
      {R"({"type":"submit","id":"4b3c6a52-3f7e-4d35-9d53-2f5a1c9e8b41"})", "missing_field"},
      {submit("4b3c6a52-3f7e-4d35-9d53-2f5a1c9e8b41", " \u200B\u202E "), "empty_text"},
      {submit("4b3c6a52-3f7e-4d35-9d53-2f5a1c9e8b41", std::string(501, 'x')), "text_too_long"},
      {submit("4b3c6a52-3f7e-4d35-9d53-2f5a1c9e8b41", "bell\u0007"), "control_characters"},
      {submit("not-a-uuid", "x"), "bad_field"},
  };
  for (const auto& [message, code] : cases) {
    sessions_.send(id, message);
    EXPECT_EQ(decodeAs<protocol::ErrorReply>(sessions_.next(id)).code, code) << message;
  }
  sessions_.send(id, std::string("{\"type\":\"hello\",\"device\":\"\xFF\xFE\"}"),
                 ws::MessageKind::Binary);
  EXPECT_EQ(decodeAs<protocol::ErrorReply>(sessions_.next(id)).code, "invalid_utf8");
  EXPECT_EQ(rowCount(), "0");
  sessions_.send(id, submit("5b3c6a52-3f7e-4d35-9d53-2f5a1c9e8b41", "Still here?"));
  EXPECT_EQ(decodeAs<protocol::Ack>(sessions_.next(id)).id, "5b3c6a52-3f7e-4d35-9d53-2f5a1c9e8b41");
}

TEST_F(ViewerEndToEnd, StoresTextCleanedAndNormalised) {
  auto id = helloed();
  // "c" + combining caron, a bidi override and a zero-width space, padded with spaces.
  sessions_.send(id,
                 submit("6b3c6a52-3f7e-4d35-9d53-2f5a1c9e8b41", "  Zve\u202Ec\u030Can\u200B?  "));
  decodeAs<protocol::Ack>(sessions_.next(id));
  EXPECT_EQ(psql(db_.name(), "SELECT body FROM questions"), "Zvečan?");
}

TEST_F(ViewerEndToEnd, ClosesOversizedFramesWith1009) {
  auto id = helloed();
  sessions_.send(id, submit("7b3c6a52-3f7e-4d35-9d53-2f5a1c9e8b41", std::string(9000, 'x')));
  EXPECT_EQ(sessions_.closeCode(id), 1009);
  EXPECT_EQ(rowCount(), "0");
}

TEST_F(ViewerEndToEnd, RefusesHandshakesWithoutTheSubprotocolOrOnAnotherPath) {
  auto noProtocol = sessions_.connect(server_->wsUrl(), "");
  EXPECT_FALSE(sessions_.isOpen(noProtocol));
  EXPECT_EQ(sessions_.failStatus(noProtocol), 400);
  auto wrongPath =
      sessions_.connect("ws://127.0.0.1:" + std::to_string(server_->port()) + "/ws/admin");
  EXPECT_EQ(sessions_.failStatus(wrongPath), 404);
}

TEST_F(ViewerEndToEnd, RefusesWebSocketVersionsOtherThan13) {
  auto reply = rawHttp(server_->port(),
                       "GET /ws/viewer HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                       "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                       "Sec-WebSocket-Version: 8\r\nSec-WebSocket-Protocol: sporazum.v1\r\n\r\n");
  EXPECT_EQ(reply.status, 400);
}

TEST_F(ViewerEndToEnd, ServesThePageHealthAndMetricsOnTheSamePort) {
  auto page = httpGet(server_->port(), "/");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<html"), std::string::npos);
  EXPECT_NE(page.headers.find("Content-Security-Policy"), std::string::npos);
  EXPECT_EQ(httpGet(server_->port(), "/data/municipalities.json").status, 200);
  auto health = httpGet(server_->port(), "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_NE(health.body.find("\"reachable\":true"), std::string::npos);
  auto id = helloed();
  sessions_.send(id, submit("8b3c6a52-3f7e-4d35-9d53-2f5a1c9e8b41", "Metrika?"));
  decodeAs<protocol::Ack>(sessions_.next(id));
  auto metrics = httpGet(server_->port(), "/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("sporazum_acks_total 1"), std::string::npos) << metrics.body;
  EXPECT_NE(metrics.body.find("sporazum_viewer_connections 1"), std::string::npos);
  EXPECT_NE(metrics.body.find("sporazum_commit_batch_size_count 1"), std::string::npos);
  EXPECT_EQ(httpGet(server_->port(), "/nope").status, 404);
  auto post =
      rawHttp(server_->port(),
              "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi");
  EXPECT_EQ(post.status, 405);
  auto huge = rawHttp(server_->port(),
                      "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n"
                      "Connection: close\r\n\r\n" +
                          std::string(100000, 'a'));
  EXPECT_EQ(huge.status, 413);
}

TEST_F(ViewerEndToEnd, PushesClosingAndOpeningOfQuestionsToViewers) {
  auto id = helloed();
  ASSERT_EQ(runServerCommand({"questions", "close", "--database", db_.connectionString()}), 0);
  auto closed = decodeAs<protocol::QuestionsState>(sessions_.nextContaining(id, "\"questions\""));
  EXPECT_FALSE(closed.open);
  sessions_.send(id, submit("9b3c6a52-3f7e-4d35-9d53-2f5a1c9e8b41", "Too late?"));
  EXPECT_EQ(decodeAs<protocol::ErrorReply>(sessions_.next(id)).code, "questions_closed");
  ASSERT_EQ(runServerCommand({"questions", "open", "--database", db_.connectionString()}), 0);
  EXPECT_TRUE(
      decodeAs<protocol::QuestionsState>(sessions_.nextContaining(id, "\"questions\"")).open);
  EXPECT_EQ(rowCount(), "0");
}

TEST_F(ViewerEndToEnd, PushesStatusChangesLiveAndShowsThemAfterAReload) {
  auto id = helloed();
  const std::string questionId = "ab3c6a52-3f7e-4d35-9d53-2f5a1c9e8b41";
  sessions_.send(id, submit(questionId, "Hoće li biti struje?"));
  decodeAs<protocol::Ack>(sessions_.next(id));
  psql(db_.name(), "UPDATE questions SET state='approved' WHERE client_id='" + questionId + "'");
  auto status = decodeAs<protocol::Status>(sessions_.next(id));
  EXPECT_EQ(status.id, questionId);
  EXPECT_EQ(status.status, "selected");
  sessions_.close(id);
  // "Reload": a new connection from the same device lists the question with its status.
  auto reloaded = sessions_.connect(server_->wsUrl());
  sessions_.send(reloaded, hello());
  auto welcome = decodeAs<protocol::Welcome>(sessions_.next(reloaded));
  ASSERT_EQ(welcome.questions.size(), 1U);
  EXPECT_EQ(welcome.questions[0].id, questionId);
  EXPECT_EQ(welcome.questions[0].text, "Hoće li biti struje?");
  EXPECT_EQ(welcome.questions[0].status, "selected");
}

TEST_F(ViewerEndToEnd, StoresDigestsNeverTheDeviceTokenOrTheAddress) {
  auto id = helloed();
  sessions_.send(id, submit("bb3c6a52-3f7e-4d35-9d53-2f5a1c9e8b41", "Privatnost?"));
  decodeAs<protocol::Ack>(sessions_.next(id));
  EXPECT_EQ(
      psql(db_.name(), "SELECT length(device_hash) || ',' || length(address_hash) FROM questions"),
      "32,32");
  const std::string dump = psql(db_.name(), "SELECT q::text FROM questions q");
  EXPECT_EQ(dump.find(kDevice), std::string::npos);
  EXPECT_EQ(dump.find("127.0.0.1"), std::string::npos);
  EXPECT_EQ(server_->log().find("Privatnost"), std::string::npos);
  EXPECT_EQ(server_->log().find(kDevice), std::string::npos);
}

TEST_F(ViewerEndToEnd, ErasesAViewersPersonalDataOnRequest) {
  auto id = helloed();
  sessions_.send(id, submit("cb3c6a52-3f7e-4d35-9d53-2f5a1c9e8b41", "Obriši me"));
  decodeAs<protocol::Ack>(sessions_.next(id));
  auto other = helloed("someone-who-stays-0001");
  sessions_.send(other, submit("db3c6a52-3f7e-4d35-9d53-2f5a1c9e8b41", "Ostajem"));
  decodeAs<protocol::Ack>(sessions_.next(other));
  std::string output;
  ASSERT_EQ(
      runServerCommand({"privacy", "erase-device", kDevice, "--database", db_.connectionString()},
                       &output),
      0)
      << output;
  EXPECT_EQ(rowCount(), "1");
  EXPECT_EQ(psql(db_.name(), "SELECT body FROM questions"), "Ostajem");
}

TEST_F(ViewerEndToEnd, RefusesConnectionsOverThePerAddressCapWith503) {
  ServerProcess capped(
      {"--database", db_.connectionString(), "--max-connections-per-address", "2"});
  auto first = sessions_.connect(capped.wsUrl(), "sporazum.v1", "127.0.0.5");
  auto second = sessions_.connect(capped.wsUrl(), "sporazum.v1", "127.0.0.5");
  auto third = sessions_.connect(capped.wsUrl(), "sporazum.v1", "127.0.0.5");
  EXPECT_TRUE(sessions_.isOpen(first));
  EXPECT_TRUE(sessions_.isOpen(second));
  EXPECT_EQ(sessions_.failStatus(third), 503);
  auto elsewhere = sessions_.connect(capped.wsUrl(), "sporazum.v1", "127.0.0.6");
  EXPECT_TRUE(sessions_.isOpen(elsewhere));
}

TEST_F(ViewerEndToEnd, ShutsDownCleanlyOnSigterm) {
  auto id = helloed();
  EXPECT_EQ(server_->stop(), 0);
  EXPECT_TRUE(sessions_.closeCode(id).has_value());
}

}  // namespace
}  // namespace sporazum::testing
