#include "fake_staff_server.hpp"

#include <QJsonDocument>

namespace sporazum::studio::testing {

FakeStaffServer::FakeStaffServer()
    : server_(QStringLiteral("fake-staff"), QWebSocketServer::NonSecureMode) {
  server_.setSupportedSubprotocols({QStringLiteral("sporazum.staff.v1")});
  connect(&server_, &QWebSocketServer::newConnection, this, &FakeStaffServer::onNewConnection);
  server_.listen(QHostAddress::LocalHost, 0);
  port_ = server_.serverPort();
}

FakeStaffServer::~FakeStaffServer() {
  for (QWebSocket* client : clients_) {
    client->disconnect(this);
    client->abort();
    delete client;
  }
}

QString FakeStaffServer::url() const {
  return QStringLiteral("ws://127.0.0.1:%1/ws/staff").arg(port_);
}

bool FakeStaffServer::listenAgain() {
  return server_.listen(QHostAddress::LocalHost, port_);
}

void FakeStaffServer::stopListening() {
  server_.close();
}

void FakeStaffServer::addAccount(const QString& username, const QString& password,
                                 const QString& role) {
  accounts_.insert(username, Account{password, role});
}

QList<QJsonObject> FakeStaffServer::receivedOfType(const QString& type) const {
  QList<QJsonObject> matching;
  for (const QJsonObject& message : received_) {
    if (message.value(QStringLiteral("type")).toString() == type) matching.append(message);
  }
  return matching;
}

void FakeStaffServer::pushToAll(const QJsonObject& message) {
  for (QWebSocket* client : clients_)
    send(client, message);
}

void FakeStaffServer::sendRawToAll(const QString& text) {
  for (QWebSocket* client : clients_)
    client->sendTextMessage(text);
}

void FakeStaffServer::sendBinaryToAll(const QByteArray& data) {
  for (QWebSocket* client : clients_)
    client->sendBinaryMessage(data);
}

void FakeStaffServer::dropAll() {
  const QList<QWebSocket*> clients = clients_;
  clients_.clear();
  userOfClient_.clear();
  for (QWebSocket* client : clients) {
    client->disconnect(this);
    client->abort();
    client->deleteLater();
  }
}

void FakeStaffServer::onNewConnection() {
  while (QWebSocket* client = server_.nextPendingConnection()) {
    ++connectionsAccepted_;
    origins_.append(client->origin());
    subprotocols_.append(client->subprotocol());
    clients_.append(client);
    connect(client, &QWebSocket::textMessageReceived, this,
            [this, client](const QString& text) { onMessage(client, text); });
    connect(client, &QWebSocket::disconnected, this, [this, client] {
      clients_.removeAll(client);
      userOfClient_.remove(client);
      client->deleteLater();
    });
  }
}

void FakeStaffServer::onMessage(QWebSocket* client, const QString& text) {
  const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
  received_.append(message);
  emit messageReceived(message);
  const QString type = message.value(QStringLiteral("type")).toString();
  const QString id = message.value(QStringLiteral("id")).toString();
  if (type == QLatin1String("login")) {
    const QString username = message.value(QStringLiteral("username")).toString();
    auto account = accounts_.constFind(username);
    if (account == accounts_.constEnd() ||
        account->password != message.value(QStringLiteral("password")).toString()) {
      send(client, {{"type", "error"},
                    {"id", id},
                    {"code", "login_failed"},
                    {"message", "wrong username or password"}});
      return;
    }
    startSession(client, id, username);
  } else if (type == QLatin1String("resume")) {
    auto user = userOfToken_.constFind(message.value(QStringLiteral("token")).toString());
    if (user == userOfToken_.constEnd()) {
      send(client, {{"type", "error"},
                    {"id", id},
                    {"code", "session_invalid"},
                    {"message", "the session has ended"}});
      return;
    }
    startSession(client, id, *user);
  } else if (type == QLatin1String("logout")) {
    userOfToken_.remove(lastToken_);
    send(client, {{"type", "logged_out"}, {"id", id}});
  } else if (!answersRequests_) {
    return;
  } else if (auto outcome =
                 isShowOn_ ? show_.handle(message, userOfClient_.value(client)) : std::nullopt) {
    send(client, outcome->reply);
    for (const QJsonObject& push : outcome->pushes)
      pushToAll(push);
  } else if (auto reply = isArchiveOn_ ? archive_.handle(message) : std::nullopt) {
    send(client, *reply);
  } else if (type == QLatin1String("graphics")) {
    send(client, {{"type", "graphics_ok"}, {"id", id}, {"seq", ++seq_}});
  } else {
    send(client, {{"type", "error"},
                  {"id", id},
                  {"code", "unknown_type"},
                  {"message", "unknown message type"}});
  }
}

void FakeStaffServer::startSession(QWebSocket* client, const QString& id, const QString& username) {
  ++sessionsStarted_;
  userOfClient_.insert(client, username);
  lastToken_ = QStringLiteral("token-%1").arg(sessionsStarted_);
  userOfToken_.insert(lastToken_, username);
  const Account account = accounts_.value(username);
  send(client, {{"type", "session"},
                {"id", id},
                {"token", lastToken_},
                {"expiresAt", "2026-11-24T07:04:05.123Z"},
                {"user", QJsonObject{{"username", username},
                                     {"displayName", username.toUpper()},
                                     {"role", account.role}}}});
  for (const QJsonObject& message : afterSession_)
    send(client, message);
  if (isShowOn_) {
    send(client, show_.programmeMessage());
    send(client, show_.showMessage());
    for (const QJsonObject& message : show_.queueMessages())
      send(client, message);
  }
}

void FakeStaffServer::send(QWebSocket* client, const QJsonObject& message) {
  client->sendTextMessage(QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
}

}  // namespace sporazum::studio::testing
