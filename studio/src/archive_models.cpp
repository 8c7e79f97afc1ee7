#include "sporazum/studio/archive_models.hpp"

#include <QVariantList>
#include <QVariantMap>

namespace sporazum::studio {
namespace {

QVariant optionalNumber(const std::optional<double>& value) {
  return value ? QVariant(*value) : QVariant::fromValue(nullptr);
}

QVariantMap languageMap(const QMap<QString, QString>& map) {
  QVariantMap out;
  for (auto it = map.begin(); it != map.end(); ++it)
    out.insert(it.key(), it.value());
  return out;
}

}  // namespace

QString resolveMediaUrl(const QUrl& origin, const QString& path) {
  if (path.isEmpty() || !origin.isValid() || origin.isEmpty()) return {};
  // The codec let only paths through ("/…", never "//host"): resolving cannot change the host.
  return origin.resolved(QUrl(path, QUrl::StrictMode)).toString(QUrl::FullyEncoded);
}

QUrl mediaOriginOf(const QUrl& staffUrl) {
  if (!staffUrl.isValid() || staffUrl.host().isEmpty()) return {};
  QUrl origin;
  origin.setScheme(staffUrl.scheme() == QLatin1String("wss") ? QStringLiteral("https")
                                                             : QStringLiteral("http"));
  origin.setHost(staffUrl.host());
  origin.setPort(staffUrl.port());
  return origin;
}

ArchiveEpisodeListModel::ArchiveEpisodeListModel(QObject* parent) : QAbstractListModel(parent) {}

int ArchiveEpisodeListModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : count();
}

QVariant ArchiveEpisodeListModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
    return {};
  }
  const ArchiveEpisode& e = episodes_[index.row()];
  switch (role) {
    case Qt::DisplayRole:
    case TitleRole:
      return e.title;
    case NumberRole:
      return e.number;
    case TitlesRole:
      return languageMap(e.titles);
    case AirDateRole:
      return e.airDate;
    case AirTimeRole:
      return e.airTime;
    case StateRole:
      return toString(e.state);
    case DurationSecondsRole:
      return optionalNumber(e.durationSeconds);
    case DurationTextRole:
      return e.durationSeconds ? QString::fromStdString(formatTimecode(*e.durationSeconds))
                               : QString();
    case LoudnessStatusRole:
      return QString::fromLatin1(toString(loudnessStatus(e.loudness)));
    case IntegratedLufsRole:
      return e.loudness ? QVariant(e.loudness->integratedLufs) : QVariant::fromValue(nullptr);
    case TruePeakDbtpRole:
      return e.loudness ? QVariant(e.loudness->truePeakDbtp) : QVariant::fromValue(nullptr);
    case RangeLuRole:
      return e.loudness ? QVariant(e.loudness->rangeLu) : QVariant::fromValue(nullptr);
    case PosterUrlRole:
      return resolveMediaUrl(origin_, e.poster);
    case VersionRole:
      return e.version;
    default:
      return {};
  }
}

QHash<int, QByteArray> ArchiveEpisodeListModel::roleNames() const {
  return {{NumberRole, "number"},
          {TitleRole, "title"},
          {TitlesRole, "titles"},
          {AirDateRole, "airDate"},
          {AirTimeRole, "airTime"},
          {StateRole, "episodeState"},
          {DurationSecondsRole, "durationSeconds"},
          {DurationTextRole, "durationText"},
          {LoudnessStatusRole, "loudnessStatus"},
          {IntegratedLufsRole, "integratedLufs"},
          {TruePeakDbtpRole, "truePeakDbtp"},
          {RangeLuRole, "rangeLu"},
          {PosterUrlRole, "posterUrl"},
          {VersionRole, "version"}};
}

void ArchiveEpisodeListModel::replaceAll(QVector<ArchiveEpisode> episodes) {
  const int before = count();
  beginResetModel();
  episodes_ = std::move(episodes);
  endResetModel();
  if (count() != before) emit countChanged();
}

void ArchiveEpisodeListModel::update(const ArchiveEpisode& episode) {
  const int row = rowOf(episode.number);
  if (row < 0 || episodes_[row] == episode) return;
  episodes_[row] = episode;
  emit dataChanged(index(row), index(row));
}

void ArchiveEpisodeListModel::setMediaOrigin(const QUrl& origin) {
  if (origin == origin_) return;
  origin_ = origin;
  if (!episodes_.isEmpty()) emit dataChanged(index(0), index(count() - 1), {PosterUrlRole});
}

int ArchiveEpisodeListModel::rowOf(int number) const {
  for (int row = 0; row < count(); ++row) {
    if (episodes_[row].number == number) return row;
  }
  return -1;
}

int ArchiveEpisodeListModel::numberAt(int row) const {
  return row >= 0 && row < count() ? episodes_[row].number : 0;
}

ArchiveHitModel::ArchiveHitModel(QObject* parent) : QAbstractListModel(parent) {}

int ArchiveHitModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : count();
}

QVariant ArchiveHitModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
    return {};
  }
  const ArchiveHit& h = hits_[index.row()];
  switch (role) {
    case Qt::DisplayRole:
    case TitleRole:
      return h.title;
    case NumberRole:
      return h.number;
    case AirDateRole:
      return h.airDate;
    case TitleLangRole:
      return h.titleLang;
    case MatchedInRole:
      return h.matchedIn;
    case SnippetRole:
      return h.snippet;
    case SnippetRunsRole: {
      QVariantList runs;
      for (const SnippetRun& run : snippetRuns(h.snippet))
        runs.append(QVariantMap{{"text", run.text}, {"isMatch", run.isMatch}});
      return runs;
    }
    case QuestionRole:
      return h.question;
    default:
      return {};
  }
}

QHash<int, QByteArray> ArchiveHitModel::roleNames() const {
  return {{NumberRole, "number"},           {AirDateRole, "airDate"},     {TitleRole, "title"},
          {TitleLangRole, "titleLang"},     {MatchedInRole, "matchedIn"}, {SnippetRole, "snippet"},
          {SnippetRunsRole, "snippetRuns"}, {QuestionRole, "question"}};
}

void ArchiveHitModel::replaceAll(QVector<ArchiveHit> hits) {
  const int before = count();
  beginResetModel();
  hits_ = std::move(hits);
  endResetModel();
  if (count() != before) emit countChanged();
}

int ArchiveHitModel::numberAt(int row) const {
  return row >= 0 && row < count() ? hits_[row].number : 0;
}

ArchiveQuestionModel::ArchiveQuestionModel(QObject* parent) : QAbstractListModel(parent) {}

int ArchiveQuestionModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : count();
}

QVariant ArchiveQuestionModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
    return {};
  }
  const ArchiveQuestion& q = questions_[index.row()];
  const auto timecode = [](const std::optional<double>& seconds) {
    return seconds ? QString::fromStdString(formatTimecode(*seconds)) : QString();
  };
  switch (role) {
    case Qt::DisplayRole:
    case TextRole:
      return q.text;
    case IdRole:
      return q.id;
    case ViewerNameRole:
      return q.viewerName;
    case MunicipalityRole:
      return q.municipality;
    case LanguageRole:
      return q.language;
    case InSecondsRole:
      return optionalNumber(q.inSeconds);
    case OutSecondsRole:
      return optionalNumber(q.outSeconds);
    case InTextRole:
      return timecode(q.inSeconds);
    case OutTextRole:
      return timecode(q.outSeconds);
    case HasTimecodeRole:
      return q.inSeconds.has_value();
    case PlayFromMsRole:
      return q.inSeconds ? static_cast<double>(playFromMs(*q.inSeconds)) : -1.0;
    default:
      return {};
  }
}

QHash<int, QByteArray> ArchiveQuestionModel::roleNames() const {
  return {{IdRole, "questionId"},         {TextRole, "text"},
          {ViewerNameRole, "viewerName"}, {MunicipalityRole, "municipality"},
          {LanguageRole, "language"},     {InSecondsRole, "inSeconds"},
          {OutSecondsRole, "outSeconds"}, {InTextRole, "inText"},
          {OutTextRole, "outText"},       {HasTimecodeRole, "hasTimecode"},
          {PlayFromMsRole, "playFromMs"}};
}

void ArchiveQuestionModel::replaceAll(QVector<ArchiveQuestion> questions) {
  const int before = count();
  beginResetModel();
  questions_ = std::move(questions);
  endResetModel();
  if (count() != before) emit countChanged();
}

int ArchiveQuestionModel::rowOf(qint64 id) const {
  for (int row = 0; row < count(); ++row) {
    if (questions_[row].id == id) return row;
  }
  return -1;
}

double ArchiveQuestionModel::playFromMsAt(int row) const {
  if (row < 0 || row >= count() || !questions_[row].inSeconds) return -1;
  return static_cast<double>(playFromMs(*questions_[row].inSeconds));
}

}  // namespace sporazum::studio
