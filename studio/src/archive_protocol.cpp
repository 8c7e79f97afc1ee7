#include "sporazum/studio/archive_protocol.hpp"

#include <QDate>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTime>
#include <cmath>

#include "sporazum/studio/queue_protocol.hpp"
#include "wire_checks.hpp"

namespace sporazum::studio {
namespace {

using wire::checkText;
using wire::fieldError;
using wire::hasControlCharacters;
using wire::isCalendarDate;
using wire::isWholeNumber;
using wire::Lines;

// Wire limits in UTF-16 units: generous next to the protocol's (in code points), so a legal
// text always passes, yet a hostile reply cannot make the console hold megabytes per field.
constexpr int kMaxWireTitleChars = 2 * kMaxArchiveTitleChars;
constexpr int kMaxWireDescriptionChars = 2 * kMaxArchiveDescriptionChars;
constexpr int kMaxWireQuestionChars = 2'000;  // a question is at most 500 code points
constexpr int kMaxWireNameChars = 400;
constexpr int kMaxWireSnippetChars = 2'000;
constexpr int kMaxWireUrlChars = 2'048;
constexpr int kMaxWireWordChars = 64;  ///< codes: language, container, outcome, matchedIn
constexpr int kMaxWireEpisodes = 10'000;
constexpr int kMaxWireHits = 1'000;
constexpr int kMaxWireGuests = 64;
constexpr int kMaxWireAliases = 64;
constexpr int kMaxWireQuestions = 5'000;
constexpr int kMaxWireThumbnails = 2'000;
constexpr int kMaxWireTopics = 64;
constexpr double kMaxSeconds = 1e7;  ///< 115 days: no programme is longer

core::Error badField(const QString& field) {
  return core::makeError("bad_archive", "bad or missing field: " + field.toStdString(),
                         field.toStdString());
}

QString join(const QString& place, const QString& key) {
  return place.isEmpty() ? key : place + u'.' + key;
}

/// HH:MM or HH:MM:SS, a real time of day.
bool isTimeOfDay(const QString& text) {
  static const QRegularExpression shape(QStringLiteral("^\\d{2}:\\d{2}(:\\d{2})?$"));
  if (!shape.match(text).hasMatch()) return false;
  return QTime::fromString(text,
                           text.size() == 5 ? QStringLiteral("HH:mm") : QStringLiteral("HH:mm:ss"))
      .isValid();
}

/// A path on the server ("/archive/media/41?…"): never another host ("//x", "http:"), never a
/// character that could end the URL early or smuggle a header.
bool isServerPath(const QString& text) {
  if (!text.startsWith(u'/') || text.startsWith(QStringLiteral("//"))) return false;
  for (QChar c : text) {
    if (c.unicode() <= 0x20 || c.unicode() >= 0x7f || c == u'\\') return false;
  }
  return true;
}

/// The reader of one object: every read names its field, the first fault is kept.
class Reader {
 public:
  Reader(const QJsonObject& object, QString place) : object_(object), place_(std::move(place)) {}

  std::optional<core::Error> error() const { return error_; }

  QString text(const char* key, int maxChars, Lines lines = Lines::Refused,
               bool isNullable = false) {
    const QJsonValue value = object_.value(QLatin1String(key));
    if (isNullable && (value.isNull() || value.isUndefined())) return {};
    if (!value.isString() || value.toString().size() > maxChars ||
        hasControlCharacters(value.toString(), lines)) {
      fail(key);
      return {};
    }
    return value.toString();
  }

  QString url(const char* key, bool isNullable) {
    const QString path = text(key, kMaxWireUrlChars, Lines::Refused, isNullable);
    if (!path.isEmpty() && !isServerPath(path)) fail(key);
    return path;
  }

  /// An ISO 8601 time, or "" for null.
  QString time(const char* key) {
    const QString value = text(key, 40, Lines::Refused, true);
    if (!value.isEmpty() && !isIsoTime(value)) fail(key);
    return value;
  }

  qint64 whole(const char* key, qint64 min, qint64 max) {
    const QJsonValue value = object_.value(QLatin1String(key));
    if (!isWholeNumber(value) || value.toInteger() < min || value.toInteger() > max) {
      fail(key);
      return 0;
    }
    return value.toInteger();
  }

  std::optional<double> number(const char* key, double min, double max, bool isNullable) {
    const QJsonValue value = object_.value(QLatin1String(key));
    if (isNullable && (value.isNull() || value.isUndefined())) return std::nullopt;
    if (!value.isDouble() || !std::isfinite(value.toDouble()) || value.toDouble() < min ||
        value.toDouble() > max) {
      fail(key);
      return std::nullopt;
    }
    return value.toDouble();
  }

  bool flag(const char* key) {
    const QJsonValue value = object_.value(QLatin1String(key));
    if (!value.isBool()) fail(key);
    return value.toBool();
  }

  /// {lang: text} over the archive's languages; any other key is refused.
  QMap<QString, QString> languages(const char* key, int maxChars, Lines lines) {
    const QJsonValue value = object_.value(QLatin1String(key));
    QMap<QString, QString> out;
    if (!value.isObject()) {
      fail(key);
      return out;
    }
    const QJsonObject map = value.toObject();
    for (auto it = map.begin(); it != map.end(); ++it) {
      const QString field = QLatin1String(key) + u'.' + it.key();
      if (!kArchiveLanguages.contains(it.key()) || !it.value().isString() ||
          it.value().toString().size() > maxChars ||
          hasControlCharacters(it.value().toString(), lines)) {
        failAt(field.size() > 80 ? QString::fromLatin1(key) : field);
        return out;
      }
      out.insert(it.key(), it.value().toString());
    }
    return out;
  }

  QStringList strings(const char* key, int maxItems, int maxChars) {
    const QJsonValue value = object_.value(QLatin1String(key));
    QStringList out;
    if (!value.isArray() || value.toArray().size() > maxItems) {
      fail(key);
      return out;
    }
    const QJsonArray items = value.toArray();
    for (qsizetype i = 0; i < items.size(); ++i) {
      const QJsonValue item = items[i];
      if (!item.isString() || item.toString().size() > maxChars ||
          hasControlCharacters(item.toString(), Lines::Refused)) {
        failAt(QStringLiteral("%1[%2]").arg(join(place_, QLatin1String(key))).arg(i), false);
        return out;
      }
      out.append(item.toString());
    }
    return out;
  }

  /// The array under `key` (at most `maxItems`), or an empty one after a fault.
  QJsonArray array(const char* key, int maxItems) {
    const QJsonValue value = object_.value(QLatin1String(key));
    if (!value.isArray() || value.toArray().size() > maxItems) {
      fail(key);
      return {};
    }
    return value.toArray();
  }

  QString place(const char* key) const { return join(place_, QLatin1String(key)); }
  void fail(const char* key) { failAt(QLatin1String(key)); }
  void failAt(const QString& field, bool isRelative = true) {
    if (!error_) error_ = badField(isRelative ? join(place_, field) : field);
  }
  void take(const std::optional<core::Error>& error) {
    if (!error_ && error) error_ = error;
  }

 private:
  const QJsonObject& object_;
  QString place_;
  std::optional<core::Error> error_;
};

std::optional<core::Error> readEpisodeFields(const QJsonObject& object, ArchiveEpisode& e) {
  Reader r(object, {});
  e.number = static_cast<int>(r.whole("number", 1, kMaxEpisodeNumber));
  e.title = r.text("title", kMaxWireTitleChars);
  e.titles = r.languages("titles", kMaxWireTitleChars, Lines::Refused);
  e.airDate = r.text("airDate", 10);
  if (!r.error() && !isCalendarDate(e.airDate)) r.fail("airDate");
  e.airTime = r.text("airTime", 8, Lines::Refused, true);
  if (!r.error() && !e.airTime.isEmpty() && !isTimeOfDay(e.airTime)) r.fail("airTime");
  const auto state = parseEpisodeState(object.value(QStringLiteral("state")).toString());
  if (!state) r.fail("state");
  e.state = state.value_or(EpisodeState::Planned);
  e.durationSeconds = r.number("durationSeconds", 0, kMaxSeconds, true);
  const QJsonValue loudness = object.value(QStringLiteral("loudness"));
  if (loudness.isObject()) {
    const QJsonObject measured = loudness.toObject();
    Reader l(measured, QStringLiteral("loudness"));
    // Wide bounds, only to refuse nonsense: silence measures −70 LUFS, peaks stay under +20.
    const auto integrated = l.number("integratedLufs", -200, 50, false);
    const auto range = l.number("rangeLu", 0, 200, false);
    const auto peak = l.number("truePeakDbtp", -200, 50, false);
    r.take(l.error());
    if (integrated && range && peak) e.loudness = LoudnessMeasure{*integrated, *range, *peak};
  } else if (!loudness.isNull() && !loudness.isUndefined()) {
    r.fail("loudness");
  }
  e.poster = r.url("poster", true);
  e.version = r.whole("version", 0, 1'000'000'000'000);
  return r.error();
}

core::Result<ArchiveGuest> readGuest(const QJsonValue& value, const QString& place) {
  if (!value.isObject()) return badField(place);
  const QJsonObject object = value.toObject();
  Reader r(object, place);
  ArchiveGuest g;
  g.position = static_cast<int>(r.whole("position", 0, 1'000));
  g.name = r.text("name", kMaxWireNameChars);
  if (object.contains(QStringLiteral("aliases"))) {
    g.aliases = r.strings("aliases", kMaxWireAliases, kMaxWireNameChars);
  }
  g.role = r.text("role", kMaxWireNameChars, Lines::Refused, true);
  g.party = r.text("party", kMaxWireNameChars, Lines::Refused, true);
  if (auto error = r.error()) return *error;
  return g;
}

core::Result<ArchiveQuestion> readQuestion(const QJsonValue& value, const QString& place) {
  if (!value.isObject()) return badField(place);
  const QJsonObject object = value.toObject();
  Reader r(object, place);
  ArchiveQuestion q;
  q.id = r.whole("id", 1, 9'000'000'000'000'000);
  q.text = r.text("text", kMaxWireQuestionChars, Lines::Allowed);
  q.viewerName = r.text("viewerName", kMaxWireNameChars, Lines::Refused, true);
  q.municipality = r.text("municipality", kMaxWireWordChars, Lines::Refused, true);
  q.language = r.text("language", kMaxWireWordChars, Lines::Refused, true);
  q.inSeconds = r.number("inSeconds", 0, kMaxSeconds, true);
  q.outSeconds = r.number("outSeconds", 0, kMaxSeconds, true);
  q.onAirAt = r.time("onAirAt");
  q.offAirAt = r.time("offAirAt");
  if (auto error = r.error()) return *error;
  return q;
}

core::Result<ArchiveThumbnail> readThumbnail(const QJsonValue& value, const QString& place) {
  if (!value.isObject()) return badField(place);
  const QJsonObject object = value.toObject();
  Reader r(object, place);
  ArchiveThumbnail t;
  t.url = r.url("url", false);
  if (!r.error() && t.url.isEmpty()) r.fail("url");
  t.atSeconds = r.number("atSeconds", 0, kMaxSeconds, false).value_or(0);
  t.width = static_cast<int>(r.whole("width", 1, 8192));
  t.height = static_cast<int>(r.whole("height", 1, 8192));
  t.isPoster = r.flag("poster");
  if (auto error = r.error()) return *error;
  return t;
}

}  // namespace

core::Result<ArchiveEpisode> parseArchiveEpisode(const QJsonValue& value) {
  if (!value.isObject()) return core::makeError("bad_archive", "an episode must be an object");
  ArchiveEpisode e;
  if (auto error = readEpisodeFields(value.toObject(), e)) return *error;
  return e;
}

core::Result<ArchiveDetail> parseArchiveDetail(const QJsonValue& value) {
  if (!value.isObject()) return core::makeError("bad_archive", "an episode must be an object");
  const QJsonObject object = value.toObject();
  ArchiveDetail d;
  if (auto error = readEpisodeFields(object, d.episode)) return *error;
  Reader r(object, {});
  d.descriptions = r.languages("descriptions", kMaxWireDescriptionChars, Lines::Allowed);
  d.topics = r.strings("topics", kMaxWireTopics, 2 * kMaxArchiveTopicChars);
  const QJsonArray guests = r.array("guests", kMaxWireGuests);
  for (qsizetype i = 0; i < guests.size() && !r.error(); ++i) {
    auto guest = readGuest(guests[i], QStringLiteral("guests[%1]").arg(i));
    if (!guest) return guest.error();
    d.guests.append(*guest);
  }
  const QJsonArray questions = r.array("questions", kMaxWireQuestions);
  for (qsizetype i = 0; i < questions.size() && !r.error(); ++i) {
    auto question = readQuestion(questions[i], QStringLiteral("questions[%1]").arg(i));
    if (!question) return question.error();
    d.questions.append(*question);
  }
  const QJsonArray thumbnails = r.array("thumbnails", kMaxWireThumbnails);
  for (qsizetype i = 0; i < thumbnails.size() && !r.error(); ++i) {
    auto thumbnail = readThumbnail(thumbnails[i], QStringLiteral("thumbnails[%1]").arg(i));
    if (!thumbnail) return thumbnail.error();
    d.thumbnails.append(*thumbnail);
  }
  const QJsonValue proxy = object.value(QStringLiteral("proxy"));
  if (proxy.isObject()) {
    const QJsonObject p = proxy.toObject();
    Reader pr(p, QStringLiteral("proxy"));
    ArchiveProxy out;
    out.url = pr.url("url", false);
    if (!pr.error() && out.url.isEmpty()) pr.fail("url");
    out.width = static_cast<int>(pr.whole("width", 1, 8192));
    out.height = static_cast<int>(pr.whole("height", 1, 8192));
    out.durationSeconds = pr.number("durationSeconds", 0, kMaxSeconds, false).value_or(0);
    r.take(pr.error());
    d.proxy = out;
  } else if (!proxy.isNull() && !proxy.isUndefined()) {
    r.fail("proxy");
  }
  const QJsonValue master = object.value(QStringLiteral("master"));
  if (master.isObject()) {
    const QJsonObject m = master.toObject();
    Reader mr(m, QStringLiteral("master"));
    ArchiveMaster out;
    out.bytes = mr.whole("bytes", 0, 9'000'000'000'000'000);
    out.sha256 = mr.text("sha256", 64);
    out.container = mr.text("container", kMaxWireWordChars);
    const QJsonValue fixity = m.value(QStringLiteral("fixity"));
    if (fixity.isObject()) {
      const QJsonObject f = fixity.toObject();
      Reader fr(f, QStringLiteral("master.fixity"));
      out.fixityAt = fr.time("at");
      out.fixityOutcome = fr.text("outcome", kMaxWireWordChars);
      if (!fr.error() && out.fixityOutcome.isEmpty()) fr.fail("outcome");
      mr.take(fr.error());
    } else if (!fixity.isNull() && !fixity.isUndefined()) {
      mr.fail("fixity");
    }
    r.take(mr.error());
    d.master = out;
  } else if (!master.isNull() && !master.isUndefined()) {
    r.fail("master");
  }
  const QJsonValue start = object.value(QStringLiteral("programmeStart"));
  if (start.isObject()) {
    const QJsonObject s = start.toObject();
    Reader sr(s, QStringLiteral("programmeStart"));
    d.programmeStartAt = sr.time("at");
    d.programmeStartSource = sr.text("source", kMaxWireWordChars, Lines::Refused, true);
    r.take(sr.error());
  } else if (!start.isNull() && !start.isUndefined()) {
    r.fail("programmeStart");
  }
  d.startedAt = r.time("startedAt");
  d.endedAt = r.time("endedAt");
  d.archivedAt = r.time("archivedAt");
  if (auto error = r.error()) return *error;
  return d;
}

core::Result<ArchiveHit> parseArchiveHit(const QJsonValue& value) {
  if (!value.isObject()) return core::makeError("bad_archive", "a hit must be an object");
  const QJsonObject object = value.toObject();
  Reader r(object, {});
  ArchiveHit h;
  h.number = static_cast<int>(r.whole("number", 1, kMaxEpisodeNumber));
  h.airDate = r.text("airDate", 10);
  if (!r.error() && !isCalendarDate(h.airDate)) r.fail("airDate");
  h.title = r.text("title", kMaxWireTitleChars);
  h.titleLang = r.text("titleLang", kMaxWireWordChars, Lines::Refused, true);
  if (!h.titleLang.isEmpty() && !kArchiveLanguages.contains(h.titleLang)) r.fail("titleLang");
  h.matchedIn = r.text("matchedIn", kMaxWireWordChars);
  h.snippet = r.text("snippet", kMaxWireSnippetChars);
  const QJsonValue question = object.value(QStringLiteral("question"));
  if (!question.isNull() && !question.isUndefined()) {
    h.question = r.whole("question", 1, 9'000'000'000'000'000);
  }
  if (auto error = r.error()) return *error;
  return h;
}

core::Result<QVector<ArchiveEpisode>> parseArchiveEpisodeList(const QJsonObject& message) {
  const QJsonValue list = message.value(QStringLiteral("episodes"));
  if (!list.isArray() || list.toArray().size() > kMaxWireEpisodes) {
    return badField(QStringLiteral("episodes"));
  }
  QVector<ArchiveEpisode> out;
  const QJsonArray items = list.toArray();
  out.reserve(items.size());
  for (qsizetype i = 0; i < items.size(); ++i) {
    auto episode = parseArchiveEpisode(items[i]);
    if (!episode) {
      return badField(QStringLiteral("episodes[%1].%2")
                          .arg(i)
                          .arg(QString::fromStdString(episode.error().field)));
    }
    out.append(std::move(*episode));
  }
  return out;
}

core::Result<QVector<ArchiveHit>> parseArchiveHits(const QJsonObject& message) {
  const QJsonValue list = message.value(QStringLiteral("hits"));
  if (!list.isArray() || list.toArray().size() > kMaxWireHits) {
    return badField(QStringLiteral("hits"));
  }
  QVector<ArchiveHit> out;
  const QJsonArray items = list.toArray();
  for (qsizetype i = 0; i < items.size(); ++i) {
    auto hit = parseArchiveHit(items[i]);
    if (!hit) {
      return badField(
          QStringLiteral("hits[%1].%2").arg(i).arg(QString::fromStdString(hit.error().field)));
    }
    out.append(std::move(*hit));
  }
  return out;
}

core::Result<ArchiveDetail> parseArchiveDetailMessage(const QJsonObject& message) {
  auto detail = parseArchiveDetail(message.value(QStringLiteral("episode")));
  if (!detail) {
    return badField(QStringLiteral("episode.%1").arg(QString::fromStdString(detail.error().field)));
  }
  return detail;
}

QJsonObject archiveEpisodesFields(int offset, int limit) {
  return {{"offset", std::max(offset, 0)}, {"limit", std::clamp(limit, 1, kMaxArchiveListLimit)}};
}

QJsonObject archiveSearchFields(const QString& query, int limit) {
  return {{"query", query}, {"limit", std::clamp(limit, 1, kMaxArchiveSearchLimit)}};
}

QJsonObject archiveGetFields(int number) {
  return {{"number", number}};
}

bool ArchiveEdit::changesNothing() const {
  return titles.isEmpty() && descriptions.isEmpty() && !airDate && !airTime && !topics &&
         appearances.isEmpty();
}

namespace {

/// Trims a description's ends and each line's trailing blanks; keeps its line breaks.
QString cleanDescription(const QString& text) {
  QStringList lines = text.split(u'\n');
  for (QString& line : lines)
    line = line.trimmed();
  return lines.join(u'\n').trimmed();
}

QStringList topicsOf(const QVariant& value) {
  QStringList raw;
  if (value.typeId() == QMetaType::QString) {
    raw = value.toString().split(u',');
  } else {
    raw = value.toStringList();
  }
  QStringList out;
  for (const QString& topic : raw) {
    if (!topic.trimmed().isEmpty()) out.append(topic.trimmed());
  }
  return out;
}

/// "20:00" and "20:00:00" are the same time.
QString normalTime(const QString& time) {
  return time.size() == 5 ? time + QStringLiteral(":00") : time;
}

}  // namespace

ArchiveEdit archiveEditFromForm(const ArchiveDetail& base, const QVariantMap& form) {
  ArchiveEdit edit;
  edit.number = base.episode.number;
  edit.version = base.episode.version;
  const auto languages = [&form](const char* key, const QMap<QString, QString>& before,
                                 bool isMultiLine, QMap<QString, QString>& out) {
    if (!form.contains(QLatin1String(key))) return;
    const QVariantMap after = form.value(QLatin1String(key)).toMap();
    for (const QString& language : kArchiveLanguages) {
      if (!after.contains(language)) continue;
      const QString raw = after.value(language).toString();
      const QString text = isMultiLine ? cleanDescription(raw) : raw.trimmed();
      if (text != before.value(language)) out.insert(language, text);
    }
  };
  languages("titles", base.episode.titles, false, edit.titles);
  languages("descriptions", base.descriptions, true, edit.descriptions);
  if (form.contains(QStringLiteral("airDate"))) {
    const QString date = form.value(QStringLiteral("airDate")).toString().trimmed();
    if (date != base.episode.airDate) edit.airDate = date;
  }
  if (form.contains(QStringLiteral("airTime"))) {
    const QString time = form.value(QStringLiteral("airTime")).toString().trimmed();
    if (normalTime(time) != normalTime(base.episode.airTime)) edit.airTime = time;
  }
  if (form.contains(QStringLiteral("topics"))) {
    const QStringList topics = topicsOf(form.value(QStringLiteral("topics")));
    if (topics != base.topics) edit.topics = topics;
  }
  for (const QVariant& entry : form.value(QStringLiteral("appearances")).toList()) {
    const QVariantMap row = entry.toMap();
    const int position = row.value(QStringLiteral("position")).toInt();
    const auto guest =
        std::find_if(base.guests.begin(), base.guests.end(),
                     [position](const ArchiveGuest& g) { return g.position == position; });
    if (guest == base.guests.end()) continue;
    AppearanceEdit change{position, std::nullopt, std::nullopt};
    if (row.contains(QStringLiteral("role"))) {
      const QString role = row.value(QStringLiteral("role")).toString().trimmed();
      if (role != guest->role) change.role = role;
    }
    if (row.contains(QStringLiteral("party"))) {
      const QString party = row.value(QStringLiteral("party")).toString().trimmed();
      if (party != guest->party) change.party = party;
    }
    if (change.role || change.party) edit.appearances.append(change);
  }
  return edit;
}

namespace {}  // namespace

std::optional<core::Error> checkArchiveEdit(const ArchiveEdit& edit) {
  for (auto it = edit.titles.begin(); it != edit.titles.end(); ++it) {
    if (auto error =
            checkText(QStringLiteral("titles.") + it.key(), it.value(), 0, kMaxArchiveTitleChars)) {
      return error;
    }
  }
  for (auto it = edit.descriptions.begin(); it != edit.descriptions.end(); ++it) {
    if (auto error = checkText(QStringLiteral("descriptions.") + it.key(), it.value(), 0,
                               kMaxArchiveDescriptionChars, Lines::Allowed)) {
      return error;
    }
  }
  if (edit.airDate && !isCalendarDate(*edit.airDate)) {
    return fieldError("bad_field", QStringLiteral("airDate"),
                      QStringLiteral("a calendar date, YYYY-MM-DD"));
  }
  if (edit.airTime && !edit.airTime->isEmpty() && !isTimeOfDay(*edit.airTime)) {
    return fieldError("bad_field", QStringLiteral("airTime"),
                      QStringLiteral("a time of day, HH:MM or HH:MM:SS"));
  }
  if (edit.topics) {
    if (edit.topics->size() > kMaxArchiveTopics) {
      return fieldError("bad_field", QStringLiteral("topics"),
                        QStringLiteral("at most %1 topics").arg(kMaxArchiveTopics));
    }
    for (qsizetype i = 0; i < edit.topics->size(); ++i) {
      if (auto error = checkText(QStringLiteral("topics[%1]").arg(i), edit.topics->at(i), 1,
                                 kMaxArchiveTopicChars)) {
        return error;
      }
    }
  }
  for (qsizetype i = 0; i < edit.appearances.size(); ++i) {
    const AppearanceEdit& change = edit.appearances[i];
    const QString place = QStringLiteral("appearances[%1]").arg(i);
    if (change.role) {
      if (auto error = checkText(place + QStringLiteral(".role"), *change.role, 0,
                                 kMaxAppearanceTextChars)) {
        return error;
      }
    }
    if (change.party) {
      if (auto error = checkText(place + QStringLiteral(".party"), *change.party, 0,
                                 kMaxAppearanceTextChars)) {
        return error;
      }
    }
  }
  return std::nullopt;
}

QJsonObject archiveEditFields(const ArchiveEdit& edit) {
  QJsonObject fields{{"number", edit.number}, {"version", edit.version}};
  const auto languages = [](const QMap<QString, QString>& map) {
    QJsonObject out;
    for (auto it = map.begin(); it != map.end(); ++it)
      out.insert(it.key(), it.value());
    return out;
  };
  if (!edit.titles.isEmpty()) fields.insert("titles", languages(edit.titles));
  if (!edit.descriptions.isEmpty()) fields.insert("descriptions", languages(edit.descriptions));
  if (edit.airDate) fields.insert("airDate", *edit.airDate);
  if (edit.airTime) fields.insert("airTime", *edit.airTime);
  if (edit.topics) fields.insert("topics", QJsonArray::fromStringList(*edit.topics));
  if (!edit.appearances.isEmpty()) {
    QJsonArray appearances;
    for (const AppearanceEdit& change : edit.appearances) {
      QJsonObject row{{"position", change.position}};
      if (change.role) row.insert("role", *change.role);
      if (change.party) row.insert("party", *change.party);
      appearances.append(row);
    }
    fields.insert("appearances", appearances);
  }
  return fields;
}

QVector<SnippetRun> snippetRuns(const QString& snippet) {
  QVector<SnippetRun> runs;
  SnippetRun current;
  const auto flush = [&] {
    if (!current.text.isEmpty()) runs.append(current);
    current.text.clear();
  };
  for (QChar c : snippet) {
    if (c == u'«' || c == u'»') {
      flush();
      current.isMatch = c == u'«';
      continue;
    }
    current.text.append(c);
  }
  flush();
  return runs;
}

}  // namespace sporazum::studio
