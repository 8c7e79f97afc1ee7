import QtQuick
import QtQuick.Controls.Basic

// A text field of the episode form that turns red when the server (or the form's own check)
// refused its value.
TextField {
    id: root

    property bool hasError: false

    selectByMouse: true
    color: "#101214"
    placeholderTextColor: "#78909c"
    background: Rectangle {
        implicitWidth: 120
        implicitHeight: 34
        radius: 3
        color: root.enabled ? "#eceff1" : "#b0bec5"
        border.width: root.hasError || root.activeFocus ? 2 : 1
        border.color: root.hasError ? "#e53935" : root.activeFocus ? "#42a5f5" : "#90a4ae"
    }
}
