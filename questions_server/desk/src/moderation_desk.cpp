#include "sporazum/desk/moderation_desk.hpp"

#include <algorithm>
#include <set>

#include "desk_internal.hpp"
#include "sporazum/autofilter/lexicon.hpp"
#include "sporazum/core/hashing.hpp"
#include "sporazum/core/log.hpp"
#include "sporazum/core/password.hpp"
#include "sporazum/core/programme.hpp"

namespace sporazum::desk {
namespace {

using detail::onIoThread;
using detail::unavailable;

constexpr std::uint16_t kCloseGoingAway = 1001;
constexpr std::uint16_t kClosePolicy = 1008;
constexpr std::uint16_t kCloseTooBig = 1009;
constexpr std::chrono::seconds kFeedResetPatience{5};

}  // namespace

ModerationDesk::ModerationDesk(DeskConfig config, core::Transport& transport,
                               DeskRepository& repository, PasswordChecker& passwords,
                               SteadyClock steadyClock, WallClock wallClock)
    : config_(std::move(config)),
      transport_(transport),
      repository_(repository),
      passwords_(passwords),
      steadyClock_(std::move(steadyClock)),
      wallClock_(std::move(wallClock)),
      usernameThrottle_(config_.perUsername),
      addressThrottle_(config_.perAddress) {}

ModerationDesk::~ModerationDesk() {
  *isAlive_ = false;
}

void ModerationDesk::onOpen(core::ConnectionId id, std::string remoteAddress) {
  Connection connection;
  connection.remoteAddress = std::move(remoteAddress);
  connection.lastActivity = steadyClock_();
  connection.lastPing = connection.lastActivity;
  connections_.emplace(id, std::move(connection));
  metrics_.staffConnections.set(static_cast<std::int64_t>(connections_.size()));
}

void ModerationDesk::onClose(core::ConnectionId id) {
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  const bool wasOnDesk = it->second.isAuthenticated && isDeskRole(it->second);
  const bool wasInStudio = isStudioRole(it->second);
  const bool wasEngine = isEngine(it->second);
  if (wasEngine) engineLeft(it->second);
  connections_.erase(it);
  metrics_.staffConnections.set(static_cast<std::int64_t>(connections_.size()));
  if (wasEngine) broadcastEngineStatus();
  if (wasOnDesk) broadcastPresence();
  if (wasOnDesk || wasInStudio) updateWatching();
}

void ModerationDesk::onPong(core::ConnectionId id) {
  if (auto it = connections_.find(id); it != connections_.end()) {
    it->second.lastActivity = steadyClock_();
  }
}

void ModerationDesk::onMessage(core::ConnectionId id, std::string_view payload, bool /*isBinary*/) {
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  Connection& connection = it->second;
  connection.lastActivity = steadyClock_();
  // The transport lets staff send a whole lexicon (1 MiB); only an admin's session may use that,
  // and an engine a confidence picture a little over 64 KiB.
  const bool isAdmin =
      connection.isAuthenticated && connection.session.identity.role == core::StaffRole::Admin;
  const std::size_t limit =
      isEngine(connection) ? wire::kMaxEngineMessageBytes : wire::kMaxMessageBytes;
  if (payload.size() > limit && !isAdmin) {
    transport_.close(id, kCloseTooBig, "message too big");
    return;
  }
  auto decoded = wire::decodeRequest(payload);
  if (auto* failure = std::get_if<wire::DecodeFailure>(&decoded)) {
    reject(id, failure->error, failure->id);
    return;
  }
  auto& request = std::get<wire::Request>(decoded);
  const bool isLoginStep =
      std::holds_alternative<wire::Login>(request) || std::holds_alternative<wire::Resume>(request);
  if (!connection.isAuthenticated && !isLoginStep) {
    std::string requestId;
    std::visit(
        [&requestId](const auto& message) {
          if constexpr (requires { message.id; }) requestId = message.id;
        },
        request);
    if (!std::holds_alternative<wire::Look>(request)) {
      reject(id, core::makeError("unauthenticated", "log in first"), requestId);
    }
    return;
  }
  connection.consecutiveErrors = 0;
  std::visit([&](auto& message) { handle(id, connection, message); }, request);
}

// ---- logging in -------------------------------------------------------------------------------

void ModerationDesk::handle(core::ConnectionId id, Connection& connection, wire::Login& login) {
  if (connection.isBusy) {
    reject(id, core::makeError("busy", "a login is already being checked"), login.id, 1000);
    return;
  }
  const auto now = steadyClock_();
  const auto wait = std::max(usernameThrottle_.waitFor(login.username, now),
                             addressThrottle_.waitFor(connection.remoteAddress, now));
  if (wait.count() > 0) {
    metrics_.loginsThrottled.add();
    reject(id, core::makeError("login_throttled", "too many failed logins: wait and try again"),
           login.id, wait.count());
    return;
  }
  connection.isBusy = true;
  repository_.findAccount(
      login.username,
      onIoThread(
          transport_, isAlive_,
          [this, id, requestId = login.id, username = login.username,
           password = std::move(login.password)](
              core::Result<std::optional<core::StaffAccount>> found) mutable {
            if (!connections_.contains(id)) return;
            if (!found) {  // the database is away: not a failed login
              connections_.at(id).isBusy = false;
              reject(id, found.error(), requestId);
              return;
            }
            const std::optional<core::StaffAccount>& account = *found;
            std::string storedHash = account ? account->passwordHash : std::string();
            const bool isUsable = account && !account->isDisabled;
            auto checked = onIoThread(
                transport_, isAlive_,
                [this, id, requestId, username, isUsable,
                 identity = account ? account->identity : core::StaffIdentity{}](bool matches) {
                  if (!connections_.contains(id)) return;
                  if (!matches || !isUsable) {
                    loginFailed(id, requestId, username);
                    return;
                  }
                  std::string token = core::newSessionToken();
                  const core::Digest digest = core::sessionTokenDigest(token);
                  repository_.createSession(
                      identity, digest, config_.sessionTtlSeconds,
                      onIoThread(transport_, isAlive_,
                                 [this, id, requestId, token, digest,
                                  username](core::Result<core::StaffSession> session) {
                                   auto open = connections_.find(id);
                                   if (open == connections_.end()) return;
                                   if (!session) {
                                     open->second.isBusy = false;
                                     reject(id, session.error(), requestId);
                                     return;
                                   }
                                   usernameThrottle_.recordSuccess(username);
                                   metrics_.loginsSucceeded.add();
                                   finishLogin(id, requestId, token, digest, *session);
                                 }));
                });
            if (!passwords_.check(std::move(storedHash), std::move(password), checked)) {
              connections_.at(id).isBusy = false;
              reject(id, core::makeError("busy", "too many logins at once: try again"), requestId,
                     1000);
            }
          }));
}

void ModerationDesk::loginFailed(core::ConnectionId id, const std::string& requestId,
                                 const std::string& username) {
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  it->second.isBusy = false;
  const auto now = steadyClock_();
  usernameThrottle_.recordFailure(username, now);
  addressThrottle_.recordFailure(it->second.remoteAddress, now);
  metrics_.loginsFailed.add();
  log::warn("login_failed", {{"connection", static_cast<std::int64_t>(id)}});
  reject(id, core::makeError("login_failed", "wrong username or password"), requestId);
}

void ModerationDesk::handle(core::ConnectionId id, Connection& connection,
                            const wire::Resume& resume) {
  if (connection.isBusy) {
    reject(id, core::makeError("busy", "a login is already being checked"), resume.id, 1000);
    return;
  }
  connection.isBusy = true;
  const core::Digest digest = core::sessionTokenDigest(resume.token);
  repository_.resolveSession(digest,
                             onIoThread(transport_, isAlive_,
                                        [this, id, requestId = resume.id, token = resume.token,
                                         digest](core::Result<core::StaffSession> session) {
                                          auto found = connections_.find(id);
                                          if (found == connections_.end()) return;
                                          if (!session) {
                                            found->second.isBusy = false;
                                            reject(id, session.error(), requestId);
                                            return;
                                          }
                                          finishLogin(id, requestId, token, digest, *session);
                                        }));
}

void ModerationDesk::finishLogin(core::ConnectionId id, const std::string& requestId,
                                 const std::string& token, core::Digest tokenDigest,
                                 const core::StaffSession& session) {
  Connection& connection = connections_.at(id);
  connection.isBusy = false;
  connection.isAuthenticated = true;
  connection.session = session;
  connection.tokenDigest = tokenDigest;
  log::info("staff_login", {{"connection", static_cast<std::int64_t>(id)},
                            {"staff", session.identity.staffId},
                            {"role", std::string(core::toString(session.identity.role))}});
  send(id, wire::encodeSession(requestId, token, session,
                               wire::isoTimeFromUnixMs(session.expiresAtUnixMs)));
  if (isEngine(connection)) {
    startEngine(id, connection);
    broadcastEngineStatus();
    return;
  }
  const bool isInStudio = isStudioRole(connection);
  const bool isOnDesk = isDeskRole(connection);
  if (isInStudio) {
    if (programme_) send(id, wire::encodeProgramme(*programme_));
    send(id, encodeEngineStatus());
    if (isShowKnown_) send(id, wire::encodeShow(show_));  // else the feed's first show does
  }
  if (!isOnDesk && !isInStudio) return;
  updateWatching();
  // While loading, the load in progress sends them.
  if (isOnDesk && isEpisodeLoaded_) {
    metrics_.snapshotsSent.add();
    for (const auto& message : encodeSnapshot())
      send(id, message);
  }
  if (isInStudio && isEpisodeLoaded_) {
    for (const auto& message : encodeQueue())
      send(id, message);
  }
  if (isOnDesk) broadcastPresence();
}

void ModerationDesk::handle(core::ConnectionId id, Connection& connection,
                            const wire::Logout& logout) {
  const core::Digest digest = connection.tokenDigest;
  signOut(id, connection, /*tellClient=*/false);
  repository_.revokeSession(
      digest, onIoThread(transport_, isAlive_, [this, id, requestId = logout.id](bool) {
        if (connections_.contains(id)) send(id, wire::encodeLoggedOut(requestId));
      }));
}

void ModerationDesk::signOut(core::ConnectionId id, Connection& connection, bool tellClient) {
  const bool wasOnDesk = isDeskRole(connection);
  const bool wasInStudio = isStudioRole(connection);
  const bool wasEngine = isEngine(connection);
  if (wasEngine) engineLeft(connection);
  connection.isAuthenticated = false;
  connection.session = {};
  connection.tokenDigest = {};
  connection.lookingAt = 0;
  connection.actingOn = 0;
  connection.isEngineSynced = false;
  connection.health.reset();
  connection.healthAtUnixMs = 0;
  if (tellClient) send(id, wire::encodeSessionExpired());
  if (wasEngine) broadcastEngineStatus();
  if (wasOnDesk) broadcastPresence();
  if (wasOnDesk || wasInStudio) updateWatching();
}

// ---- the desk ---------------------------------------------------------------------------------

bool ModerationDesk::isDeskRole(const Connection& connection) const {
  if (!connection.isAuthenticated) return false;
  const auto role = connection.session.identity.role;
  return role == core::StaffRole::Moderator || role == core::StaffRole::Admin;
}

bool ModerationDesk::requireDesk(core::ConnectionId id, const Connection& connection,
                                 const std::string& requestId, bool adminOnly) {
  const bool isAllowed = adminOnly ? connection.session.identity.role == core::StaffRole::Admin
                                   : isDeskRole(connection);
  if (isAllowed) return true;
  reject(id,
         core::makeError("forbidden", adminOnly ? "only an admin may do this"
                                                : "only moderators and admins may moderate"),
         requestId);
  return false;
}

void ModerationDesk::handle(core::ConnectionId id, Connection& connection, wire::Act& act) {
  if (!requireDesk(id, connection, act.id, false)) return;
  // While the episode is (re)loading the database alone knows; it checks the episode too.
  if (isEpisodeLoaded_ && !questions_.contains(act.change.questionId)) {
    reject(id, core::makeError("not_found", "no such question in this episode"), act.id);
    return;
  }
  act.change.by = connection.session.identity;
  connection.actingOn = act.change.questionId;
  broadcastPresence();
  repository_.applyChange(
      act.change,
      onIoThread(transport_, isAlive_, [this, id, requestId = act.id](core::ChangeOutcome outcome) {
        finishChange(id, requestId, outcome);
      }));
}

void ModerationDesk::handle(core::ConnectionId id, Connection& connection, const wire::Undo& undo) {
  if (!requireDesk(id, connection, undo.id, false)) return;
  repository_.undoLastChange(
      connection.session.identity, episode_.episodeId,
      onIoThread(transport_, isAlive_,
                 [this, id, requestId = undo.id](core::ChangeOutcome outcome) {
                   finishChange(id, requestId, outcome);
                 }));
}

void ModerationDesk::finishChange(core::ConnectionId id, const std::string& requestId,
                                  const core::ChangeOutcome& outcome) {
  // Everyone sees what the database now holds, whoever asked and whatever the outcome.
  takeRows(outcome.questions);
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  if (it->second.actingOn != 0) {
    it->second.actingOn = 0;
    broadcastPresence();
  }
  switch (outcome.status) {
    case core::ChangeStatus::Applied: {
      metrics_.changesApplied.add();
      const auto& first = outcome.questions.front();
      send(id, wire::encodeDone(requestId, first.id, first.version));
      return;
    }
    case core::ChangeStatus::Conflict: {
      metrics_.conflicts.add();
      if (outcome.questions.empty()) break;
      auto current = questions_.find(outcome.questions.front().id);
      const wire::DeskQuestion fallback{outcome.questions.front(), 0};
      send(id,
           wire::encodeConflict(requestId, current != questions_.end() ? current->second : fallback,
                                outcome.conflictBy, outcome.conflictAction));
      return;
    }
    case core::ChangeStatus::NotFound:
      reject(id,
             core::makeError("not_found",
                             outcome.message.empty() ? "no such question" : outcome.message),
             requestId);
      return;
    case core::ChangeStatus::NotAllowed:
      reject(id, core::makeError("not_allowed", outcome.message), requestId);
      return;
    case core::ChangeStatus::NothingToUndo:
      reject(id, core::makeError("nothing_to_undo", "nothing of yours left to undo"), requestId);
      return;
    case core::ChangeStatus::Unavailable:
      break;
  }
  reject(id, unavailable(), requestId);
}

void ModerationDesk::handle(core::ConnectionId /*id*/, Connection& connection,
                            const wire::Look& look) {
  if (!isDeskRole(connection) || connection.lookingAt == look.questionId) return;
  connection.lookingAt = look.questionId;
  broadcastPresence();
}

void ModerationDesk::handle(core::ConnectionId id, Connection& connection,
                            const wire::AuditRequest& request) {
  if (!requireDesk(id, connection, request.id, true)) return;
  repository_.readAudit(
      request.query,
      onIoThread(transport_, isAlive_,
                 [this, id, requestId = request.id, limit = request.query.limit](
                     std::optional<std::vector<core::AuditEntry>> entries) {
                   if (!connections_.contains(id)) return;
                   if (!entries) {
                     reject(id, unavailable(), requestId);
                     return;
                   }
                   send(id, wire::encodeAuditPage(requestId, *entries, entries->size() >= limit));
                 }));
}

void ModerationDesk::handle(core::ConnectionId id, Connection& connection,
                            const wire::LexiconGet& request) {
  if (!requireDesk(id, connection, request.id, true)) return;
  repository_.readLexicon(onIoThread(
      transport_, isAlive_,
      [this, id, requestId = request.id](std::optional<core::LexiconText> lexicon) {
        if (!connections_.contains(id)) return;
        if (!lexicon) {
          reject(id, unavailable(), requestId);
          return;
        }
        if (lexicon->version == 0) lexicon->body = config_.shippedLexicon;
        auto parsed = autofilter::Lexicon::parse(lexicon->body);
        send(id, wire::encodeLexicon(requestId, *lexicon, parsed ? parsed->entries().size() : 0));
      }));
}

void ModerationDesk::handle(core::ConnectionId id, Connection& connection,
                            wire::LexiconSave& request) {
  if (!requireDesk(id, connection, request.id, true)) return;
  auto parsed = autofilter::Lexicon::parse(request.body);
  if (!parsed) {
    reject(id, core::makeError("bad_lexicon", parsed.error().message), request.id);
    return;
  }
  const std::size_t termCount = parsed->entries().size();
  repository_.saveLexicon(
      std::move(request.body), request.baseVersion, connection.session.identity,
      onIoThread(
          transport_, isAlive_,
          [this, id, requestId = request.id, termCount](core::Result<core::LexiconText> saved) {
            if (!connections_.contains(id)) return;
            if (!saved) {
              reject(id, saved.error(), requestId);
              return;
            }
            log::info("lexicon_saved", {{"version", saved->version},
                                        {"terms", static_cast<std::int64_t>(termCount)}});
            send(id, wire::encodeLexicon(requestId, *saved, termCount));
          }));
}

// ---- on-air graphics ---------------------------------------------------------------------------

bool ModerationDesk::isStudioRole(const Connection& connection) const {
  if (!connection.isAuthenticated) return false;
  const auto role = connection.session.identity.role;
  return role == core::StaffRole::Producer || role == core::StaffRole::Admin;
}

bool ModerationDesk::isEngine(const Connection& connection) const {
  return connection.isAuthenticated && connection.session.identity.role == core::StaffRole::Engine;
}

bool ModerationDesk::requireEngine(core::ConnectionId id, const Connection& connection) {
  if (isEngine(connection)) return true;
  reject(id, core::makeError("forbidden", "only engines send engine reports"), {});
  return false;
}

std::string ModerationDesk::engineNameOf(const Connection& connection) {
  return connection.session.identity.username;
}

void ModerationDesk::startEngine(core::ConnectionId id, Connection& connection) {
  connection.isEngineSynced = false;
  if (!programme_) return;  // onProgramme starts it
  send(id, core::encodeProgrammeState(*programme_));
  connection.isEngineSynced = true;
}

void ModerationDesk::engineLeft(const Connection& connection) {
  const std::string name = engineNameOf(connection);
  std::erase_if(lostEngines_, [&name](const wire::EngineStatus& e) { return e.engine == name; });
  lostEngines_.push_back({name, false, connection.health, connection.healthAtUnixMs});
  while (lostEngines_.size() > config_.maxLostEngines)
    lostEngines_.pop_front();
  log::warn("engine_left", {{"engine", name}});
}

std::string ModerationDesk::encodeEngineStatus() const {
  std::vector<wire::EngineStatus> engines;
  for (const auto& [id, connection] : connections_) {
    if (!isEngine(connection)) continue;
    engines.push_back(
        {engineNameOf(connection), true, connection.health, connection.healthAtUnixMs});
  }
  for (const auto& lost : lostEngines_) {
    const bool isBack = std::any_of(engines.begin(), engines.end(), [&lost](const auto& e) {
      return e.isConnected && e.engine == lost.engine;
    });
    if (!isBack) engines.push_back(lost);
  }
  std::stable_sort(engines.begin(), engines.end(),
                   [](const auto& a, const auto& b) { return a.engine < b.engine; });
  return wire::encodeEngineStatus(engines);
}

void ModerationDesk::broadcastToStudio(const std::string& text) {
  std::vector<core::ConnectionId> targets;
  for (const auto& [id, connection] : connections_) {
    if (isStudioRole(connection)) targets.push_back(id);
  }
  for (auto id : targets)
    send(id, text);
}

void ModerationDesk::broadcastEngineStatus() {
  std::int64_t engines = 0;
  bool hasStudio = false;
  for (const auto& [id, connection] : connections_) {
    engines += isEngine(connection) ? 1 : 0;
    hasStudio = hasStudio || isStudioRole(connection);
  }
  metrics_.enginesConnected.set(engines);
  if (hasStudio) broadcastToStudio(encodeEngineStatus());
}

void ModerationDesk::onProgramme(const core::ProgrammeState& state) {
  if (programme_ && programme_->seq >= state.seq) return;
  programme_ = state;
  // The show's feed says which episode is recorded; until it has, the stored programme does.
  if (isShowKnown_) {
    programme_->recording = recording_;
  } else {
    recording_ = programme_->recording;
  }
  const std::string engineMessage = core::encodeProgrammeState(*programme_);
  for (auto& [id, connection] : connections_) {
    if (!isEngine(connection)) continue;
    send(id, engineMessage);
    connection.isEngineSynced = true;
  }
  broadcastToStudio(wire::encodeProgramme(*programme_));
}

void ModerationDesk::onGraphicsCommands(const std::vector<core::GraphicsCommand>& commands) {
  if (!programme_) {
    log::error("graphics_before_programme",
               {{"commands", static_cast<std::int64_t>(commands.size())}});
    return;
  }
  std::vector<core::ConnectionId> engines;
  for (const auto& [id, connection] : connections_) {
    if (isEngine(connection) && connection.isEngineSynced) engines.push_back(id);
  }
  bool isChanged = false;
  for (const auto& command : commands) {
    if (command.seq <= programme_->seq) continue;  // in the programme already
    if (command.seq != programme_->seq + 1) {
      log::error("graphics_gap", {{"after", programme_->seq}, {"seq", command.seq}});
    }
    if (auto applied = core::applyGraphicsCommand(*programme_, command); !applied) {
      // The store applied the same rules to the same programme: only a hand-edited table gets here.
      log::error("graphics_rule_mismatch", {{"seq", command.seq}, {"code", applied.error().code}});
      programme_->seq = command.seq;
    }
    isChanged = true;
    const std::string message = core::encodeEngineCommand(command);
    for (auto id : engines)
      send(id, message);
    metrics_.commandsForwarded.add(engines.size());
  }
  if (isChanged) broadcastToStudio(wire::encodeProgramme(*programme_));
}

void ModerationDesk::handle(core::ConnectionId id, Connection& connection,
                            wire::Graphics& request) {
  if (!isStudioRole(connection)) {
    reject(id, core::makeError("forbidden", "only producers and admins run graphics"), request.id);
    return;
  }
  auto& command = request.command;
  if (command.layer == core::GraphicsLayer::Qr && command.graphic && command.graphic->url.empty()) {
    command.graphic->url = config_.publicUrl;
  }
  repository_.applyGraphics(
      command, connection.session.identity,
      onIoThread(transport_, isAlive_,
                 [this, id, requestId = request.id](core::Result<core::GraphicsCommand> applied) {
                   if (!connections_.contains(id)) return;
                   if (!applied) {
                     reject(id, applied.error(), requestId);
                     return;
                   }
                   metrics_.graphicsCommands.add();
                   send(id, wire::encodeGraphicsOk(requestId, applied->seq));
                 }));
}

void ModerationDesk::handle(core::ConnectionId id, Connection& connection,
                            const wire::EngineAsRun& report) {
  if (!requireEngine(id, connection)) return;
  const std::string engine = engineNameOf(connection);
  // The tally is wanted now; storing it is the archive's business.
  broadcastToStudio(wire::encodeAsRunPush(engine, report.report));
  repository_.recordAsRun(engine, report.report, [engine, seq = report.report.seq](bool isNew) {
    if (!isNew) log::debug("as_run_not_stored", {{"engine", engine}, {"seq", seq}});
  });
}

void ModerationDesk::handle(core::ConnectionId id, Connection& connection,
                            const wire::EngineHealthReport& report) {
  if (!requireEngine(id, connection)) return;
  connection.health = report.health;
  connection.healthAtUnixMs = wallClock_();
  broadcastEngineStatus();
}

void ModerationDesk::handle(core::ConnectionId id, Connection& connection,
                            const wire::EngineError& report) {
  if (!requireEngine(id, connection)) return;
  const std::string engine = engineNameOf(connection);
  log::warn("engine_error",
            {{"engine", engine}, {"seq", report.error.seq}, {"code", report.error.code}});
  broadcastToStudio(wire::encodeEngineErrorPush(engine, report.error));
  repository_.recordEngineError(engine, report.error, [engine](bool isStored) {
    if (!isStored) log::warn("engine_error_not_stored", {{"engine", engine}});
  });
}

// ---- the episode's questions ------------------------------------------------------------------

void ModerationDesk::onEpisodeChange(const core::EpisodeStatus& episode) {
  const bool isNewEpisode = episode.episodeId != episode_.episodeId;
  const bool isChanged = !(episode == episode_);
  episode_ = episode;
  if (isNewEpisode) {
    if (isWatching_ && !isAwaitingFeedReset_) {
      reloadEpisode();
    } else {
      isEpisodeLoaded_ = false;
    }
  } else if (isChanged) {
    broadcastToDesk(wire::encodeEpisode(episode_));
  }
}

void ModerationDesk::onFeedReset() {
  if (!isWatching_) return;
  isAwaitingFeedReset_ = false;
  reloadEpisode();
}

void ModerationDesk::updateWatching() {
  // The desk's moderators and the studio's producers both follow the episode's questions.
  const bool isWanted = hasDeskConnection() || hasStudioConnection();
  if (isWanted == isWatching_) return;
  isWatching_ = isWanted;
  ++loadGeneration_;  // answers of loads started before are stale either way
  isEpisodeLoaded_ = false;
  pendingFeed_.clear();
  questions_.clear();
  duplicates_.clear();
  queue_.clear();
  loadedQuestions_.reset();
  loadedQueue_.reset();
  metrics_.questionsInMemory.set(0);
  isAwaitingFeedReset_ = isWanted;
  lastLoadAttempt_ = steadyClock_();
  repository_.setFeedWanted(isWanted);
}

void ModerationDesk::reloadEpisode() {
  const std::uint64_t generation = ++loadGeneration_;
  isEpisodeLoaded_ = false;
  lastLoadAttempt_ = steadyClock_();
  pendingFeed_.clear();
  questions_.clear();
  duplicates_.clear();
  queue_.clear();
  metrics_.questionsInMemory.set(0);
  loadedQuestions_.reset();
  loadedQueue_.reset();
  if (episode_.episodeId == 0) {
    isEpisodeLoaded_ = true;
    broadcastSnapshot();
    broadcastQueue();
    return;
  }
  // Two halves, each retried by sweep() through a new load when it fails.
  repository_.loadEpisodeQuestions(
      episode_.episodeId,
      onIoThread(transport_, isAlive_,
                 [this, generation](std::optional<std::vector<core::ModQuestion>> loaded) {
                   if (generation != loadGeneration_) return;
                   if (!loaded) {
                     log::warn("desk_load_failed", {{"episode", episode_.episodeId}});
                     return;
                   }
                   loadedQuestions_ = std::move(loaded);
                   finishLoad();
                 }));
  repository_.loadQueue(
      episode_.episodeId,
      onIoThread(transport_, isAlive_,
                 [this, generation](std::optional<std::vector<core::AirQuestion>> loaded) {
                   if (generation != loadGeneration_) return;
                   if (!loaded) {
                     log::warn("queue_load_failed", {{"episode", episode_.episodeId}});
                     return;
                   }
                   loadedQueue_ = std::move(loaded);
                   finishLoad();
                 }));
}

void ModerationDesk::finishLoad() {
  if (!loadedQuestions_ || !loadedQueue_) return;
  absorb(*loadedQuestions_);
  // A change answered while loading may be newer than what the load read: the higher version wins.
  for (auto& question : *loadedQueue_) {
    if (question.episodeId != episode_.episodeId) continue;
    auto [it, isNew] = queue_.try_emplace(question.id, question);
    if (!isNew && question.version > it->second.version) it->second = std::move(question);
  }
  loadedQuestions_.reset();
  loadedQueue_.reset();
  isEpisodeLoaded_ = true;
  absorb(pendingFeed_);
  absorbQueue(pendingFeed_);
  pendingFeed_.clear();
  broadcastSnapshot();
  broadcastQueue();
}

std::size_t ModerationDesk::takeRows(const std::vector<core::ModQuestion>& rows) {
  auto changed = absorb(rows);
  if (!changed.empty() && hasDeskConnection()) broadcastToDesk(wire::encodeQuestions(changed));
  auto queueChanged = absorbQueue(rows);
  if (!queueChanged.empty() && hasStudioConnection()) {
    broadcastToStudio(wire::encodeQueueChanges(episode_.episodeId, queueChanged));
  }
  return changed.size();
}

void ModerationDesk::onQuestions(const std::vector<core::ModQuestion>& questions) {
  if (!isWatching_) return;
  if (!isEpisodeLoaded_) {
    for (const auto& question : questions) {
      if (question.episodeId == episode_.episodeId) pendingFeed_.push_back(question);
    }
    return;
  }
  metrics_.feedQuestions.add(takeRows(questions));
}

std::vector<const wire::DeskQuestion*> ModerationDesk::absorb(
    const std::vector<core::ModQuestion>& questions) {
  std::vector<const wire::DeskQuestion*> changed;
  std::set<std::int64_t> seen;
  for (const auto& question : questions) {
    if (question.episodeId != episode_.episodeId || question.id <= 0) continue;
    auto [it, isNew] = questions_.try_emplace(question.id);
    if (isNew) {
      it->second.question = question;
      it->second.duplicateOf = duplicates_.add(question.id, question.text);
    } else if (question.version > it->second.question.version) {
      it->second.question = question;
    } else {
      continue;
    }
    if (seen.insert(question.id).second) changed.push_back(&it->second);
  }
  while (questions_.size() > config_.maxQuestionsInMemory) {
    const std::int64_t oldest = questions_.begin()->first;
    std::erase_if(changed,
                  [oldest](const wire::DeskQuestion* q) { return q->question.id == oldest; });
    questions_.erase(questions_.begin());
  }
  metrics_.questionsInMemory.set(static_cast<std::int64_t>(questions_.size()));
  return changed;
}

std::vector<std::string> ModerationDesk::encodeSnapshot() const {
  std::vector<std::string> messages;
  std::vector<const wire::DeskQuestion*> chunk;
  chunk.reserve(config_.snapshotChunk);
  for (auto it = questions_.begin(); it != questions_.end(); ++it) {
    chunk.push_back(&it->second);
    if (chunk.size() == config_.snapshotChunk && std::next(it) != questions_.end()) {
      messages.push_back(wire::encodeSnapshot(episode_, chunk, false));
      chunk.clear();
    }
  }
  messages.push_back(wire::encodeSnapshot(episode_, chunk, true));
  return messages;
}

void ModerationDesk::broadcastSnapshot() {
  if (!hasDeskConnection()) return;
  const auto messages = encodeSnapshot();
  for (const auto& [id, connection] : connections_) {
    if (!isDeskRole(connection)) continue;
    metrics_.snapshotsSent.add();
    for (const auto& message : messages)
      send(id, message);
  }
}

bool ModerationDesk::hasDeskConnection() const {
  return std::any_of(connections_.begin(), connections_.end(),
                     [this](const auto& item) { return isDeskRole(item.second); });
}

void ModerationDesk::broadcastToDesk(const std::string& text) {
  std::vector<core::ConnectionId> targets;
  for (const auto& [id, connection] : connections_) {
    if (isDeskRole(connection)) targets.push_back(id);
  }
  for (auto id : targets)
    send(id, text);
}

void ModerationDesk::broadcastPresence() {
  std::vector<wire::PresenceEntry> staff;
  for (const auto& [id, connection] : connections_) {
    if (!isDeskRole(connection)) continue;
    staff.push_back({connection.session.identity, connection.lookingAt, connection.actingOn});
  }
  std::sort(staff.begin(), staff.end(),
            [](const auto& a, const auto& b) { return a.who.username < b.who.username; });
  broadcastToDesk(wire::encodePresence(staff));
}

// ---- housekeeping -----------------------------------------------------------------------------

void ModerationDesk::sweep() {
  const auto now = steadyClock_();
  const std::int64_t nowUnixMs = wallClock_();
  std::vector<core::ConnectionId> idle;
  std::vector<core::ConnectionId> expired;
  for (auto& [id, connection] : connections_) {
    if (now - connection.lastActivity > config_.idleTimeout) {
      idle.push_back(id);
      continue;
    }
    if (now - connection.lastPing >= config_.pingInterval) {
      connection.lastPing = now;
      transport_.ping(id);
    }
    if (connection.isAuthenticated && connection.session.expiresAtUnixMs <= nowUnixMs) {
      expired.push_back(id);
    }
  }
  for (auto id : idle)
    transport_.close(id, kCloseGoingAway, "idle");
  for (auto id : expired) {
    if (auto it = connections_.find(id); it != connections_.end()) {
      signOut(id, it->second, /*tellClient=*/true);
    }
  }
  usernameThrottle_.forgetOld(now);
  addressThrottle_.forgetOld(now);

  if (isWatching_ && !isAwaitingFeedReset_ && !isEpisodeLoaded_ &&
      now - lastLoadAttempt_ >= config_.reloadRetryInterval) {
    reloadEpisode();
  }
  // The feed's reset is late (its database connection is away): ask again.
  if (isWatching_ && isAwaitingFeedReset_ && now - lastLoadAttempt_ >= kFeedResetPatience) {
    lastLoadAttempt_ = now;
    repository_.setFeedWanted(true);
  }

  if (now - lastSessionRecheck_ >= config_.sessionRecheckInterval) {
    lastSessionRecheck_ = now;
    std::vector<core::Digest> digests;
    for (const auto& [id, connection] : connections_) {
      if (connection.isAuthenticated) digests.push_back(connection.tokenDigest);
    }
    if (digests.empty()) return;
    repository_.stillValidSessions(
        digests,
        onIoThread(transport_, isAlive_, [this](std::optional<std::vector<core::Digest>> valid) {
          if (!valid) return;  // cannot tell now: keep everyone
          std::vector<core::ConnectionId> revoked;
          for (const auto& [id, connection] : connections_) {
            if (connection.isAuthenticated &&
                std::find(valid->begin(), valid->end(), connection.tokenDigest) == valid->end()) {
              revoked.push_back(id);
            }
          }
          for (auto id : revoked)
            signOut(id, connections_.at(id), true);
        }));
  }
}

// ---- sending ----------------------------------------------------------------------------------

void ModerationDesk::reject(core::ConnectionId id, const core::Error& error,
                            std::string_view requestId, std::int64_t retryAfterMs) {
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  send(id, wire::encodeError(error, requestId, retryAfterMs));
  if (++it->second.consecutiveErrors >= config_.maxConsecutiveErrors) {
    transport_.close(id, kClosePolicy, "too many errors");
  }
}

void ModerationDesk::send(core::ConnectionId id, const std::string& text) {
  transport_.send(id, text);
}

}  // namespace sporazum::desk
