#include "sporazum/studio/engine_status_model.hpp"

#include <QDateTime>
#include <QJsonArray>

#include "sporazum/core/log.hpp"

namespace sporazum::studio {
namespace {

constexpr int kMaxEngines = 64;
constexpr int kStaleCheckMs = 500;

}  // namespace

EngineStatusModel::EngineStatusModel(QObject* parent, Clock wallClockMs)
    : QAbstractListModel(parent), wallClock_(std::move(wallClockMs)) {
  staleTimer_.setInterval(kStaleCheckMs);
  connect(&staleTimer_, &QTimer::timeout, this, &EngineStatusModel::refreshStaleness);
  staleTimer_.start();
}

int EngineStatusModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : count();
}

QVariant EngineStatusModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
    return {};
  }
  const Engine& engine = engines_[index.row()];
  switch (role) {
    case Qt::DisplayRole:
    case NameRole:
      return engine.name.isEmpty() ? engine.engine : engine.name;
    case EngineRole:
      return engine.engine;
    case ConnectedRole:
      return engine.connected;
    case HasHealthRole:
      return engine.hasHealth;
    case FpsRole:
      return engine.fps;
    case FramesOutRole:
      return engine.framesOut;
    case DroppedFramesRole:
      return engine.droppedFrames;
    case InputRole:
      return engine.input;
    case GraphicsMsPerFrameRole:
      return engine.graphicsMsPerFrame;
    case LastSeqRole:
      return engine.lastSeq;
    case AtRole:
      return engine.at;
    case StaleRole:
      return engine.stale;
    default:
      return {};
  }
}

QHash<int, QByteArray> EngineStatusModel::roleNames() const {
  return {{EngineRole, "engine"},
          {NameRole, "name"},
          {ConnectedRole, "connected"},
          {HasHealthRole, "hasHealth"},
          {FpsRole, "fps"},
          {FramesOutRole, "framesOut"},
          {DroppedFramesRole, "droppedFrames"},
          {InputRole, "input"},
          {GraphicsMsPerFrameRole, "graphicsMsPerFrame"},
          {LastSeqRole, "lastSeq"},
          {AtRole, "at"},
          {StaleRole, "stale"}};
}

bool EngineStatusModel::applyEngineStatus(const QJsonObject& message) {
  const QJsonValue list = message.value(QStringLiteral("engines"));
  auto refuse = [this](const QString& error) {
    log::warn("studio.engine_status.refused");
    lastError_ = error;
    emit lastErrorChanged();
    return false;
  };
  if (!list.isArray()) return refuse(QStringLiteral("engine_status: engines must be an array"));
  if (list.toArray().size() > kMaxEngines) {
    return refuse(QStringLiteral("engine_status: more than 64 engines"));
  }
  QVector<Engine> next;
  for (const QJsonValue& value : list.toArray()) {
    const QJsonObject entry = value.toObject();
    const QJsonValue account = entry.value(QStringLiteral("engine"));
    const QJsonValue health = entry.value(QStringLiteral("health"));
    if (!value.isObject() || !account.isString() || account.toString().isEmpty() ||
        !entry.value(QStringLiteral("connected")).isBool() ||
        !(health.isObject() || health.isNull() || health.isUndefined())) {
      return refuse(QStringLiteral("engine_status: each engine needs engine, connected, health"));
    }
    Engine engine;
    engine.engine = account.toString();
    engine.connected = entry.value(QStringLiteral("connected")).toBool();
    if (health.isObject()) {
      const QJsonObject h = health.toObject();
      engine.hasHealth = true;
      engine.name = h.value(QStringLiteral("name")).toString();
      engine.fps = h.value(QStringLiteral("framesPerSecond")).toDouble();
      engine.framesOut = h.value(QStringLiteral("framesOut")).toInteger();
      engine.droppedFrames = h.value(QStringLiteral("droppedFrames")).toInteger();
      engine.input = h.value(QStringLiteral("input")).toString();
      engine.graphicsMsPerFrame = h.value(QStringLiteral("graphicsMsPerFrame")).toDouble();
      engine.lastSeq = h.value(QStringLiteral("lastSeq")).toInteger();
      engine.at = h.value(QStringLiteral("at")).toString();
      const QDateTime at = QDateTime::fromString(engine.at, Qt::ISODateWithMs);
      engine.atMs = at.isValid() ? at.toMSecsSinceEpoch() : 0;
    }
    engine.stale = isStale(engine);
    next.append(engine);
  }
  bool sameEngines = next.size() == engines_.size();
  for (int i = 0; sameEngines && i < next.size(); ++i) {
    sameEngines = next[i].engine == engines_[i].engine;
  }
  if (sameEngines) {
    engines_ = std::move(next);
    if (!engines_.isEmpty()) emit dataChanged(index(0), index(count() - 1));
  } else {
    beginResetModel();
    engines_ = std::move(next);
    endResetModel();
    emit countChanged();
  }
  if (!lastError_.isEmpty()) {
    lastError_.clear();
    emit lastErrorChanged();
  }
  emit healthChanged();
  return true;
}

void EngineStatusModel::refreshStaleness() {
  bool anyChanged = false;
  for (int row = 0; row < engines_.size(); ++row) {
    const bool stale = isStale(engines_[row]);
    if (stale == engines_[row].stale) continue;
    engines_[row].stale = stale;
    anyChanged = true;
    emit dataChanged(index(row), index(row), {StaleRole});
  }
  if (anyChanged) emit healthChanged();
}

bool EngineStatusModel::allHealthy() const {
  if (engines_.isEmpty()) return false;
  for (const Engine& engine : engines_) {
    if (!engine.connected || engine.stale || engine.input != QLatin1String("ok")) return false;
  }
  return true;
}

bool EngineStatusModel::isStale(const Engine& engine) const {
  return !engine.hasHealth || engine.atMs == 0 || wallClock_() - engine.atMs > kStaleMs;
}

}  // namespace sporazum::studio
