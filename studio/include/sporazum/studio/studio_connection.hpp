#pragma once
// The studio's session on the server's staff socket (schema/protocol.md, "Staff protocol"):
// log in or resume, request ids with one outcome each, pushes handed on by type, and a reconnect
// with back-off that resumes the session by itself. Talks only to the questions server.

#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>

#include "sporazum/studio/clock.hpp"
#include "sporazum/studio/pending_requests.hpp"

namespace sporazum::studio {

/// GUI thread only. Never blocks: QWebSocket is asynchronous and nothing here waits on it.
/// The password is held only until the login message is sent; the session token is kept in
/// memory (never logged, never written) to resume after a drop.
class StudioConnection : public QObject {
  Q_OBJECT
  Q_PROPERTY(QString stateName READ stateName NOTIFY stateChanged)
  Q_PROPERTY(bool isReady READ isReady NOTIFY stateChanged)
  Q_PROPERTY(bool needsLogin READ needsLogin NOTIFY stateChanged)
  Q_PROPERTY(bool hasSession READ hasSession NOTIFY stateChanged)
  Q_PROPERTY(QString errorText READ errorText NOTIFY errorTextChanged)
  Q_PROPERTY(QString serverUrl READ serverUrl WRITE setServerUrl NOTIFY serverUrlChanged)
  Q_PROPERTY(QString userDisplayName READ userDisplayName NOTIFY stateChanged)
  Q_PROPERTY(QString userRole READ userRole NOTIFY stateChanged)
  Q_PROPERTY(int reconnectDelayMs READ reconnectDelayMs NOTIFY stateChanged)

 public:
  enum class State {
    Offline = 1,     ///< not started, or logged out
    Connecting,      ///< opening the socket, or waiting to retry
    Authenticating,  ///< login or resume sent
    Ready,           ///< a producer's or admin's session
    NeedsLogin,      ///< connected, waiting for a username and password
    Refused,         ///< this account may not use the studio: no retry until a new login
  };
  Q_ENUM(State)

  static constexpr int kDefaultTimeoutMs = 10'000;
  static constexpr int kLoginTimeoutMs = 20'000;  ///< Argon2id and a busy server take a while
  static constexpr int kFirstBackoffMs = 250;
  static constexpr int kMaxBackoffMs = 5'000;
  static constexpr int kHeartbeatMs = 5'000;
  static constexpr int kSilenceLimitMs = 15'000;
  static constexpr qint64 kMaxIncomingBytes = 16 * 1024 * 1024;

  explicit StudioConnection(QObject* parent = nullptr, Clock clock = steadyClock());
  ~StudioConnection() override;

  /// ws://HOST:PORT/ws/staff. Takes effect at the next connect.
  void setServerUrl(const QString& url);
  QString serverUrl() const { return url_.toString(); }

  /// Opens the socket (resumes when a token is held, else waits for `logIn`).
  Q_INVOKABLE void start();
  /// Logs in as `username`; connects first when needed.
  Q_INVOKABLE void logIn(const QString& username, const QString& password);
  /// Ends the session on the server and forgets the token.
  Q_INVOKABLE void logOut();

  /// Sends {type, id, ...fields} and returns the id. Exactly one of replyReceived or
  /// requestFailed follows for it (requestFailed with `not_connected` when there is no session).
  /// `timeoutMs` 0: the default timeout.
  QString request(const QString& type, QJsonObject fields, int timeoutMs = 0);

  State state() const { return state_; }
  QString stateName() const;
  bool isReady() const { return state_ == State::Ready; }
  bool needsLogin() const;
  bool hasSession() const { return !token_.isEmpty(); }
  QString errorText() const { return errorText_; }
  QString userDisplayName() const { return displayName_; }
  QString userRole() const { return role_; }
  int reconnectDelayMs() const { return backoffMs_; }
  int pendingCount() const { return pending_.count(); }
  /// Messages from the server that were not JSON objects with a type (ignored, counted).
  int malformedCount() const { return malformedCount_; }

  /// Test hook: how long the next request waits for its reply by default.
  void setDefaultTimeoutMs(int timeoutMs) { defaultTimeoutMs_ = timeoutMs; }

 signals:
  void stateChanged();
  void errorTextChanged();
  void serverUrlChanged();
  /// A new session (after a login or a resume): everything pushed after it replaces what the
  /// models knew.
  void sessionStarted();
  /// A reply (any type but `error`) to request `id`.
  void replyReceived(const QString& id, const QString& type, const QJsonObject& message);
  /// Request `id` failed: the server's error code, or `not_connected`, `connection_lost` (it may
  /// or may not have been applied) or `timeout`. `field` names the field a refusal is about
  /// (`title`, `guests[2].name`), "" when none.
  void requestFailed(const QString& id, const QString& code, const QString& message,
                     const QString& field);
  /// The server's whole `error` message for request `id`, just before requestFailed, for errors
  /// that carry more than a code (an archive_edit `conflict` holds the episode as it is now).
  void requestRefused(const QString& id, const QJsonObject& message);
  /// A message that answers no pending request (programme, engine_status, as_run, …).
  void pushReceived(const QString& type, const QJsonObject& message);

 private:
  void connectSocket();
  void onConnected();
  void onSocketStateChanged(QAbstractSocket::SocketState socketState);
  void onTextMessage(const QString& text);
  void onSession(const QJsonObject& message);
  void onAuthError(const QString& code, const QJsonObject& message);
  void sendLogin();
  void sendResume();
  void sendRaw(const QJsonObject& message);
  void heartbeat();
  void setState(State state);
  void setErrorText(const QString& text);
  void failAllPending(const QString& code, const QString& message);
  QString nextId();

  QWebSocket socket_;
  PendingRequests pending_;
  QTimer reconnectTimer_;
  QTimer heartbeatTimer_;
  Clock clock_;

  QUrl url_;
  State state_ = State::Offline;
  QString errorText_;
  QString token_;
  QString username_;
  QString pendingPassword_;  ///< only between logIn and sending the login
  QString displayName_;
  QString role_;
  QString authRequestId_;  ///< the login or resume in flight
  bool isAuthByLogin_ = false;
  bool isClosingOnPurpose_ = false;
  int backoffMs_ = kFirstBackoffMs;
  int defaultTimeoutMs_ = kDefaultTimeoutMs;
  qint64 nextRequest_ = 1;
  qint64 lastHeardMs_ = 0;
  int malformedCount_ = 0;
};

}  // namespace sporazum::studio
