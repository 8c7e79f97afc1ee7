import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// The producers' console: the episode and its timers on top; questions or episodes | preview and
// keys | programme; the status bar below. The C++ objects come in as required properties
// (StudioConsole::load); nothing here talks to the network itself.
ApplicationWindow {
    id: window

    required property var connection
    required property var programme
    required property var engines
    required property var queue
    required property var queueView
    required property var controller
    required property var show
    required property var clock
    required property var confidence
    required property var preview
    required property var archive

    // While a text field has the focus, or the end-of-episode question is open, Space, Return
    // and Esc belong to it.
    readonly property bool isTyping: activeFocusItem instanceof TextInput
                                     || activeFocusItem instanceof TextEdit
                                     || endDialog.visible
                                     || archivePane.activeFocus
    readonly property bool showsLogin: connection.needsLogin

    // What Take will put on air: whenever the server's cue for the question changes (F1, or a
    // cue from elsewhere), the preview shows it, with the server's own text for air.
    property string lastCue: ""

    Connections {
        target: window.programme
        function onProgrammeChanged() {
            const cued = window.programme.cued("lower_third")
            const key = JSON.stringify(cued)
            if (key === window.lastCue)
                return
            window.lastCue = key
            if (window.programme.hasCue("lower_third"))
                window.preview.show("lower_third", cued,
                                    qsTr("Cued, goes to air on Take: question %1")
                                    .arg(cued.questionId !== undefined ? cued.questionId : ""))
        }
    }

    width: 1600
    height: 900
    visible: true
    title: qsTr("Sporazum studio")
    color: "#1e2124"

    header: EpisodeBar {
        objectName: "episodeBar"
        show: window.show
        clock: window.clock
        isActive: !window.showsLogin
        onEndRequested: (episodeId, number) => endDialog.ask(episodeId, number)
    }

    footer: StatusPane {
        connection: window.connection
        engines: window.engines
        queue: window.queue
    }

    RowLayout {
        objectName: "consoleArea"
        anchors.fill: parent
        anchors.margins: 10
        spacing: 12
        enabled: !window.showsLogin

        ColumnLayout {
            Layout.preferredWidth: 600
            Layout.minimumWidth: 560
            Layout.fillHeight: true
            spacing: 6

            TabBar {
                id: tabs
                objectName: "leftTabs"
                Layout.fillWidth: true
                background: Rectangle {
                    color: "transparent"
                }
                PaneTab {
                    objectName: "questionsTab"
                    text: qsTr("Questions (%1)").arg(window.queue.totalCount)
                }
                PaneTab {
                    objectName: "episodesTab"
                    text: qsTr("Episodes")
                }
                PaneTab {
                    objectName: "archiveTab"
                    text: qsTr("Archive")
                    // The first visit loads the list; a new session reloads it by itself.
                    onClicked: if (window.archive.episodes.count === 0) window.archive.refresh()
                }
            }
            // Not a StackLayout: in Qt 6.4 a RowLayout inside a hidden StackLayout page does not
            // place a child that became visible meanwhile. Plain visibility does.
            Item {
                Layout.fillWidth: true
                Layout.fillHeight: true

                QueuePane {
                    anchors.fill: parent
                    visible: tabs.currentIndex === 0
                    queue: window.queue
                    queueView: window.queueView
                    controller: window.controller
                    preview: window.preview
                }
                EpisodesPane {
                    objectName: "episodesPane"
                    anchors.fill: parent
                    visible: tabs.currentIndex === 1
                    show: window.show
                    onEndRequested: (episodeId, number) => endDialog.ask(episodeId, number)
                }
                ArchivePane {
                    id: archivePane
                    objectName: "archivePane"
                    anchors.fill: parent
                    visible: tabs.currentIndex === 2
                    archive: window.archive
                }
            }
        }
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 12
            PreviewPane {
                Layout.fillWidth: true
                preview: window.preview
            }
            ControlsPane {
                Layout.fillWidth: true
                controller: window.controller
                programme: window.programme
                isActive: !window.showsLogin
                isTyping: window.isTyping
            }
            Item {
                Layout.fillHeight: true
            }
        }
        ProgrammePane {
            Layout.preferredWidth: 380
            Layout.fillHeight: true
            programme: window.programme
            confidence: window.confidence
        }
    }

    EndEpisodeDialog {
        id: endDialog
        objectName: "endEpisodeDialog"
        show: window.show
    }

    Rectangle {
        anchors.fill: parent
        visible: window.showsLogin
        color: "#cc101214"

        // Swallows clicks meant for the console underneath.
        MouseArea {
            anchors.fill: parent
        }
        LoginForm {
            objectName: "loginForm"
            anchors.centerIn: parent
            connection: window.connection
        }
    }
}
