#pragma once
// Readable GoogleTest failures for Qt values.

#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <ostream>

inline void PrintTo(const QString& text, std::ostream* out) {
  *out << '"' << text.toStdString() << '"';
}

inline void PrintTo(const QStringList& list, std::ostream* out) {
  *out << '[' << list.join(QStringLiteral(", ")).toStdString() << ']';
}

inline void PrintTo(const QJsonObject& object, std::ostream* out) {
  *out << QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString();
}

inline void PrintTo(const QList<qint64>& list, std::ostream* out) {
  *out << '[';
  for (qsizetype i = 0; i < list.size(); ++i)
    *out << (i ? ", " : "") << list[i];
  *out << ']';
}
