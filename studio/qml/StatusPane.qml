import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// The status bar: the connection, every engine (fps, dropped frames, input; red when stale,
// disconnected or without input) and the questions by state.
Rectangle {
    id: root

    required property var connection
    required property var engines
    required property var queue

    implicitHeight: 34
    color: "#15181b"

    function connectionText() {
        switch (root.connection.stateName) {
        case "ready": return qsTr("Connected as %1").arg(root.connection.userDisplayName)
        case "connecting": return qsTr("Connecting…")
        case "authenticating": return qsTr("Logging in…")
        case "needs_login": return qsTr("Not logged in")
        case "refused": return qsTr("Refused")
        default: return qsTr("Offline")
        }
    }

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: 10
        anchors.rightMargin: 10
        spacing: 16

        Rectangle {
            objectName: "connectionLamp"
            width: 12
            height: 12
            radius: 6
            color: root.connection.stateName === "ready" ? "#43a047"
                 : root.connection.stateName === "connecting"
                   || root.connection.stateName === "authenticating" ? "#ffb300" : "#e53935"
        }
        Label {
            objectName: "connectionLabel"
            text: root.connectionText()
            textFormat: Text.PlainText
            color: "#cfd8dc"
        }
        Repeater {
            model: root.engines
            Label {
                required property string name
                required property bool connected
                required property bool hasHealth
                required property real fps
                required property real droppedFrames
                required property string input
                required property bool stale

                readonly property bool isBad: !connected || stale || input !== "ok"

                text: !connected ? qsTr("%1: disconnected").arg(name)
                    : !hasHealth ? qsTr("%1: no report yet").arg(name)
                    : qsTr("%1: %2 fps, %3 dropped, input %4%5")
                        .arg(name).arg(fps.toFixed(1)).arg(droppedFrames).arg(input)
                        .arg(stale ? qsTr(" (stale)") : "")
                textFormat: Text.PlainText
                color: isBad ? "#ff5252" : "#a5d6a7"
                font.bold: isBad
            }
        }
        Label {
            visible: root.engines.count === 0
            text: qsTr("No engine")
            textFormat: Text.PlainText
            color: "#ff5252"
        }
        Item {
            Layout.fillWidth: true
        }
        Label {
            objectName: "countsLabel"
            text: qsTr("Approved %1 · Queued %2 · On air %3 · Aired %4 · Not selected %5")
                    .arg(root.queue.approvedCount).arg(root.queue.queuedCount)
                    .arg(root.queue.onAirCount).arg(root.queue.airedCount)
                    .arg(root.queue.notSelectedCount)
            textFormat: Text.PlainText
            color: "#cfd8dc"
        }
    }
}
