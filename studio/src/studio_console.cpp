#include "sporazum/studio/studio_console.hpp"

#include <QJsonArray>

#include "sporazum/core/log.hpp"

namespace sporazum::studio {

StudioConsole::StudioConsole(const QString& templatesDir, QObject* parent)
    : QObject(parent),
      queueView_(queue_),
      controller_(programme_, queue_,
                  [this](const QString& type, const QJsonObject& fields) {
                    return connection_.request(type, fields);
                  }),
      preview_(templatesDir) {
  connect(&connection_, &StudioConnection::sessionStarted, this, [this] {
    // Whatever the server pushes now replaces what the models held before the drop.
    programme_.beginResync();
    isQueueSnapshotComplete_ = true;
  });
  connect(&connection_, &StudioConnection::pushReceived, this, &StudioConsole::route);
  connect(&connection_, &StudioConnection::replyReceived, &controller_, &Controller::onReply);
  connect(&connection_, &StudioConnection::requestFailed, &controller_, &Controller::onFailure);
  connect(&queueView_, &QuestionFilterModel::reorderRequested, &controller_,
          &Controller::requestReorder);
}

bool StudioConsole::load(QQmlApplicationEngine& engine) {
  engine.addImageProvider(QStringLiteral("preview"), preview_.createImageProvider());
  // Qt 6.4 does not look under qrc:/qt/qml by itself (DESIGN.md, "Platform facts").
  engine.addImportPath(QStringLiteral("qrc:/qt/qml"));
  engine.setInitialProperties({{"connection", QVariant::fromValue(&connection_)},
                               {"programme", QVariant::fromValue(&programme_)},
                               {"engines", QVariant::fromValue(&engines_)},
                               {"queue", QVariant::fromValue(&queue_)},
                               {"queueView", QVariant::fromValue(&queueView_)},
                               {"controller", QVariant::fromValue(&controller_)},
                               {"preview", QVariant::fromValue(&preview_)}});
  engine.load(QUrl(QStringLiteral("qrc:/qt/qml/Sporazum/Studio/Main.qml")));
  return !engine.rootObjects().isEmpty();
}

void StudioConsole::route(const QString& type, const QJsonObject& message) {
  if (type == QLatin1String("programme")) {
    programme_.applyProgramme(message);
  } else if (type == QLatin1String("as_run")) {
    programme_.applyAsRun(message);
  } else if (type == QLatin1String("engine_status")) {
    engines_.applyEngineStatus(message);
  } else if (type == QLatin1String("engine_error")) {
    controller_.onEngineError(message);
  } else if (type == kQueueSnapshotType) {
    const QJsonArray questions = message.value(QStringLiteral("questions")).toArray();
    // The first part of a snapshot replaces everything; later parts add to it.
    if (isQueueSnapshotComplete_) {
      queue_.replaceAll(questions);
    } else {
      queue_.upsert(questions);
    }
    isQueueSnapshotComplete_ = message.value(QStringLiteral("complete")).toBool(true);
  } else if (type == kQueueQuestionsType) {
    queue_.upsert(message.value(QStringLiteral("questions")).toArray());
  } else if (type == QLatin1String("error")) {
    // An error that answers no request of ours (e.g. unauthenticated during a resume race).
    const std::string code = message.value(QStringLiteral("code")).toString().toStdString();
    log::warn("studio.console.server_error", {{"code", std::string_view(code)}});
  }
}

}  // namespace sporazum::studio
