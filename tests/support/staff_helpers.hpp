#pragma once
// What the staff-socket end-to-end tests share: accounts made with the real CLI, engine tokens,
// the staff URL, logging in, and waiting for a message of one type.

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "server_process.hpp"
#include "ws_sessions.hpp"

namespace sporazum::testing {

inline constexpr auto kStaffProtocol = "sporazum.staff.v1";
inline constexpr auto kStaffPassword = "Zvečan-i-Leposavić-2026";

/// `staff add USERNAME --role ROLE` with the test password on stdin.
inline ::testing::AssertionResult addStaffAccount(const std::string& database,
                                                  const std::string& username,
                                                  const std::string& role,
                                                  const std::string& password = kStaffPassword) {
  std::string output;
  const int status = runServerCommand({"staff", "add", username, "--name", "Name " + username,
                                       "--role", role, "--database", database},
                                      &output, password + "\n");
  if (status == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "staff add " << username << " exited " << status << ": " << output;
}

/// `staff engine-token USERNAME`: the token is the first line it prints; empty on failure.
inline std::string engineToken(const std::string& database, const std::string& username) {
  std::string output;
  EXPECT_EQ(runServerCommand({"staff", "engine-token", username, "--database", database}, &output),
            0)
      << output;
  return output.substr(0, output.find('\n'));
}

inline std::string staffUrl(const ServerProcess& server) {
  return "ws://127.0.0.1:" + std::to_string(server.port()) + "/ws/staff";
}

/// Next message of `type` on a connection (skipping others); fails the test after the wait.
inline nlohmann::json nextOfType(WsSessions& sessions, WsSessions::Id id, const std::string& type,
                                 std::chrono::milliseconds wait = std::chrono::milliseconds(5000)) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (std::chrono::steady_clock::now() < deadline) {
    auto text = sessions.next(id, std::chrono::duration_cast<std::chrono::milliseconds>(
                                      deadline - std::chrono::steady_clock::now()));
    if (!text) break;
    nlohmann::json message = nlohmann::json::parse(*text);
    if (message["type"] == type) return message;
  }
  ADD_FAILURE() << "no " << type << " message arrived";
  return nlohmann::json::object();
}

/// Every message received on the connections it reads, kept: a wait finds a message whether it
/// came before or after others (pushes and replies race), and skips none for later waits.
class Inbox {
 public:
  explicit Inbox(WsSessions& sessions) : sessions_(sessions) {}

  /// The first message of `type` on `id` for which `matches` holds, received before or within
  /// `wait`; fails the test (listing what came) and returns an empty object otherwise.
  template <typename Predicate>
  nlohmann::json waitFor(WsSessions::Id id, const std::string& type, Predicate matches,
                         std::chrono::milliseconds wait = std::chrono::milliseconds(5000)) {
    auto& seen = seen_[id];
    for (const auto& message : seen) {
      if (message["type"] == type && matches(message)) return message;
    }
    const auto deadline = std::chrono::steady_clock::now() + wait;
    while (std::chrono::steady_clock::now() < deadline) {
      auto text = sessions_.next(id, std::chrono::duration_cast<std::chrono::milliseconds>(
                                         deadline - std::chrono::steady_clock::now()));
      if (!text) break;
      seen.push_back(nlohmann::json::parse(*text));
      if (seen.back()["type"] == type && matches(seen.back())) return seen.back();
    }
    std::string came;
    for (const auto& message : seen)
      came += "\n  " + message.dump().substr(0, 200);
    ADD_FAILURE() << "no matching " << type << " message arrived; there came:" << came;
    return nlohmann::json::object();
  }
  nlohmann::json waitFor(WsSessions::Id id, const std::string& type) {
    return waitFor(id, type, [](const nlohmann::json&) { return true; });
  }
  /// Whether a message of `type` came on `id` (reading what arrives within `wait` first).
  bool has(WsSessions::Id id, const std::string& type, std::chrono::milliseconds wait) {
    auto& seen = seen_[id];
    while (auto text = sessions_.next(id, wait))
      seen.push_back(nlohmann::json::parse(*text));
    for (const auto& message : seen) {
      if (message["type"] == type) return true;
    }
    return false;
  }

 private:
  WsSessions& sessions_;
  std::map<WsSessions::Id, std::vector<nlohmann::json>> seen_;
};

/// The moderator at `desk` approves the question with `text` once it reaches the desk (a
/// `questions` push); returns its id, 0 (and a test failure) when it never came.
inline std::int64_t approveByText(WsSessions& sessions, Inbox& inbox, WsSessions::Id desk,
                                  const std::string& text) {
  nlohmann::json question;
  inbox.waitFor(desk, "questions", [&](const nlohmann::json& m) {
    for (const auto& q : m["questions"]) {
      if (q["text"] == text) question = q;
    }
    return !question.is_null();
  });
  if (question.is_null()) return 0;
  const std::string requestId = "approve-" + question["id"].dump();
  sessions.send(desk, nlohmann::json{{"type", "act"},
                                     {"id", requestId},
                                     {"question", question["id"]},
                                     {"version", question["version"]},
                                     {"action", "approve"}}
                          .dump());
  EXPECT_EQ(
      inbox.waitFor(desk, "done",
                    [&](const nlohmann::json& m) { return m["id"] == requestId; })["question"],
      question["id"]);
  return question["id"].get<std::int64_t>();
}

/// A staff connection logged in with the test password; fails the test when it is not.
inline WsSessions::Id staffLogin(WsSessions& sessions, const ServerProcess& server,
                                 const std::string& username) {
  auto id = sessions.connect(staffUrl(server), kStaffProtocol);
  sessions.send(
      id,
      nlohmann::json{
          {"type", "login"}, {"id", "login"}, {"username", username}, {"password", kStaffPassword}}
          .dump());
  EXPECT_EQ(nextOfType(sessions, id, "session")["user"]["username"], username);
  return id;
}

}  // namespace sporazum::testing
