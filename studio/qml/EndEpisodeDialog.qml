import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// "End episode 23?": ending closes the questions, clears every graphic and stops the recording,
// so it is asked once more. Neither modal nor closed by the popup's own Esc: Qt Quick blocks every
// shortcut outside a popup that is either, and the F-keys and the panic key (Shift+Esc) must stay
// live. Esc is this dialog's own shortcut instead (the console's Esc is off while it is open).
Popup {
    id: root

    required property var show

    property var episodeId: 0
    property int number: 0

    /// Opens the question for episode `episodeId` (its `number` for people).
    function ask(episodeId, number) {
        root.episodeId = episodeId
        root.number = number
        root.open()
        cancelButton.forceActiveFocus()
    }

    function confirm() {
        root.show.end(root.episodeId)
        root.close()
    }

    modal: false
    focus: true
    closePolicy: Popup.NoAutoClose
    anchors.centerIn: parent
    width: 520
    padding: 20
    background: Rectangle {
        color: "#2b1d1d"
        border.color: "#e53935"
        border.width: 2
        radius: 6
    }

    ColumnLayout {
        anchors.left: parent.left
        anchors.right: parent.right
        spacing: 14

        Shortcut {
            sequence: "Esc"
            enabled: root.visible
            onActivated: root.close()
        }
        Label {
            objectName: "endQuestion"
            Layout.fillWidth: true
            text: qsTr("End episode %1?").arg(root.number)
            textFormat: Text.PlainText
            color: "white"
            font.bold: true
            font.pixelSize: 20
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("Questions close, every question not yet aired becomes \"not selected\" "
                       + "(viewers see it), every graphic leaves the air and the engines stop "
                       + "recording. This cannot be undone.")
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            color: "#eceff1"
        }
        RowLayout {
            Layout.alignment: Qt.AlignRight
            spacing: 10
            ShortcutButton {
                id: cancelButton
                objectName: "cancelEndButton"
                label: qsTr("Keep it running")
                shortcutLabel: "Esc"
                onClicked: root.close()
            }
            ShortcutButton {
                objectName: "confirmEndButton"
                label: qsTr("End episode %1").arg(root.number)
                accent: "#c62828"
                onClicked: root.confirm()
            }
        }
    }
}
