#pragma once
// What the console's QML tests share: every Qt or QML warning fails them (collected here), a walk
// over the item tree, and a media player that needs no sound card.

#include <QList>
#include <QQuickItem>
#include <QString>
#include <QStringList>
#include <QtGlobal>

namespace sporazum::studio::testing {

/// Qt Multimedia looks for a PulseAudio server once, and a CI machine has none (GStreamer's
/// fakeaudiosink plays instead): the one warning tests that play media let through.
inline const QString kNoSoundServer =
    QStringLiteral("PulseAudioService: pa_context_connect() failed");

/// Collects Qt's warnings (and worse) while it lives, passing everything on to the handler it
/// replaced. One at a time.
class QtWarnings {
 public:
  explicit QtWarnings(QStringList allowed = {}) : allowed_(std::move(allowed)) {
    active() = this;
    previous_ = qInstallMessageHandler(&QtWarnings::handle);
  }
  ~QtWarnings() {
    qInstallMessageHandler(previous_);
    active() = nullptr;
  }
  QtWarnings(const QtWarnings&) = delete;
  QtWarnings& operator=(const QtWarnings&) = delete;

  bool isEmpty() const { return seen_.isEmpty(); }
  std::string text() const { return seen_.join('\n').toStdString(); }

 private:
  static QtWarnings*& active() {
    static QtWarnings* current = nullptr;
    return current;
  }
  static void handle(QtMsgType type, const QMessageLogContext& context, const QString& message) {
    QtWarnings* self = active();
    if (self == nullptr) return;
    if (type >= QtWarningMsg && !self->allowed_.contains(message)) self->seen_.append(message);
    if (self->previous_) self->previous_(type, context, message);
  }

  QStringList allowed_;
  QStringList seen_;
  QtMessageHandler previous_ = nullptr;
};

/// The item and everything below it, depth first.
inline QList<QQuickItem*> allItems(QQuickItem* root) {
  QList<QQuickItem*> items{root};
  for (QQuickItem* child : root->childItems())
    items += allItems(child);
  return items;
}

/// Call before the first MediaPlayer: audio goes to GStreamer's fakeaudiosink, which keeps the
/// player's clock without a sound card (unless the environment already chose).
inline void useFakeAudio() {
  if (qEnvironmentVariableIsEmpty("GST_PLUGIN_FEATURE_RANK")) {
    qputenv("GST_PLUGIN_FEATURE_RANK", "fakeaudiosink:MAX");
  }
}

}  // namespace sporazum::studio::testing
