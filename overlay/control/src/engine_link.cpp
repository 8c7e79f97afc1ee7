#include "sporazum/overlay/control/engine_link.hpp"

#include "sporazum/core/json_fields.hpp"
#include "sporazum/core/log.hpp"

namespace sporazum::overlay::control {
namespace {

constexpr std::size_t kMaxOutbox = 10'000;
constexpr long kMaxBackoffMs = 5'000;
constexpr long kRefusedRetryMs = 10'000;

}  // namespace

EngineLink::EngineLink(EngineLinkOptions options, GraphicsDirector& director, HealthSource health)
    : options_(std::move(options)), director_(director), health_(std::move(health)) {
  pool_ = std::make_unique<ws::ClientPool>(ws::ClientHandlers{
      .onOpen =
          [this](ws::ClientId id) {
            if (id != connection_) return;
            isOpen_ = true;
            backoffMs_ = 500;
            {
              std::lock_guard lock(mutex_);
              state_ = LinkState::Authenticating;
            }
            core::json::Json resume = {
                {"type", "resume"}, {"id", "engine-resume"}, {"token", options_.token}};
            pool_->send(connection_, resume.dump());
          },
      .onMessage =
          [this](ws::ClientId id, ws::MessageKind, std::string_view payload) {
            if (id == connection_) onMessage(payload);
          },
      .onClose =
          [this](ws::ClientId id, std::uint16_t, std::string_view) {
            if (id == connection_) onDisconnected();
          },
      .onFail =
          [this](ws::ClientId id, int, std::string_view) {
            if (id == connection_) onDisconnected();
          }});
  thread_ = std::thread([this] { pool_->run(); });
  pool_->post([this] {
    connect();
    sendHealth();
  });
}

EngineLink::~EngineLink() {
  pool_->post([this] { stopping_ = true; });
  pool_->stop();
  thread_.join();
}

LinkState EngineLink::state() const {
  std::lock_guard lock(mutex_);
  return state_;
}

void EngineLink::connect() {
  if (stopping_) return;
  {
    std::lock_guard lock(mutex_);
    state_ = LinkState::Connecting;
  }
  ws::ClientOptions client;
  client.url = options_.url;
  client.subprotocol = "sporazum.staff.v1";
  connection_ = pool_->connect(client);
}

void EngineLink::onDisconnected() {
  isOpen_ = false;
  bool wasRefused = false;
  {
    std::lock_guard lock(mutex_);
    wasRefused = state_ == LinkState::Refused;
    if (!wasRefused) state_ = LinkState::Connecting;
  }
  const long delay = wasRefused ? kRefusedRetryMs : backoffMs_;
  backoffMs_ = std::min(backoffMs_ * 2, kMaxBackoffMs);
  log::info("engine_link.reconnecting", {{"delayMs", static_cast<std::int64_t>(delay)}});
  pool_->postAfter(delay, [this] { connect(); });
}

void EngineLink::onMessage(std::string_view payload) {
  std::optional<core::Error> error;
  auto message = core::json::parseObject(payload, error);
  if (error) return;
  const std::string type = message["type"].get<std::string>();
  if (type == "session") {
    {
      std::lock_guard lock(mutex_);
      state_ = LinkState::Ready;
    }
    log::info("engine_link.ready");
    flush();
  } else if (type == "programme_state") {
    auto state = core::decodeProgrammeState(payload);
    if (!state) {
      log::error("engine_link.bad_state", {{"code", std::string_view(state.error().code)}});
      return;
    }
    lastSeq_ = state->seq;
    director_.restore(std::move(*state));
  } else if (type == "engine_command") {
    auto command = core::decodeEngineCommand(payload);
    if (!command) {
      log::error("engine_link.bad_command", {{"code", std::string_view(command.error().code)}});
      return;
    }
    if (command->seq <= lastSeq_) return;  // already applied (or part of the restored state)
    if (command->seq != lastSeq_ + 1) {
      log::warn("engine_link.seq_gap", {{"expected", lastSeq_ + 1}, {"got", command->seq}});
    }
    lastSeq_ = command->seq;
    director_.apply(std::move(*command));
  } else if (type == "error") {
    const std::string code = message.value("code", "");
    if (code == "session_invalid" || code == "forbidden") {
      // A revoked or wrong token will not fix itself: say so loudly, retry slowly.
      log::error("engine_link.refused", {{"code", std::string_view(code)}});
      {
        std::lock_guard lock(mutex_);
        state_ = LinkState::Refused;
      }
      pool_->close(connection_, 1000, "refused");
    }
  } else if (type == "session_expired") {
    pool_->close(connection_, 1000, "session expired");
  }
}

void EngineLink::queue(std::string message) {
  {
    std::lock_guard lock(mutex_);
    if (outbox_.size() >= kMaxOutbox) outbox_.pop_front();
    outbox_.push_back(std::move(message));
  }
  pool_->post([this] { flush(); });
}

void EngineLink::sendAsRun(const core::AsRunReport& report) {
  queue(core::encodeAsRun(report));
}

void EngineLink::sendError(const core::EngineCommandError& error) {
  queue(core::encodeEngineCommandError(error));
}

void EngineLink::flush() {
  if (!isOpen_) return;
  std::deque<std::string> ready;
  {
    std::lock_guard lock(mutex_);
    if (state_ != LinkState::Ready) return;
    ready.swap(outbox_);
  }
  while (!ready.empty()) {
    if (!pool_->send(connection_, ready.front())) {
      // Not sent: back to the front of the outbox, in order, for the next session.
      std::lock_guard lock(mutex_);
      outbox_.insert(outbox_.begin(), std::make_move_iterator(ready.begin()),
                     std::make_move_iterator(ready.end()));
      return;
    }
    ready.pop_front();
  }
}

void EngineLink::sendHealth() {
  if (stopping_) return;
  bool isReady = false;
  {
    std::lock_guard lock(mutex_);
    isReady = state_ == LinkState::Ready;
  }
  if (isReady && isOpen_ && health_) {
    auto health = health_();
    health.engineName = options_.engineName;
    pool_->send(connection_, core::encodeEngineHealth(health));
  }
  pool_->postAfter(1000, [this] { sendHealth(); });
}

}  // namespace sporazum::overlay::control
