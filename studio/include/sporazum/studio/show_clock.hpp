#pragma once
// The producer's two timers: the episode's running time (since the server's startedAt, frozen at
// endedAt) and a segment timer the producer resets with a key (F12).

#include <QObject>
#include <QString>
#include <QTimer>

#include "sporazum/studio/clock.hpp"

namespace sporazum::studio {

/// GUI thread only. The episode timer compares the server's times with this machine's wall clock
/// (keep both on NTP); the segment timer uses the steady clock, so it never jumps.
class ShowClock : public QObject {
  Q_OBJECT
  /// "H:MM:SS" since the episode started; "–:––:––" when it has not.
  Q_PROPERTY(QString episodeText READ episodeText NOTIFY textChanged)
  Q_PROPERTY(bool isEpisodeRunning READ isEpisodeRunning NOTIFY textChanged)
  /// "MM:SS" (H:MM:SS past an hour) since the last reset.
  Q_PROPERTY(QString segmentText READ segmentText NOTIFY textChanged)

 public:
  static constexpr int kTickMs = 200;

  explicit ShowClock(QObject* parent = nullptr, Clock wallClockMs = wallClock(),
                     Clock steadyClockMs = steadyClock());

  /// The episode's ISO 8601 start and end as the server sent them ("" for none). A new start
  /// also resets the segment timer (the show's first segment begins with it).
  void setEpisodeTimes(const QString& startedAt, const QString& endedAt);
  /// The segment timer starts again from zero.
  Q_INVOKABLE void resetSegment();
  /// Recomputes the texts (the timer calls it every kTickMs).
  void tick();

  QString episodeText() const { return episodeText_; }
  bool isEpisodeRunning() const { return startedAtMs_ > 0 && endedAtMs_ == 0; }
  QString segmentText() const { return segmentText_; }

  /// "H:MM:SS"; "MM:SS" when `isShort` and under an hour. Negative durations count as zero.
  static QString formatDuration(qint64 durationMs, bool isShort);

 signals:
  void textChanged();

 private:
  Clock wallClock_;
  Clock steadyClock_;
  QTimer timer_;
  qint64 startedAtMs_ = 0;
  qint64 endedAtMs_ = 0;
  qint64 segmentStartMs_ = 0;
  QString episodeText_;
  QString segmentText_;
};

}  // namespace sporazum::studio
