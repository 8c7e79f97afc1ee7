import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// The top of the console: the current episode (number, title, date, state), its recording, the
// episode and segment timers (F12 resets the segment), and Start / End for the current episode.
// End only asks: the window's confirmation sends it.
Rectangle {
    id: root

    required property var show
    required property var clock
    property bool isActive: true

    readonly property var episode: show.current
    readonly property string episodeState: show.episodeState

    signal endRequested(var episodeId, int number)

    implicitHeight: layout.implicitHeight + 16
    color: "#15181b"

    function stateLabel(state) {
        switch (state) {
        case "planned": return qsTr("PLANNED")
        case "live": return qsTr("LIVE")
        case "aired": return qsTr("AIRED")
        case "archived": return qsTr("ARCHIVED")
        default: return state
        }
    }

    function stateColour(state) {
        switch (state) {
        case "live": return "#c62828"
        case "planned": return "#1565c0"
        default: return "#455a64"
        }
    }

    // 4815162342 → "4.8 GB"
    function sizeText(bytes) {
        if (bytes >= 1e9)
            return qsTr("%1 GB").arg((bytes / 1e9).toFixed(1))
        if (bytes >= 1e6)
            return qsTr("%1 MB").arg((bytes / 1e6).toFixed(1))
        if (bytes >= 1e3)
            return qsTr("%1 kB").arg((bytes / 1e3).toFixed(0))
        return qsTr("%1 B").arg(bytes)
    }

    function recordingText() {
        const e = root.episode
        if (!e.hasRecording)
            return root.episodeState === "live" ? qsTr("No recording reported") : ""
        const file = e.recordingFile.split("/").pop()
        switch (e.recordingState) {
        case "recording": return qsTr("Recording %1 (%2)").arg(file).arg(e.recordingEngine)
        case "done": return qsTr("Recorded %1, %2 (%3)").arg(file).arg(root.sizeText(e.recordingBytes))
                                                       .arg(e.recordingEngine)
        // The engine's own words last: whatever they hold is not read as a placeholder.
        case "failed": return qsTr("Recording FAILED (%1, %2): %3").arg(file).arg(e.recordingEngine)
                                                                   .arg(e.recordingError)
        default: return qsTr("Recording %1: %2").arg(file).arg(e.recordingState)
        }
    }

    Shortcut {
        sequence: "F12"
        enabled: root.isActive
        onActivated: root.clock.resetSegment()
    }

    ColumnLayout {
        id: layout
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        anchors.leftMargin: 12
        anchors.rightMargin: 12
        spacing: 4

        RowLayout {
            Layout.fillWidth: true
            spacing: 14

            ColumnLayout {
                Layout.fillWidth: true
                spacing: 2
                visible: root.show.hasEpisode
                RowLayout {
                    spacing: 10
                    Label {
                        objectName: "episodeStateLabel"
                        text: root.stateLabel(root.episodeState)
                        textFormat: Text.PlainText
                        color: "white"
                        font.bold: true
                        font.pixelSize: 13
                        leftPadding: 6
                        rightPadding: 6
                        topPadding: 2
                        bottomPadding: 2
                        background: Rectangle {
                            radius: 3
                            color: root.stateColour(root.episodeState)
                        }
                    }
                    Label {
                        objectName: "episodeTitleLabel"
                        Layout.fillWidth: true
                        text: qsTr("Episode %1 · %2").arg(root.episode.number || "").arg(root.episode.title || "")
                        textFormat: Text.PlainText
                        elide: Text.ElideRight
                        color: "white"
                        font.bold: true
                        font.pixelSize: 18
                    }
                }
                RowLayout {
                    Layout.fillWidth: true
                    spacing: 14
                    Label {
                        objectName: "episodeDateLabel"
                        text: root.episode.airDate || ""
                        textFormat: Text.PlainText
                        color: "#cfd8dc"
                    }
                    Label {
                        objectName: "questionsOpenLabel"
                        text: root.episode.questionsOpen ? qsTr("Questions open") : qsTr("Questions closed")
                        textFormat: Text.PlainText
                        color: root.episode.questionsOpen ? "#a5d6a7" : "#b0bec5"
                    }
                    Rectangle {
                        objectName: "recordingLamp"
                        visible: root.episode.recordingState === "recording"
                        width: 10
                        height: 10
                        radius: 5
                        color: "#e53935"
                    }
                    Label {
                        objectName: "recordingLabel"
                        Layout.fillWidth: true
                        visible: text !== ""
                        text: root.recordingText()
                        textFormat: Text.PlainText
                        elide: Text.ElideMiddle
                        color: root.episode.recordingState === "failed" ? "#ff8a80"
                             : root.episode.recordingState === "recording" ? "#ef9a9a" : "#cfd8dc"
                        font.bold: root.episode.recordingState === "failed"
                    }
                }
            }
            Label {
                objectName: "noEpisodeLabel"
                Layout.fillWidth: true
                visible: !root.show.hasEpisode
                text: qsTr("No episode yet: create one under Episodes.")
                textFormat: Text.PlainText
                color: "#ffcc80"
                font.pixelSize: 16
            }

            ColumnLayout {
                spacing: 0
                Label {
                    text: qsTr("Episode")
                    textFormat: Text.PlainText
                    color: "#b0bec5"
                    font.pixelSize: 11
                }
                Label {
                    objectName: "episodeTimer"
                    text: root.clock.episodeText
                    textFormat: Text.PlainText
                    color: root.clock.isEpisodeRunning ? "white" : "#90a4ae"
                    font.family: "DejaVu Sans Mono"
                    font.pixelSize: 26
                    font.bold: true
                }
            }
            ColumnLayout {
                spacing: 0
                Label {
                    text: qsTr("Segment")
                    textFormat: Text.PlainText
                    color: "#b0bec5"
                    font.pixelSize: 11
                }
                Label {
                    objectName: "segmentTimer"
                    text: root.clock.segmentText
                    textFormat: Text.PlainText
                    color: "#ffe082"
                    font.family: "DejaVu Sans Mono"
                    font.pixelSize: 26
                    font.bold: true
                }
            }
            ShortcutButton {
                objectName: "resetSegmentButton"
                label: qsTr("New segment")
                shortcutLabel: "F12"
                onClicked: root.clock.resetSegment()
            }
            ShortcutButton {
                objectName: "startEpisodeButton"
                visible: root.episodeState !== "live"
                enabled: root.episodeState === "planned" && !root.show.isBusy
                label: qsTr("Start episode")
                accent: "#2e7d32"
                onClicked: root.show.start(root.show.currentId)
            }
            ShortcutButton {
                objectName: "endEpisodeButton"
                visible: root.episodeState === "live"
                enabled: !root.show.isBusy
                label: qsTr("End episode…")
                accent: "#8e2424"
                onClicked: root.endRequested(root.show.currentId, root.episode.number)
            }
        }
        Label {
            objectName: "showMessage"
            Layout.fillWidth: true
            visible: text !== "" || root.show.lastError !== ""
            text: root.show.lastError !== "" ? root.show.lastError : root.show.message
            textFormat: Text.PlainText
            elide: Text.ElideRight
            color: root.show.isError || root.show.lastError !== "" ? "#ff8a80" : "#90caf9"
        }
    }
}
