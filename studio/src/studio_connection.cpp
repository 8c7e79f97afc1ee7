#include "sporazum/studio/studio_connection.hpp"

#include <QJsonDocument>
#include <QNetworkRequest>
#include <QWebSocketHandshakeOptions>
#include <algorithm>
#include <cmath>

#include "sporazum/core/log.hpp"

namespace sporazum::studio {
namespace {

const QString kSubprotocol = QStringLiteral("sporazum.staff.v1");

}  // namespace

StudioConnection::StudioConnection(QObject* parent, Clock clock)
    : QObject(parent), clock_(std::move(clock)) {
  // The server's own limit on what it sends is far lower; this only stops a runaway peer.
  socket_.setMaxAllowedIncomingMessageSize(static_cast<quint64>(kMaxIncomingBytes));
  socket_.setMaxAllowedIncomingFrameSize(static_cast<quint64>(kMaxIncomingBytes));
  connect(&socket_, &QWebSocket::connected, this, &StudioConnection::onConnected);
  connect(&socket_, &QWebSocket::stateChanged, this, &StudioConnection::onSocketStateChanged);
  connect(&socket_, &QWebSocket::textMessageReceived, this, &StudioConnection::onTextMessage);
  connect(&socket_, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray&) {
    ++malformedCount_;
    log::warn("studio.connection.binary_message");
  });
  connect(&socket_, &QWebSocket::pong, this, [this] { lastHeardMs_ = clock_(); });
  connect(
      &pending_, &PendingRequests::timedOut, this, [this](const QString& id, const QString& type) {
        if (id == authRequestId_) {
          // No answer to the login or resume: start over on a fresh connection.
          authRequestId_.clear();
          log::warn("studio.connection.auth_timeout");
          socket_.abort();
          return;
        }
        log::warn("studio.connection.timeout", {{"type", std::string_view(type.toStdString())}});
        emit requestFailed(id, QStringLiteral("timeout"), tr("The server did not answer in time."),
                           {});
      });
  reconnectTimer_.setSingleShot(true);
  connect(&reconnectTimer_, &QTimer::timeout, this, &StudioConnection::connectSocket);
  heartbeatTimer_.setInterval(kHeartbeatMs);
  connect(&heartbeatTimer_, &QTimer::timeout, this, &StudioConnection::heartbeat);
}

StudioConnection::~StudioConnection() {
  isClosingOnPurpose_ = true;
  socket_.disconnect(this);
  socket_.abort();
}

void StudioConnection::setServerUrl(const QString& url) {
  const QUrl parsed(url);
  if (parsed == url_) return;
  url_ = parsed;
  emit serverUrlChanged();
}

QString StudioConnection::stateName() const {
  switch (state_) {
    case State::Offline:
      return QStringLiteral("offline");
    case State::Connecting:
      return QStringLiteral("connecting");
    case State::Authenticating:
      return QStringLiteral("authenticating");
    case State::Ready:
      return QStringLiteral("ready");
    case State::NeedsLogin:
      return QStringLiteral("needs_login");
    case State::Refused:
      return QStringLiteral("refused");
  }
  return {};
}

bool StudioConnection::needsLogin() const {
  // With a session held, a drop only reconnects: the console stays, nobody retypes a password.
  return state_ != State::Ready && token_.isEmpty();
}

void StudioConnection::start() {
  isClosingOnPurpose_ = false;
  if (socket_.state() == QAbstractSocket::UnconnectedState) connectSocket();
}

void StudioConnection::logIn(const QString& username, const QString& password) {
  username_ = username;
  pendingPassword_ = password;
  token_.clear();  // an explicit login replaces any session held
  isClosingOnPurpose_ = false;
  setErrorText({});
  if (socket_.state() == QAbstractSocket::ConnectedState) {
    if (authRequestId_.isEmpty()) sendLogin();
  } else if (socket_.state() == QAbstractSocket::UnconnectedState) {
    backoffMs_ = kFirstBackoffMs;
    connectSocket();
  }
  // Otherwise the socket is opening: onConnected sends the login.
}

void StudioConnection::logOut() {
  if (state_ == State::Ready) {
    sendRaw(QJsonObject{{"type", "logout"}, {"id", nextId()}});
  }
  token_.clear();
  displayName_.clear();
  role_.clear();
  failAllPending(QStringLiteral("logged_out"), tr("Logged out."));
  setState(socket_.state() == QAbstractSocket::ConnectedState ? State::NeedsLogin : State::Offline);
}

QString StudioConnection::request(const QString& type, QJsonObject fields, int timeoutMs) {
  const QString id = nextId();
  if (state_ != State::Ready) {
    // Never queued for later: a take sent seconds late would be worse than none.
    QMetaObject::invokeMethod(
        this,
        [this, id] {
          emit requestFailed(id, QStringLiteral("not_connected"),
                             tr("Not connected to the server: nothing was sent."), {});
        },
        Qt::QueuedConnection);
    return id;
  }
  fields.insert(QStringLiteral("type"), type);
  fields.insert(QStringLiteral("id"), id);
  pending_.add(id, type, timeoutMs > 0 ? timeoutMs : defaultTimeoutMs_);
  sendRaw(fields);
  return id;
}

void StudioConnection::connectSocket() {
  reconnectTimer_.stop();
  if (!url_.isValid() || (url_.scheme() != "ws" && url_.scheme() != "wss")) {
    setErrorText(tr("No server address (ws://HOST:PORT/ws/staff)."));
    setState(State::Offline);
    return;
  }
  setState(State::Connecting);
  QWebSocketHandshakeOptions options;
  options.setSubprotocols({kSubprotocol});
  // No Origin header: the server checks it only for browsers.
  socket_.open(QNetworkRequest(url_), options);
}

void StudioConnection::onConnected() {
  lastHeardMs_ = clock_();
  heartbeatTimer_.start();
  if (socket_.subprotocol() != kSubprotocol) {
    log::warn("studio.connection.subprotocol_mismatch");
  }
  if (!token_.isEmpty()) {
    sendResume();
  } else if (!pendingPassword_.isEmpty()) {
    sendLogin();
  } else {
    setState(State::NeedsLogin);
  }
}

void StudioConnection::sendLogin() {
  authRequestId_ = nextId();
  isAuthByLogin_ = true;
  pending_.add(authRequestId_, QStringLiteral("login"), kLoginTimeoutMs);
  sendRaw(QJsonObject{{"type", "login"},
                      {"id", authRequestId_},
                      {"username", username_},
                      {"password", pendingPassword_}});
  // Best effort: the password leaves this object once sent.
  pendingPassword_.fill(QChar(u'\0'));
  pendingPassword_.clear();
  setState(State::Authenticating);
}

void StudioConnection::sendResume() {
  authRequestId_ = nextId();
  isAuthByLogin_ = false;
  pending_.add(authRequestId_, QStringLiteral("resume"), kLoginTimeoutMs);
  sendRaw(QJsonObject{{"type", "resume"}, {"id", authRequestId_}, {"token", token_}});
  setState(State::Authenticating);
}

void StudioConnection::sendRaw(const QJsonObject& message) {
  socket_.sendTextMessage(QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
}

void StudioConnection::onTextMessage(const QString& text) {
  lastHeardMs_ = clock_();
  QJsonParseError parseError{};
  const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &parseError);
  const QJsonObject message = document.object();
  const QString type = message.value(QStringLiteral("type")).toString();
  if (parseError.error != QJsonParseError::NoError || !document.isObject() || type.isEmpty()) {
    // Only the size: the payload may hold viewers' text.
    ++malformedCount_;
    log::warn("studio.connection.bad_message", {{"bytes", static_cast<std::int64_t>(text.size())}});
    return;
  }
  const QString id = message.value(QStringLiteral("id")).toString();
  if (!id.isEmpty() && id == authRequestId_) {
    pending_.take(id);
    authRequestId_.clear();
    if (type == QLatin1String("session")) {
      onSession(message);
    } else {
      onAuthError(message.value(QStringLiteral("code")).toString(QStringLiteral("bad_message")),
                  message);
    }
    return;
  }
  if (type == QLatin1String("session_expired")) {
    token_.clear();
    failAllPending(QStringLiteral("session_expired"), tr("The session has expired."));
    setErrorText(tr("The session has expired: log in again."));
    setState(State::NeedsLogin);
    return;
  }
  if (!id.isEmpty()) {
    if (pending_.take(id)) {
      if (type == QLatin1String("error")) {
        emit requestRefused(id, message);
        emit requestFailed(id,
                           message.value(QStringLiteral("code")).toString(QStringLiteral("error")),
                           message.value(QStringLiteral("message")).toString(),
                           message.value(QStringLiteral("field")).toString());
      } else {
        emit replyReceived(id, type, message);
      }
      return;
    }
  }
  if (state_ == State::Ready) emit pushReceived(type, message);
}

void StudioConnection::onSession(const QJsonObject& message) {
  const QJsonObject user = message.value(QStringLiteral("user")).toObject();
  const QString token = message.value(QStringLiteral("token")).toString();
  const QString role = user.value(QStringLiteral("role")).toString();
  if (token.isEmpty()) {
    setErrorText(tr("The server's answer to the login was not understood."));
    setState(State::NeedsLogin);
    return;
  }
  if (role != QLatin1String("producer") && role != QLatin1String("admin")) {
    // Revoke the session we will not use, then hang up; no retry until someone else logs in.
    sendRaw(QJsonObject{{"type", "logout"}, {"id", nextId()}});
    token_.clear();
    setErrorText(tr("The account \"%1\" is a %2 account: the studio is for producers and admins.")
                     .arg(user.value(QStringLiteral("username")).toString(), role));
    log::warn("studio.connection.role_refused", {{"role", std::string_view(role.toStdString())}});
    isClosingOnPurpose_ = true;
    setState(State::Refused);
    socket_.close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("role"));
    return;
  }
  token_ = token;
  pendingPassword_.fill(QChar(u'\0'));
  pendingPassword_.clear();
  username_ = user.value(QStringLiteral("username")).toString();
  displayName_ = user.value(QStringLiteral("displayName")).toString(username_);
  role_ = role;
  backoffMs_ = kFirstBackoffMs;
  setErrorText({});
  log::info("studio.connection.session", {{"resumed", !isAuthByLogin_}});
  setState(State::Ready);
  emit sessionStarted();
}

void StudioConnection::onAuthError(const QString& code, const QJsonObject& message) {
  log::warn("studio.connection.auth_refused", {{"code", std::string_view(code.toStdString())}});
  if (!isAuthByLogin_ && code != QLatin1String("session_invalid")) {
    // The server could not check the token now (try_again, busy): keep it and come back later.
    socket_.abort();
    return;
  }
  if (code == QLatin1String("session_invalid")) {
    token_.clear();
    if (!pendingPassword_.isEmpty()) {
      sendLogin();  // someone typed a password while the old token was being tried
      return;
    }
    setErrorText(tr("The session has ended: log in again."));
  } else if (code == QLatin1String("login_failed")) {
    setErrorText(tr("Wrong username or password, or the account is disabled."));
  } else if (code == QLatin1String("login_throttled") || code == QLatin1String("busy")) {
    const double retryMs = message.value(QStringLiteral("retryAfterMs")).toDouble(1000);
    const int seconds = static_cast<int>(std::ceil(std::clamp(retryMs, 0.0, 3.6e6) / 1000.0));
    setErrorText(tr("Too many attempts: try again in %n second(s).", nullptr, seconds));
  } else {
    setErrorText(tr("The server refused the login (%1).").arg(code));
  }
  setState(State::NeedsLogin);
}

void StudioConnection::onSocketStateChanged(QAbstractSocket::SocketState socketState) {
  if (socketState != QAbstractSocket::UnconnectedState) return;
  heartbeatTimer_.stop();
  failAllPending(QStringLiteral("connection_lost"),
                 tr("The connection was lost: the server may or may not have applied this."));
  authRequestId_.clear();
  if (isClosingOnPurpose_ || state_ == State::Refused || state_ == State::Offline) {
    isClosingOnPurpose_ = false;
    if (state_ != State::Refused) setState(State::Offline);
    return;
  }
  if (socket_.error() != QAbstractSocket::UnknownSocketError) {
    setErrorText(tr("No connection to the server (%1); trying again.").arg(socket_.errorString()));
  }
  const int delayMs = backoffMs_;
  backoffMs_ = std::min(backoffMs_ * 2, kMaxBackoffMs);
  log::info("studio.connection.reconnecting", {{"delayMs", static_cast<std::int64_t>(delayMs)}});
  setState(State::Connecting);
  reconnectTimer_.start(delayMs);
}

void StudioConnection::heartbeat() {
  if (socket_.state() != QAbstractSocket::ConnectedState) return;
  if (clock_() - lastHeardMs_ > kSilenceLimitMs) {
    // A half-open connection (the server's host vanished) would otherwise look alive forever.
    log::warn("studio.connection.silent_server");
    socket_.abort();
    return;
  }
  socket_.ping();
}

void StudioConnection::setState(State state) {
  if (state == state_) return;
  state_ = state;
  emit stateChanged();
}

void StudioConnection::setErrorText(const QString& text) {
  if (text == errorText_) return;
  errorText_ = text;
  emit errorTextChanged();
}

void StudioConnection::failAllPending(const QString& code, const QString& message) {
  for (const QString& id : pending_.takeAll()) {
    if (id == authRequestId_) continue;
    emit requestFailed(id, code, message, {});
  }
}

QString StudioConnection::nextId() {
  return QStringLiteral("s%1").arg(nextRequest_++);
}

}  // namespace sporazum::studio
