// The hub against fakes of its two ports: every path from message to reply, without sockets or SQL.

#include <gtest/gtest.h>

#include <deque>
#include <map>

#include "sporazum/core/protocol.hpp"
#include "sporazum/hub/viewer_hub.hpp"

namespace sporazum::hub {
namespace {

using namespace std::chrono_literals;

class FakeTransport : public ViewerTransport {
 public:
  SendOutcome send(ConnectionId id, std::string_view text) override {
    if (closed.contains(id)) return SendOutcome::Closed;
    sent[id].emplace_back(text);
    return SendOutcome::Sent;
  }
  void close(ConnectionId id, std::uint16_t code, std::string_view) override { closed[id] = code; }
  void ping(ConnectionId id) override { ++pings[id]; }
  void post(std::function<void()> fn) override { posted.push_back(std::move(fn)); }

  void runPosted() {
    while (!posted.empty()) {
      auto fn = std::move(posted.front());
      posted.pop_front();
      fn();
    }
  }
  protocol::ServerMessage last(ConnectionId id) {
    auto decoded = protocol::decodeServerMessage(sent.at(id).back());
    EXPECT_TRUE(decoded.ok());
    return *decoded;
  }
  std::string lastErrorCode(ConnectionId id) {
    auto message = last(id);
    auto* error = std::get_if<protocol::ErrorReply>(&message);
    return error ? error->code : "(not an error)";
  }

  std::map<ConnectionId, std::vector<std::string>> sent;
  std::map<ConnectionId, std::uint16_t> closed;
  std::map<ConnectionId, int> pings;
  std::deque<std::function<void()>> posted;
};

class FakeRepository : public QuestionRepository {
 public:
  bool submit(core::NewQuestion question, SubmitDone done) override {
    if (isFull) return false;
    pending.push_back({std::move(question), std::move(done)});
    return true;
  }
  void listForDevice(const core::Digest& device, std::size_t, ListDone done) override {
    std::vector<core::DeviceQuestion> found;
    for (const auto& q : stored) {
      if (q.deviceHash == device)
        found.push_back({q.clientId, q.text, "held", "2026-11-23T19:00:00.000Z"});
    }
    done(isDown ? std::nullopt : std::optional(found));
  }
  /// Completes every pending submission like a commit would.
  void commitAll(core::SubmitStatus status = core::SubmitStatus::Stored,
                 const std::string& state = "received") {
    for (auto& [question, done] : pending) {
      if (status == core::SubmitStatus::Stored) stored.push_back(question);
      done({status, static_cast<std::int64_t>(stored.size()), state, "2026-11-23T19:00:00.000Z"});
    }
    pending.clear();
  }

  std::vector<std::pair<core::NewQuestion, SubmitDone>> pending;
  std::vector<core::NewQuestion> stored;
  bool isFull = false;
  bool isDown = false;
};

constexpr auto kDevice = "q2yV0ZB7s1m6lF3aU9kXc4pT8wE5rN2hJ0gD1iY7oQs";
constexpr auto kQuestionId = "0b3c6a52-3f7e-4d35-9d53-2f5a1c9e8b41";

class ViewerHubTest : public ::testing::Test {
 protected:
  ViewerHubTest() : hub_(config(), transport_, repository_, [this] { return now_; }) {
    hub_.onEpisodeChange({.episodeId = 7, .title = "Sporazum", .questionsOpen = true});
  }
  static HubConfig config() {
    HubConfig c;
    c.municipalityCodes = {"mitrovica-north", "other"};
    c.perConnection = {.burst = 3, .perMinute = 6};
    c.perAddress = {.burst = 5, .perMinute = 60};
    c.maxConsecutiveErrors = 3;
    return c;
  }
  void connect(ConnectionId id, std::string address = "127.0.0.1", std::string device = kDevice) {
    hub_.onOpen(id, std::move(address));
    hub_.onMessage(id, R"({"type":"hello","lang":"sr-Cyrl","device":")" + device + "\"}", false);
    transport_.runPosted();
  }
  void submit(ConnectionId id, std::string questionId = kQuestionId,
              std::string text = "Када ће бити поправљен пут?") {
    hub_.onMessage(id,
                   protocol::encode(protocol::ViewerMessage{protocol::Submit{
                       std::move(questionId), std::move(text), "Milica", "mitrovica-north", true}}),
                   false);
  }

  core::SteadyTime now_{};
  FakeTransport transport_;
  FakeRepository repository_;
  ViewerHub hub_;
};

TEST_F(ViewerHubTest, WelcomesAHelloWithTheEpisodeAndTheDevicesQuestions) {
  connect(1);
  auto welcome = std::get<protocol::Welcome>(transport_.last(1));
  EXPECT_TRUE(welcome.questionsOpen);
  EXPECT_EQ(welcome.episodeTitle, "Sporazum");
  EXPECT_TRUE(welcome.questions.empty());
}

TEST_F(ViewerHubTest, AcksOnlyAfterTheStoreCommits) {
  connect(1);
  submit(1);
  ASSERT_EQ(repository_.pending.size(), 1U);
  EXPECT_EQ(transport_.sent[1].size(), 1U);  // just the welcome: no ack before the commit
  repository_.commitAll();
  EXPECT_EQ(transport_.sent[1].size(), 1U);  // the ack is posted to the I/O thread
  transport_.runPosted();
  auto ack = std::get<protocol::Ack>(transport_.last(1));
  EXPECT_EQ(ack.id, kQuestionId);
  EXPECT_EQ(ack.status, "received");
  EXPECT_EQ(hub_.metrics().acks.value(), 1U);
}

TEST_F(ViewerHubTest, ABannedDevicesQuestionIsAckedLikeAnyOther) {
  connect(1);
  submit(1);
  repository_.commitAll(core::SubmitStatus::Stored, "rejected");
  transport_.runPosted();
  EXPECT_EQ(std::get<protocol::Ack>(transport_.last(1)).status, "received");
}

TEST_F(ViewerHubTest, StoresTheCleanedQuestionWithDigestsNotRawValues) {
  connect(1, "10.1.2.3");
  submit(1, "0B3C6A52-3F7E-4D35-9D53-2F5A1C9E8B41", "  Pitanje\u202E?  ");
  ASSERT_EQ(repository_.pending.size(), 1U);
  const auto& q = repository_.pending[0].first;
  EXPECT_EQ(q.clientId, kQuestionId);
  EXPECT_EQ(q.text, "Pitanje?");
  EXPECT_EQ(q.episodeId, 7);
  EXPECT_EQ(q.interfaceLanguage, "sr-Cyrl");
  EXPECT_NE(q.deviceHash, core::Digest{});
  EXPECT_NE(q.addressHash, core::Digest{});
  EXPECT_NE(q.deviceHash, q.addressHash);
}

TEST_F(ViewerHubTest, AReloadedPageGetsItsQuestionsBack) {
  connect(1);
  submit(1);
  repository_.commitAll();
  transport_.runPosted();
  hub_.onClose(1);
  connect(2);
  auto welcome = std::get<protocol::Welcome>(transport_.last(2));
  ASSERT_EQ(welcome.questions.size(), 1U);
  EXPECT_EQ(welcome.questions[0].id, kQuestionId);
  EXPECT_EQ(welcome.questions[0].status, "under_review");  // "held" as the viewer sees it
}

TEST_F(ViewerHubTest, WelcomesWithAnEmptyListWhenTheDatabaseIsDown) {
  repository_.isDown = true;
  connect(1);
  EXPECT_TRUE(std::get<protocol::Welcome>(transport_.last(1)).questions.empty());
}

TEST_F(ViewerHubTest, SaysTryAgainAndNeverAcksWhenTheStoreIsUnavailable) {
  connect(1);
  submit(1);
  repository_.commitAll(core::SubmitStatus::Unavailable);
  transport_.runPosted();
  auto error = std::get<protocol::ErrorReply>(transport_.last(1));
  EXPECT_EQ(error.code, "try_again");
  EXPECT_EQ(error.id, kQuestionId);
  EXPECT_GT(error.retryAfterMs, 0);
  EXPECT_EQ(hub_.metrics().acks.value(), 0U);
}

TEST_F(ViewerHubTest, ReportsIdConflictsAndFullQueues) {
  connect(1);
  submit(1);
  repository_.commitAll(core::SubmitStatus::IdConflict);
  transport_.runPosted();
  EXPECT_EQ(transport_.lastErrorCode(1), "id_conflict");
  repository_.isFull = true;
  submit(1, "1b3c6a52-3f7e-4d35-9d53-2f5a1c9e8b41");
  EXPECT_EQ(transport_.lastErrorCode(1), "busy");
}

TEST_F(ViewerHubTest, RequiresHelloFirst) {
  hub_.onOpen(1, "127.0.0.1");
  submit(1);
  EXPECT_EQ(transport_.lastErrorCode(1), "hello_required");
  EXPECT_TRUE(repository_.pending.empty());
}

TEST_F(ViewerHubTest, RefusesBadDeviceTokens) {
  hub_.onOpen(1, "127.0.0.1");
  hub_.onMessage(1, R"({"type":"hello","device":"short"})", false);
  EXPECT_EQ(transport_.lastErrorCode(1), "bad_field");
}

TEST_F(ViewerHubTest, AnswersBadInputWithStableCodesAndStoresNothing) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"{not json", "bad_json"},
      {"[]", "bad_message"},
      {R"({"type":"vote"})", "unknown_type"},
      {R"({"type":"submit","id":"0b3c6a52-3f7e-4d35-9d53-2f5a1c9e8b41"})", "missing_field"},
      {R"({"type":"submit","id":"nope","text":"x"})", "bad_field"},
      {R"({"type":"submit","id":"0b3c6a52-3f7e-4d35-9d53-2f5a1c9e8b41","text":" \u200B "})",
       "empty_text"},
      {R"({"type":"submit","id":"0b3c6a52-3f7e-4d35-9d53-2f5a1c9e8b41","text":"a\u0007"})",
       "control_characters"},
      {R"({"type":"submit","id":"0b3c6a52-3f7e-4d35-9d53-2f5a1c9e8b41","text":"a","municipality":"x"})",
       "unknown_municipality"},
      {"\xFF\xFE", "invalid_utf8"},
  };
  ConnectionId id = 100;
  for (const auto& [message, code] : cases) {
    connect(++id);
    hub_.onMessage(id, message, true);
    EXPECT_EQ(transport_.lastErrorCode(id), code) << message;
    EXPECT_FALSE(transport_.closed.contains(id)) << "one mistake keeps the connection open";
  }
  EXPECT_TRUE(repository_.pending.empty());
  EXPECT_EQ(hub_.metrics().rejections.at("bad_json").value(), 1U);
}

TEST_F(ViewerHubTest, ClosesAConnectionThatOnlySendsGarbage) {
  connect(1);
  for (int i = 0; i < 4; ++i)
    hub_.onMessage(1, "garbage", false);
  EXPECT_EQ(transport_.closed.at(1), 1008);
}

TEST_F(ViewerHubTest, RefusesQuestionsWhileClosedAndTellsEveryViewerWhenThatChanges) {
  connect(1);
  connect(2, "127.0.0.2", "another-device-token-1234");
  hub_.onEpisodeChange({.episodeId = 7, .title = "Sporazum", .questionsOpen = false});
  EXPECT_FALSE(std::get<protocol::QuestionsState>(transport_.last(1)).open);
  EXPECT_FALSE(std::get<protocol::QuestionsState>(transport_.last(2)).open);
  submit(1);
  EXPECT_EQ(transport_.lastErrorCode(1), "questions_closed");
  EXPECT_TRUE(repository_.pending.empty());
}

TEST_F(ViewerHubTest, RateLimitsPerConnectionWithARetryTime) {
  connect(1);
  for (int i = 0; i < 3; ++i)
    submit(1, "0b3c6a52-3f7e-4d35-9d53-2f5a1c9e8b4" + std::to_string(i));
  EXPECT_EQ(repository_.pending.size(), 3U);
  submit(1, "0b3c6a52-3f7e-4d35-9d53-2f5a1c9e8b49");
  auto error = std::get<protocol::ErrorReply>(transport_.last(1));
  EXPECT_EQ(error.code, "rate_limited");
  EXPECT_EQ(error.retryAfterMs, 10000);
  now_ += 10s;
  submit(1, "0b3c6a52-3f7e-4d35-9d53-2f5a1c9e8b49");
  EXPECT_EQ(repository_.pending.size(), 4U);
}

TEST_F(ViewerHubTest, RateLimitsPerAddressAcrossConnections) {
  for (ConnectionId id = 1; id <= 6; ++id) {
    connect(id, "100.64.0.1", "device-token-number-" + std::to_string(id));
    submit(id, "0b3c6a52-3f7e-4d35-9d53-2f5a1c9e8b4" + std::to_string(id));
  }
  EXPECT_EQ(repository_.pending.size(), 5U);
  EXPECT_EQ(transport_.lastErrorCode(6), "rate_limited");
  connect(7, "100.64.0.2", "device-token-number-7");
  submit(7, "0b3c6a52-3f7e-4d35-9d53-2f5a1c9e8b47");
  EXPECT_EQ(repository_.pending.size(), 6U);
}

TEST_F(ViewerHubTest, PushesStatusChangesToEveryConnectionOfTheDevice) {
  connect(1);
  connect(2);
  connect(3, "127.0.0.1", "someone-else-entirely-0001");
  submit(1);
  auto device = repository_.pending[0].first.deviceHash;
  hub_.onStateChange({kQuestionId, device, "approved"});
  EXPECT_EQ(std::get<protocol::Status>(transport_.last(1)).status, "selected");
  EXPECT_EQ(std::get<protocol::Status>(transport_.last(2)).status, "selected");
  EXPECT_EQ(transport_.sent[3].size(), 1U);  // only its welcome
}

TEST_F(ViewerHubTest, PingsQuietConnectionsAndClosesIdleOnes) {
  connect(1);
  now_ += 26s;
  hub_.sweep();
  EXPECT_EQ(transport_.pings[1], 1);
  hub_.onPong(1);
  now_ += 60s;
  hub_.sweep();
  EXPECT_FALSE(transport_.closed.contains(1));
  now_ += 11s;
  hub_.sweep();
  EXPECT_EQ(transport_.closed.at(1), 1001);
}

TEST_F(ViewerHubTest, CapsConnectionsPerAddressAndFreesTheSlotOnClose) {
  HubConfig small = config();
  small.maxConnectionsPerAddress = 2;
  ViewerHub hub(small, transport_, repository_, [this] { return now_; });
  EXPECT_TRUE(hub.acceptsConnectionFrom("100.64.0.9"));
  hub.onOpen(1, "100.64.0.9");
  hub.onOpen(2, "100.64.0.9");
  EXPECT_FALSE(hub.acceptsConnectionFrom("100.64.0.9"));
  EXPECT_TRUE(hub.acceptsConnectionFrom("100.64.0.10"));
  hub.onClose(1);
  EXPECT_TRUE(hub.acceptsConnectionFrom("100.64.0.9"));
}

TEST_F(ViewerHubTest, ForgetsClosedConnections) {
  connect(1);
  submit(1);
  hub_.onClose(1);
  EXPECT_EQ(hub_.connectionCount(), 0U);
  repository_.commitAll();
  transport_.runPosted();  // the ack has nowhere to go, but the question is stored and counted
  EXPECT_EQ(repository_.stored.size(), 1U);
  EXPECT_EQ(hub_.metrics().acks.value(), 1U);
  EXPECT_EQ(hub_.metrics().connections.value(), 0);
}

}  // namespace
}  // namespace sporazum::hub
