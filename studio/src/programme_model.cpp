#include "sporazum/studio/programme_model.hpp"

#include <QJsonArray>

#include "sporazum/core/log.hpp"
#include "sporazum/studio/layers.hpp"

namespace sporazum::studio {
namespace {

/// A graphic slot: an object (on air / cued; `{}` for logo and clock) or null (nothing).
bool readSlot(const QJsonObject& entry, const char* key, bool& present, QJsonObject& graphic) {
  const QJsonValue value = entry.value(QLatin1String(key));
  if (value.isNull() || value.isUndefined()) {
    present = false;
    graphic = {};
    return true;
  }
  if (!value.isObject()) return false;
  present = true;
  graphic = value.toObject();
  return true;
}

bool isWholeNumber(const QJsonValue& value) {
  return value.isDouble() && value.toDouble() == static_cast<double>(value.toInteger());
}

}  // namespace

ProgrammeModel::ProgrammeModel(QObject* parent) : QAbstractListModel(parent) {
  for (const QString& key : graphicsLayers()) {
    Layer layer;
    layer.key = key;
    layers_.append(layer);
  }
}

int ProgrammeModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(layers_.size());
}

QVariant ProgrammeModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
    return {};
  }
  const Layer& layer = layers_[index.row()];
  switch (role) {
    case Qt::DisplayRole:
    case TitleRole:
      return layerTitle(layer.key);
    case LayerRole:
      return layer.key;
    case CuedRole:
      return layer.cued.toVariantMap();
    case HasCueRole:
      return layer.hasCue;
    case CuedLabelRole:
      return layer.hasCue ? graphicLabel(layer.key, layer.cued) : QString();
    case OnAirRole:
      return layer.onAir.toVariantMap();
    case IsOnAirRole:
      return layer.isOnAir;
    case OnAirLabelRole:
      return layer.isOnAir ? graphicLabel(layer.key, layer.onAir) : QString();
    case OnAirSeqRole:
      return layer.onAirSeq;
    case TallyRole:
      return layer.tally;
    case TallyPendingRole:
      return layer.tally != layer.isOnAir;
    default:
      return {};
  }
}

QHash<int, QByteArray> ProgrammeModel::roleNames() const {
  return {{LayerRole, "layerKey"},
          {TitleRole, "title"},
          {CuedRole, "cued"},
          {HasCueRole, "hasCue"},
          {CuedLabelRole, "cuedLabel"},
          {OnAirRole, "onAir"},
          {IsOnAirRole, "isOnAir"},
          {OnAirLabelRole, "onAirLabel"},
          {OnAirSeqRole, "onAirSeq"},
          {TallyRole, "tally"},
          {TallyPendingRole, "tallyPending"}};
}

bool ProgrammeModel::applyProgramme(const QJsonObject& message) {
  const QJsonValue seq = message.value(QStringLiteral("seq"));
  const QJsonValue entries = message.value(QStringLiteral("layers"));
  if (!isWholeNumber(seq) || seq.toInteger() < 0) {
    refuse(QStringLiteral("programme: seq must be a whole number"));
    return false;
  }
  if (!entries.isArray()) {
    refuse(QStringLiteral("programme: layers must be an array"));
    return false;
  }
  // Build the new state aside and swap it in only when every entry is sound.
  QVector<Layer> next = layers_;
  for (Layer& layer : next) {
    layer.hasCue = false;
    layer.cued = {};
    layer.isOnAir = false;
    layer.onAir = {};
    layer.onAirSeq = 0;
  }
  int unknownLayers = 0;
  for (const QJsonValue& value : entries.toArray()) {
    if (!value.isObject()) {
      refuse(QStringLiteral("programme: each layer must be an object"));
      return false;
    }
    const QJsonObject entry = value.toObject();
    const int row = rowOfLayer(entry.value(QStringLiteral("layer")).toString());
    if (row < 0) {
      ++unknownLayers;  // a layer this console does not know yet: not an error
      continue;
    }
    Layer& layer = next[row];
    const QJsonValue onAirSeq = entry.value(QStringLiteral("onAirSeq"));
    if (!readSlot(entry, "cued", layer.hasCue, layer.cued) ||
        !readSlot(entry, "onAir", layer.isOnAir, layer.onAir) ||
        !(onAirSeq.isUndefined() || isWholeNumber(onAirSeq))) {
      refuse(QStringLiteral("programme: bad fields in layer ") + layer.key);
      return false;
    }
    layer.onAirSeq = onAirSeq.toInteger();
  }
  if (unknownLayers > 0) log::info("studio.programme.unknown_layers", {{"count", unknownLayers}});
  for (Layer& layer : next) {
    if (isResyncing_) {
      // The engines' reports before this session are gone: start from what the server says.
      layer.tally = layer.isOnAir;
      layer.tallySeq = -1;
    }
  }
  isResyncing_ = false;
  layers_ = std::move(next);
  seq_ = seq.toInteger();
  if (!lastError_.isEmpty()) {
    lastError_.clear();
    emit lastErrorChanged();
  }
  emit dataChanged(index(0), index(static_cast<int>(layers_.size()) - 1));
  emit programmeChanged();
  return true;
}

bool ProgrammeModel::applyAsRun(const QJsonObject& message) {
  const int row = rowOfLayer(message.value(QStringLiteral("layer")).toString());
  const QString event = message.value(QStringLiteral("event")).toString();
  const QJsonValue seq = message.value(QStringLiteral("seq"));
  if (row < 0 || !isWholeNumber(seq) ||
      (event != QLatin1String("on_air") && event != QLatin1String("off_air"))) {
    refuse(QStringLiteral("as_run: needs a known layer, a seq and on_air or off_air"));
    return false;
  }
  Layer& layer = layers_[row];
  // Main and backup both report; a late report of an older command must not undo a newer one.
  if (seq.toInteger() < layer.tallySeq) return true;
  layer.tallySeq = seq.toInteger();
  const bool tally = event == QLatin1String("on_air");
  if (layer.tally != tally) {
    layer.tally = tally;
    emitRowChanged(row);
    emit programmeChanged();
  }
  return true;
}

void ProgrammeModel::beginResync() {
  isResyncing_ = true;
}

QString ProgrammeModel::onAirLabel(const QString& layer) const {
  const int row = rowOfLayer(layer);
  if (row < 0 || !layers_[row].isOnAir) return {};
  return graphicLabel(layers_[row].key, layers_[row].onAir);
}

QStringList ProgrammeModel::layersOnAir() const {
  QStringList layers;
  for (const Layer& layer : layers_) {
    if (layer.isOnAir) layers.append(layer.key);
  }
  return layers;
}

bool ProgrammeModel::isOnAir(const QString& layer) const {
  const int row = rowOfLayer(layer);
  return row >= 0 && layers_[row].isOnAir;
}

bool ProgrammeModel::hasCue(const QString& layer) const {
  const int row = rowOfLayer(layer);
  return row >= 0 && layers_[row].hasCue;
}

QVariantMap ProgrammeModel::cued(const QString& layer) const {
  const int row = rowOfLayer(layer);
  return row >= 0 ? layers_[row].cued.toVariantMap() : QVariantMap();
}

int ProgrammeModel::rowOfLayer(const QString& layer) const {
  for (int row = 0; row < layers_.size(); ++row) {
    if (layers_[row].key == layer) return row;
  }
  return -1;
}

void ProgrammeModel::refuse(const QString& error) {
  log::warn("studio.programme.refused");
  lastError_ = error;
  emit lastErrorChanged();
}

void ProgrammeModel::emitRowChanged(int row) {
  emit dataChanged(index(row), index(row));
}

}  // namespace sporazum::studio
