// sporazum-loadgen: N viewer connections over several 127.0.0.x source addresses, submissions at a
// target rate, every ack checked against what was sent; one JSON line of results at the end.
// Loopback only: it refuses any other target.

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "sporazum/core/protocol.hpp"
#include "sporazum/ws/client.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using sporazum::ws::ClientId;

struct Config {
  std::string url;
  int connections = 100;
  int sources = 10;  ///< source addresses 127.0.0.2 .. 127.0.0.(1+sources)
  double connectPerSecond = 2000;
  double rate = 1000;  ///< submissions per second, all connections together
  double durationSeconds = 10;
  double holdSeconds = 0;  ///< keep connections open after the submission phase
  int serverPid = 0;       ///< for the server's RSS
  std::string ackedFile;   ///< acked question ids, one a line
  bool reconnect = false;  ///< reconnect dropped connections and resend unacked questions
  std::uint64_t seed = 1;
  int moderators = 0;         ///< staff connections on /ws/staff that watch every question arrive
  std::string staffUser;      ///< their login (a moderator account)
  std::string staffPassword;  ///< from SPORAZUM_LOADGEN_STAFF_PASSWORD, never a flag
  std::string textsFile;      ///< realistic questions (TSV) instead of generated texts
};

/// One line of a --texts file: what a simulated viewer sends.
struct ViewerText {
  std::string municipality;
  std::string name;
  bool consent = false;
  std::string text;
};

/// Reads "municipality<TAB>name<TAB>consent<TAB>text" lines; '#' starts a comment line.
std::vector<ViewerText> readViewerTexts(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<ViewerText> texts;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.front() == '#') continue;
    ViewerText entry;
    std::stringstream fields(line);
    std::string consent;
    if (!std::getline(fields, entry.municipality, '\t') ||
        !std::getline(fields, entry.name, '\t') || !std::getline(fields, consent, '\t') ||
        !std::getline(fields, entry.text)) {
      throw std::runtime_error(path + ": a line needs four tab-separated fields");
    }
    entry.consent = consent == "1";
    texts.push_back(std::move(entry));
  }
  if (texts.empty()) throw std::runtime_error(path + " holds no questions");
  return texts;
}

/// Words for varied question texts (the desk groups near-duplicates, so all-identical texts
/// would measure a case no show has).
const std::vector<std::string> kWords = {
    "most",      "voda",    "struja",    "škola",    "bolnica", "put",       "granica",   "izbori",
    "plata",     "penzija", "opština",   "policija", "sud",     "zakon",     "budžet",    "posao",
    "mladi",     "selo",    "grad",      "autobus",  "lekari",  "cene",      "porez",     "zemlja",
    "ura",       "uji",     "rruga",     "shkolla",  "spitali", "zgjedhjet", "buxheti",   "puna",
    "bridge",    "water",   "roads",     "jobs",     "prices",  "pensions",  "election",  "border",
    "Mitrovica", "Zvečan",  "Leposavić", "Zubin",    "Potok",   "Priština",  "Gračanica", "Štrpce"};

std::uint64_t residentKiB(int pid) {
  if (pid <= 0) return 0;
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoull(line.substr(6));
  }
  return 0;
}

bool isLoopbackUrl(const std::string& url) {
  for (const char* prefix : {"ws://127.", "ws://localhost:", "ws://[::1]:"}) {
    if (url.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

class LoadGenerator {
 public:
  LoadGenerator(Config config, std::vector<ViewerText> viewerTexts)
      : config_(std::move(config)),
        viewerTexts_(std::move(viewerTexts)),
        random_(config_.seed),
        pool_(sporazum::ws::ClientHandlers{
            .onOpen = [this](ClientId id) { onOpen(id); },
            .onMessage = [this](ClientId id, sporazum::ws::MessageKind,
                                std::string_view payload) { onMessage(id, payload); },
            .onClose = [this](ClientId id, std::uint16_t, std::string_view) { onDrop(id); },
            .onFail = [this](ClientId id, int, std::string_view) { onDrop(id); }}) {}

  nlohmann::ordered_json run() {
    start_ = Clock::now();
    rssBaselineKiB_ = residentKiB(config_.serverPid);
    pool_.post([this] { connectMore(); });
    std::thread io([this] { pool_.run(); });
    io.join();
    return results();
  }

 private:
  struct Viewer {
    int index = 0;
    std::string device;
    bool isReady = false;  ///< welcome received
    std::vector<std::string> unacked;
  };
  struct Pending {
    Clock::time_point sentAt;
    int viewer = 0;
  };

  std::string randomToken(std::size_t length) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string token(length, 'a');
    for (auto& c : token)
      c = kAlphabet[random_() % 64];
    return token;
  }

  std::string randomUuid() {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string uuid = "xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx";
    for (auto& c : uuid) {
      if (c == 'x') c = kHex[random_() % 16];
    }
    return uuid;
  }

  void openStaff(int index) {
    sporazum::ws::ClientOptions options;
    options.url = config_.url.substr(0, config_.url.rfind("/ws/")) + "/ws/staff";
    options.subprotocol = "sporazum.staff.v1";
    const ClientId id = pool_.connect(options);
    staffOf_[id] = index;
  }

  void onStaffMessage(int index, std::string_view payload) {
    auto message = nlohmann::json::parse(payload, nullptr, false);
    if (message.is_discarded()) {
      ++protocolErrors_;
      return;
    }
    const auto& type = message["type"];
    if (type == "snapshot" && message["complete"] == true) {
      ++staffReady_;
      return;
    }
    if (type == "error") {
      ++errorsByCode_["staff_" + message["code"].get<std::string>()];
      return;
    }
    if (type != "questions") return;
    const auto now = Clock::now();
    for (const auto& question : message["questions"]) {
      if (question["version"] != 1) continue;
      const auto& text = question["text"].get_ref<const std::string&>();
      const auto colon = text.find(':');
      if (colon == std::string::npos || colon < 37) continue;
      std::string questionId = text.substr(colon - 36, 36);
      if (!deskSeen_[index].insert(questionId).second) continue;
      auto acked = ackedAt_.find(questionId);
      if (acked == ackedAt_.end()) {
        arrivedBeforeAck_[questionId].push_back(now);
      } else {
        deskLatenciesMs_.push_back(
            std::max(0.0, std::chrono::duration<double, std::milli>(now - acked->second).count()));
      }
    }
  }

  void open(int index) {
    sporazum::ws::ClientOptions options;
    options.url = config_.url;
    options.subprotocol = std::string(sporazum::protocol::kSubprotocol);
    options.sourceAddress = "127.0.0." + std::to_string(2 + index % config_.sources);
    const ClientId id = pool_.connect(options);
    viewerOf_[id] = index;
  }

  void connectMore() {
    if (opened_ == 0) {
      for (int m = 0; m < config_.moderators; ++m)
        openStaff(m);
    }
    const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
    const int due = std::min(config_.connections,
                             static_cast<int>(std::ceil(elapsed * config_.connectPerSecond)) + 50);
    while (opened_ < due) {
      viewers_.push_back(Viewer{opened_, randomToken(43), false, {}});
      open(opened_++);
    }
    if (opened_ < config_.connections) {
      pool_.postAfter(10, [this] { connectMore(); });
    } else {
      waitForConnections();
    }
  }

  void waitForConnections() {
    const auto waited = Clock::now() - start_;
    const bool isWaiting =
        ready_ + failedForGood_ < config_.connections || staffReady_ < config_.moderators;
    if (isWaiting && waited < std::chrono::seconds(120)) {
      pool_.postAfter(50, [this] { waitForConnections(); });
      return;
    }
    connectSeconds_ = std::chrono::duration<double>(waited).count();
    peakConnections_ = ready_;
    submitStart_ = Clock::now();
    pool_.post([this] { submitTick(); });
  }

  void onOpen(ClientId id) {
    if (auto staff = staffOf_.find(id); staff != staffOf_.end()) {
      pool_.send(id, nlohmann::json{{"type", "login"},
                                    {"id", "login"},
                                    {"username", config_.staffUser},
                                    {"password", config_.staffPassword}}
                         .dump());
      return;
    }
    auto it = viewerOf_.find(id);
    if (it == viewerOf_.end()) return;
    readyIds_[it->second] = id;
    pool_.send(id, sporazum::protocol::encode(sporazum::protocol::ViewerMessage{
                       sporazum::protocol::Hello{viewers_[it->second].device, "en"}}));
  }

  void onDrop(ClientId id) {
    if (isFinished_) return;  // the generator's own shutdown
    auto it = viewerOf_.find(id);
    if (it == viewerOf_.end()) return;
    const int index = it->second;
    viewerOf_.erase(it);
    if (readyIds_[index] == id) {
      readyIds_[index] = 0;
      if (viewers_[index].isReady) --ready_;
      ++drops_;
    } else {
      ++connectFailures_;
    }
    viewers_[index].isReady = false;
    if (config_.reconnect) {
      pool_.postAfter(200, [this, index] { open(index); });
    } else if (!isSubmitting()) {
      ++failedForGood_;
    }
  }

  bool isSubmitting() const { return submitStart_ != Clock::time_point{}; }

  void onMessage(ClientId id, std::string_view payload) {
    if (auto staff = staffOf_.find(id); staff != staffOf_.end()) {
      onStaffMessage(staff->second, payload);
      return;
    }
    auto it = viewerOf_.find(id);
    if (it == viewerOf_.end()) return;
    Viewer& viewer = viewers_[it->second];
    auto decoded = sporazum::protocol::decodeServerMessage(payload);
    if (!decoded) {
      ++protocolErrors_;
      return;
    }
    if (std::holds_alternative<sporazum::protocol::Welcome>(*decoded)) {
      viewer.isReady = true;
      ++ready_;
      peakConnections_ = std::max(peakConnections_, ready_);
      // Questions sent before a drop were maybe stored: send them again, same ids.
      auto resend = std::move(viewer.unacked);
      viewer.unacked.clear();
      for (auto& questionId : resend)
        sendQuestion(viewer, id, questionId, true);
    } else if (auto* ack = std::get_if<sporazum::protocol::Ack>(&*decoded)) {
      auto pending = pending_.find(ack->id);
      if (pending == pending_.end()) {
        if (acked_.contains(ack->id)) {
          ++repeatedAcks_;
        } else {
          ++unexpectedAcks_;
        }
        return;
      }
      latenciesMs_.push_back(
          std::chrono::duration<double, std::milli>(Clock::now() - pending->second.sentAt).count());
      acked_.emplace(ack->id);
      if (config_.moderators > 0) noteAck(ack->id);
      forget(viewer, ack->id);
      pending_.erase(pending);
    } else if (auto* error = std::get_if<sporazum::protocol::ErrorReply>(&*decoded)) {
      ++errorsByCode_[error->code];
      auto pending = pending_.find(error->id);
      const bool isRetryable =
          error->code == "try_again" || error->code == "busy" || error->code == "rate_limited";
      if (pending != pending_.end() && isRetryable && config_.reconnect) {
        const std::string questionId = error->id;
        const int index = it->second;
        pool_.postAfter(
            std::max<std::int64_t>(error->retryAfterMs, 100), [this, index, questionId] {
              const ClientId current = readyIds_[index];
              if (current != 0 && viewers_[index].isReady && pending_.contains(questionId)) {
                sendQuestion(viewers_[index], current, questionId, true);
              }
            });
      } else if (pending != pending_.end()) {
        forget(viewer, error->id);
        pending_.erase(pending);
      }
    }
  }

  /// Desk arrivals before the ack count as no delay at all.
  void noteAck(const std::string& questionId) {
    ackedAt_[questionId] = Clock::now();
    if (auto early = arrivedBeforeAck_.find(questionId); early != arrivedBeforeAck_.end()) {
      for (std::size_t i = 0; i < early->second.size(); ++i)
        deskLatenciesMs_.push_back(0);
      arrivedBeforeAck_.erase(early);
    }
  }

  std::string questionText(const std::string& questionId) {
    std::string text = "Pitanje " + questionId + ":";
    for (int w = 0; w < 7; ++w)
      text += " " + kWords[random_() % kWords.size()];
    return text + "?";
  }

  static void forget(Viewer& viewer, const std::string& questionId) {
    auto found = std::find(viewer.unacked.begin(), viewer.unacked.end(), questionId);
    if (found != viewer.unacked.end()) {
      *found = std::move(viewer.unacked.back());
      viewer.unacked.pop_back();
    }
  }

  void sendQuestion(Viewer& viewer, ClientId id, const std::string& questionId, bool isResend) {
    // A resend is only for a question still waiting; an answered one must not be sent again.
    if (isResend && !pending_.contains(questionId)) return;
    sporazum::protocol::Submit submit;
    submit.id = questionId;
    if (viewerTexts_.empty()) {
      submit.text = questionText(questionId);
      submit.municipality = "other";
    } else {
      const ViewerText& entry = viewerTexts_[random_() % viewerTexts_.size()];
      submit.text = entry.text;
      submit.name = entry.name;
      submit.municipality = entry.municipality;
      submit.consentNameOnAir = entry.consent && !entry.name.empty();
    }
    if (pool_.send(id, sporazum::protocol::encode(sporazum::protocol::ViewerMessage{submit}))) {
      if (!isResend) ++submitted_;
      if (std::find(viewer.unacked.begin(), viewer.unacked.end(), questionId) ==
          viewer.unacked.end()) {
        viewer.unacked.push_back(questionId);
      }
      auto& pending = pending_[questionId];
      if (!isResend) pending.sentAt = Clock::now();
      pending.viewer = viewer.index;
    }
  }

  void submitTick() {
    const double elapsed = std::chrono::duration<double>(Clock::now() - submitStart_).count();
    if (elapsed >= config_.durationSeconds) {
      submitSeconds_ = elapsed;
      drainUntil_ = Clock::now() + std::chrono::seconds(config_.reconnect ? 20 : 10);
      pool_.post([this] { drain(); });
      return;
    }
    const auto due = static_cast<std::uint64_t>(elapsed * config_.rate);
    while (submitted_ < due) {
      // Round-robin over ready viewers.
      bool isSent = false;
      for (int tries = 0; tries < config_.connections && !isSent; ++tries) {
        const int index = cursor_++ % config_.connections;
        const ClientId id = readyIds_[index];
        if (id == 0 || !viewers_[index].isReady) continue;
        sendQuestion(viewers_[index], id, randomUuid(), false);
        isSent = true;
      }
      if (!isSent) break;  // nobody connected right now
    }
    pool_.postAfter(2, [this] { submitTick(); });
  }

  void drain() {
    if (!pending_.empty() && Clock::now() < drainUntil_) {
      pool_.postAfter(20, [this] { drain(); });
      return;
    }
    // Give the desk pushes a moment to land after the last ack.
    const double holdSeconds = std::max(config_.holdSeconds, config_.moderators > 0 ? 2.0 : 0.0);
    holdUntil_ = Clock::now() + std::chrono::milliseconds(static_cast<long>(holdSeconds * 1000));
    hold();
  }

  void hold() {
    rssKiB_ = std::max(rssKiB_, residentKiB(config_.serverPid));
    if (Clock::now() < holdUntil_) {
      pool_.postAfter(1000, [this] { hold(); });
      return;
    }
    heldConnections_ = ready_;
    isFinished_ = true;
    pool_.stop();
  }

  static double percentile(std::vector<double>& values, double p) {
    if (values.empty()) return 0;
    const auto rank =
        static_cast<std::size_t>(std::ceil(p * static_cast<double>(values.size()))) - 1;
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(rank),
                     values.end());
    return values[rank];
  }

  nlohmann::ordered_json results() {
    if (!config_.ackedFile.empty()) {
      std::ofstream out(config_.ackedFile);
      for (const auto& id : acked_)
        out << id << "\n";
    }
    std::uint64_t errors = 0;
    nlohmann::ordered_json byCode = nlohmann::ordered_json::object();
    for (const auto& [code, count] : errorsByCode_) {
      errors += count;
      byCode[code] = count;
    }
    const double maxMs =
        latenciesMs_.empty() ? 0 : *std::max_element(latenciesMs_.begin(), latenciesMs_.end());
    const double p50 = percentile(latenciesMs_, 0.50);
    const double p99 = percentile(latenciesMs_, 0.99);
    auto round2 = [](double v) { return std::round(v * 100) / 100; };
    nlohmann::ordered_json line;
    line["connections"] = peakConnections_;
    line["connections_held_at_end"] = heldConnections_;
    line["connect_seconds"] = round2(connectSeconds_);
    line["submitted"] = submitted_;
    line["acked"] = acked_.size();
    line["unacked"] = pending_.size();
    line["errors"] = errors;
    line["errors_by_code"] = byCode;
    line["drops"] = drops_;
    line["connect_failures"] = connectFailures_;
    line["unexpected_acks"] = unexpectedAcks_ + protocolErrors_;
    line["repeated_acks"] = repeatedAcks_;  // a resent id acked again after a reconnect
    line["rate_per_s"] =
        round2(submitSeconds_ > 0 ? static_cast<double>(acked_.size()) / submitSeconds_ : 0);
    line["target_rate_per_s"] = config_.rate;
    line["ack_latency_ms"] = {{"p50", round2(p50)}, {"p99", round2(p99)}, {"max", round2(maxMs)}};
    if (config_.moderators > 0) {
      // Every acked question should have reached every moderator connection.
      std::uint64_t missing = 0;
      for (const auto& questionId : acked_) {
        for (int m = 0; m < config_.moderators; ++m) {
          if (!deskSeen_[m].contains(questionId)) ++missing;
        }
      }
      const double deskMax = deskLatenciesMs_.empty() ? 0
                                                      : *std::max_element(deskLatenciesMs_.begin(),
                                                                          deskLatenciesMs_.end());
      line["moderators"] = config_.moderators;
      line["desk_deliveries"] = deskLatenciesMs_.size();
      line["desk_missing"] = missing;
      line["desk_after_ack_ms"] = {{"p50", round2(percentile(deskLatenciesMs_, 0.50))},
                                   {"p99", round2(percentile(deskLatenciesMs_, 0.99))},
                                   {"max", round2(deskMax)}};
    }
    line["server_rss_kib"] = rssKiB_;
    line["server_rss_baseline_kib"] = rssBaselineKiB_;
    line["server_kib_per_connection"] =
        round2(peakConnections_ > 0 && rssKiB_ > rssBaselineKiB_
                   ? static_cast<double>(rssKiB_ - rssBaselineKiB_) / peakConnections_
                   : 0);
    return line;
  }

  Config config_;
  std::vector<ViewerText> viewerTexts_;  ///< empty: generated texts
  std::mt19937_64 random_;
  sporazum::ws::ClientPool pool_;
  std::vector<Viewer> viewers_;
  std::unordered_map<ClientId, int> viewerOf_;
  std::unordered_map<int, ClientId> readyIds_;
  std::unordered_map<std::string, Pending> pending_;
  std::unordered_map<ClientId, int> staffOf_;
  std::unordered_map<int, std::unordered_set<std::string>> deskSeen_;
  std::unordered_map<std::string, Clock::time_point> ackedAt_;
  std::unordered_map<std::string, std::vector<Clock::time_point>> arrivedBeforeAck_;
  std::vector<double> deskLatenciesMs_;
  int staffReady_ = 0;
  std::unordered_set<std::string> acked_;
  std::map<std::string, std::uint64_t> errorsByCode_;
  std::vector<double> latenciesMs_;
  Clock::time_point start_{};
  Clock::time_point submitStart_{};
  Clock::time_point drainUntil_{};
  Clock::time_point holdUntil_{};
  double connectSeconds_ = 0;
  double submitSeconds_ = 0;
  int opened_ = 0;
  int ready_ = 0;
  int peakConnections_ = 0;
  int heldConnections_ = 0;
  int failedForGood_ = 0;
  std::uint64_t drops_ = 0;
  std::uint64_t connectFailures_ = 0;
  std::uint64_t submitted_ = 0;
  std::uint64_t repeatedAcks_ = 0;
  std::uint64_t unexpectedAcks_ = 0;
  std::uint64_t protocolErrors_ = 0;
  std::uint64_t rssKiB_ = 0;
  std::uint64_t rssBaselineKiB_ = 0;
  std::uint64_t cursor_ = 0;
  bool isFinished_ = false;
};

const char* kUsage = R"(sporazum-loadgen: viewer load on a questions server (loopback only)
  --url ws://127.0.0.1:PORT/ws/viewer   (required)
  --connections N        viewer connections (100)
  --sources N            source addresses 127.0.0.2.. (10)
  --connect-rate N       new connections per second (2000)
  --rate N               submissions per second in all (1000)
  --duration S           submission phase in seconds (10)
  --hold S               keep the connections open this long afterwards (0)
  --server-pid PID       report this process's peak RSS
  --acked-file FILE      write every acked question id here
  --reconnect            reconnect dropped connections, resend unacked ids, retry try_again
  --seed N               random seed (1)
  --moderators N         also open N staff connections and time each question's arrival on
                         every one of them after its ack (0)
  --staff-user NAME      the moderator account they log in as; its password is read from
                         SPORAZUM_LOADGEN_STAFF_PASSWORD
  --texts FILE           send these questions (TSV: municipality, name, consent, text; e.g.
                         assets/demo/viewer-questions.tsv) instead of generated ones; not with
                         --moderators, which finds each question by the id in its text
)";

}  // namespace

int main(int argc, char** argv) {
  Config config;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << flag << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (flag == "--url")
      config.url = value();
    else if (flag == "--connections")
      config.connections = std::stoi(value());
    else if (flag == "--sources")
      config.sources = std::stoi(value());
    else if (flag == "--connect-rate")
      config.connectPerSecond = std::stod(value());
    else if (flag == "--rate")
      config.rate = std::stod(value());
    else if (flag == "--duration")
      config.durationSeconds = std::stod(value());
    else if (flag == "--hold")
      config.holdSeconds = std::stod(value());
    else if (flag == "--server-pid")
      config.serverPid = std::stoi(value());
    else if (flag == "--acked-file")
      config.ackedFile = value();
    else if (flag == "--reconnect")
      config.reconnect = true;
    else if (flag == "--seed")
      config.seed = std::stoull(value());
    else if (flag == "--moderators")
      config.moderators = std::stoi(value());
    else if (flag == "--staff-user")
      config.staffUser = value();
    else if (flag == "--texts")
      config.textsFile = value();
    else {
      std::cerr << kUsage;
      return flag == "--help" ? 0 : 2;
    }
  }
  if (!isLoopbackUrl(config.url)) {
    std::cerr << "error: --url must be a ws:// address on loopback (127.0.0.0/8)\n" << kUsage;
    return 2;
  }
  if (config.connections < 1 || config.sources < 1 || config.sources > 250 || config.rate <= 0) {
    std::cerr << "error: connections ≥ 1, 1 ≤ sources ≤ 250, rate > 0\n";
    return 2;
  }
  if (config.moderators > 0) {
    const char* password = std::getenv("SPORAZUM_LOADGEN_STAFF_PASSWORD");
    if (config.staffUser.empty() || password == nullptr) {
      std::cerr << "error: --moderators needs --staff-user and SPORAZUM_LOADGEN_STAFF_PASSWORD\n";
      return 2;
    }
    config.staffPassword = password;
  }
  std::vector<ViewerText> viewerTexts;
  if (!config.textsFile.empty()) {
    if (config.moderators > 0) {
      std::cerr << "error: --texts cannot be combined with --moderators\n";
      return 2;
    }
    try {
      viewerTexts = readViewerTexts(config.textsFile);
    } catch (const std::exception& e) {
      std::cerr << "error: " << e.what() << "\n";
      return 2;
    }
  }
  LoadGenerator generator(config, std::move(viewerTexts));
  std::cout << generator.run().dump() << std::endl;
  return 0;
}
