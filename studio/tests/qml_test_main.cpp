// Qt Quick Test of the console's QML components (tests/qml/tst_*.qml), offscreen.

#include <QtQml/qqmlextensionplugin.h>
#include <QQmlEngine>
#include <QtQuickTest>

Q_IMPORT_QML_PLUGIN(Sporazum_StudioPlugin)

/// Lets the tests `import Sporazum.Studio` from the module compiled into this binary.
class Setup : public QObject {
  Q_OBJECT

 public slots:
  void qmlEngineAvailable(QQmlEngine* engine) {
    // Qt 6.4 does not look under qrc:/qt/qml by itself (DESIGN.md, "Platform facts").
    engine->addImportPath(QStringLiteral("qrc:/qt/qml"));
  }
};

QUICK_TEST_MAIN_WITH_SETUP(studio_qml, Setup)

#include "qml_test_main.moc"
