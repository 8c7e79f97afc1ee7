#include "realistic_show.hpp"

#include <QBuffer>
#include <QDateTime>
#include <QJsonArray>
#include <QLinearGradient>
#include <QPainter>

#include "test_messages.hpp"

namespace sporazum::studio::testing {
namespace {

QString minutesAgo(int minutes) {
  return QDateTime::currentDateTimeUtc().addSecs(-60 * minutes).toString(Qt::ISODateWithMs);
}

QJsonObject airQuestion(qint64 id, const QString& state, const QString& text,
                        const QString& municipality, const QString& language, int minutes,
                        QJsonValue position = QJsonValue::Null) {
  QJsonObject q = question(id, state, text, position, 3);
  q["municipality"] = municipality;
  q["language"] = language;
  q["receivedAt"] = minutesAgo(minutes);
  return q;
}

QJsonObject health(const QString& name, qint64 framesOut, double graphicsMs) {
  return {{"name", name},
          {"framesPerSecond", 50.0},
          {"framesOut", framesOut},
          {"droppedFrames", 0},
          {"input", "ok"},
          {"graphicsMsPerFrame", graphicsMs},
          {"lastSeq", 17},
          {"at", QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}};
}

}  // namespace

void fillRealisticShow(FakeShow& show, int minutesIn) {
  QJsonObject aired = episode(6, 22, "aired", "2026-11-09");
  aired["title"] = QString::fromUtf8("Sporazum 9. 11. 2026.");
  aired["recording"] = QJsonObject{{"engine", "engine-main"},
                                   {"file", "var/recordings/episode-22-20261109T200002Z.ts"},
                                   {"bytes", qint64(4'815'162'342)},
                                   {"state", "done"}};
  show.addEpisode(aired);

  QJsonObject live = episode(7, 23, "live", "2026-11-23");
  live["title"] = QString::fromUtf8("Sporazum 23. 11. 2026.");
  live["guests"] = QJsonArray{QJsonObject{{"name", QString::fromUtf8("Dragana Petrović")},
                                          {"role", "poslanica, Srpska lista"}},
                              QJsonObject{{"name", "Arben Krasniqi"}, {"role", "LDK"}}};
  live["topics"] = QJsonArray{"roads", "water", "jobs"};
  live["startedAt"] = minutesAgo(minutesIn);
  live["recording"] = QJsonObject{{"engine", "engine-main"},
                                  {"file", "var/recordings/episode-23-20261123T200004Z.ts"},
                                  {"bytes", 0},
                                  {"state", "recording"}};
  show.addEpisode(live);

  QJsonObject planned = episode(8, 24, "planned", "2026-12-07");
  planned["title"] = QString::fromUtf8("Sporazum 7. 12. 2026.");
  planned["guests"] =
      QJsonArray{QJsonObject{{"name", QString::fromUtf8("Milan Jovanović")}, {"role", "SL"}}};
  planned["topics"] = QJsonArray{"jobs"};
  show.addEpisode(planned);

  QJsonObject water =
      airQuestion(112, "aired", QString::fromUtf8("Зашто нема воде у Звечану већ три дана?"),
                  "zvecan", "sr-Cyrl", 38);
  water["topic"] = "water";
  water["onAirAt"] = minutesAgo(31);
  water["offAirAt"] = minutesAgo(29);
  show.addQuestion(water);

  QJsonObject agreement =
      airQuestion(105, "aired", "How will the agreement change daily life for people in Gračanica?",
                  "gracanica", "en", 40);
  agreement["viewerName"] = "Jelena";
  agreement["onAirAt"] = minutesAgo(24);
  agreement["offAirAt"] = minutesAgo(22);
  show.addQuestion(agreement);

  QJsonObject road =
      airQuestion(118, "on_air",
                  QString::fromUtf8("Kada će biti popravljen put od Zubinog Potoka do Mitrovice?"),
                  "zubin-potok", "sr-Latn", 27);
  road["viewerText"] = "kada ce vec jednom popraviti put od zubinog potoka do mitrovice???";
  road["edited"] = true;
  road["viewerName"] = "Milica";
  road["topic"] = "roads";
  road["askCount"] = 3;
  road["onAirAt"] = minutesAgo(1);
  show.addQuestion(road);

  QJsonObject jobs = airQuestion(
      121, "queued",
      QString::fromUtf8("Kur do të hapen vende të reja pune për të rinjtë në Mitrovicë?"),
      "mitrovica-south", "sq", 19, 1);
  jobs["viewerName"] = "Arta";
  jobs["topic"] = "jobs";
  jobs["askCount"] = 2;
  show.addQuestion(jobs);

  QJsonObject bridge = airQuestion(
      123, "queued", "Will the main bridge in Mitrovica open for cars before the elections?",
      "mitrovica-north", "en", 16, 2);
  bridge["topic"] = "roads";
  show.addQuestion(bridge);

  QJsonObject health = airQuestion(
      125, "queued",
      QString::fromUtf8("Шта ће бити са здравственим радницима који раде у српском систему?"),
      "leposavic", "sr-Cyrl", 12, 3);
  health["viewerName"] = QString::fromUtf8("Душан");
  show.addQuestion(health);

  QJsonObject power = airQuestion(
      126, "approved",
      QString::fromUtf8("Da li će se uskoro smanjiti cena struje u severnim opštinama?"), "zvecan",
      "sr-Latn", 9);
  show.addQuestion(power);

  QJsonObject bus =
      airQuestion(127, "approved",
                  QString::fromUtf8("A do të ketë autobus çdo orë nga Vushtrria në Mitrovicë?"),
                  "vushtrri", "sq", 5);
  bus["viewerText"] = QString::fromUtf8("a do ket autobus cdo or prej vushtrris ne mitrovic");
  bus["edited"] = true;
  bus["topic"] = "roads";
  show.addQuestion(bus);

  show.setLowerThirdOnAir(118);
  show.setOnAir("logo", {});
}

QJsonObject freshEngineStatus() {
  return {{"type", "engine_status"},
          {"engines", QJsonArray{QJsonObject{{"engine", "engine-backup"},
                                             {"connected", true},
                                             {"health", health("backup", 122'810, 0.51)}},
                                 QJsonObject{{"engine", "engine-main"},
                                             {"connected", true},
                                             {"health", health("main", 123'004, 0.42)}}}}};
}

QImage programmePicture() {
  QImage image(320, 180, QImage::Format_RGB32);
  QPainter painter(&image);
  painter.setRenderHint(QPainter::Antialiasing);
  QLinearGradient studio(0, 0, 0, 180);
  studio.setColorAt(0, QColor(18, 32, 64));
  studio.setColorAt(1, QColor(40, 70, 120));
  painter.fillRect(image.rect(), studio);
  // The desk and two guests, as shapes.
  painter.setBrush(QColor(90, 60, 40));
  painter.setPen(Qt::NoPen);
  painter.drawRoundedRect(QRectF(40, 112, 240, 30), 6, 6);
  painter.setBrush(QColor(200, 170, 150));
  painter.drawEllipse(QPointF(110, 78), 13, 15);
  painter.drawEllipse(QPointF(210, 80), 13, 15);
  painter.setBrush(QColor(30, 30, 40));
  painter.drawRoundedRect(QRectF(92, 93, 36, 30), 8, 8);
  painter.setBrush(QColor(70, 40, 50));
  painter.drawRoundedRect(QRectF(192, 95, 36, 28), 8, 8);
  // The logo bug and the question's lower third.
  painter.setBrush(QColor(255, 255, 255, 220));
  painter.drawRoundedRect(QRectF(262, 8, 50, 14), 3, 3);
  painter.setPen(QColor(20, 40, 90));
  QFont font(QStringLiteral("DejaVu Sans"));
  font.setPixelSize(8);
  font.setBold(true);
  painter.setFont(font);
  painter.drawText(QRectF(262, 8, 50, 14), Qt::AlignCenter, QStringLiteral("SPORAZUM"));
  painter.setPen(Qt::NoPen);
  painter.setBrush(QColor(20, 60, 140));
  painter.drawRect(QRectF(16, 140, 288, 12));
  painter.setBrush(QColor(250, 250, 250));
  painter.drawRect(QRectF(16, 152, 288, 20));
  painter.setPen(Qt::white);
  font.setPixelSize(8);
  painter.setFont(font);
  painter.drawText(QRectF(22, 140, 280, 12), Qt::AlignVCenter,
                   QString::fromUtf8("Milica, Zubin Potok"));
  painter.setPen(QColor(20, 20, 20));
  font.setBold(false);
  font.setPixelSize(9);
  painter.setFont(font);
  painter.drawText(
      QRectF(22, 152, 280, 20), Qt::AlignVCenter,
      QString::fromUtf8("Kada će biti popravljen put od Zubinog Potoka do Mitrovice?"));
  painter.end();
  return image;
}

QJsonObject previewMessage(const QString& engine) {
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  programmePicture().save(&buffer, "JPEG", 75);
  return {{"type", "preview"},
          {"engine", engine},
          {"jpeg", QString::fromLatin1(bytes.toBase64())},
          {"at", QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}};
}

QJsonObject lowerThirdOnAirReport() {
  return {{"type", "as_run"},
          {"engine", "engine-main"},
          {"seq", 1},
          {"layer", "lower_third"},
          {"event", "on_air"},
          {"questionId", 118},
          {"runningTimeNs", qint64(3'723'040'000'000)},
          {"wallTime", QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}};
}

}  // namespace sporazum::studio::testing
