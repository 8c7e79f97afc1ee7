#pragma once
// The interface language: English in the source, Serbian (Latin) from i18n/.

#include <QCoreApplication>
#include <QLocale>
#include <QString>
#include <QTranslator>

namespace sporazum::studio {

/// "sr" or "en": `option` when given, else Serbian for a Serbian (or Bosnian, Croatian)
/// locale, else English.
QString chooseLanguage(const QString& option, const QLocale& locale);

/// Loads the compiled translation for `language` into `translator` and installs it on the
/// application; English needs none. False when the translation is missing from the build.
bool installTranslation(QCoreApplication& application, QTranslator& translator,
                        const QString& language);

}  // namespace sporazum::studio
