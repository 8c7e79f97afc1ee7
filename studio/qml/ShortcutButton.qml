import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// A button that shows the key that presses it, so nobody has to remember the keyboard map.
Button {
    id: root

    property string label: ""
    property string shortcutLabel: ""
    property color accent: "#455a64"

    text: label
    implicitHeight: 44
    implicitWidth: Math.max(96, implicitContentWidth + leftPadding + rightPadding)
    leftPadding: 12
    rightPadding: 12

    contentItem: RowLayout {
        spacing: 8
        Label {
            objectName: "actionLabel"
            text: root.label
            textFormat: Text.PlainText
            color: root.enabled ? "white" : "#9e9e9e"
            font.bold: true
            elide: Text.ElideRight
            Layout.fillWidth: true
        }
        Label {
            objectName: "shortcutBadge"
            visible: root.shortcutLabel !== ""
            text: root.shortcutLabel
            textFormat: Text.PlainText
            color: "#eceff1"
            font.pixelSize: 11
            padding: 3
            background: Rectangle {
                color: "transparent"
                border.color: "#b0bec5"
                radius: 3
            }
        }
    }

    background: Rectangle {
        radius: 4
        color: !root.enabled ? "#424242" : root.down ? Qt.darker(root.accent, 1.4) : root.accent
        border.color: root.visualFocus ? "white" : "transparent"
    }
}
