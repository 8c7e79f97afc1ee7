import QtQuick
import QtQuick.Controls.Basic

// A tab of the console's left column, in the console's dark colours.
TabButton {
    id: root

    contentItem: Label {
        text: root.text
        textFormat: Text.PlainText
        horizontalAlignment: Text.AlignHCenter
        color: root.checked ? "white" : "#b0bec5"
        font.bold: true
        font.pixelSize: 15
    }
    background: Rectangle {
        implicitHeight: 36
        color: root.checked ? "#263238" : "#15181b"
        radius: 3
        Rectangle {
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            height: 3
            color: root.checked ? "#64b5f6" : "transparent"
        }
    }
}
