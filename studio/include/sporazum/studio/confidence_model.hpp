#pragma once
// The engines' confidence pictures (`preview`: a small JPEG of each engine's programme output,
// at most twice a second), one row per engine, each with its age: a picture older than 3 s is
// stale (the engine, the server or the link has stopped).

#include <QAbstractListModel>
#include <QHash>
#include <QImage>
#include <QJsonObject>
#include <QQuickImageProvider>
#include <QTimer>
#include <QVector>
#include <memory>
#include <mutex>

#include "sporazum/studio/clock.hpp"

namespace sporazum::studio {

/// The decoded pictures, shared by the model (writer, GUI thread) and the image provider
/// (reader, whichever thread Qt Quick chooses).
struct ConfidenceSlots {
  std::mutex mutex;
  QHash<QString, QImage> images;  ///< the engine's key → its latest picture
};

/// image://confidence/<the engine's key>/<revision>. Owned by the QQmlEngine.
class ConfidenceImageProvider : public QQuickImageProvider {
 public:
  explicit ConfidenceImageProvider(std::shared_ptr<ConfidenceSlots> pictures);
  QImage requestImage(const QString& id, QSize* size, const QSize& requestedSize) override;

 private:
  std::shared_ptr<ConfidenceSlots> slots_;
};

/// GUI thread only. The JPEG is decoded here, on the GUI thread: a 320×180 picture takes well
/// under a millisecond, twice a second per engine. Its age is counted from when it arrived at
/// this machine (the steady clock), so no clock needs to agree with another.
class ConfidenceModel : public QAbstractListModel {
  Q_OBJECT
  Q_PROPERTY(int count READ count NOTIFY countChanged)
  Q_PROPERTY(int refusedCount READ refusedCount NOTIFY refusedChanged)
  Q_PROPERTY(QString lastError READ lastError NOTIFY refusedChanged)

 public:
  enum Role {
    EngineRole = Qt::UserRole + 1,  ///< the engine's account, e.g. engine-main
    SourceRole,                     ///< image://confidence/…; "" before the first good picture
    HasImageRole,
    AgeMsRole,  ///< since the latest good picture arrived, in tenths of seconds; -1: none yet
    StaleRole,  ///< older than kStaleMs, or none yet
    AtRole,     ///< when the server got it (ISO 8601), as sent
    SizeRole,   ///< the picture's size in pixels
  };
  Q_ENUM(Role)

  static constexpr qint64 kStaleMs = 3'000;
  static constexpr int kMaxBase64Chars = 65'540;  ///< core::kMaxPreviewBase64Bytes
  static constexpr int kMaxWidth = 1'280;
  static constexpr int kMaxHeight = 720;
  static constexpr int kMaxEngines = 16;
  static constexpr int kAgeRefreshMs = 250;

  explicit ConfidenceModel(QObject* parent = nullptr, Clock steadyClockMs = steadyClock());

  int rowCount(const QModelIndex& parent = QModelIndex()) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;

  /// A `preview` message. False (refusedCount, lastError) when it is malformed or its picture
  /// cannot be decoded; the engine's previous picture then stays and ages.
  bool applyPreview(const QJsonObject& message);
  /// Re-evaluates ages and staleness (the timer calls it every kAgeRefreshMs).
  void refreshAges();
  /// For QQmlEngine::addImageProvider("confidence", …); the engine owns it.
  QQuickImageProvider* createImageProvider() const;

  int count() const { return static_cast<int>(engines_.size()); }
  int refusedCount() const { return refusedCount_; }
  QString lastError() const { return lastError_; }
  /// The latest picture of `engine` (null when none).
  QImage image(const QString& engine) const;

 signals:
  void countChanged();
  void refusedChanged();

 private:
  struct Engine {
    QString engine;
    QString key;  ///< e1, e2, …: names the picture in image URLs
    QString source;
    QString at;
    QSize size;
    qint64 receivedMs = -1;  ///< steady clock; -1: no good picture yet
    qint64 ageTenths = -1;
    bool stale = true;
  };

  bool refuse(const QString& error);
  int rowOf(const QString& engine) const;
  qint64 ageTenths(const Engine& engine) const;
  bool isStale(const Engine& engine) const;

  Clock clock_;
  QVector<Engine> engines_;
  std::shared_ptr<ConfidenceSlots> slots_;
  QTimer ageTimer_;
  quint64 revision_ = 0;
  int refusedCount_ = 0;
  QString lastError_;
};

}  // namespace sporazum::studio
