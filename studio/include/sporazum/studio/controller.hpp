#pragma once
// What the producer's keys and buttons do: `graphics` requests to the server (cue, take, clear,
// clear all, guest supers, logo/QR/ticker, ticker text) and the queue's requests, with the
// server's answers turned into one visible message.

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QVariantList>
#include <QVariantMap>
#include <functional>

#include "sporazum/studio/clock.hpp"
#include "sporazum/studio/programme_model.hpp"
#include "sporazum/studio/question_queue_model.hpp"

namespace sporazum::studio {

/// GUI thread only. Sends through `send` and never waits: the outcome arrives later through
/// onReply / onFailure (wired to StudioConnection) and shows in `message`. A `conflict` (the
/// question changed since the producer saw it) says who changed it and refreshes the row.
class Controller : public QObject {
  Q_OBJECT
  Q_PROPERTY(QString message READ message NOTIFY messageChanged)
  Q_PROPERTY(bool isError READ isError NOTIFY messageChanged)
  Q_PROPERTY(QVariantMap replaces READ replaces NOTIFY replacesChanged)
  Q_PROPERTY(QVariantList guests READ guests WRITE setGuests NOTIFY guestsChanged)
  Q_PROPERTY(QString tickerText READ tickerText NOTIFY tickerTextChanged)
  Q_PROPERTY(int inFlight READ inFlight NOTIFY inFlightChanged)

 public:
  /// Sends a request of `type` with `fields` and returns its id (StudioConnection::request).
  using Sender = std::function<QString(const QString& type, const QJsonObject& fields)>;

  /// A second press of the same take within this time is a bounce or a double press: ignored.
  static constexpr std::int64_t kRepeatGuardMs = 1'000;
  static constexpr int kMaxTickerChars = 1'000;
  static constexpr int kMaxNameChars = 200;

  Controller(ProgrammeModel& programme, QuestionQueueModel& queue, Sender send,
             Clock clock = steadyClock(), QObject* parent = nullptr);

  /// Cues the first queued question on the lower third.
  Q_INVOKABLE bool cueNext();
  /// Takes what is cued on `layer`.
  Q_INVOKABLE bool take(const QString& layer);
  Q_INVOKABLE bool clear(const QString& layer);
  /// Panic: everything off air at once. Never debounced.
  Q_INVOKABLE bool clearAll();
  /// Takes guest `index` of `guests` as the super.
  Q_INVOKABLE bool takeGuest(int index);
  /// Puts logo, qr, ticker or clock on air (take) or off (clear): sets a state, never toggles.
  Q_INVOKABLE bool setLayerOn(const QString& layer, bool isOn);
  /// Updates the ticker on air, or cues it when it is off.
  Q_INVOKABLE bool setTickerText(const QString& text);
  /// Puts an approved question at the end of the queue (`queue_move`, the position past the
  /// last). False (and a message) when it is not an approved question.
  Q_INVOKABLE bool addToQueue(qint64 questionId);
  /// Takes a queued question out of the queue, back to approved (`queue_remove`).
  Q_INVOKABLE bool removeFromQueue(qint64 questionId);
  /// Moves a queued question, or queues an approved one, at `position` (1 = next).
  bool requestReorder(qint64 questionId, int position);

  QString message() const { return message_; }
  bool isError() const { return isError_; }
  /// layer → "Replaces: …" for every layer with something on air.
  QVariantMap replaces() const { return replaces_; }
  Q_INVOKABLE QString replacesText(const QString& layer) const;
  QVariantList guests() const { return guests_; }
  /// A list of {name, role}; entries without a name are dropped.
  void setGuests(const QVariantList& guests);
  QString tickerText() const { return tickerText_; }
  int inFlight() const { return static_cast<int>(inFlight_.size()); }

 public slots:
  void onReply(const QString& id, const QString& type, const QJsonObject& message);
  void onFailure(const QString& id, const QString& code, const QString& message);
  /// An `engine_error` push: an engine could not carry out a command.
  void onEngineError(const QJsonObject& message);

 signals:
  void messageChanged();
  void replacesChanged();
  void guestsChanged();
  void tickerTextChanged();
  void inFlightChanged();

 private:
  bool sendGraphics(const QString& action, const QString& layer, const QJsonObject* graphic,
                    const QString& what);
  bool sendTake(const QString& layer, const QJsonObject* graphic, const QString& what);
  bool sendRequest(const QString& type, const QJsonObject& fields, const QString& what);
  void onConflict(const QString& what, const QJsonObject& message);
  void show(const QString& text, bool isError);
  void refreshReplaces();

  ProgrammeModel& programme_;
  QuestionQueueModel& queue_;
  Sender send_;
  Clock clock_;

  QHash<QString, QString> inFlight_;       ///< request id → what it does, for the message
  QHash<QString, std::int64_t> lastTake_;  ///< take key → when it was last sent
  QString message_;
  bool isError_ = false;
  QVariantMap replaces_;
  QVariantList guests_;
  QString tickerText_;
};

/// The producer-facing text for an error code from the server or the connection.
QString describeError(const QString& code, const QString& serverMessage);

}  // namespace sporazum::studio
