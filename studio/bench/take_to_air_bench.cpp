// take_to_air_bench: issue 5's take-to-air target measured across the real processes on
// loopback. The real console (StudioConsole and its QML, offscreen) logs in as a producer, cues
// each queued question with F1 and takes it with Space, as a producer would; the latency of a
// take is from the key press (this machine's system clock, just before the key event) to the
// engine's as-run time of the first programme frame carrying the graphic (the question's
// `onAirAt`, which the server pushes in `queue_changes`). Before the takes it plays the audience
// (a viewer submits N questions) and a moderator (approves them all), and the console queues them.
//
// Both timestamps are this machine's system clock (the engine runs here too); `onAirAt` has
// millisecond resolution and is truncated, so a figure can be up to 1 ms low.
//
// Prints one JSON line on stdout, progress on stderr. Exit 0 when the takes ran (whatever the
// figures), 1 when the set-up failed (login, questions, queue, engine), 2 on bad options.
//   take_to_air_bench --server ws://127.0.0.1:PORT --producer NAME --moderator NAME
//                     [--takes N] [--samples-file PATH]
// Passwords: SPORAZUM_BENCH_PRODUCER_PASSWORD, SPORAZUM_BENCH_MODERATOR_PASSWORD.
// tests/load/take_to_air.sh sets up the server, the engine and the accounts and runs it.

#include <QtQml/qqmlextensionplugin.h>
#include <QDateTime>
#include <QFile>
#include <QGuiApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QRandomGenerator>
#include <QSet>
#include <QTest>
#include <QTextStream>
#include <QUuid>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <functional>
#include <optional>
#include <vector>

#include "sporazum/core/result.hpp"
#include "sporazum/studio/queue_protocol.hpp"
#include "sporazum/studio/studio_console.hpp"

Q_IMPORT_QML_PLUGIN(Sporazum_StudioPlugin)

namespace {

using sporazum::core::Error;
using sporazum::core::makeError;
using sporazum::core::Result;
using sporazum::studio::QueueState;
using sporazum::studio::StudioConsole;

constexpr int kTargetMs = 60;  ///< 2 frames at 1080p50 + 20 ms (issue 5)
constexpr int kConnectTimeoutMs = 10'000;
constexpr int kLoginTimeoutMs = 30'000;  ///< Argon2id on a busy 2-core machine
constexpr int kArrivalTimeoutMs = 60'000;
constexpr int kReplyTimeoutMs = 10'000;
constexpr int kOnAirTimeoutMs = 5'000;  ///< a take with no onAirAt by then is "missed"
constexpr int kPreviewReadMs = 500;     ///< the producer reads the preview before taking
constexpr int kClearAfterMs = 200;      ///< on air this long before Esc
constexpr int kTakeSpacingMs = 1'100;   ///< past the Controller's 1 s repeat guard
constexpr int kSubmitWindow = 8;        ///< in flight at once (the server allows 16 a connection)
constexpr int kApproveWindow = 16;      ///< approvals in flight at once
constexpr int kMaxConflictRetries = 3;
constexpr int kShowSizedQueue = 30;  ///< queued questions on a real show day, at most

const QString kViewerSubprotocol = QStringLiteral("sporazum.v1");
const QString kStaffSubprotocol = QStringLiteral("sporazum.staff.v1");
const QString kLowerThird = QStringLiteral("lower_third");

void progress(const QString& text) {
  std::fprintf(stderr, "take_to_air_bench: %s\n", qPrintable(text));
}

std::int64_t wallClockUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct Options {
  QUrl viewerUrl;
  QUrl staffUrl;
  QString producer;
  QString producerPassword;
  QString moderator;
  QString moderatorPassword;
  int takes = 200;
  QString samplesFile;
  bool showHelp = false;
};

const char* const kUsage =
    "Usage: take_to_air_bench --server ws://127.0.0.1:PORT --producer NAME --moderator NAME\n"
    "                         [--takes N (200)] [--samples-file PATH]\n"
    "Passwords from SPORAZUM_BENCH_PRODUCER_PASSWORD and SPORAZUM_BENCH_MODERATOR_PASSWORD.\n"
    "The server needs a live episode, an engine linked to it, and raised rate limits.\n";

Result<Options> parseOptions(const QStringList& arguments) {
  Options options;
  QString server;
  for (int i = 0; i < arguments.size(); ++i) {
    const QString& name = arguments[i];
    if (name == QLatin1String("--help")) {
      options.showHelp = true;
      return options;
    }
    if (i + 1 >= arguments.size()) {
      return makeError("bad_option", "missing value or unknown option: " + name.toStdString());
    }
    const QString value = arguments[++i];
    if (name == QLatin1String("--server")) {
      server = value;
    } else if (name == QLatin1String("--producer")) {
      options.producer = value;
    } else if (name == QLatin1String("--moderator")) {
      options.moderator = value;
    } else if (name == QLatin1String("--takes")) {
      bool isNumber = false;
      options.takes = value.toInt(&isNumber);
      if (!isNumber || options.takes < 1 || options.takes > 100'000) {
        return makeError("bad_option", "--takes needs a number from 1 to 100000");
      }
    } else if (name == QLatin1String("--samples-file")) {
      options.samplesFile = value;
    } else {
      return makeError("bad_option", "unknown option " + name.toStdString());
    }
  }
  // The base address; the two sockets hang under it.
  const QUrl base(server);
  if (!base.isValid() || base.scheme() != QLatin1String("ws") || base.host().isEmpty() ||
      (!base.path().isEmpty() && base.path() != QLatin1String("/"))) {
    return makeError("bad_option", "--server needs ws://HOST:PORT (no path)");
  }
  options.viewerUrl = base;
  options.viewerUrl.setPath(QStringLiteral("/ws/viewer"));
  options.staffUrl = base;
  options.staffUrl.setPath(QStringLiteral("/ws/staff"));
  if (options.producer.isEmpty() || options.moderator.isEmpty()) {
    return makeError("bad_option", "--producer and --moderator are required");
  }
  options.producerPassword = qEnvironmentVariable("SPORAZUM_BENCH_PRODUCER_PASSWORD");
  options.moderatorPassword = qEnvironmentVariable("SPORAZUM_BENCH_MODERATOR_PASSWORD");
  if (options.producerPassword.isEmpty() || options.moderatorPassword.isEmpty()) {
    return makeError("bad_option",
                     "SPORAZUM_BENCH_PRODUCER_PASSWORD and SPORAZUM_BENCH_MODERATOR_PASSWORD "
                     "must be set");
  }
  return options;
}

struct ViewerQuestion {
  QString municipality;
  QString name;
  bool consentNameOnAir = false;
  QString text;
};

/// The show simulator's questions (assets/demo/viewer-questions.tsv: municipality, name, consent,
/// text), in the show's languages; the bench numbers them so that every one is unique.
Result<std::vector<ViewerQuestion>> readViewerQuestions(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
    return makeError("no_texts", "cannot read " + path.toStdString());
  }
  std::vector<ViewerQuestion> questions;
  QTextStream stream(&file);
  while (!stream.atEnd()) {
    const QString line = stream.readLine();
    if (line.isEmpty() || line.startsWith(u'#')) continue;
    const QStringList columns = line.split(u'\t');
    if (columns.size() != 4 || columns[3].trimmed().isEmpty()) continue;
    questions.push_back(
        ViewerQuestion{columns[0], columns[1], columns[2] == QLatin1String("1"), columns[3]});
  }
  if (questions.empty()) return makeError("no_texts", "no questions in " + path.toStdString());
  return questions;
}

/// One JSON object per text message. GUI thread; `open` spins the event loop while it waits.
class JsonSocket {
 public:
  using Handler = std::function<void(const QJsonObject&)>;

  explicit JsonSocket(Handler onMessage) : onMessage_(std::move(onMessage)) {
    QObject::connect(&socket_, &QWebSocket::textMessageReceived, &socket_,
                     [this](const QString& text) {
                       const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8());
                       if (document.isObject()) onMessage_(document.object());
                     });
  }

  bool open(const QUrl& url, const QString& subprotocol) {
    QWebSocketHandshakeOptions options;
    options.setSubprotocols({subprotocol});
    socket_.open(QNetworkRequest(url), options);
    return QTest::qWaitFor([&] { return isConnected(); }, kConnectTimeoutMs) &&
           socket_.subprotocol() == subprotocol;
  }
  bool isConnected() const { return socket_.state() == QAbstractSocket::ConnectedState; }
  QString errorString() const { return socket_.errorString(); }
  void send(const QJsonObject& message) {
    socket_.sendTextMessage(
        QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
  }
  void close() { socket_.close(); }

 private:
  QWebSocket socket_;
  Handler onMessage_;
};

/// 32 random bytes in base64url: 43 characters, as the viewers' page makes its device token.
QString newDeviceToken() {
  std::array<quint32, 8> words{};
  QRandomGenerator::system()->fillRange(words.data(), words.size());
  const QByteArray bytes(reinterpret_cast<const char*>(words.data()), sizeof words);
  return QString::fromLatin1(
      bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

/// A viewer submits `count` questions (numbered, so each is unique) and waits for every ack.
Result<int> submitQuestions(const QUrl& url, int count, const std::vector<ViewerQuestion>& texts) {
  std::optional<QJsonObject> welcome;
  std::optional<Error> failure;
  QHash<QString, bool> waiting;  // client id → acked
  int acked = 0;
  JsonSocket viewer([&](const QJsonObject& message) {
    const QString type = message.value(QStringLiteral("type")).toString();
    if (type == QLatin1String("welcome")) {
      welcome = message;
    } else if (type == QLatin1String("ack")) {
      const QString id = message.value(QStringLiteral("id")).toString();
      if (waiting.contains(id) && !waiting[id]) {
        waiting[id] = true;
        ++acked;
      }
    } else if (type == QLatin1String("error")) {
      const std::string code = message.value(QStringLiteral("code")).toString().toStdString();
      failure = makeError(
          code,
          "the server refused a submission: " + code +
              (code == "rate_limited" ? " (raise --rate-per-connection/--rate-per-address)" : ""));
    }
  });
  if (!viewer.open(url, kViewerSubprotocol)) {
    return makeError("connect", "cannot open " + url.toString().toStdString() + ": " +
                                    viewer.errorString().toStdString());
  }
  viewer.send(QJsonObject{{"type", "hello"}, {"device", newDeviceToken()}, {"lang", "sr-Latn"}});
  if (!QTest::qWaitFor([&] { return welcome || failure; }, kReplyTimeoutMs) || !welcome) {
    return failure ? *failure : makeError("no_welcome", "no welcome from the viewer socket");
  }
  if (!welcome->value(QStringLiteral("questionsOpen")).toBool()) {
    return makeError("questions_closed", "the server is not taking questions (no live episode?)");
  }
  for (int sent = 0; sent < count;) {
    // A few submissions in flight: quick, and under the server's 16 a connection (`busy`).
    while (sent < count && sent - acked < kSubmitWindow) {
      const ViewerQuestion& source = texts[static_cast<std::size_t>(sent) % texts.size()];
      const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
      QJsonObject submit{{"type", "submit"},
                         {"id", id},
                         {"text", source.text + QStringLiteral(" (%1)").arg(sent + 1)},
                         {"municipality", source.municipality},
                         {"consentNameOnAir", source.consentNameOnAir}};
      if (!source.name.isEmpty()) submit.insert(QStringLiteral("name"), source.name);
      waiting.insert(id, false);
      viewer.send(submit);
      ++sent;
    }
    const int target = std::min(count, acked + 1);
    if (!QTest::qWaitFor([&] { return acked >= target || failure; }, kReplyTimeoutMs)) {
      return makeError("no_ack", "no ack for a submission within 10 s");
    }
    if (failure) return *failure;
  }
  if (!QTest::qWaitFor([&] { return acked == count || failure; }, kReplyTimeoutMs)) {
    return makeError("no_ack", "not every submission was acked");
  }
  if (failure) return *failure;
  viewer.close();
  return acked;
}

/// A moderator logs in, waits until the desk holds at least `count` questions and approves every
/// one that is not approved yet. Returns how many are approved.
Result<int> approveAll(const QUrl& url, const QString& user, const QString& password, int count) {
  struct Held {
    qint64 version = 0;
    QString state;
    int conflicts = 0;
  };
  QHash<qint64, Held> questions;
  QHash<QString, qint64> inFlight;  // request id → question
  QSet<qint64> sentIds;             // questions with an approval in flight
  bool isLoggedIn = false;
  bool isSnapshotComplete = false;
  std::optional<Error> failure;
  qint64 nextRequest = 1;

  auto remember = [&](const QJsonValue& value) {
    const QJsonObject question = value.toObject();
    const qint64 id = question.value(QStringLiteral("id")).toInteger();
    const qint64 version = question.value(QStringLiteral("version")).toInteger();
    if (id < 1) return;
    Held& held = questions[id];
    if (version >= held.version) {
      held.version = version;
      held.state = question.value(QStringLiteral("state")).toString();
    }
  };
  JsonSocket moderator([&](const QJsonObject& message) {
    const QString type = message.value(QStringLiteral("type")).toString();
    const QString requestId = message.value(QStringLiteral("id")).toString();
    if (type == QLatin1String("session")) {
      isLoggedIn = true;
    } else if (type == QLatin1String("snapshot") || type == QLatin1String("questions")) {
      if (type == QLatin1String("snapshot") && !isSnapshotComplete) {
        // Parts of one snapshot add up; only the complete one is the whole episode.
        isSnapshotComplete = message.value(QStringLiteral("complete")).toBool();
      }
      for (const QJsonValue& question : message.value(QStringLiteral("questions")).toArray())
        remember(question);
    } else if (type == QLatin1String("done") && inFlight.contains(requestId)) {
      const qint64 id = inFlight.take(requestId);
      sentIds.remove(id);
      Held& held = questions[id];
      held.version = std::max(held.version, message.value(QStringLiteral("version")).toInteger());
      held.state = QStringLiteral("approved");
    } else if (type == QLatin1String("conflict") && inFlight.contains(requestId)) {
      const qint64 id = inFlight.take(requestId);
      sentIds.remove(id);
      remember(message.value(QStringLiteral("question")));
      if (++questions[id].conflicts > kMaxConflictRetries) {
        failure = makeError("conflict", "question " + std::to_string(id) + " keeps changing");
      }
    } else if (type == QLatin1String("error")) {
      const std::string code = message.value(QStringLiteral("code")).toString().toStdString();
      const std::string text = message.value(QStringLiteral("message")).toString().toStdString();
      failure = makeError(
          code, (isLoggedIn ? "moderation refused: " : "moderator login: ") + code + " " + text);
    }
  });
  if (!moderator.open(url, kStaffSubprotocol)) {
    return makeError("connect", "cannot open " + url.toString().toStdString() + ": " +
                                    moderator.errorString().toStdString());
  }
  moderator.send(
      QJsonObject{{"type", "login"}, {"id", "login"}, {"username", user}, {"password", password}});
  if (!QTest::qWaitFor([&] { return isLoggedIn || failure; }, kLoginTimeoutMs) || !isLoggedIn) {
    return failure ? *failure : makeError("login", "no answer to the moderator's login");
  }
  if (!QTest::qWaitFor([&] { return failure || (isSnapshotComplete && questions.size() >= count); },
                       kArrivalTimeoutMs) ||
      failure) {
    if (failure) return *failure;
    return makeError("missing", "the desk shows " + std::to_string(questions.size()) + " of " +
                                    std::to_string(count) + " questions after 60 s");
  }

  auto pendingApprovals = [&] {
    std::vector<qint64> ids;
    for (auto it = questions.cbegin(); it != questions.cend(); ++it) {
      const QString& state = it.value().state;
      const bool isApprovable = state == QLatin1String("received") ||
                                state == QLatin1String("held") ||
                                state == QLatin1String("rejected");
      if (isApprovable && !sentIds.contains(it.key())) ids.push_back(it.key());
    }
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  while (true) {
    const std::vector<qint64> todo = pendingApprovals();
    if (todo.empty() && inFlight.isEmpty()) break;
    for (qint64 id : todo) {
      if (inFlight.size() >= kApproveWindow) break;
      const QString requestId = QStringLiteral("a%1").arg(nextRequest++);
      inFlight.insert(requestId, id);
      sentIds.insert(id);
      moderator.send(QJsonObject{{"type", "act"},
                                 {"id", requestId},
                                 {"question", id},
                                 {"version", questions[id].version},
                                 {"action", "approve"}});
    }
    const qsizetype before = inFlight.size();
    if (!QTest::qWaitFor([&] { return failure || inFlight.size() < before; }, kReplyTimeoutMs)) {
      return makeError("no_done", "no answer to an approval within 10 s");
    }
    if (failure) return *failure;
  }
  moderator.close();
  const auto approvedCount =
      std::count_if(questions.cbegin(), questions.cend(),
                    [](const Held& held) { return held.state == QLatin1String("approved"); });
  if (approvedCount < count) {
    return makeError("not_approved", std::to_string(approvedCount) + " of " +
                                         std::to_string(count) + " questions could be approved");
  }
  return static_cast<int>(approvedCount);
}

/// What the server tells the console that the takes are timed by: the as-run times of each
/// question (`queue_changes`, first seen) and when the last `graphics_ok` arrived here (the
/// command committed: splits a take's latency into the server's part and the engine's).
struct AirTimes {
  QHash<qint64, QString> onAirAt;
  QHash<qint64, QString> offAirAt;
  std::int64_t lastGraphicsOkUs = 0;

  void reply(const QString& type) {
    if (type == QLatin1String("graphics_ok")) lastGraphicsOkUs = wallClockUs();
  }

  void take(const QString& type, const QJsonObject& message) {
    if (type != sporazum::studio::kQueueChangesType && type != sporazum::studio::kQueueType) {
      return;
    }
    for (const QJsonValue& value : message.value(QStringLiteral("questions")).toArray()) {
      auto question = sporazum::studio::parseQueueQuestion(value);
      if (!question) continue;
      if (!question->onAirAt.isEmpty() && !onAirAt.contains(question->id))
        onAirAt.insert(question->id, question->onAirAt);
      if (!question->offAirAt.isEmpty() && !offAirAt.contains(question->id))
        offAirAt.insert(question->id, question->offAirAt);
    }
  }
};

/// Logs the console in as the producer, waits for the approved questions and a healthy engine,
/// and queues the approved questions in the order they came. Returns how many are queued.
Result<int> prepareConsole(StudioConsole& console, const Options& options, int count) {
  console.connection().setServerUrl(options.staffUrl.toString());
  console.connection().logIn(options.producer, options.producerPassword);
  if (!QTest::qWaitFor([&] { return console.connection().isReady(); }, kLoginTimeoutMs)) {
    return makeError("login", "the console did not log in as " + options.producer.toStdString() +
                                  ": " + console.connection().errorText().toStdString());
  }
  auto& queue = console.queue();
  if (!QTest::qWaitFor([&] { return queue.approvedCount() + queue.queuedCount() >= count; },
                       kArrivalTimeoutMs)) {
    return makeError("missing", "the console's queue shows " +
                                    std::to_string(queue.approvedCount()) + " approved of " +
                                    std::to_string(count));
  }
  if (!QTest::qWaitFor([&] { return console.engines().allHealthy(); }, kArrivalTimeoutMs)) {
    return makeError("no_engine", "no healthy engine is linked to the server");
  }
  std::vector<qint64> approved;
  for (int row = 0; row < queue.totalCount(); ++row) {
    if (queue.at(row).state == QueueState::Approved) approved.push_back(queue.at(row).id);
  }
  std::sort(approved.begin(), approved.end());
  // One at a time: the Controller puts each one past the last queued, as the Queue button does.
  for (qint64 id : approved) {
    if (!console.controller().addToQueue(id)) {
      return makeError("queue", console.controller().message().toStdString());
    }
    if (!QTest::qWaitFor(
            [&] {
              const auto* question = queue.find(id);
              return question != nullptr && question->state == QueueState::Queued;
            },
            kReplyTimeoutMs)) {
      return makeError("queue", "question " + std::to_string(id) + " was not queued: " +
                                    console.controller().message().toStdString());
    }
  }
  return queue.queuedCount();
}

/// Milliseconds since the epoch of an ISO 8601 UTC time; nullopt when it does not parse.
std::optional<qint64> parseIsoMs(const QString& text) {
  const QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
  if (!time.isValid()) return std::nullopt;
  return time.toMSecsSinceEpoch();
}

struct TakeOutcome {
  std::optional<double> latencyMs;
  std::optional<double> committedMs;  ///< from the key press to the take's graphics_ok here
  QString problem;                    ///< why it was missed
};

/// One take as a producer does it: F1 (cue next), read the preview, Space (take), then Esc.
TakeOutcome runTake(StudioConsole& console, QQuickWindow& window, const AirTimes& times) {
  TakeOutcome outcome;
  const std::optional<qint64> next = console.queue().firstQueuedId();
  if (!next) {
    outcome.problem = QStringLiteral("nothing queued");
    return outcome;
  }
  const qint64 id = *next;
  QTest::keyClick(&window, Qt::Key_F1);
  auto& programme = console.programme();
  if (!QTest::qWaitFor(
          [&] {
            return programme.hasCue(kLowerThird) &&
                   programme.cued(kLowerThird).value(QStringLiteral("questionId")).toLongLong() ==
                       id;
          },
          kReplyTimeoutMs)) {
    outcome.problem =
        QStringLiteral("question %1 was not cued: %2").arg(id).arg(console.controller().message());
    return outcome;
  }
  QTest::qWait(kPreviewReadMs);

  const std::int64_t takeUs = wallClockUs();
  QTest::keyClick(&window, Qt::Key_Space);
  if (QTest::qWaitFor([&] { return times.onAirAt.contains(id); }, kOnAirTimeoutMs)) {
    if (times.lastGraphicsOkUs > takeUs) {
      outcome.committedMs = static_cast<double>(times.lastGraphicsOkUs - takeUs) / 1000.0;
    }
    if (auto onAirMs = parseIsoMs(times.onAirAt.value(id))) {
      outcome.latencyMs = static_cast<double>(*onAirMs * 1000 - takeUs) / 1000.0;
    } else {
      outcome.problem = QStringLiteral("unreadable onAirAt %1").arg(times.onAirAt.value(id));
    }
  } else {
    outcome.problem = QStringLiteral("question %1: no onAirAt within %2 ms (%3)")
                          .arg(id)
                          .arg(kOnAirTimeoutMs)
                          .arg(console.controller().message());
  }

  QTest::qWait(kClearAfterMs);
  QTest::keyClick(&window, Qt::Key_Escape);
  if (!QTest::qWaitFor([&] { return times.offAirAt.contains(id); }, kOnAirTimeoutMs)) {
    progress(QStringLiteral("question %1: no offAirAt within %2 ms").arg(id).arg(kOnAirTimeoutMs));
  }
  const std::int64_t remainingMs = kTakeSpacingMs - (wallClockUs() - takeUs) / 1000;
  if (remainingMs > 0) QTest::qWait(static_cast<int>(remainingMs));
  return outcome;
}

/// Nearest rank: the smallest sample with at least p % of the samples at or below it.
/// Integer arithmetic, so that 99 % of 200 is rank 198 exactly.
double percentile(const std::vector<double>& sorted, std::size_t percent) {
  const std::size_t rank = (percent * sorted.size() + 99) / 100;
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

QString figure(const std::vector<double>& sorted, std::size_t percent) {
  if (sorted.empty()) return QStringLiteral("null");
  return QString::number(percentile(sorted, percent), 'f', 1);
}

/// `"showSizedQueue":{…}`: the percentiles of the takes with at most kShowSizedQueue queued.
QString showSizedFigures(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  return QStringLiteral(
             "\"showSizedQueue\":{\"maxQueued\":%1,\"measured\":%2,\"p50_ms\":%3,"
             "\"p99_ms\":%4,\"max_ms\":%5}}")
      .arg(kShowSizedQueue)
      .arg(static_cast<qulonglong>(samples.size()))
      .arg(figure(samples, 50), figure(samples, 99), figure(samples, 100));
}

int runBench(const Options& options) {
  auto texts = readViewerQuestions(QStringLiteral(SPORAZUM_SOURCE_ROOT) +
                                   QStringLiteral("/assets/demo/viewer-questions.tsv"));
  if (!texts) {
    progress(QString::fromStdString(texts.error().message));
    return 1;
  }

  progress(QStringLiteral("a viewer submits %1 questions").arg(options.takes));
  auto submitted = submitQuestions(options.viewerUrl, options.takes, *texts);
  if (!submitted) {
    progress(QStringLiteral("set-up failed: ") + QString::fromStdString(submitted.error().message));
    return 1;
  }
  progress(QStringLiteral("moderator %1 approves them").arg(options.moderator));
  auto approved =
      approveAll(options.staffUrl, options.moderator, options.moderatorPassword, options.takes);
  if (!approved) {
    progress(QStringLiteral("set-up failed: ") + QString::fromStdString(approved.error().message));
    return 1;
  }

  StudioConsole console(QStringLiteral(SPORAZUM_SOURCE_ROOT) + QStringLiteral("/assets/templates"));
  AirTimes times;
  QObject::connect(
      &console.connection(), &sporazum::studio::StudioConnection::pushReceived, &console,
      [&times](const QString& type, const QJsonObject& message) { times.take(type, message); });
  QObject::connect(
      &console.connection(), &sporazum::studio::StudioConnection::replyReceived, &console,
      [&times](const QString&, const QString& type, const QJsonObject&) { times.reply(type); });
  QObject::connect(
      &console.connection(), &sporazum::studio::StudioConnection::pushReceived, &console,
      [](const QString& type, const QJsonObject& message) {
        if (type == QLatin1String("engine_error")) {
          progress(QStringLiteral("engine error: ") +
                   QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
        }
      });
  QQmlApplicationEngine qmlEngine;
  if (!console.load(qmlEngine)) {
    progress(QStringLiteral("set-up failed: the console's window could not be created"));
    return 1;
  }
  auto* window = qobject_cast<QQuickWindow*>(qmlEngine.rootObjects().value(0));
  if (window == nullptr) {
    progress(QStringLiteral("set-up failed: the console has no window"));
    return 1;
  }
  progress(
      QStringLiteral("the console logs in as %1 and queues the questions").arg(options.producer));
  auto queued = prepareConsole(console, options, options.takes);
  if (!queued) {
    progress(QStringLiteral("set-up failed: ") + QString::fromStdString(queued.error().message));
    return 1;
  }
  window->requestActivate();
  if (!QTest::qWaitForWindowActive(window)) {
    progress(QStringLiteral("set-up failed: the console's window did not become active"));
    return 1;
  }
  window->contentItem()->forceActiveFocus();

  const int takes = std::min(options.takes, *queued);
  progress(QStringLiteral("%1 takes, one every %2 ms or more").arg(takes).arg(kTakeSpacingMs));
  std::vector<double> samples;
  // Takes with a show-sized running order behind them: a take of a queued question moves every
  // question behind it up in the same transaction, so a long queue costs milliseconds.
  std::vector<double> showSizedSamples;
  int missed = 0;
  for (int take = 1; take <= takes; ++take) {
    const int queuedBefore = console.queue().queuedCount();
    const TakeOutcome outcome = runTake(console, *window, times);
    if (outcome.latencyMs) {
      samples.push_back(*outcome.latencyMs);
      if (queuedBefore <= kShowSizedQueue) showSizedSamples.push_back(*outcome.latencyMs);
    } else {
      ++missed;
      progress(QStringLiteral("take %1 missed: %2").arg(take).arg(outcome.problem));
    }
    auto ms = [](const std::optional<double>& value) {
      return value ? QString::number(*value, 'f', 1) : QStringLiteral("-");
    };
    progress(QStringLiteral("take %1/%2: on air after %3 ms (graphics_ok after %4 ms)")
                 .arg(take)
                 .arg(takes)
                 .arg(ms(outcome.latencyMs), ms(outcome.committedMs)));
  }

  if (!options.samplesFile.isEmpty()) {
    QFile file(options.samplesFile);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) {
      QTextStream out(&file);
      for (double sample : samples)
        out << QString::number(sample, 'f', 3) << '\n';
    } else {
      progress(QStringLiteral("cannot write ") + options.samplesFile);
    }
  }
  std::vector<double> sorted = samples;
  std::sort(sorted.begin(), sorted.end());
  const QString line =
      QStringLiteral(
          "{\"takes\":%1,\"measured\":%2,\"missed\":%3,\"p50_ms\":%4,\"p90_ms\":%5,"
          "\"p99_ms\":%6,\"max_ms\":%7,\"min_ms\":%8,\"target_ms\":%9,")
          .arg(takes)
          .arg(static_cast<qulonglong>(sorted.size()))
          .arg(missed)
          .arg(figure(sorted, 50), figure(sorted, 90), figure(sorted, 99), figure(sorted, 100),
               sorted.empty() ? QStringLiteral("null") : QString::number(sorted.front(), 'f', 1))
          .arg(kTargetMs) +
      showSizedFigures(showSizedSamples);
  std::printf("%s\n", qPrintable(line));
  std::fflush(stdout);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  QStringList arguments;
  for (int i = 1; i < argc; ++i)
    arguments.append(QString::fromLocal8Bit(argv[i]));
  auto options = parseOptions(arguments);
  if (!options) {
    std::fprintf(stderr, "take_to_air_bench: %s\n%s", options.error().message.c_str(), kUsage);
    return 2;
  }
  if (options->showHelp) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  // No display needed; a platform given by the caller (xcb to watch it) wins.
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QGuiApplication application(argc, argv);
  QGuiApplication::setApplicationName(QStringLiteral("take_to_air_bench"));
  return runBench(*options);
}
