#pragma once
// The requests sent and not yet answered, each with a deadline, so every request ends in exactly
// one outcome: a reply, an error, a timeout, or the connection's loss.

#include <QDeadlineTimer>
#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <optional>

namespace sporazum::studio {

/// GUI thread only. One timer for all entries, armed for the earliest deadline.
class PendingRequests : public QObject {
  Q_OBJECT

 public:
  explicit PendingRequests(QObject* parent = nullptr);

  /// Remembers request `id` of `type` until `take`, `takeAll` or `timeoutMs` from now.
  void add(const QString& id, const QString& type, int timeoutMs);
  /// The type of request `id` if it was pending; it is no longer.
  std::optional<QString> take(const QString& id);
  /// Every pending id; none is pending afterwards.
  QStringList takeAll();
  bool contains(const QString& id) const { return entries_.contains(id); }
  int count() const { return static_cast<int>(entries_.size()); }

 signals:
  /// Emitted once per request whose deadline passed; it is no longer pending.
  void timedOut(const QString& id, const QString& type);

 private:
  struct Entry {
    QString type;
    QDeadlineTimer deadline;
  };

  void arm();
  void expire();

  QHash<QString, Entry> entries_;
  QTimer timer_;
};

}  // namespace sporazum::studio
