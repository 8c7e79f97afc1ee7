#pragma once
// Every overlay engine the server knows, with its last health report (engine_status messages).

#include <QAbstractListModel>
#include <QJsonObject>
#include <QString>
#include <QTimer>
#include <QVector>

#include "sporazum/studio/clock.hpp"

namespace sporazum::studio {

/// GUI thread only. Each `engine_status` message is the whole list and replaces it. An engine
/// whose last report is older than kStaleMs (by the server's `at`, compared with this machine's
/// wall clock: keep both on NTP) is stale; a timer re-checks while nothing arrives.
class EngineStatusModel : public QAbstractListModel {
  Q_OBJECT
  Q_PROPERTY(int count READ count NOTIFY countChanged)
  Q_PROPERTY(bool allHealthy READ allHealthy NOTIFY healthChanged)
  Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)

 public:
  enum Role {
    EngineRole = Qt::UserRole + 1,  ///< the engine's account, e.g. engine-main
    NameRole,                       ///< the name it gives itself, e.g. main
    ConnectedRole,
    HasHealthRole,
    FpsRole,
    FramesOutRole,
    DroppedFramesRole,
    InputRole,  ///< ok, lost, starting
    GraphicsMsPerFrameRole,
    LastSeqRole,
    AtRole,     ///< when the server got the last report (ISO 8601)
    StaleRole,  ///< no report for more than kStaleMs, or none at all
  };
  Q_ENUM(Role)

  static constexpr qint64 kStaleMs = 3'000;

  explicit EngineStatusModel(QObject* parent = nullptr, Clock wallClockMs = wallClock());

  int rowCount(const QModelIndex& parent = QModelIndex()) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;

  /// Applies an `engine_status` message; false (and lastError) when it is malformed.
  bool applyEngineStatus(const QJsonObject& message);
  /// Re-evaluates staleness now (the timer calls it every half second).
  void refreshStaleness();

  int count() const { return static_cast<int>(engines_.size()); }
  /// Every engine connected, fresh and its input ok; false with no engine.
  bool allHealthy() const;
  QString lastError() const { return lastError_; }

 signals:
  void countChanged();
  void healthChanged();
  void lastErrorChanged();

 private:
  struct Engine {
    QString engine;
    QString name;
    bool connected = false;
    bool hasHealth = false;
    double fps = 0;
    qint64 framesOut = 0;
    qint64 droppedFrames = 0;
    QString input;
    double graphicsMsPerFrame = 0;
    qint64 lastSeq = 0;
    QString at;
    qint64 atMs = 0;
    bool stale = true;
  };

  bool isStale(const Engine& engine) const;

  QVector<Engine> engines_;
  Clock wallClock_;
  QTimer staleTimer_;
  QString lastError_;
};

}  // namespace sporazum::studio
