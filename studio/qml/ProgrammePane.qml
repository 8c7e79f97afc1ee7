import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// The programme: every layer with its tally, the question's layer first.
ColumnLayout {
    id: root

    required property var programme

    spacing: 6

    Label {
        text: qsTr("Programme")
        textFormat: Text.PlainText
        color: "white"
        font.bold: true
        font.pixelSize: 16
    }
    ListView {
        objectName: "programmeList"
        Layout.fillWidth: true
        Layout.fillHeight: true
        spacing: 4
        clip: true
        model: root.programme
        delegate: ProgrammeRow {
            width: ListView.view.width
        }
    }
}
