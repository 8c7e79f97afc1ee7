#include "sporazum/studio/studio_console.hpp"

#include "sporazum/core/log.hpp"

namespace sporazum::studio {

StudioConsole::StudioConsole(const QString& templatesDir, QObject* parent)
    : QObject(parent),
      queueView_(queue_),
      controller_(programme_, queue_,
                  [this](const QString& type, const QJsonObject& fields) {
                    return connection_.request(type, fields);
                  }),
      show_([this](const QString& type, const QJsonObject& fields) {
        return connection_.request(type, fields);
      }),
      preview_(templatesDir),
      archive_([this](const QString& type, const QJsonObject& fields) {
        return connection_.request(type, fields);
      }) {
  connect(&connection_, &StudioConnection::sessionStarted, this, [this] {
    // Whatever the server pushes now replaces what the models held before the drop.
    programme_.beginResync();
    queue_.beginResync();
    show_.onSessionStarted();
    archive_.onSessionStarted();
  });
  // Media (thumbnails, proxies) come from the same server, over HTTP on the socket's port.
  const auto followServer = [this] {
    archive_.setMediaOrigin(mediaOriginOf(QUrl(connection_.serverUrl())));
  };
  connect(&connection_, &StudioConnection::serverUrlChanged, this, followServer);
  followServer();
  connect(&connection_, &StudioConnection::pushReceived, this, &StudioConsole::route);
  connect(&connection_, &StudioConnection::replyReceived, &controller_, &Controller::onReply);
  connect(&connection_, &StudioConnection::requestFailed, &controller_, &Controller::onFailure);
  connect(&connection_, &StudioConnection::replyReceived, &show_, &ShowController::onReply);
  connect(&connection_, &StudioConnection::requestFailed, &show_, &ShowController::onFailure);
  connect(&connection_, &StudioConnection::replyReceived, &archive_, &ArchiveController::onReply);
  connect(&connection_, &StudioConnection::requestRefused, &archive_,
          &ArchiveController::onRefused);
  connect(&connection_, &StudioConnection::requestFailed, &archive_, &ArchiveController::onFailure);
  connect(&queueView_, &QuestionFilterModel::reorderRequested, &controller_,
          &Controller::requestReorder);
  connect(&show_, &ShowController::showChanged, this, &StudioConsole::onShowChanged);
}

void StudioConsole::setFallbackGuests(const QVariantList& guests) {
  fallbackGuests_ = guests;
  onShowChanged();
}

void StudioConsole::onShowChanged() {
  controller_.setGuests(show_.hasEpisode() ? show_.guests() : fallbackGuests_);
  const QVariantMap current = show_.current();
  clock_.setEpisodeTimes(current.value(QStringLiteral("startedAt")).toString(),
                         current.value(QStringLiteral("endedAt")).toString());
}

bool StudioConsole::load(QQmlApplicationEngine& engine) {
  engine.addImageProvider(QStringLiteral("preview"), preview_.createImageProvider());
  engine.addImageProvider(QStringLiteral("confidence"), confidence_.createImageProvider());
  // Qt 6.4 does not look under qrc:/qt/qml by itself (DESIGN.md, "Platform facts").
  engine.addImportPath(QStringLiteral("qrc:/qt/qml"));
  engine.setInitialProperties({{"connection", QVariant::fromValue(&connection_)},
                               {"programme", QVariant::fromValue(&programme_)},
                               {"engines", QVariant::fromValue(&engines_)},
                               {"queue", QVariant::fromValue(&queue_)},
                               {"queueView", QVariant::fromValue(&queueView_)},
                               {"controller", QVariant::fromValue(&controller_)},
                               {"show", QVariant::fromValue(&show_)},
                               {"clock", QVariant::fromValue(&clock_)},
                               {"confidence", QVariant::fromValue(&confidence_)},
                               {"preview", QVariant::fromValue(&preview_)},
                               {"archive", QVariant::fromValue(&archive_)}});
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
  } else if (type == kShowType) {
    show_.applyShow(message);
  } else if (type == kQueueType) {
    queue_.applyQueue(message);
  } else if (type == kQueueChangesType) {
    queue_.applyQueueChanges(message);
  } else if (type == QLatin1String("preview")) {
    confidence_.applyPreview(message);
  } else if (type == QLatin1String("error")) {
    // An error that answers no request of ours (e.g. unauthenticated during a resume race).
    const std::string code = message.value(QStringLiteral("code")).toString().toStdString();
    log::warn("studio.console.server_error", {{"code", std::string_view(code)}});
  }
}

}  // namespace sporazum::studio
