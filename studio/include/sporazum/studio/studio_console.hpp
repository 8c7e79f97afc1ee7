#pragma once
// The console's objects wired together: the connection feeds the models, the controllers send
// through the connection, QML gets them all as Main.qml's required properties.

#include <QObject>
#include <QQmlApplicationEngine>
#include <QVariantList>

#include "sporazum/studio/archive_controller.hpp"
#include "sporazum/studio/confidence_model.hpp"
#include "sporazum/studio/controller.hpp"
#include "sporazum/studio/engine_status_model.hpp"
#include "sporazum/studio/preview_renderer.hpp"
#include "sporazum/studio/programme_model.hpp"
#include "sporazum/studio/question_filter_model.hpp"
#include "sporazum/studio/question_queue_model.hpp"
#include "sporazum/studio/show_clock.hpp"
#include "sporazum/studio/show_controller.hpp"
#include "sporazum/studio/studio_connection.hpp"

namespace sporazum::studio {

/// GUI thread only. Create it before the QQmlApplicationEngine that shows it, so it outlives
/// every binding to it.
class StudioConsole : public QObject {
  Q_OBJECT

 public:
  explicit StudioConsole(const QString& templatesDir, QObject* parent = nullptr);

  StudioConnection& connection() { return connection_; }
  ProgrammeModel& programme() { return programme_; }
  EngineStatusModel& engines() { return engines_; }
  QuestionQueueModel& queue() { return queue_; }
  QuestionFilterModel& queueView() { return queueView_; }
  Controller& controller() { return controller_; }
  ShowController& show() { return show_; }
  ShowClock& clock() { return clock_; }
  ConfidenceModel& confidence() { return confidence_; }
  PreviewRenderer& preview() { return preview_; }
  ArchiveController& archive() { return archive_; }

  /// Guests for the supers while the server has no episode (`--guests FILE`); the current
  /// episode's guests always win, even when it has none.
  void setFallbackGuests(const QVariantList& guests);

  /// Adds the image providers and the module's import path to `engine` and loads Main.qml with
  /// this console's objects. False when the window could not be created.
  bool load(QQmlApplicationEngine& engine);

  /// Hands a pushed message to the model it is for; unknown types are ignored (the protocol
  /// allows new ones).
  void route(const QString& type, const QJsonObject& message);

 private:
  void onShowChanged();

  StudioConnection connection_;
  ProgrammeModel programme_;
  EngineStatusModel engines_;
  QuestionQueueModel queue_;
  QuestionFilterModel queueView_;
  Controller controller_;
  ShowController show_;
  ShowClock clock_;
  ConfidenceModel confidence_;
  PreviewRenderer preview_;
  ArchiveController archive_;
  QVariantList fallbackGuests_;
};

}  // namespace sporazum::studio
