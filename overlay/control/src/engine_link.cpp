#include "sporazum/overlay/control/engine_link.hpp"

#include "sporazum/core/json_fields.hpp"
#include "sporazum/core/log.hpp"

namespace sporazum::overlay::control {
namespace {

constexpr std::size_t kMaxOutbox = 10'000;
constexpr long kMaxBackoffMs = 5'000;
constexpr long kRefusedRetryMs = 10'000;

}  // namespace

EngineLink::EngineLink(EngineLinkOptions options, GraphicsDirector& director, HealthSource health,
                       LinkRecording recording)
    : options_(std::move(options)),
      director_(director),
      health_(std::move(health)),
      recording_(std::move(recording)) {
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
    const auto live = state->recording;
    director_.restore(std::move(*state));
    if (recording_.onLiveEpisode) recording_.onLiveEpisode(live);
  } else if (type == "engine_record") {
    auto command = core::decodeRecordCommand(payload);
    if (!command) {
      log::error("engine_link.bad_record", {{"code", std::string_view(command.error().code)}});
      return;
    }
    if (recording_.onRecord) {
      recording_.onRecord(*command);
    } else {
      log::warn("engine_link.record_ignored", {{"detail", "no record dir"}});
    }
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

void EngineLink::sendRecording(const core::RecordingReport& report) {
  queue(core::encodeRecordingReport(report));
}

bool EngineLink::sendPreview(std::string_view jpeg) {
  if (jpeg.empty() || (jpeg.size() + 2) / 3 * 4 > core::kMaxPreviewBase64Bytes) return false;
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mutex_);
    if (state_ != LinkState::Ready) return false;
    // At most two in any second, whatever the jitter of the pictures' arrival.
    if (now - previewSentAt_[0] < std::chrono::seconds(1)) return false;
    previewSentAt_[0] = previewSentAt_[1];
    previewSentAt_[1] = now;
  }
  std::string message = core::encodeEnginePreview(core::EnginePreview{encodeBase64(jpeg)});
  pool_->post([this, message = std::move(message)] {
    if (!isOpen_) return;
    {
      std::lock_guard lock(mutex_);
      if (state_ != LinkState::Ready) return;
    }
    pool_->send(connection_, message);
  });
  return true;
}

bool EngineLink::drain(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    {
      std::lock_guard lock(mutex_);
      if (outbox_.empty()) return true;
    }
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::string encodeBase64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const auto n = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16 |
                   static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8 |
                   static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 2]));
    out += kAlphabet[n >> 18 & 63];
    out += kAlphabet[n >> 12 & 63];
    out += kAlphabet[n >> 6 & 63];
    out += kAlphabet[n & 63];
  }
  if (const std::size_t rest = bytes.size() - i; rest > 0) {
    std::uint32_t n = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (rest == 2) n |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    out += kAlphabet[n >> 18 & 63];
    out += kAlphabet[n >> 12 & 63];
    out += rest == 2 ? kAlphabet[n >> 6 & 63] : '=';
    out += '=';
  }
  return out;
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
