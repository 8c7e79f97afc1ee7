#include "sporazum/studio/confidence_model.hpp"

#include <QBuffer>
#include <QImageReader>
#include <algorithm>

#include "sporazum/core/log.hpp"

namespace sporazum::studio {
namespace {

constexpr int kMaxEngineChars = 200;

}  // namespace

ConfidenceImageProvider::ConfidenceImageProvider(std::shared_ptr<ConfidenceSlots> pictures)
    : QQuickImageProvider(QQuickImageProvider::Image), slots_(std::move(pictures)) {}

QImage ConfidenceImageProvider::requestImage(const QString& id, QSize* size,
                                             const QSize& requestedSize) {
  // The id is "<key>/<revision>"; the revision only defeats the image cache.
  const QString key = id.section(QLatin1Char('/'), 0, 0);
  QImage image;
  {
    std::lock_guard lock(slots_->mutex);
    image = slots_->images.value(key);  // implicitly shared: a cheap copy
  }
  if (image.isNull()) {
    image = QImage(16, 9, QImage::Format_RGB32);
    image.fill(Qt::black);
  }
  if (size) *size = image.size();
  if (requestedSize.isValid() && !requestedSize.isEmpty()) {
    return image.scaled(requestedSize, Qt::KeepAspectRatio, Qt::SmoothTransformation);
  }
  return image;
}

ConfidenceModel::ConfidenceModel(QObject* parent, Clock steadyClockMs)
    : QAbstractListModel(parent),
      clock_(std::move(steadyClockMs)),
      slots_(std::make_shared<ConfidenceSlots>()) {
  ageTimer_.setInterval(kAgeRefreshMs);
  connect(&ageTimer_, &QTimer::timeout, this, &ConfidenceModel::refreshAges);
  ageTimer_.start();
}

int ConfidenceModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : count();
}

QVariant ConfidenceModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
    return {};
  }
  const Engine& engine = engines_[index.row()];
  switch (role) {
    case Qt::DisplayRole:
    case EngineRole:
      return engine.engine;
    case SourceRole:
      return engine.source;
    case HasImageRole:
      return engine.receivedMs >= 0;
    case AgeMsRole:
      return engine.ageTenths < 0 ? qint64(-1) : engine.ageTenths * 100;
    case StaleRole:
      return engine.stale;
    case AtRole:
      return engine.at;
    case SizeRole:
      return engine.size;
    default:
      return {};
  }
}

QHash<int, QByteArray> ConfidenceModel::roleNames() const {
  return {{EngineRole, "engine"},   {SourceRole, "source"}, {HasImageRole, "hasImage"},
          {AgeMsRole, "ageMs"},     {StaleRole, "stale"},   {AtRole, "at"},
          {SizeRole, "pictureSize"}};
}

bool ConfidenceModel::applyPreview(const QJsonObject& message) {
  const QJsonValue engineValue = message.value(QStringLiteral("engine"));
  const QJsonValue jpeg = message.value(QStringLiteral("jpeg"));
  const QString engineName = engineValue.toString();
  if (!engineValue.isString() || engineName.isEmpty() || engineName.size() > kMaxEngineChars) {
    return refuse(QStringLiteral("preview: engine must be a name"));
  }
  if (!jpeg.isString() || jpeg.toString().isEmpty() || jpeg.toString().size() > kMaxBase64Chars) {
    return refuse(QStringLiteral("preview: jpeg must be base64 of at most 65540 characters"));
  }
  int row = rowOf(engineName);
  if (row < 0 && count() >= kMaxEngines) {
    return refuse(QStringLiteral("preview: more than 16 engines"));
  }
  if (row < 0) {
    // An engine is shown once it has sent anything, even a picture that fails below: the
    // producer sees that it tries and that its picture is unreadable.
    row = static_cast<int>(
        std::lower_bound(engines_.begin(), engines_.end(), engineName,
                         [](const Engine& e, const QString& name) { return e.engine < name; }) -
        engines_.begin());
    beginInsertRows(QModelIndex(), row, row);
    Engine engine;
    engine.engine = engineName;
    // Engine names are the server's to choose: the image URL carries a key of ours instead.
    engine.key = QStringLiteral("e%1").arg(++revision_);
    engines_.insert(row, engine);
    endInsertRows();
    emit countChanged();
  }

  const auto bytes = QByteArray::fromBase64Encoding(jpeg.toString().toLatin1(),
                                                    QByteArray::AbortOnBase64DecodingErrors);
  if (!bytes) return refuse(QStringLiteral("preview: the picture is not valid base64"));
  QBuffer buffer;
  buffer.setData(*bytes);
  buffer.open(QIODevice::ReadOnly);
  QImageReader reader(&buffer, "jpeg");
  // The header's size first: a small file may claim a huge picture.
  const QSize claimed = reader.size();
  if (!claimed.isValid() || claimed.width() > kMaxWidth || claimed.height() > kMaxHeight) {
    return refuse(QStringLiteral("preview: not a JPEG of at most 1280×720"));
  }
  QImage image = reader.read();
  if (image.isNull()) {
    return refuse(
        QStringLiteral("preview: the JPEG cannot be decoded (%1)").arg(reader.errorString()));
  }
  {
    std::lock_guard lock(slots_->mutex);
    slots_->images.insert(engines_[row].key, image);
  }
  Engine& engine = engines_[row];
  engine.source = QStringLiteral("image://confidence/%1/%2").arg(engine.key).arg(++revision_);
  engine.at = message.value(QStringLiteral("at")).toString().left(kMaxEngineChars);
  engine.size = image.size();
  engine.receivedMs = clock_();
  engine.ageTenths = ageTenths(engine);
  engine.stale = isStale(engine);
  emit dataChanged(index(row), index(row));
  return true;
}

void ConfidenceModel::refreshAges() {
  for (int row = 0; row < count(); ++row) {
    Engine& engine = engines_[row];
    const qint64 age = ageTenths(engine);
    const bool stale = isStale(engine);
    if (age == engine.ageTenths && stale == engine.stale) continue;
    engine.ageTenths = age;
    engine.stale = stale;
    emit dataChanged(index(row), index(row), {AgeMsRole, StaleRole});
  }
}

QQuickImageProvider* ConfidenceModel::createImageProvider() const {
  return new ConfidenceImageProvider(slots_);
}

QImage ConfidenceModel::image(const QString& engine) const {
  const int row = rowOf(engine);
  if (row < 0) return {};
  std::lock_guard lock(slots_->mutex);
  return slots_->images.value(engines_[row].key);
}

bool ConfidenceModel::refuse(const QString& error) {
  // Never the payload: only what was wrong with it.
  log::warn("studio.confidence.refused");
  ++refusedCount_;
  lastError_ = error;
  emit refusedChanged();
  return false;
}

int ConfidenceModel::rowOf(const QString& engine) const {
  for (int row = 0; row < count(); ++row) {
    if (engines_[row].engine == engine) return row;
  }
  return -1;
}

qint64 ConfidenceModel::ageTenths(const Engine& engine) const {
  if (engine.receivedMs < 0) return -1;
  return std::max<qint64>(clock_() - engine.receivedMs, 0) / 100;
}

bool ConfidenceModel::isStale(const Engine& engine) const {
  return engine.receivedMs < 0 || clock_() - engine.receivedMs > kStaleMs;
}

}  // namespace sporazum::studio
