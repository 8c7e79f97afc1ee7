#pragma once
// A tiny staff endpoint for tests: login, resume, logout and graphics as schema/protocol.md
// describes them, on a QWebSocketServer bound to a free loopback port.

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QWebSocket>
#include <QWebSocketServer>

#include "fake_archive.hpp"
#include "fake_show.hpp"

namespace sporazum::studio::testing {

class FakeStaffServer : public QObject {
  Q_OBJECT

 public:
  FakeStaffServer();
  ~FakeStaffServer() override;

  /// ws://127.0.0.1:PORT/ws/staff
  QString url() const;
  bool listenAgain();  ///< on the same port, after stopListening
  void stopListening();

  void addAccount(const QString& username, const QString& password, const QString& role);
  /// Pushed to a client right after each of its sessions, in order.
  void setAfterSession(QList<QJsonObject> messages) { afterSession_ = std::move(messages); }
  /// False: requests other than login/resume/logout get no answer (for timeouts).
  void setAnswersRequests(bool answers) { answersRequests_ = answers; }
  /// Every token becomes invalid (as after `staff reset-password`).
  void forgetTokens() { userOfToken_.clear(); }
  /// True: the studio's requests are answered by `show()` (the real protocol's episodes, queue
  /// and lower third), and each session gets its programme, `show` and `queue` after the
  /// setAfterSession messages.
  void setShowOn(bool isOn) { isShowOn_ = isOn; }
  FakeShow& show() { return show_; }
  /// True: the archive's requests are answered by `archive()`.
  void setArchiveOn(bool isOn) { isArchiveOn_ = isOn; }
  FakeArchive& archive() { return archive_; }

  void pushToAll(const QJsonObject& message);
  void sendRawToAll(const QString& text);
  void sendBinaryToAll(const QByteArray& data);
  /// Drops every connection without a close handshake, as a crashed server would.
  void dropAll();

  int connectionCount() const { return static_cast<int>(clients_.size()); }
  int connectionsAccepted() const { return connectionsAccepted_; }
  int sessionsStarted() const { return sessionsStarted_; }
  const QList<QJsonObject>& received() const { return received_; }
  QList<QJsonObject> receivedOfType(const QString& type) const;
  QStringList origins() const { return origins_; }
  QStringList subprotocols() const { return subprotocols_; }
  QString lastToken() const { return lastToken_; }

 signals:
  void messageReceived(const QJsonObject& message);

 private:
  struct Account {
    QString password;
    QString role;
  };

  void onNewConnection();
  void onMessage(QWebSocket* client, const QString& text);
  void startSession(QWebSocket* client, const QString& id, const QString& username);
  static void send(QWebSocket* client, const QJsonObject& message);

  QWebSocketServer server_;
  quint16 port_ = 0;
  QList<QWebSocket*> clients_;
  QHash<QString, Account> accounts_;
  QHash<QString, QString> userOfToken_;
  QHash<QWebSocket*, QString> userOfClient_;
  FakeShow show_;
  bool isShowOn_ = false;
  FakeArchive archive_;
  bool isArchiveOn_ = false;
  QList<QJsonObject> afterSession_;
  QList<QJsonObject> received_;
  QStringList origins_;
  QStringList subprotocols_;
  QString lastToken_;
  bool answersRequests_ = true;
  int connectionsAccepted_ = 0;
  int sessionsStarted_ = 0;
  qint64 seq_ = 0;
};

}  // namespace sporazum::studio::testing
