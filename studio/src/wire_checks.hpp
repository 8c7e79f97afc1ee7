#pragma once
// Internal to the studio's codecs (episodes, queue, archive): the checks every message from the
// server and every request to it goes through, written once.

#include <QDate>
#include <QJsonValue>
#include <QRegularExpression>
#include <QString>
#include <cmath>
#include <optional>

#include "sporazum/core/result.hpp"

namespace sporazum::studio::wire {

/// A JSON number that is a whole number a qint64 holds exactly.
inline bool isWholeNumber(const QJsonValue& value) {
  return value.isDouble() && std::isfinite(value.toDouble()) &&
         value.toDouble() == std::floor(value.toDouble()) && std::abs(value.toDouble()) < 9e15;
}

/// YYYY-MM-DD, a real date from year 1000 on.
inline bool isCalendarDate(const QString& text) {
  static const QRegularExpression shape(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$"));
  if (!shape.match(text).hasMatch()) return false;
  const QDate date = QDate::fromString(text, Qt::ISODate);
  return date.isValid() && date.year() >= 1000;
}

/// Whether line feeds and tabs may stand in a text (descriptions, questions) or not (titles).
enum class Lines { Refused, Allowed };

inline bool hasControlCharacters(const QString& text, Lines lines = Lines::Refused) {
  for (QChar c : text) {  // every control character is in the BMP: UTF-16 units suffice
    const char16_t u = c.unicode();
    if (lines == Lines::Allowed && (u == u'\n' || u == u'\t')) continue;
    if (u < 0x20 || (u >= 0x7f && u < 0xa0)) return true;
  }
  return false;
}

inline core::Error fieldError(const char* code, const QString& field, const QString& message) {
  return core::makeError(code, (field + QStringLiteral(": ") + message).toStdString(),
                         field.toStdString());
}

/// A text the server would refuse for its length (in code points) or its characters.
inline std::optional<core::Error> checkText(const QString& field, const QString& text, int minChars,
                                            int maxChars, Lines lines = Lines::Refused) {
  const auto codePoints = static_cast<int>(text.toUcs4().size());
  if (codePoints < minChars) {
    return fieldError("bad_field", field, QStringLiteral("must not be empty"));
  }
  if (codePoints > maxChars) {
    return fieldError("field_too_long", field,
                      QStringLiteral("at most %1 characters").arg(maxChars));
  }
  if (hasControlCharacters(text, lines)) {
    return fieldError("control_characters", field, QStringLiteral("control characters"));
  }
  return std::nullopt;
}

}  // namespace sporazum::studio::wire
