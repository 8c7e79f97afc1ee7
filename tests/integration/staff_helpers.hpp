#pragma once
// What the staff-socket end-to-end tests share: accounts made with the real CLI, engine tokens,
// the staff URL and waiting for a message of one type.

#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

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

}  // namespace sporazum::testing
