#include "sporazum/studio/language.hpp"

namespace sporazum::studio {

QString chooseLanguage(const QString& option, const QLocale& locale) {
  if (!option.isEmpty()) return option;
  switch (locale.language()) {
    case QLocale::Serbian:
    case QLocale::Bosnian:
    case QLocale::Croatian:
      return QStringLiteral("sr");
    default:
      return QStringLiteral("en");
  }
}

bool installTranslation(QCoreApplication& application, QTranslator& translator,
                        const QString& language) {
  if (language == QLatin1String("en")) return true;
  // qt_add_translations embeds the .qm files under :/i18n.
  if (!translator.load(QStringLiteral(":/i18n/sporazum_studio_") + language)) return false;
  return application.installTranslator(&translator);
}

}  // namespace sporazum::studio
