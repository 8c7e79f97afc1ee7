// StudioConnection against a real WebSocket server on loopback (FakeStaffServer).

#include <gtest/gtest.h>

#include "gtest_qt.hpp"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

#include "fake_staff_server.hpp"
#include "sporazum/studio/studio_connection.hpp"

namespace sporazum::studio {
namespace {

using testing::FakeStaffServer;
using State = StudioConnection::State;

constexpr int kWaitMs = 5'000;

class StudioConnectionTest : public ::testing::Test {
 protected:
  StudioConnectionTest() {
    server_.addAccount("pera", "lozinka", "producer");
    server_.addAccount("ana", "lozinka", "moderator");
    connection_.setServerUrl(server_.url());
  }

  bool waitForState(State state, int timeoutMs = kWaitMs) {
    return QTest::qWaitFor([&] { return connection_.state() == state; }, timeoutMs);
  }

  FakeStaffServer server_;
  StudioConnection connection_;
};

TEST_F(StudioConnectionTest, LogsInAsAProducerWithTheStaffSubprotocolAndNoOrigin) {
  QSignalSpy sessions(&connection_, &StudioConnection::sessionStarted);
  connection_.logIn("pera", "lozinka");
  ASSERT_TRUE(waitForState(State::Ready)) << connection_.stateName().toStdString();

  EXPECT_EQ(sessions.count(), 1);
  EXPECT_EQ(connection_.userRole(), "producer");
  EXPECT_EQ(connection_.userDisplayName(), "PERA");
  EXPECT_TRUE(connection_.hasSession());
  ASSERT_EQ(server_.subprotocols(), QStringList{"sporazum.staff.v1"});
  EXPECT_EQ(server_.origins(), QStringList{QString()}) << "a native client sends no Origin";
  const auto logins = server_.receivedOfType("login");
  ASSERT_EQ(logins.size(), 1);
  EXPECT_EQ(logins[0].value("username").toString(), "pera");
  EXPECT_EQ(logins[0].value("password").toString(), "lozinka");
  EXPECT_FALSE(logins[0].value("id").toString().isEmpty());
}

TEST_F(StudioConnectionTest, RefusesAModeratorAndHangsUpWithoutRetrying) {
  connection_.logIn("ana", "lozinka");
  ASSERT_TRUE(waitForState(State::Refused));
  EXPECT_TRUE(connection_.errorText().contains("producers and admins"))
      << connection_.errorText().toStdString();
  EXPECT_FALSE(connection_.hasSession());
  EXPECT_TRUE(connection_.needsLogin());
  // The unused session is revoked and the socket closed; no reconnect follows.
  EXPECT_TRUE(QTest::qWaitFor([&] { return server_.receivedOfType("logout").size() == 1; }));
  EXPECT_TRUE(QTest::qWaitFor([&] { return server_.connectionCount() == 0; }));
  QTest::qWait(3 * StudioConnection::kFirstBackoffMs);
  EXPECT_EQ(server_.connectionsAccepted(), 1);
  EXPECT_EQ(connection_.state(), State::Refused);
}

TEST_F(StudioConnectionTest, AWrongPasswordAsksAgainWithAClearError) {
  connection_.logIn("pera", "wrong");
  ASSERT_TRUE(QTest::qWaitFor([&] { return !connection_.errorText().isEmpty(); }, kWaitMs));
  EXPECT_EQ(connection_.state(), State::NeedsLogin);
  EXPECT_TRUE(connection_.errorText().contains("Wrong username or password"));
  // The same connection takes the next attempt.
  connection_.logIn("pera", "lozinka");
  ASSERT_TRUE(waitForState(State::Ready));
  EXPECT_EQ(server_.connectionsAccepted(), 1);
}

TEST_F(StudioConnectionTest, ResumesWithItsTokenAfterTheServerDropsTheConnection) {
  QSignalSpy sessions(&connection_, &StudioConnection::sessionStarted);
  connection_.logIn("pera", "lozinka");
  ASSERT_TRUE(waitForState(State::Ready));
  const QString token = server_.lastToken();

  QSignalSpy failures(&connection_, &StudioConnection::requestFailed);
  server_.setAnswersRequests(false);
  const QString inFlight = connection_.request("graphics", {{"action", "clear_all"}});
  ASSERT_TRUE(QTest::qWaitFor([&] { return server_.receivedOfType("graphics").size() == 1; }));
  server_.dropAll();

  ASSERT_TRUE(QTest::qWaitFor([&] { return sessions.count() == 2; }, kWaitMs));
  EXPECT_EQ(connection_.state(), State::Ready);
  const auto resumes = server_.receivedOfType("resume");
  ASSERT_EQ(resumes.size(), 1);
  EXPECT_EQ(resumes[0].value("token").toString(), token);
  EXPECT_EQ(server_.receivedOfType("login").size(), 1) << "no second password needed";
  // The request in flight when the connection broke has one outcome: connection_lost.
  ASSERT_EQ(failures.count(), 1);
  EXPECT_EQ(failures[0][0].toString(), inFlight);
  EXPECT_EQ(failures[0][1].toString(), "connection_lost");
  EXPECT_EQ(connection_.pendingCount(), 0);
}

TEST_F(StudioConnectionTest, BacksOffWhileTheServerIsAwayAndResumesWhenItReturns) {
  connection_.logIn("pera", "lozinka");
  ASSERT_TRUE(waitForState(State::Ready));
  server_.stopListening();
  server_.dropAll();
  // 250, 500, 1000 ms…: after a few failed attempts the next wait has grown.
  ASSERT_TRUE(QTest::qWaitFor([&] { return connection_.reconnectDelayMs() >= 1'000; }, kWaitMs));
  EXPECT_EQ(connection_.state(), State::Connecting);
  EXPECT_LE(connection_.reconnectDelayMs(), StudioConnection::kMaxBackoffMs);

  ASSERT_TRUE(server_.listenAgain());
  ASSERT_TRUE(waitForState(State::Ready, 3 * StudioConnection::kMaxBackoffMs));
  EXPECT_EQ(server_.receivedOfType("resume").size(), 1);
  EXPECT_EQ(connection_.reconnectDelayMs(), StudioConnection::kFirstBackoffMs);
}

TEST_F(StudioConnectionTest, ARequestWithoutAnswerTimesOut) {
  connection_.setDefaultTimeoutMs(150);
  connection_.logIn("pera", "lozinka");
  ASSERT_TRUE(waitForState(State::Ready));
  server_.setAnswersRequests(false);
  QSignalSpy failures(&connection_, &StudioConnection::requestFailed);
  QSignalSpy replies(&connection_, &StudioConnection::replyReceived);

  const QString id = connection_.request("graphics", {{"action", "clear_all"}});
  EXPECT_EQ(connection_.pendingCount(), 1);
  ASSERT_TRUE(failures.wait(kWaitMs));
  EXPECT_EQ(failures[0][0].toString(), id);
  EXPECT_EQ(failures[0][1].toString(), "timeout");
  EXPECT_EQ(connection_.pendingCount(), 0);
  EXPECT_EQ(replies.count(), 0);
  EXPECT_EQ(connection_.state(), State::Ready) << "a slow answer does not end the session";
}

TEST_F(StudioConnectionTest, ARequestWithoutASessionFailsAndSendsNothing) {
  QSignalSpy failures(&connection_, &StudioConnection::requestFailed);
  const QString id = connection_.request("graphics", {{"action", "take"}, {"layer", "logo"}});
  EXPECT_EQ(failures.count(), 0) << "reported later, never inside request()";
  ASSERT_TRUE(failures.wait(kWaitMs));
  EXPECT_EQ(failures[0][0].toString(), id);
  EXPECT_EQ(failures[0][1].toString(), "not_connected");
  EXPECT_EQ(server_.connectionsAccepted(), 0);
}

TEST_F(StudioConnectionTest, RepliesGoToTheirRequestAndPushesToTheModels) {
  connection_.logIn("pera", "lozinka");
  ASSERT_TRUE(waitForState(State::Ready));
  QSignalSpy replies(&connection_, &StudioConnection::replyReceived);
  QSignalSpy pushes(&connection_, &StudioConnection::pushReceived);

  const QString id = connection_.request("graphics", {{"action", "clear_all"}});
  ASSERT_TRUE(replies.wait(kWaitMs));
  EXPECT_EQ(replies[0][0].toString(), id);
  EXPECT_EQ(replies[0][1].toString(), "graphics_ok");
  EXPECT_EQ(server_.receivedOfType("graphics")[0].value("action").toString(), "clear_all");

  server_.pushToAll({{"type", "programme"}, {"seq", 3}, {"layers", QJsonArray()}});
  ASSERT_TRUE(pushes.wait(kWaitMs));
  EXPECT_EQ(pushes[0][0].toString(), "programme");
  EXPECT_EQ(pushes[0][1].value<QJsonObject>().value("seq").toInt(), 3);
}

TEST_F(StudioConnectionTest, MalformedMessagesAreCountedAndIgnored) {
  connection_.logIn("pera", "lozinka");
  ASSERT_TRUE(waitForState(State::Ready));
  QSignalSpy pushes(&connection_, &StudioConnection::pushReceived);

  server_.sendRawToAll("not json at all {");
  server_.sendRawToAll("[1, 2, 3]");
  server_.sendRawToAll(R"({"no":"type"})");
  server_.sendRawToAll(R"({"type":42})");
  server_.sendBinaryToAll(QByteArray("\x00\x01", 2));
  server_.pushToAll({{"type", "engine_status"}, {"engines", QJsonArray()}});
  ASSERT_TRUE(pushes.wait(kWaitMs));
  EXPECT_EQ(pushes.count(), 1);
  EXPECT_EQ(pushes[0][0].toString(), "engine_status");
  EXPECT_EQ(connection_.malformedCount(), 5);
  EXPECT_EQ(connection_.state(), State::Ready);
}

TEST_F(StudioConnectionTest, AnExpiredSessionAsksForTheLoginAgain) {
  connection_.logIn("pera", "lozinka");
  ASSERT_TRUE(waitForState(State::Ready));
  server_.pushToAll({{"type", "session_expired"}});
  ASSERT_TRUE(waitForState(State::NeedsLogin));
  EXPECT_FALSE(connection_.hasSession());
  EXPECT_FALSE(connection_.errorText().isEmpty());
}

TEST_F(StudioConnectionTest, ARevokedTokenAfterADropFallsBackToTheLoginForm) {
  connection_.logIn("pera", "lozinka");
  ASSERT_TRUE(waitForState(State::Ready));
  // The server forgets every token (e.g. staff reset-password), then the connection breaks.
  server_.forgetTokens();
  server_.dropAll();
  ASSERT_TRUE(QTest::qWaitFor([&] { return server_.receivedOfType("resume").size() == 1; }));
  ASSERT_TRUE(waitForState(State::NeedsLogin));
  EXPECT_FALSE(connection_.hasSession());
  EXPECT_TRUE(connection_.errorText().contains("log in again"));
}

}  // namespace
}  // namespace sporazum::studio
