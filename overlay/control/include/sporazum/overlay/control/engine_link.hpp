#pragma once
// The engine's connection to the questions server: an engine session on the staff socket
// (resume with the engine's token), the programme state on every (re)connect, the commands in seq
// order, the episode to record; and back the as-run record, command errors and recording reports
// (queued across reconnects), health once a second and the confidence picture (only while
// connected, never queued). Reconnects by itself; never blocks the caller.

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
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

/// Where the server's recording orders go (an engine with a record dir; empty handlers ignore
/// them). Called on the link's I/O thread: hand over and return.
struct LinkRecording {
  std::function<void(const core::RecordCommand&)> onRecord;  ///< engine_record
  /// The programme state's `recording` on every (re)connect: the live episode, or none.
  std::function<void(std::optional<core::RecordingOrder>)> onLiveEpisode;
};

class EngineLink {
 public:
  using HealthSource = std::function<core::EngineHealth()>;

  EngineLink(EngineLinkOptions options, GraphicsDirector& director, HealthSource health,
             LinkRecording recording = {});
  ~EngineLink();
  EngineLink(const EngineLink&) = delete;
  EngineLink& operator=(const EngineLink&) = delete;

  /// Thread-safe; queued until the session is ready, so a reconnect loses none.
  void sendAsRun(const core::AsRunReport& report);
  void sendError(const core::EngineCommandError& error);
  void sendRecording(const core::RecordingReport& report);
  /// Thread-safe: sends the confidence picture if the session is ready, at most twice in any
  /// second, and only if its base64 fits core::kMaxPreviewBase64Bytes; otherwise drops it (a
  /// stale picture is worth nothing). True when it was handed to the connection.
  bool sendPreview(std::string_view jpeg);
  /// Waits up to `timeout` until every queued report has been handed to the connection (before
  /// shutting down); false when some are still waiting.
  bool drain(std::chrono::milliseconds timeout);

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
  LinkRecording recording_;

  mutable std::mutex mutex_;
  LinkState state_ = LinkState::Connecting;
  std::deque<std::string> outbox_;  ///< reports waiting for a ready session
  /// When the last two confidence pictures were sent, older first.
  std::array<std::chrono::steady_clock::time_point, 2> previewSentAt_{};

  // I/O thread only.
  ws::ClientId connection_ = 0;
  bool isOpen_ = false;
  long backoffMs_ = 500;
  std::int64_t lastSeq_ = 0;
  bool stopping_ = false;

  std::unique_ptr<ws::ClientPool> pool_;
  std::thread thread_;
};

/// Base64 (RFC 4648, with padding).
std::string encodeBase64(std::string_view bytes);

}  // namespace sporazum::overlay::control
