#pragma once
// Fakes of the desk's ports for its unit tests (no sockets, SQL or real password hashing), and
// the fixture they share: a desk on episode 7 with a few questions and one account per role.

#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "sporazum/core/programme.hpp"
#include "sporazum/core/studio.hpp"
#include "sporazum/desk/moderation_desk.hpp"

namespace sporazum::desk::fakes {

using namespace std::chrono_literals;
using Json = nlohmann::json;

class FakeTransport : public core::Transport {
 public:
  SendOutcome send(core::ConnectionId id, std::string_view text) override {
    if (closed.contains(id)) return SendOutcome::Closed;
    sent[id].push_back(Json::parse(text));
    return SendOutcome::Sent;
  }
  void close(core::ConnectionId id, std::uint16_t code, std::string_view) override {
    closed[id] = code;
  }
  void ping(core::ConnectionId id) override { ++pings[id]; }
  void post(std::function<void()> fn) override { posted.push_back(std::move(fn)); }

  void runPosted() {
    while (!posted.empty()) {
      auto fn = std::move(posted.front());
      posted.pop_front();
      fn();
    }
  }
  const Json& last(core::ConnectionId id) { return sent.at(id).back(); }
  /// Messages of one type sent to a connection, oldest first.
  std::vector<Json> ofType(core::ConnectionId id, std::string_view type) {
    std::vector<Json> found;
    for (const auto& message : sent[id]) {
      if (message["type"] == type) found.push_back(message);
    }
    return found;
  }

  std::map<core::ConnectionId, std::vector<Json>> sent;
  std::map<core::ConnectionId, std::uint16_t> closed;
  std::map<core::ConnectionId, int> pings;
  std::deque<std::function<void()>> posted;
};

/// Passwords are "pw-" + username; the hash is the password itself.
class FakePasswords : public PasswordChecker {
 public:
  bool check(std::string storedHash, std::string password,
             std::function<void(bool)> done) override {
    if (isFull) return false;
    ++checks;
    done(!storedHash.empty() && storedHash == password);
    return true;
  }
  bool isFull = false;
  int checks = 0;
};

/// An in-memory store with the real version and state rules.
class FakeRepository : public DeskRepository {
 public:
  FakeRepository() {
    addAccount(1, "ana", core::StaffRole::Moderator);
    addAccount(2, "marko", core::StaffRole::Moderator);
    addAccount(3, "boss", core::StaffRole::Admin);
    addAccount(4, "pera", core::StaffRole::Producer);
    addAccount(5, "engine-main", core::StaffRole::Engine);
    addAccount(6, "engine-backup", core::StaffRole::Engine);
  }
  void addAccount(std::int64_t id, const std::string& name, core::StaffRole role) {
    accounts[name] = {{id, name, "Name " + name, role}, "pw-" + name, false};
  }

  void findAccount(std::string username,
                   Done<core::Result<std::optional<core::StaffAccount>>> done) override {
    if (isDown) return done(core::makeError("try_again", "database away"));
    auto it = accounts.find(username);
    done(it == accounts.end() ? std::nullopt : std::optional(it->second));
  }
  void createSession(core::StaffIdentity who, core::Digest digest, std::int64_t ttlSeconds,
                     Done<core::Result<core::StaffSession>> done) override {
    core::StaffSession session{who, nowUnixMs + ttlSeconds * 1000};
    sessions[digest] = session;
    done(session);
  }
  void resolveSession(core::Digest digest, Done<core::Result<core::StaffSession>> done) override {
    auto it = sessions.find(digest);
    if (it == sessions.end() || it->second.expiresAtUnixMs <= nowUnixMs) {
      done(core::makeError("session_invalid", "log in again"));
    } else {
      done(it->second);
    }
  }
  void revokeSession(core::Digest digest, Done<bool> done) override {
    done(sessions.erase(digest) > 0);
  }
  void stillValidSessions(std::vector<core::Digest> digests,
                          Done<std::optional<std::vector<core::Digest>>> done) override {
    std::vector<core::Digest> valid;
    for (const auto& d : digests) {
      if (sessions.contains(d)) valid.push_back(d);
    }
    done(valid);
  }
  void loadEpisodeQuestions(std::int64_t episodeId,
                            Done<std::optional<std::vector<core::ModQuestion>>> done) override {
    if (isDown) return done(std::nullopt);
    std::vector<core::ModQuestion> found;
    for (const auto& [id, q] : questions) {
      if (q.episodeId == episodeId) found.push_back(q);
    }
    done(found);
  }
  void applyChange(core::ModChange change, Done<core::ChangeOutcome> done) override {
    changes.push_back(change);
    if (holdChanges) {
      heldChanges.push_back([this, change, done] { apply(change, done); });
      return;
    }
    apply(change, done);
  }
  void apply(const core::ModChange& change, const Done<core::ChangeOutcome>& done) {
    core::ChangeOutcome outcome;
    auto it = questions.find(change.questionId);
    if (it == questions.end()) {
      outcome.status = core::ChangeStatus::NotFound;
      return done(outcome);
    }
    auto& q = it->second;
    if (q.version != change.baseVersion) {
      outcome.status = core::ChangeStatus::Conflict;
      outcome.questions = {q};
      outcome.conflictBy = q.changedBy;
      outcome.conflictAction = "approve";
      return done(outcome);
    }
    if (auto allowed = core::checkModeration(change.action, q.state); !allowed) {
      outcome.status = core::ChangeStatus::NotAllowed;
      outcome.message = allowed.error().message;
      return done(outcome);
    }
    q.state = std::string(core::stateAfter(change.action, q.state));
    if (change.action == core::ModAction::Star) q.isStarred = change.isStarred;
    q.version += 1;
    q.changedBy = change.by.displayName;
    outcome.status = core::ChangeStatus::Applied;
    outcome.questions = {q};
    done(outcome);
  }
  void setFeedWanted(bool isWanted) override {
    feedWantedCalls.push_back(isWanted);
    isResetDue = isWanted && isResetPlayed;
  }
  void undoLastChange(core::StaffIdentity, std::int64_t, Done<core::ChangeOutcome> done) override {
    done({core::ChangeStatus::NothingToUndo, {}, {}, {}, {}, 0});
  }
  void readAudit(core::AuditQuery query,
                 Done<std::optional<std::vector<core::AuditEntry>>> done) override {
    std::vector<core::AuditEntry> entries(std::min<std::size_t>(query.limit, 3));
    for (std::size_t i = 0; i < entries.size(); ++i)
      entries[i].id = static_cast<std::int64_t>(i + 1);
    done(entries);
  }
  void readLexicon(Done<std::optional<core::LexiconText>> done) override { done(lexicon); }
  void saveLexicon(std::string body, std::int64_t baseVersion, core::StaffIdentity who,
                   Done<core::Result<core::LexiconText>> done) override {
    if (baseVersion != lexicon.version) return done(core::makeError("conflict", "newer version"));
    lexicon = {lexicon.version + 1, std::move(body), who.displayName, "2026-11-23T20:00:00.000Z"};
    done(lexicon);
  }

  /// The store's rules in memory: a programme, a log, a lower third resolved from its question.
  void applyGraphics(core::GraphicsCommand command, core::StaffIdentity by,
                     Done<core::Result<core::GraphicsCommand>> done) override {
    graphicsBy.push_back(by);
    if (isDown) return done(core::makeError("try_again", "database away"));
    if (command.layer == core::GraphicsLayer::LowerThird && command.graphic &&
        command.action != core::GraphicsAction::ClearAll) {
      auto it = questions.find(command.graphic->questionId);
      if (it == questions.end() || it->second.episodeId != 7 ||
          !core::isAirable(it->second.state)) {
        return done(core::makeError("question_not_available", "not approved"));
      }
      command.graphic = core::lowerThirdFor(it->second);
    }
    command.seq = programme.seq + 1;
    if (auto applied = core::applyGraphicsCommand(programme, command); !applied) {
      return done(applied.error());
    }
    graphicsLog.push_back(command);
    done(command);
  }
  void recordAsRun(std::string engine, core::AsRunReport report, Done<bool> done) override {
    done(asRun
             .emplace(engine, report.seq, std::string(core::toString(report.layer)),
                      std::string(core::toString(report.event)))
             .second);
  }
  void recordEngineError(std::string engine, core::EngineCommandError error,
                         Done<bool> done) override {
    engineErrors.emplace_back(std::move(engine), std::move(error));
    done(true);
  }
  // ---- the studio: the store's rules in memory ----

  void listEpisodes(Done<std::optional<std::vector<core::Episode>>> done) override {
    if (isDown) return done(std::nullopt);
    done(std::vector<core::Episode>(episodes.rbegin(), episodes.rend()));
  }
  void saveEpisode(core::EpisodeDraft draft, core::StaffIdentity by,
                   Done<core::Result<core::Episode>> done) override {
    episodeSavesBy.push_back(by);
    if (isDown) return done(core::makeError("try_again", "database away"));
    for (const auto& e : episodes) {
      if (e.number == draft.number && e.id != draft.id) {
        return done(core::makeError("episode_number_taken", "taken", "number"));
      }
    }
    core::Episode* episode = nullptr;
    if (draft.id == 0) {
      episodes.push_back(core::Episode{});
      episode = &episodes.back();
      episode->id = static_cast<std::int64_t>(episodes.size()) + 100;
    } else {
      episode = findEpisode(draft.id);
      if (episode == nullptr) return done(core::makeError("not_found", "no such episode"));
    }
    episode->number = draft.number;
    episode->title = draft.title;
    episode->airDate = draft.airDate;
    episode->guests = draft.guests;
    episode->topics = draft.topics;
    done(*episode);
  }
  void startEpisode(std::int64_t episodeId, core::StaffIdentity by,
                    Done<core::Result<core::Episode>> done) override {
    episodeStartsBy.push_back(by);
    if (isDown) return done(core::makeError("try_again", "database away"));
    core::Episode* episode = findEpisode(episodeId);
    if (episode == nullptr) return done(core::makeError("not_found", "no such episode"));
    const bool isAnyLive = std::any_of(episodes.begin(), episodes.end(), [](const auto& e) {
      return e.state == core::EpisodeState::Live;
    });
    if (episode->state != core::EpisodeState::Planned || isAnyLive) {
      return done(core::makeError("not_allowed", "not planned, or another one is live"));
    }
    episode->state = core::EpisodeState::Live;
    episode->questionsOpen = true;
    episode->startedAt = "2026-11-23T20:00:04.120Z";
    done(*episode);
  }
  void endEpisode(std::int64_t episodeId, core::StaffIdentity by,
                  Done<core::Result<core::Episode>> done) override {
    episodeEndsBy.push_back(by);
    if (isDown) return done(core::makeError("try_again", "database away"));
    core::Episode* episode = findEpisode(episodeId);
    if (episode == nullptr) return done(core::makeError("not_found", "no such episode"));
    if (episode->state != core::EpisodeState::Live) {
      return done(core::makeError("not_allowed", "not live"));
    }
    episode->state = core::EpisodeState::Aired;
    episode->questionsOpen = false;
    episode->endedAt = "2026-11-23T21:02:11.930Z";
    for (auto& [id, q] : questions) {
      if (q.episodeId == episodeId && (q.state == "approved" || q.state == "queued")) {
        q.state = "not_selected";
        q.queuePosition = 0;
        ++q.version;
      }
    }
    done(*episode);
  }
  void loadQueue(std::int64_t episodeId,
                 Done<std::optional<std::vector<core::AirQuestion>>> done) override {
    ++queueLoads;
    if (isDown) return done(std::nullopt);
    std::vector<core::AirQuestion> found;
    for (const auto& [id, q] : questions) {
      if (q.episodeId == episodeId && core::isQueueState(q.state)) {
        found.push_back(core::airQuestionFrom(q));
      }
    }
    done(found);
  }
  void changeQueue(core::QueueChange change, Done<core::ChangeOutcome> done) override {
    queueChanges.push_back(change);
    if (holdChanges) {
      heldChanges.push_back([this, change, done] { applyQueue(change, done); });
      return;
    }
    applyQueue(change, done);
  }
  void applyQueue(const core::QueueChange& change, const Done<core::ChangeOutcome>& done) {
    core::ChangeOutcome outcome;
    if (isDown) return done(outcome);
    auto it = questions.find(change.questionId);
    if (it == questions.end() || it->second.episodeId != 7) {
      outcome.status = core::ChangeStatus::NotFound;
      return done(outcome);
    }
    auto& q = it->second;
    if (q.version != change.baseVersion) {
      outcome.status = core::ChangeStatus::Conflict;
      outcome.questions = {q};
      outcome.conflictBy = q.changedBy;
      outcome.conflictAction = "queue_move";
      return done(outcome);
    }
    const bool isMove = change.action == core::QueueAction::Move;
    if ((isMove && q.state != "approved" && q.state != "queued") ||
        (!isMove && q.state != "queued")) {
      outcome.status = core::ChangeStatus::NotAllowed;
      outcome.message = "the question is " + q.state;
      return done(outcome);
    }
    std::vector<core::ModQuestion*> order;
    for (auto& [id, other] : questions) {
      if (other.episodeId == 7 && other.state == "queued" && id != q.id) order.push_back(&other);
    }
    std::sort(order.begin(), order.end(),
              [](auto* a, auto* b) { return a->queuePosition < b->queuePosition; });
    if (isMove) {
      const auto at =
          std::min<std::size_t>(static_cast<std::size_t>(change.position), order.size() + 1);
      order.insert(order.begin() + static_cast<std::ptrdiff_t>(at - 1), &q);
    } else {
      q.state = "approved";
      q.queuePosition = 0;
      ++q.version;
    }
    std::vector<core::ModQuestion> changed{};
    for (std::size_t i = 0; i < order.size(); ++i) {
      auto* item = order[i];
      const auto position = static_cast<std::int64_t>(i + 1);
      if (item->state == "queued" && item->queuePosition == position) continue;
      item->state = "queued";
      item->queuePosition = position;
      ++item->version;
      item->changedBy = change.by.displayName;
      if (item != &q) changed.push_back(*item);
    }
    changed.insert(changed.begin(), q);
    outcome.status = core::ChangeStatus::Applied;
    outcome.questions = changed;
    done(outcome);
  }
  void recordRecording(core::StaffIdentity engine, core::RecordingReport report,
                       Done<bool> done) override {
    recordings.emplace_back(engine.username, std::move(report));
    done(true);
  }
  core::Episode* findEpisode(std::int64_t id) {
    for (auto& e : episodes) {
      if (e.id == id) return &e;
    }
    return nullptr;
  }

  /// What the feed would deliver since the last call.
  std::vector<core::GraphicsCommand> newCommands() {
    std::vector<core::GraphicsCommand> fresh(graphicsLog.begin() + delivered, graphicsLog.end());
    delivered = graphicsLog.size();
    return fresh;
  }

  core::ModQuestion& addQuestion(std::int64_t id, std::int64_t episodeId, std::string text) {
    auto& q = questions[id];
    q.id = id;
    q.episodeId = episodeId;
    q.text = std::move(text);
    q.state = "received";
    q.filterAction = "none";
    return q;
  }

  std::map<std::string, core::StaffAccount> accounts;
  std::map<core::Digest, core::StaffSession> sessions;
  std::map<std::int64_t, core::ModQuestion> questions;
  std::vector<core::ModChange> changes;
  std::vector<bool> feedWantedCalls;
  bool isResetDue = false;  ///< the feed was wanted: the test plays the store's reset
  bool isResetPlayed = true;
  std::vector<std::function<void()>> heldChanges;
  core::LexiconText lexicon;
  std::int64_t nowUnixMs = 1'790'000'000'000;
  bool holdChanges = false;
  bool isDown = false;
  core::ProgrammeState programme = core::emptyProgramme();
  std::vector<core::GraphicsCommand> graphicsLog;
  std::size_t delivered = 0;
  std::vector<core::StaffIdentity> graphicsBy;
  std::set<std::tuple<std::string, std::int64_t, std::string, std::string>> asRun;
  std::vector<std::pair<std::string, core::EngineCommandError>> engineErrors;
  std::vector<core::Episode> episodes;
  std::vector<core::StaffIdentity> episodeSavesBy;
  std::vector<core::StaffIdentity> episodeStartsBy;
  std::vector<core::StaffIdentity> episodeEndsBy;
  std::vector<core::QueueChange> queueChanges;
  std::vector<std::pair<std::string, core::RecordingReport>> recordings;
  int queueLoads = 0;
};

class ModerationDeskTest : public ::testing::Test {
 protected:
  ModerationDeskTest() {
    config_.shippedLexicon = "slur\tany\tslur\thold\n";
    repository_.addQuestion(10, 7, "Kada će biti popravljen put?");
    repository_.addQuestion(11, 7, "Zašto nema vode u Zvečanu?");
    repository_.addQuestion(12, 6, "An old episode's question");
    makeDesk();
  }
  void makeDesk() {
    desk_ = std::make_unique<ModerationDesk>(
        config_, transport_, repository_, passwords_, [this] { return now_; },
        [this] { return repository_.nowUnixMs; });
    desk_->onEpisodeChange({7, "Sporazum", true});
    transport_.runPosted();
  }
  void message(core::ConnectionId id, const Json& json) {
    desk_->onMessage(id, json.dump(), false);
    transport_.runPosted();
    if (repository_.isResetDue) {
      repository_.isResetDue = false;
      desk_->onFeedReset();
      transport_.runPosted();
    }
  }
  /// Opens a connection and logs it in; returns the session token.
  std::string login(core::ConnectionId id, const std::string& username) {
    desk_->onOpen(id, "127.0.0.1");
    message(
        id,
        {{"type", "login"}, {"id", "l"}, {"username", username}, {"password", "pw-" + username}});
    auto sessions = transport_.ofType(id, "session");
    EXPECT_EQ(sessions.size(), 1U) << username;
    return sessions.empty() ? std::string() : sessions.back()["token"].get<std::string>();
  }
  Json act(core::ConnectionId id, std::int64_t question, int version, const std::string& action,
           Json extra = Json::object()) {
    Json request{{"type", "act"},
                 {"id", "a"},
                 {"question", question},
                 {"version", version},
                 {"action", action}};
    request.update(extra);
    message(id, request);
    return transport_.last(id);
  }

  DeskConfig config_;
  FakeTransport transport_;
  FakeRepository repository_;
  FakePasswords passwords_;
  core::SteadyTime now_ = core::SteadyTime(1000s);
  std::unique_ptr<ModerationDesk> desk_;
};

}  // namespace sporazum::desk::fakes
