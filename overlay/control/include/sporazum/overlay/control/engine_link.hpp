#pragma once
// The engine's connection to the questions server: an engine session on the staff socket
// (resume with the engine's token), the programme state on every (re)connect, the commands in seq
// order, and back the as-run record, command errors and health once a second. Reconnects by
// itself; never blocks the caller.

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "sporazum/core/graphics.hpp"
#include "sporazum/overlay/control/graphics_director.hpp"
#include "sporazum/ws/client.hpp"

namespace sporazum::overlay::control {

struct EngineLinkOptions {
  std::string url;    ///< ws://HOST:PORT/ws/staff
  std::string token;  ///< from `sporazum-questions-server staff engine-token NAME`
  std::string engineName = "main";
};

enum class LinkState { Connecting = 1, Authenticating, Ready, Refused };

class EngineLink {
 public:
  using HealthSource = std::function<core::EngineHealth()>;

  EngineLink(EngineLinkOptions options, GraphicsDirector& director, HealthSource health);
  ~EngineLink();
  EngineLink(const EngineLink&) = delete;
  EngineLink& operator=(const EngineLink&) = delete;

  /// Thread-safe; queued until the session is ready, so a reconnect loses none.
  void sendAsRun(const core::AsRunReport& report);
  void sendError(const core::EngineCommandError& error);

  LinkState state() const;

 private:
  void connect();                            // I/O thread
  void onMessage(std::string_view payload);  // I/O thread
  void onDisconnected();                     // I/O thread
  void flush();                              // I/O thread
  void sendHealth();                         // I/O thread
  void queue(std::string message);

  EngineLinkOptions options_;
  GraphicsDirector& director_;
  HealthSource health_;

  mutable std::mutex mutex_;
  LinkState state_ = LinkState::Connecting;
  std::deque<std::string> outbox_;  ///< as-run and errors waiting for a ready session

  // I/O thread only.
  ws::ClientId connection_ = 0;
  bool isOpen_ = false;
  long backoffMs_ = 500;
  std::int64_t lastSeq_ = 0;
  bool stopping_ = false;

  std::unique_ptr<ws::ClientPool> pool_;
  std::thread thread_;
};

}  // namespace sporazum::overlay::control
