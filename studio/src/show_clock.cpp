#include "sporazum/studio/show_clock.hpp"

#include <QDateTime>
#include <algorithm>

namespace sporazum::studio {
namespace {

qint64 msSinceEpoch(const QString& iso) {
  if (iso.isEmpty()) return 0;
  const QDateTime at = QDateTime::fromString(iso, Qt::ISODateWithMs);
  return at.isValid() ? at.toMSecsSinceEpoch() : 0;
}

}  // namespace

ShowClock::ShowClock(QObject* parent, Clock wallClockMs, Clock steadyClockMs)
    : QObject(parent),
      wallClock_(std::move(wallClockMs)),
      steadyClock_(std::move(steadyClockMs)),
      segmentStartMs_(steadyClock_()) {
  timer_.setInterval(kTickMs);
  connect(&timer_, &QTimer::timeout, this, &ShowClock::tick);
  timer_.start();
  tick();
}

void ShowClock::setEpisodeTimes(const QString& startedAt, const QString& endedAt) {
  const qint64 started = msSinceEpoch(startedAt);
  const qint64 ended = msSinceEpoch(endedAt);
  if (started == startedAtMs_ && ended == endedAtMs_) return;
  const bool isNewStart = started != 0 && started != startedAtMs_ && ended == 0;
  startedAtMs_ = started;
  endedAtMs_ = ended;
  if (isNewStart) segmentStartMs_ = steadyClock_();
  tick();
}

void ShowClock::resetSegment() {
  segmentStartMs_ = steadyClock_();
  tick();
}

void ShowClock::tick() {
  const QString episode =
      startedAtMs_ == 0
          ? QStringLiteral("–:––:––")
          : formatDuration((endedAtMs_ != 0 ? endedAtMs_ : wallClock_()) - startedAtMs_, false);
  const QString segment = formatDuration(steadyClock_() - segmentStartMs_, true);
  if (episode == episodeText_ && segment == segmentText_) return;
  episodeText_ = episode;
  segmentText_ = segment;
  emit textChanged();
}

QString ShowClock::formatDuration(qint64 durationMs, bool isShort) {
  const qint64 seconds = std::max<qint64>(durationMs, 0) / 1000;
  const qint64 hours = seconds / 3600;
  const QString minutesSeconds = QStringLiteral("%1:%2")
                                     .arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'))
                                     .arg(seconds % 60, 2, 10, QLatin1Char('0'));
  if (isShort && hours == 0) return minutesSeconds;
  return QStringLiteral("%1:%2").arg(hours).arg(minutesSeconds);
}

}  // namespace sporazum::studio
