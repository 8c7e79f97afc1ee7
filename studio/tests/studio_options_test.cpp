#include "sporazum/studio/studio_options.hpp"

#include <gtest/gtest.h>

#include "gtest_qt.hpp"

#include <QFile>
#include <QLocale>
#include <QTemporaryDir>
#include <QXmlStreamReader>

#include "sporazum/studio/language.hpp"
#include "sporazum/studio/municipality_names.hpp"

namespace sporazum::studio {
namespace {

TEST(StudioOptions, ReadsEveryOption) {
  auto options = parseStudioOptions(
      {"--server", "ws://10.0.0.5:8080/ws/staff", "--user", "pera", "--password-file", "/run/pw",
       "--lang", "sr", "--templates", "/t", "--guests", "/g.json", "--municipalities", "/m.json"},
      "/default");
  ASSERT_TRUE(options) << options.error().message;
  EXPECT_EQ(options->serverUrl, "ws://10.0.0.5:8080/ws/staff");
  EXPECT_EQ(options->user, "pera");
  EXPECT_EQ(options->passwordFile, "/run/pw");
  EXPECT_EQ(options->language, "sr");
  EXPECT_EQ(options->templatesDir, "/t");
  EXPECT_EQ(options->guestsFile, "/g.json");
  EXPECT_EQ(options->municipalitiesFile, "/m.json");
  EXPECT_EQ(parseStudioOptions({}, "/default")->templatesDir, "/default");
  EXPECT_TRUE(parseStudioOptions({"--help"}, "")->showHelp);
}

TEST(StudioOptions, RefusesMistakesWithAClearMessage) {
  const QStringList bad[] = {{"--server", "http://host/ws/staff"},
                             {"--server"},
                             {"--lang", "de"},
                             {"--verbose"},
                             {"--password-file", "/run/pw"}};
  for (const QStringList& arguments : bad) {
    auto options = parseStudioOptions(arguments, "");
    ASSERT_FALSE(options) << arguments.join(' ').toStdString();
    EXPECT_EQ(options.error().code, "bad_option");
    EXPECT_FALSE(options.error().message.empty());
  }
}

TEST(StudioOptions, ReadsThePasswordsFirstLineAndTheGuestList) {
  QTemporaryDir dir;
  ASSERT_TRUE(dir.isValid());
  QFile password(dir.filePath("pw"));
  ASSERT_TRUE(password.open(QIODevice::WriteOnly));
  password.write("correct horse\r\nsecond line\n");
  password.close();
  EXPECT_EQ(*readPasswordFile(password.fileName()), "correct horse");
  EXPECT_FALSE(readPasswordFile(dir.filePath("missing")));

  QFile guests(dir.filePath("guests.json"));
  ASSERT_TRUE(guests.open(QIODevice::WriteOnly));
  guests.write(R"([{"name":"Dragana Petrović","role":"poslanica"},{"name":"Arben Gashi"}])");
  guests.close();
  auto list = readGuestsFile(guests.fileName());
  ASSERT_TRUE(list) << list.error().message;
  ASSERT_EQ(list->size(), 2);
  EXPECT_EQ(list->at(0).toMap().value("name").toString(), QString::fromUtf8("Dragana Petrović"));

  QFile bad(dir.filePath("bad.json"));
  ASSERT_TRUE(bad.open(QIODevice::WriteOnly));
  bad.write(R"([{"role":"no name"}])");
  bad.close();
  auto refused = readGuestsFile(bad.fileName());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "guests_file");
}

TEST(MunicipalityNames, ReadsTheShowsListInTheInterfaceLanguage) {
  const QString path = QStringLiteral(SPORAZUM_SOURCE_ROOT "/assets/municipalities.json");
  auto serbian = readMunicipalityNames(path, "sr");
  ASSERT_TRUE(serbian) << serbian.error().message;
  EXPECT_EQ(serbian->value("gjakova"), QString::fromUtf8("Đakovica"));
  EXPECT_EQ(serbian->value("mitrovica-north"), "Severna Mitrovica");
  auto english = readMunicipalityNames(path, "en");
  ASSERT_TRUE(english);
  EXPECT_EQ(english->value("mitrovica-north"), "North Mitrovica");
  EXPECT_EQ(english->size(), serbian->size());

  QTemporaryDir dir;
  QFile bad(dir.filePath("bad.json"));
  ASSERT_TRUE(bad.open(QIODevice::WriteOnly));
  bad.write(R"([{"code":"zvecan"}])");
  bad.close();
  auto refused = readMunicipalityNames(bad.fileName(), "sr");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "municipalities_file");
  EXPECT_FALSE(readMunicipalityNames(dir.filePath("missing.json"), "sr"));
}

TEST(Language, TheOptionWinsElseTheLocaleDecides) {
  EXPECT_EQ(chooseLanguage("en", QLocale(QLocale::Serbian)), "en");
  EXPECT_EQ(chooseLanguage("", QLocale(QLocale::Serbian, QLocale::LatinScript, QLocale::Serbia)),
            "sr");
  EXPECT_EQ(chooseLanguage("", QLocale(QLocale::Albanian)), "en");
  EXPECT_EQ(chooseLanguage("", QLocale(QLocale::German)), "en");
}

TEST(Language, TheSerbianTranslationIsBuiltIn) {
  QTranslator translator;
  ASSERT_TRUE(installTranslation(*QCoreApplication::instance(), translator, "sr"));
  EXPECT_NE(QCoreApplication::translate("sporazum::studio::Controller", "No question is queued."),
            "No question is queued.");
  EXPECT_NE(QCoreApplication::translate("Layers", "Guest super"), "Guest super");
  QCoreApplication::removeTranslator(&translator);
  EXPECT_EQ(QCoreApplication::translate("Layers", "Guest super"), "Guest super");
}

TEST(Language, EveryStringHasASerbianTranslation) {
  QFile file(QStringLiteral(SPORAZUM_SOURCE_ROOT "/studio/i18n/sporazum_studio_sr.ts"));
  ASSERT_TRUE(file.open(QIODevice::ReadOnly));
  QXmlStreamReader xml(&file);
  int messages = 0;
  QStringList untranslated;
  QString source;
  while (!xml.atEnd()) {
    xml.readNext();
    if (!xml.isStartElement()) continue;
    if (xml.name() == QLatin1String("source")) {
      source = xml.readElementText();
      ++messages;
    } else if (xml.name() == QLatin1String("translation")) {
      const bool isUnfinished = xml.attributes().value("type") == QLatin1String("unfinished");
      const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
      if (isUnfinished || text.trimmed().isEmpty()) untranslated.append(source);
    }
  }
  EXPECT_FALSE(xml.hasError()) << xml.errorString().toStdString();
  EXPECT_GT(messages, 100);
  EXPECT_TRUE(untranslated.isEmpty()) << untranslated.join(" | ").toStdString();
}

}  // namespace
}  // namespace sporazum::studio
