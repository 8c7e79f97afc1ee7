#pragma once
// The programme as the server records it (one row per layer: what is cued, what is on air) and
// the tally as the engines report it (as_run). Fixed rows, bottom layer first.

#include <QAbstractListModel>
#include <QJsonObject>
#include <QString>
#include <QVector>

namespace sporazum::studio {

/// GUI thread only. Each `programme` message replaces the whole state (after a reconnect too);
/// `as_run` moves the tally. A malformed message is refused whole: nothing half-applied.
class ProgrammeModel : public QAbstractListModel {
  Q_OBJECT
  Q_PROPERTY(qint64 seq READ seq NOTIFY programmeChanged)
  /// The layers with something on air as the server records it, for switches bound in QML.
  Q_PROPERTY(QStringList layersOnAir READ layersOnAir NOTIFY programmeChanged)
  Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)

 public:
  enum Role {
    LayerRole = Qt::UserRole + 1,  ///< "layerKey" in QML (Item has a `layer`): lower_third, …
    TitleRole,                     ///< the layer's name for people
    CuedRole,                      ///< the cued graphic (a map; empty when nothing)
    HasCueRole,
    CuedLabelRole,
    OnAirRole,  ///< the graphic on air as the server records it
    IsOnAirRole,
    OnAirLabelRole,
    OnAirSeqRole,
    TallyRole,         ///< on air as the engines last reported (red tally)
    TallyPendingRole,  ///< the server's programme and the engines' tally disagree (in transition)
  };
  Q_ENUM(Role)

  explicit ProgrammeModel(QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = QModelIndex()) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;

  /// Applies a `programme` message. False (and lastError set) when it is malformed.
  bool applyProgramme(const QJsonObject& message);
  /// Applies an `as_run` message: the tally of its layer. Older reports (by seq) are ignored.
  bool applyAsRun(const QJsonObject& message);
  /// A new session begins: the next programme also sets the tally (the engines' earlier reports
  /// are not sent again).
  void beginResync();

  qint64 seq() const { return seq_; }
  QStringList layersOnAir() const;
  QString lastError() const { return lastError_; }
  /// Short label of what is on air on `layer`, "" when nothing is.
  Q_INVOKABLE QString onAirLabel(const QString& layer) const;
  Q_INVOKABLE bool isOnAir(const QString& layer) const;
  Q_INVOKABLE bool hasCue(const QString& layer) const;
  /// The cued graphic of `layer` (empty map when nothing is cued).
  Q_INVOKABLE QVariantMap cued(const QString& layer) const;
  int rowOfLayer(const QString& layer) const;

 signals:
  void programmeChanged();
  void lastErrorChanged();

 private:
  struct Layer {
    QString key;
    bool hasCue = false;
    QJsonObject cued;
    bool isOnAir = false;
    QJsonObject onAir;
    qint64 onAirSeq = 0;
    bool tally = false;
    qint64 tallySeq = -1;  ///< seq of the as_run that set the tally; -1: none this session
  };

  void refuse(const QString& error);
  void emitRowChanged(int row);

  QVector<Layer> layers_;
  qint64 seq_ = 0;
  bool isResyncing_ = true;
  QString lastError_;
};

}  // namespace sporazum::studio
