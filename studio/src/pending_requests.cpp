#include "sporazum/studio/pending_requests.hpp"

#include <algorithm>
#include <limits>

namespace sporazum::studio {

PendingRequests::PendingRequests(QObject* parent) : QObject(parent) {
  timer_.setSingleShot(true);
  timer_.setTimerType(Qt::PreciseTimer);
  connect(&timer_, &QTimer::timeout, this, &PendingRequests::expire);
}

void PendingRequests::add(const QString& id, const QString& type, int timeoutMs) {
  entries_.insert(id, Entry{type, QDeadlineTimer(std::max(timeoutMs, 0))});
  arm();
}

std::optional<QString> PendingRequests::take(const QString& id) {
  auto it = entries_.find(id);
  if (it == entries_.end()) return std::nullopt;
  QString type = it->type;
  entries_.erase(it);
  arm();
  return type;
}

QStringList PendingRequests::takeAll() {
  QStringList ids = entries_.keys();
  entries_.clear();
  timer_.stop();
  return ids;
}

void PendingRequests::arm() {
  if (entries_.isEmpty()) {
    timer_.stop();
    return;
  }
  qint64 earliestMs = std::numeric_limits<qint64>::max();
  for (const Entry& entry : entries_) {
    earliestMs = std::min(earliestMs, entry.deadline.remainingTime());
  }
  timer_.start(static_cast<int>(std::clamp<qint64>(earliestMs, 0, 60'000)));
}

void PendingRequests::expire() {
  QList<QPair<QString, QString>> expired;
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->deadline.hasExpired()) {
      expired.append({it.key(), it->type});
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }
  arm();
  // Emitted after the table is consistent: a handler may add or take requests.
  for (const auto& [id, type] : expired)
    emit timedOut(id, type);
}

}  // namespace sporazum::studio
