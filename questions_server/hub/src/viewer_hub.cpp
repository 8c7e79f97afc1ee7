#include "sporazum/hub/viewer_hub.hpp"

#include <algorithm>
#include <cstring>

#include "sporazum/core/hashing.hpp"
#include "sporazum/core/log.hpp"
#include "sporazum/core/viewer_rules.hpp"

namespace sporazum::hub {
namespace {

constexpr std::uint16_t kCloseGoingAway = 1001;
constexpr std::uint16_t kClosePolicy = 1008;
constexpr std::string_view kDeviceDomain = "device";
constexpr std::string_view kAddressDomain = "address";

double millisecondsBetween(core::SteadyTime from, core::SteadyTime to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

}  // namespace

struct ViewerHub::Connection {
  std::string remoteAddress;
  core::Digest deviceHash{};
  core::Digest addressHash{};
  core::TokenBucket bucket;
  core::SteadyTime lastActivity{};
  core::SteadyTime lastPing{};
  std::string lang;
  int consecutiveErrors = 0;
  std::size_t inFlight = 0;
  bool hasHello = false;
};

std::size_t ViewerHub::DigestHash::operator()(const core::Digest& digest) const {
  std::size_t value = 0;
  std::memcpy(&value, digest.data(), sizeof value);  // already uniformly distributed
  return value;
}

ViewerHub::ViewerHub(HubConfig config, ViewerTransport& transport, QuestionRepository& repository,
                     Clock clock)
    : config_(std::move(config)),
      transport_(transport),
      repository_(repository),
      clock_(std::move(clock)) {}

ViewerHub::~ViewerHub() {
  *isAlive_ = false;
}

std::size_t ViewerHub::connectionCount() const {
  return connections_.size();
}

bool ViewerHub::acceptsConnectionFrom(const std::string& remoteAddress) const {
  auto it = connectionsPerAddress_.find(remoteAddress);
  return it == connectionsPerAddress_.end() || it->second < config_.maxConnectionsPerAddress;
}

void ViewerHub::onOpen(ConnectionId id, std::string remoteAddress) {
  ++connectionsPerAddress_[remoteAddress];
  Connection connection;
  connection.addressHash = core::keyedDigest(config_.hashKey, kAddressDomain, remoteAddress);
  connection.remoteAddress = std::move(remoteAddress);
  connection.lastActivity = connection.lastPing = clock_();
  connections_.emplace(id, std::move(connection));
  metrics_.connections.add(1);
  metrics_.connectionsOpened.add();
}

void ViewerHub::onClose(ConnectionId id) {
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  if (it->second.hasHello) forgetDevice(id, it->second.deviceHash);
  if (auto count = connectionsPerAddress_.find(it->second.remoteAddress);
      count != connectionsPerAddress_.end() && --count->second == 0) {
    connectionsPerAddress_.erase(count);
  }
  connections_.erase(it);
  metrics_.connections.add(-1);
}

void ViewerHub::forgetDevice(ConnectionId id, const core::Digest& device) {
  auto it = connectionsByDevice_.find(device);
  if (it == connectionsByDevice_.end()) return;
  auto& ids = it->second;
  ids.erase(std::remove(ids.begin(), ids.end(), id), ids.end());
  if (ids.empty()) connectionsByDevice_.erase(it);
}

void ViewerHub::onPong(ConnectionId id) {
  auto it = connections_.find(id);
  if (it != connections_.end()) it->second.lastActivity = clock_();
}

void ViewerHub::onMessage(ConnectionId id, std::string_view payload, bool /*isBinary*/) {
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  Connection& connection = it->second;
  connection.lastActivity = clock_();
  metrics_.messages.add();

  auto decoded = protocol::decodeViewerMessage(payload);
  if (auto* failure = std::get_if<protocol::DecodeFailure>(&decoded)) {
    reject(id, failure->error, failure->id);
    return;
  }
  auto& message = std::get<protocol::ViewerMessage>(decoded);
  if (auto* hello = std::get_if<protocol::Hello>(&message)) {
    handleHello(id, connection, *hello);
  } else {
    handleSubmit(id, connection, std::get<protocol::Submit>(message));
  }
}

void ViewerHub::handleHello(ConnectionId id, Connection& connection, const protocol::Hello& hello) {
  if (connection.hasHello) {
    reject(id, core::makeError("bad_message", "hello was already received"), {});
    return;
  }
  if (!core::isValidDeviceToken(hello.device)) {
    reject(id, core::makeError("bad_field", "device must be 16-128 base64url characters", "device"),
           {});
    return;
  }
  connection.hasHello = true;
  connection.consecutiveErrors = 0;
  connection.lang =
      core::isSupportedLanguage(hello.lang) ? hello.lang : std::string(core::kDefaultLanguage);
  connection.deviceHash = core::keyedDigest(config_.hashKey, kDeviceDomain, hello.device);
  connectionsByDevice_[connection.deviceHash].push_back(id);

  std::weak_ptr<bool> alive = isAlive_;
  repository_.listForDevice(
      connection.deviceHash, config_.welcomeQuestionLimit,
      [this, alive, id](std::optional<std::vector<core::DeviceQuestion>> questions) {
        transport_.post([this, alive, id, questions = std::move(questions)]() mutable {
          if (alive.expired()) return;
          sendWelcome(id, std::move(questions));
        });
      });
}

void ViewerHub::sendWelcome(ConnectionId id,
                            std::optional<std::vector<core::DeviceQuestion>> questions) {
  if (!connections_.contains(id)) return;
  protocol::Welcome welcome;
  welcome.questionsOpen = episode_.questionsOpen;
  welcome.episodeTitle = episode_.title;
  welcome.maxTextChars = static_cast<int>(core::kMaxQuestionChars);
  if (questions) {
    for (auto& question : *questions) {
      auto status = core::viewerStatusFor(question.state);
      welcome.questions.push_back({std::move(question.clientId), std::move(question.text),
                                   std::string(status.value_or("under_review")),
                                   std::move(question.receivedAt)});
    }
  }
  send(id, protocol::encode(protocol::ServerMessage{std::move(welcome)}));
}

void ViewerHub::handleSubmit(ConnectionId id, Connection& connection,
                             const protocol::Submit& submit) {
  const core::SteadyTime receivedAt = clock_();
  if (!connection.hasHello) {
    reject(id, core::makeError("hello_required", "send hello first"), submit.id);
    return;
  }
  metrics_.submissions.add();
  auto valid = core::validateSubmission(submit, config_.municipalityCodes);
  if (!valid) {
    reject(id, valid.error(), submit.id);
    return;
  }
  if (!episode_.questionsOpen) {
    reject(id, core::makeError("questions_closed", "the show is not taking questions now"),
           valid->id);
    return;
  }
  std::int64_t retryAfterMs = 0;
  if (!connection.bucket.tryTake(config_.perConnection, receivedAt, retryAfterMs) ||
      !addressBuckets_[connection.remoteAddress].tryTake(config_.perAddress, receivedAt,
                                                         retryAfterMs)) {
    reject(id, core::makeError("rate_limited", "too many questions, try again later"), valid->id,
           retryAfterMs);
    return;
  }
  if (connection.inFlight >= config_.maxInFlightPerConnection) {
    reject(id, core::makeError("busy", "too many questions waiting, try again shortly"), valid->id,
           config_.tryAgainAfterMs);
    return;
  }

  core::NewQuestion question;
  question.clientId = valid->id;
  question.episodeId = episode_.episodeId;
  question.deviceHash = connection.deviceHash;
  question.addressHash = connection.addressHash;
  question.displayName = std::move(valid->name);
  question.municipality = std::move(valid->municipality);
  question.text = std::move(valid->text);
  question.consentNameOnAir = valid->consentNameOnAir;
  question.interfaceLanguage = connection.lang;

  std::string clientId = valid->id;
  const bool isQueued = repository_.submit(
      std::move(question),
      [mailbox = mailbox_, alive = std::weak_ptr<bool>(isAlive_), &transport = transport_, this, id,
       clientId, receivedAt](core::SubmitResult result) {
        bool wasEmpty = false;
        {
          std::lock_guard lock(mailbox->mutex);
          wasEmpty = mailbox->completions.empty();
          mailbox->completions.push_back({id, clientId, receivedAt, std::move(result)});
        }
        if (wasEmpty) {
          transport.post([this, alive] {
            if (!alive.expired()) drainMailbox();
          });
        }
      });
  if (!isQueued) {
    reject(id, core::makeError("busy", "the server is busy, try again shortly"), clientId,
           config_.tryAgainAfterMs);
    return;
  }
  ++connection.inFlight;
  connection.consecutiveErrors = 0;
}

void ViewerHub::drainMailbox() {
  std::vector<Mailbox::Completion> completions;
  {
    std::lock_guard lock(mailbox_->mutex);
    completions.swap(mailbox_->completions);
  }
  for (const auto& completion : completions) {
    finishSubmit(completion.id, completion.clientId, completion.receivedAt, completion.result);
  }
}

void ViewerHub::finishSubmit(ConnectionId id, const std::string& clientId,
                             core::SteadyTime receivedAt, const core::SubmitResult& result) {
  auto it = connections_.find(id);
  if (it != connections_.end() && it->second.inFlight > 0) --it->second.inFlight;
  switch (result.status) {
    case core::SubmitStatus::Stored:
    case core::SubmitStatus::Duplicate: {
      if (result.status == core::SubmitStatus::Duplicate) metrics_.duplicateAcks.add();
      metrics_.acks.add();
      metrics_.ackLatencyMs.observe(millisecondsBetween(receivedAt, clock_()));
      if (it == connections_.end()) return;  // stored; the viewer sees it on reconnect
      // A new question is stored as rejected only when its device is banned: a silent ban, so the
      // sender sees the usual ack (protocol.md, "ban").
      const bool isSilentBan =
          result.status == core::SubmitStatus::Stored && result.state == "rejected";
      auto status = core::viewerStatusFor(isSilentBan ? "received" : result.state);
      send(id, protocol::encode(protocol::ServerMessage{protocol::Ack{
                   clientId, std::string(status.value_or("under_review")), result.receivedAt}}));
      return;
    }
    case core::SubmitStatus::IdConflict:
      reject(id, core::makeError("id_conflict", "this id belongs to another question", "id"),
             clientId);
      return;
    case core::SubmitStatus::Unavailable:
      reject(id, core::makeError("try_again", "the question could not be stored, send it again"),
             clientId, config_.tryAgainAfterMs);
      return;
  }
}

void ViewerHub::onEpisodeChange(const core::EpisodeStatus& episode) {
  const bool isVisibleChange =
      episode.questionsOpen != episode_.questionsOpen || episode.title != episode_.title;
  episode_ = episode;
  if (!isVisibleChange) return;
  const std::string text = protocol::encode(
      protocol::ServerMessage{protocol::QuestionsState{episode_.questionsOpen, episode_.title}});
  std::vector<ConnectionId> recipients;
  recipients.reserve(connections_.size());
  for (const auto& [id, connection] : connections_) {
    if (connection.hasHello) recipients.push_back(id);
  }
  for (ConnectionId id : recipients)
    send(id, text);
}

void ViewerHub::onStateChange(const core::StateChange& change) {
  auto it = connectionsByDevice_.find(change.deviceHash);
  if (it == connectionsByDevice_.end()) return;
  auto status = core::viewerStatusFor(change.state);
  if (!status) return;
  const std::string text = protocol::encode(
      protocol::ServerMessage{protocol::Status{change.clientId, std::string(*status)}});
  const std::vector<ConnectionId> recipients = it->second;  // send() may close and erase
  for (ConnectionId id : recipients)
    send(id, text);
}

void ViewerHub::sweep() {
  const core::SteadyTime now = clock_();
  std::vector<ConnectionId> idle;
  for (auto& [id, connection] : connections_) {
    if (now - connection.lastActivity >= config_.idleTimeout) {
      idle.push_back(id);
    } else if (now - connection.lastPing >= config_.pingInterval) {
      connection.lastPing = now;
      transport_.ping(id);
    }
  }
  for (ConnectionId id : idle) {
    metrics_.idleClosed.add();
    transport_.close(id, kCloseGoingAway, "idle");
  }
  std::erase_if(addressBuckets_,
                [&](const auto& entry) { return entry.second.isFull(config_.perAddress, now); });
}

void ViewerHub::reject(ConnectionId id, const core::Error& error, const std::string& requestId,
                       std::int64_t retryAfterMs) {
  auto counter = metrics_.rejections.find(error.code);
  if (counter == metrics_.rejections.end()) {
    counter = metrics_.rejections.try_emplace(error.code).first;
  }
  counter->second.add();
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  const bool isViewerMistake = error.code != "try_again" && error.code != "busy" &&
                               error.code != "rate_limited" && error.code != "questions_closed";
  const bool isFlooding =
      isViewerMistake && ++it->second.consecutiveErrors > config_.maxConsecutiveErrors;
  send(id, protocol::encode(
               protocol::ServerMessage{protocol::errorReply(error, requestId, retryAfterMs)}));
  if (isFlooding) {
    log::info("viewer_closed", {{"reason", "too_many_errors"}});
    transport_.close(id, kClosePolicy, "too many errors");
  }
}

void ViewerHub::send(ConnectionId id, const std::string& text) {
  if (transport_.send(id, text) == ViewerTransport::SendOutcome::Overflow) {
    metrics_.slowReadersClosed.add();
  }
}

}  // namespace sporazum::hub
