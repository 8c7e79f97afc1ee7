// sporazum-studio: parse options, build the console, show it, run the event loop.

#include <QtQml/qqmlextensionplugin.h>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QTranslator>
#include <cstdio>

#include "sporazum/studio/language.hpp"
#include "sporazum/studio/municipality_names.hpp"
#include "sporazum/studio/studio_console.hpp"
#include "sporazum/studio/studio_options.hpp"

Q_IMPORT_QML_PLUGIN(Sporazum_StudioPlugin)

using namespace sporazum::studio;

int main(int argc, char** argv) {
  // Options first: --help and mistakes must not need a display.
  QStringList arguments;
  for (int i = 1; i < argc; ++i)
    arguments.append(QString::fromLocal8Bit(argv[i]));
  auto options = parseStudioOptions(
      arguments, QStringLiteral(SPORAZUM_SOURCE_ROOT) + QStringLiteral("/assets/templates"));
  if (!options) {
    std::fprintf(stderr, "sporazum-studio: %s\n%s", options.error().message.c_str(),
                 qPrintable(studioUsage()));
    return 2;
  }
  if (options->showHelp) {
    std::fputs(qPrintable(studioUsage()), stdout);
    return 0;
  }

  QGuiApplication application(argc, argv);
  QGuiApplication::setApplicationName(QStringLiteral("sporazum-studio"));
  QGuiApplication::setApplicationDisplayName(QStringLiteral("Sporazum"));

  QTranslator translator;
  const QString language = chooseLanguage(options->language, QLocale::system());
  if (!installTranslation(application, translator, language)) {
    std::fprintf(stderr, "sporazum-studio: no translation for %s in this build\n",
                 qPrintable(language));
    return 2;
  }

  QString password;
  if (!options->passwordFile.isEmpty()) {
    auto read = readPasswordFile(options->passwordFile);
    if (!read) {
      std::fprintf(stderr, "sporazum-studio: %s\n", read.error().message.c_str());
      return 2;
    }
    password = *read;
  }
  QVariantList guests;
  if (!options->guestsFile.isEmpty()) {
    auto read = readGuestsFile(options->guestsFile);
    if (!read) {
      std::fprintf(stderr, "sporazum-studio: %s\n", read.error().message.c_str());
      return 2;
    }
    guests = *read;
  }

  // Given on the command line, the file must be right; the source tree's copy is a convenience.
  const bool isMunicipalitiesGiven = !options->municipalitiesFile.isEmpty();
  const QString municipalitiesFile =
      isMunicipalitiesGiven
          ? options->municipalitiesFile
          : QStringLiteral(SPORAZUM_SOURCE_ROOT) + QStringLiteral("/assets/municipalities.json");
  auto municipalities = readMunicipalityNames(municipalitiesFile, language);
  if (!municipalities) {
    std::fprintf(stderr, "sporazum-studio: %s\n", municipalities.error().message.c_str());
    if (isMunicipalitiesGiven) return 2;
    std::fputs("sporazum-studio: municipalities are shown by their codes\n", stderr);
  }

  StudioConsole console(options->templatesDir);
  console.setFallbackGuests(guests);
  if (municipalities) console.queue().setMunicipalityNames(*municipalities);
  console.connection().setServerUrl(options->serverUrl);

  QQmlApplicationEngine engine;
  if (!console.load(engine)) {
    std::fputs("sporazum-studio: the window could not be created (see the QML errors above)\n",
               stderr);
    return 1;
  }
  if (!options->user.isEmpty() && !password.isEmpty()) {
    console.connection().logIn(options->user, password);
  } else if (!options->serverUrl.isEmpty()) {
    console.connection().start();
  }
  return QGuiApplication::exec();
}
