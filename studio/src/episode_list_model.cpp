#include "sporazum/studio/episode_list_model.hpp"

#include <QVariantList>
#include <algorithm>

#include "sporazum/core/log.hpp"

namespace sporazum::studio {
namespace {

/// Newest first: the later air date, then the higher id.
bool isNewer(const Episode& a, const Episode& b) {
  return a.airDate != b.airDate ? a.airDate > b.airDate : a.id > b.id;
}

}  // namespace

EpisodeListModel::EpisodeListModel(QObject* parent) : QAbstractListModel(parent) {}

int EpisodeListModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : count();
}

QVariant EpisodeListModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
    return {};
  }
  const Episode& e = episodes_[index.row()];
  switch (role) {
    case Qt::DisplayRole:
    case TitleRole:
      return e.title;
    case IdRole:
      return e.id;
    case NumberRole:
      return e.number;
    case AirDateRole:
      return e.airDate;
    case StateRole:
      return toString(e.state);
    case QuestionsOpenRole:
      return e.questionsOpen;
    case GuestsRole:
      return toVariantMap(e).value(QStringLiteral("guests"));
    case TopicsRole:
      return e.topics;
    case StartedAtRole:
      return e.startedAt;
    case EndedAtRole:
      return e.endedAt;
    case RecordingStateRole:
      return e.recording ? e.recording->state : QString();
    case IsCurrentRole:
      return e.id == currentId_;
    default:
      return {};
  }
}

QHash<int, QByteArray> EpisodeListModel::roleNames() const {
  return {{IdRole, "episodeId"},
          {NumberRole, "number"},
          {TitleRole, "title"},
          {AirDateRole, "airDate"},
          {StateRole, "episodeState"},
          {QuestionsOpenRole, "questionsOpen"},
          {GuestsRole, "guests"},
          {TopicsRole, "topics"},
          {StartedAtRole, "startedAt"},
          {EndedAtRole, "endedAt"},
          {RecordingStateRole, "recordingState"},
          {IsCurrentRole, "isCurrent"}};
}

int EpisodeListModel::replaceAll(const QJsonArray& episodes) {
  QVector<Episode> next;
  int refused = 0;
  QString firstError;
  for (const QJsonValue& value : episodes) {
    auto parsed = parseEpisode(value);
    if (!parsed) {
      ++refused;
      if (firstError.isEmpty()) firstError = QString::fromStdString(parsed.error().message);
      continue;
    }
    if (next.size() >= kMaxEpisodes) break;
    // One row per episode: a repeat replaces the earlier copy.
    auto same = std::find_if(next.begin(), next.end(),
                             [&](const Episode& e) { return e.id == parsed->id; });
    if (same != next.end()) {
      *same = std::move(*parsed);
    } else {
      next.append(std::move(*parsed));
    }
  }
  if (refused > 0) log::warn("studio.episodes.refused", {{"count", refused}});
  std::stable_sort(next.begin(), next.end(), isNewer);
  const bool isCountChanged = next.size() != episodes_.size();
  beginResetModel();
  episodes_ = std::move(next);
  endResetModel();
  if (isCountChanged) emit countChanged();
  setLastError(
      refused > 0
          ? QStringLiteral("%1 episode(s) could not be read: %2").arg(refused).arg(firstError)
          : QString());
  return count();
}

void EpisodeListModel::upsert(const Episode& episode) {
  const int row = rowOf(episode.id);
  if (row >= 0) {
    if (episodes_[row] == episode) return;
    const bool staysInPlace = (row == 0 || isNewer(episodes_[row - 1], episode)) &&
                              (row == count() - 1 || isNewer(episode, episodes_[row + 1]));
    if (staysInPlace) {
      episodes_[row] = episode;
      emit dataChanged(index(row), index(row));
      return;
    }
    beginRemoveRows(QModelIndex(), row, row);
    episodes_.remove(row);
    endRemoveRows();
  } else if (count() >= kMaxEpisodes) {
    return;
  }
  const int at = insertionRow(episode);
  beginInsertRows(QModelIndex(), at, at);
  episodes_.insert(at, episode);
  endInsertRows();
  if (row < 0) emit countChanged();
}

void EpisodeListModel::setCurrentId(qint64 episodeId) {
  if (episodeId == currentId_) return;
  const int before = rowOf(currentId_);
  currentId_ = episodeId;
  const int after = rowOf(currentId_);
  for (int row : {before, after}) {
    if (row >= 0) emit dataChanged(index(row), index(row), {IsCurrentRole});
  }
}

QVariantMap EpisodeListModel::get(qint64 episodeId) const {
  const Episode* episode = find(episodeId);
  if (episode == nullptr) return {};
  QVariantMap map = toVariantMap(*episode);
  map.insert(QStringLiteral("isCurrent"), episode->id == currentId_);
  return map;
}

int EpisodeListModel::nextNumber() const {
  int highest = 0;
  for (const Episode& e : episodes_)
    highest = std::max(highest, e.number);
  return std::min(highest + 1, kMaxEpisodeNumber);
}

int EpisodeListModel::rowOf(qint64 episodeId) const {
  for (int row = 0; row < count(); ++row) {
    if (episodes_[row].id == episodeId) return row;
  }
  return -1;
}

const Episode* EpisodeListModel::find(qint64 episodeId) const {
  const int row = rowOf(episodeId);
  return row >= 0 ? &episodes_[row] : nullptr;
}

int EpisodeListModel::insertionRow(const Episode& episode) const {
  int row = 0;
  while (row < count() && isNewer(episodes_[row], episode))
    ++row;
  return row;
}

void EpisodeListModel::setLastError(const QString& error) {
  if (error == lastError_) return;
  lastError_ = error;
  emit lastErrorChanged();
}

}  // namespace sporazum::studio
