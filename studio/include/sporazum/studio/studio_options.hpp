#pragma once
// The command line of sporazum-studio, and the small files it names.

#include <QString>
#include <QStringList>
#include <QVariantList>

#include "sporazum/core/result.hpp"

namespace sporazum::studio {

struct StudioOptions {
  QString serverUrl;     ///< ws://HOST:PORT/ws/staff
  QString user;          ///< with passwordFile: log in at start, else the login form
  QString passwordFile;  ///< the password on its first line
  QString language;      ///< sr, en, or "" for the system locale
  QString templatesDir;  ///< the show's graphics templates (the preview)
  QString guestsFile;  ///< JSON: [{"name":"…","role":"…"},…]; only while there is no episode
  QString municipalitiesFile;  ///< "" for the source tree's assets/municipalities.json
  bool showHelp = false;
};

/// Parses the arguments (argv without the program name). `defaultTemplatesDir` is used when
/// --templates is not given.
core::Result<StudioOptions> parseStudioOptions(const QStringList& arguments,
                                               const QString& defaultTemplatesDir);
QString studioUsage();

/// The first line of `path` without its line break. Errors: password_file (unreadable, empty).
core::Result<QString> readPasswordFile(const QString& path);
/// A JSON array of {"name", "role"} objects. Errors: guests_file (unreadable, not that shape).
core::Result<QVariantList> readGuestsFile(const QString& path);

}  // namespace sporazum::studio
