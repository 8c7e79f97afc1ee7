#include "sporazum/studio/studio_options.hpp"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

namespace sporazum::studio {
namespace {

constexpr qint64 kMaxSmallFileBytes = 1024 * 1024;

core::Error optionError(const QString& message) {
  return core::makeError("bad_option", message.toStdString());
}

}  // namespace

core::Result<StudioOptions> parseStudioOptions(const QStringList& arguments,
                                               const QString& defaultTemplatesDir) {
  StudioOptions options;
  options.templatesDir = defaultTemplatesDir;
  for (qsizetype i = 0; i < arguments.size(); ++i) {
    const QString& flag = arguments[i];
    if (flag == QLatin1String("--help") || flag == QLatin1String("-h")) {
      options.showHelp = true;
      continue;
    }
    static const QStringList withValue = {"--server",    "--user",   "--password-file", "--lang",
                                          "--templates", "--guests", "--municipalities"};
    if (!withValue.contains(flag)) return optionError(QStringLiteral("unknown option: ") + flag);
    if (i + 1 >= arguments.size()) return optionError(flag + QStringLiteral(" needs a value"));
    const QString value = arguments[++i];
    if (flag == QLatin1String("--server")) {
      const QUrl url(value);
      if (!url.isValid() || (url.scheme() != "ws" && url.scheme() != "wss") ||
          url.host().isEmpty()) {
        return optionError(QStringLiteral("--server must be ws://HOST:PORT/ws/staff, not ") +
                           value);
      }
      options.serverUrl = value;
    } else if (flag == QLatin1String("--user")) {
      options.user = value;
    } else if (flag == QLatin1String("--password-file")) {
      options.passwordFile = value;
    } else if (flag == QLatin1String("--lang")) {
      if (value != QLatin1String("sr") && value != QLatin1String("en")) {
        return optionError(QStringLiteral("--lang must be sr or en, not ") + value);
      }
      options.language = value;
    } else if (flag == QLatin1String("--templates")) {
      options.templatesDir = value;
    } else if (flag == QLatin1String("--guests")) {
      options.guestsFile = value;
    } else if (flag == QLatin1String("--municipalities")) {
      options.municipalitiesFile = value;
    }
  }
  if (!options.passwordFile.isEmpty() && options.user.isEmpty()) {
    return optionError(QStringLiteral("--password-file needs --user"));
  }
  return options;
}

QString studioUsage() {
  return QStringLiteral(
      "Usage: sporazum-studio [options]\n"
      "  --server URL          the questions server's staff socket, ws://HOST:PORT/ws/staff\n"
      "  --user NAME           log in as NAME at start (with --password-file)\n"
      "  --password-file FILE  the password on the first line (else: the login form)\n"
      "  --lang sr|en          interface language (default: from the system locale)\n"
      "  --templates DIR       graphics templates for the preview (default: the source tree's\n"
      "                        assets/templates)\n"
      "  --guests FILE         guests for supers while the server has no episode (the current\n"
      "                        episode's guests always win): [{\"name\":…,\"role\":…},…]\n"
      "  --municipalities FILE municipality names (default: the source tree's\n"
      "                        assets/municipalities.json)\n"
      "  --help                this text\n");
}

core::Result<QString> readPasswordFile(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    return core::makeError("password_file",
                           ("cannot read " + path + ": " + file.errorString()).toStdString());
  }
  const QByteArray line = file.readLine(4096);
  QString password = QString::fromUtf8(line);
  while (password.endsWith(QLatin1Char('\n')) || password.endsWith(QLatin1Char('\r'))) {
    password.chop(1);
  }
  if (password.isEmpty()) {
    return core::makeError("password_file", (path + " has an empty first line").toStdString());
  }
  return password;
}

core::Result<QVariantList> readGuestsFile(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    return core::makeError("guests_file",
                           ("cannot read " + path + ": " + file.errorString()).toStdString());
  }
  QJsonParseError error{};
  const QJsonDocument document = QJsonDocument::fromJson(file.read(kMaxSmallFileBytes), &error);
  if (error.error != QJsonParseError::NoError || !document.isArray()) {
    return core::makeError(
        "guests_file", (path + " must hold a JSON array of {\"name\", \"role\"}").toStdString());
  }
  QVariantList guests;
  for (const QJsonValue& value : document.array()) {
    const QJsonObject guest = value.toObject();
    if (!value.isObject() || !guest.value(QStringLiteral("name")).isString() ||
        !(guest.value(QStringLiteral("role")).isString() ||
          guest.value(QStringLiteral("role")).isUndefined())) {
      return core::makeError(
          "guests_file",
          (path + ": every guest needs a \"name\" (and may have a \"role\")").toStdString());
    }
    guests.append(guest.toVariantMap());
  }
  return guests;
}

}  // namespace sporazum::studio
