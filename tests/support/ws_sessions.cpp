#include "ws_sessions.hpp"

#include <stdexcept>

namespace sporazum::testing {

WsSessions::WsSessions()
    : pool_(ws::ClientHandlers{
          .onOpen =
              [this](ws::ClientId id) {
                std::lock_guard lock(mutex_);
                states_[id].isOpen = true;
                changed_.notify_all();
              },
          .onMessage =
              [this](ws::ClientId id, ws::MessageKind, std::string_view payload) {
                std::lock_guard lock(mutex_);
                states_[id].messages.emplace_back(payload);
                changed_.notify_all();
              },
          .onClose =
              [this](ws::ClientId id, std::uint16_t code, std::string_view) {
                std::lock_guard lock(mutex_);
                auto& state = states_[id];
                state.isOpen = false;
                state.isDone = true;
                state.closeCode = code;
                changed_.notify_all();
              },
          .onFail =
              [this](ws::ClientId id, int status, std::string_view) {
                std::lock_guard lock(mutex_);
                auto& state = states_[id];
                state.isDone = true;
                state.failStatus = status;
                changed_.notify_all();
              }}),
      thread_([this] { pool_.run(); }) {}

WsSessions::~WsSessions() {
  pool_.stop();
  thread_.join();
}

WsSessions::Id WsSessions::connect(const std::string& url, const std::string& subprotocol,
                                   const std::string& sourceAddress, const std::string& origin) {
  ws::ClientOptions options;
  options.origin = origin;
  options.url = url;
  options.subprotocol = subprotocol;
  options.sourceAddress = sourceAddress;
  const Id id = pool_.connect(options);
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, kDefaultWait, [&] { return states_[id].isOpen || states_[id].isDone; });
  return id;
}

bool WsSessions::isOpen(Id id) {
  std::lock_guard lock(mutex_);
  return states_[id].isOpen;
}

int WsSessions::failStatus(Id id) {
  std::lock_guard lock(mutex_);
  return states_[id].failStatus;
}

void WsSessions::send(Id id, std::string payload, ws::MessageKind kind) {
  pool_.post([this, id, payload = std::move(payload), kind] { pool_.send(id, payload, kind); });
}

void WsSessions::close(Id id) {
  pool_.post([this, id] { pool_.close(id); });
}

std::optional<std::string> WsSessions::next(Id id, std::chrono::milliseconds wait) {
  std::unique_lock lock(mutex_);
  if (!changed_.wait_for(lock, wait, [&] { return !states_[id].messages.empty(); })) {
    return std::nullopt;
  }
  std::string message = std::move(states_[id].messages.front());
  states_[id].messages.pop_front();
  return message;
}

std::optional<std::string> WsSessions::nextContaining(Id id, const std::string& needle,
                                                      std::chrono::milliseconds wait) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    auto message = next(id, left);
    if (!message) return std::nullopt;
    if (message->find(needle) != std::string::npos) return message;
  }
}

std::optional<std::uint16_t> WsSessions::closeCode(Id id, std::chrono::milliseconds wait) {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, wait, [&] { return states_[id].closeCode.has_value(); });
  return states_[id].closeCode;
}

}  // namespace sporazum::testing
