import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// One engine's confidence picture (its programme output, small) with its age. Older than 3 s it
// is stale: dimmed, framed red and labelled, so nobody trusts a frozen picture.
Rectangle {
    id: root

    required property string engine
    required property string source
    required property bool hasImage
    required property real ageMs
    required property bool stale

    implicitWidth: 240
    implicitHeight: picture.height + caption.implicitHeight + 10
    color: "#101214"
    radius: 3
    border.width: 2
    border.color: root.stale ? "#e53935" : "#37474f"

    Image {
        id: picture
        objectName: "confidenceImage"
        x: 2
        y: 2
        width: root.width - 4
        height: width * 9 / 16
        source: root.source
        cache: false
        asynchronous: false
        fillMode: Image.PreserveAspectFit
        opacity: root.stale ? 0.35 : 1
    }
    Label {
        objectName: "staleBadge"
        anchors.centerIn: picture
        visible: root.stale
        text: root.hasImage ? qsTr("STALE") : qsTr("NO PICTURE")
        textFormat: Text.PlainText
        color: "white"
        font.bold: true
        padding: 4
        background: Rectangle {
            color: "#c62828"
            radius: 3
        }
    }
    RowLayout {
        id: caption
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: picture.bottom
        anchors.margins: 4
        Label {
            objectName: "confidenceEngine"
            Layout.fillWidth: true
            text: root.engine
            textFormat: Text.PlainText
            elide: Text.ElideRight
            color: "#cfd8dc"
            font.pixelSize: 12
        }
        Label {
            objectName: "confidenceAge"
            text: root.hasImage ? qsTr("%1 s ago").arg((root.ageMs / 1000).toFixed(1)) : ""
            textFormat: Text.PlainText
            color: root.stale ? "#ff8a80" : "#a5d6a7"
            font.pixelSize: 12
            font.bold: root.stale
        }
    }
}
