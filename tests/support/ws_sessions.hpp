#pragma once
// Blocking WebSocket clients for tests: a ClientPool on its own thread, with waits that time out.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "sporazum/ws/client.hpp"

namespace sporazum::testing {

class WsSessions {
 public:
  using Id = ws::ClientId;
  static constexpr std::chrono::milliseconds kDefaultWait{5000};

  WsSessions();
  ~WsSessions();
  WsSessions(const WsSessions&) = delete;
  WsSessions& operator=(const WsSessions&) = delete;

  /// Connects and waits until the connection is open or refused.
  Id connect(const std::string& url, const std::string& subprotocol = "sporazum.v1",
             const std::string& sourceAddress = "", const std::string& origin = "");
  bool isOpen(Id id);
  /// HTTP status of a refused handshake (0 when none), once known.
  int failStatus(Id id);

  void send(Id id, std::string payload, ws::MessageKind kind = ws::MessageKind::Text);
  void close(Id id);

  /// Next message received on `id`, or nullopt after `wait`.
  std::optional<std::string> next(Id id, std::chrono::milliseconds wait = kDefaultWait);
  /// Skips messages until one contains `needle`; nullopt after `wait`.
  std::optional<std::string> nextContaining(Id id, const std::string& needle,
                                            std::chrono::milliseconds wait = kDefaultWait);
  /// Close code from the server, once the connection closed; nullopt after `wait`.
  std::optional<std::uint16_t> closeCode(Id id, std::chrono::milliseconds wait = kDefaultWait);

 private:
  struct State {
    bool isOpen = false;
    bool isDone = false;  ///< closed or failed
    int failStatus = 0;
    std::optional<std::uint16_t> closeCode;
    std::deque<std::string> messages;
  };

  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<Id, State> states_;
  ws::ClientPool pool_;
  std::thread thread_;
};

}  // namespace sporazum::testing
