#include "sporazum/studio/municipality_names.hpp"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace sporazum::studio {
namespace {

constexpr qint64 kMaxFileBytes = 1024 * 1024;

}  // namespace

core::Result<QHash<QString, QString>> readMunicipalityNames(const QString& path,
                                                            const QString& language) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    return core::makeError("municipalities_file",
                           ("cannot read " + path + ": " + file.errorString()).toStdString());
  }
  QJsonParseError error{};
  const QJsonDocument document = QJsonDocument::fromJson(file.read(kMaxFileBytes), &error);
  if (error.error != QJsonParseError::NoError || !document.isArray()) {
    return core::makeError("municipalities_file",
                           (path + " must hold a JSON array of municipalities").toStdString());
  }
  const QString key =
      language == QLatin1String("sr") ? QStringLiteral("sr-Latn") : QStringLiteral("en");
  QHash<QString, QString> names;
  for (const QJsonValue& value : document.array()) {
    const QJsonObject entry = value.toObject();
    const QString code = entry.value(QStringLiteral("code")).toString();
    const QString name = entry.value(key).toString();
    if (code.isEmpty() || name.isEmpty()) {
      return core::makeError(
          "municipalities_file",
          (path + ": every entry needs a \"code\" and a \"" + key + "\" name").toStdString());
    }
    names.insert(code, name);
  }
  return names;
}

}  // namespace sporazum::studio
