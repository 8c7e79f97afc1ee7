pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// The programme: what the engines put out (their confidence pictures) beside every layer with its
// tally, the question's layer first.
ColumnLayout {
    id: root

    required property var programme
    required property var confidence

    spacing: 6

    Label {
        text: qsTr("Programme")
        textFormat: Text.PlainText
        color: "white"
        font.bold: true
        font.pixelSize: 16
    }
    Flow {
        objectName: "confidencePictures"
        Layout.fillWidth: true
        spacing: 6
        Repeater {
            model: root.confidence
            ConfidencePicture {
                width: root.confidence.count > 1 ? (root.width - 6) / 2 : Math.min(root.width, 300)
            }
        }
        Label {
            visible: root.confidence.count === 0
            text: qsTr("No picture from the engines yet")
            textFormat: Text.PlainText
            color: "#90a4ae"
        }
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
