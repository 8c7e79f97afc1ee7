import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// One field of the archive editor. It starts from the open episode's value (`serverValue`) and
// keeps what the producer typed: when the episode changes under it (someone else saved first),
// an untouched field follows, an edited one stays and shows what was saved meanwhile.
ColumnLayout {
    id: root

    required property var archive
    /// The field's name as the server names it in errors: titles.en, airDate, appearances[0].party.
    required property string fieldName
    property string label: ""
    property string serverValue: ""
    property bool isMultiLine: false
    property string placeholder: ""
    readonly property string text: root.isMultiLine ? area.text : line.text
    readonly property bool isEdited: root.text !== root.baseValue
    readonly property bool hasError: root.archive.isError && root.archive.errorField === root.fieldName
    property string baseValue: ""

    /// Starts again from the episode's value (opened, or saved).
    function reset() {
        root.baseValue = root.serverValue
        line.text = root.serverValue
        area.text = root.serverValue
    }

    Component.onCompleted: root.reset()
    onServerValueChanged: {
        if (!root.isEdited) {
            line.text = root.serverValue
            area.text = root.serverValue
        }
        root.baseValue = root.serverValue
    }

    spacing: 2

    Label {
        visible: root.label !== ""
        text: root.label
        textFormat: Text.PlainText
        color: "#b0bec5"
    }
    FormField {
        id: line
        objectName: root.objectName + "Input"
        Layout.fillWidth: true
        visible: !root.isMultiLine
        hasError: root.hasError
        placeholderText: root.placeholder
    }
    TextArea {
        id: area
        objectName: root.objectName + "Area"
        Layout.fillWidth: true
        Layout.preferredHeight: Math.max(60, implicitHeight)
        visible: root.isMultiLine
        textFormat: TextEdit.PlainText
        wrapMode: TextEdit.Wrap
        selectByMouse: true
        placeholderText: root.placeholder
        color: "#101214"
        placeholderTextColor: "#78909c"
        // Tab moves on, as in the other fields; Ctrl+Tab would be a tab character.
        Keys.onTabPressed: (event) => { area.nextItemInFocusChain().forceActiveFocus(); event.accepted = true }
        background: Rectangle {
            radius: 3
            color: "#eceff1"
            border.width: root.hasError || area.activeFocus ? 2 : 1
            border.color: root.hasError ? "#e53935" : area.activeFocus ? "#42a5f5" : "#90a4ae"
        }
    }
    Label {
        objectName: root.objectName + "Meanwhile"
        Layout.fillWidth: true
        visible: root.archive.hasConflict && root.isEdited
        text: qsTr("Saved meanwhile: %1").arg(root.serverValue === "" ? qsTr("(empty)") : root.serverValue)
        textFormat: Text.PlainText
        wrapMode: Text.Wrap
        color: "#ffcc80"
    }
    Label {
        objectName: root.objectName + "Error"
        Layout.fillWidth: true
        visible: root.hasError
        text: root.archive.message
        textFormat: Text.PlainText
        wrapMode: Text.Wrap
        color: "#ff8a80"
    }
}
