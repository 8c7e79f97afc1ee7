#pragma once
// The archive's half of the server for tests, from scripted JSON (the schema/examples replies):
// archive_episodes, archive_search, archive_get and archive_edit with versions and conflicts,
// as schema/protocol.md ("The archive") describes them.

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <optional>

namespace sporazum::studio::testing {

class FakeArchive {
 public:
  /// The examples' episodes 23 (archived, with the example's detail) and 24 (planned).
  FakeArchive();

  /// The reply to an archive request; nullopt for any other type.
  std::optional<QJsonObject> handle(const QJsonObject& request);

  /// Someone else saves episode `number`: its version grows and `change` is applied.
  void saveElsewhere(int number, const QJsonObject& change);
  /// The proxy's URL of episode `number` (a path on the server, as the protocol has it).
  void setProxyUrl(int number, const QString& url);
  QJsonObject detail(int number) const { return details_.value(number); }
  /// Replaces episode `number`'s ARCHIVE_DETAIL as it is (no version change).
  void setDetail(int number, const QJsonObject& detail) { details_.insert(number, detail); }
  int editCount() const { return editCount_; }

 private:
  QJsonObject list(const QString& id) const;
  QJsonObject edit(const QJsonObject& request);
  static QJsonObject error(const QString& id, const QString& code, const QString& message,
                           const QString& field = {});

  QMap<int, QJsonObject> details_;  ///< ARCHIVE_DETAIL by number (a summary is its subset)
  int editCount_ = 0;
};

}  // namespace sporazum::studio::testing
