import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// One layer of the programme: its tally (red: on air as the engines report it; amber: the server
// has it on air and the engines have not confirmed yet), what is on air and what is cued.
Rectangle {
    id: root

    required property string layerKey
    required property string title
    required property bool tally
    required property bool tallyPending
    required property bool isOnAir
    required property string onAirLabel
    required property bool hasCue
    required property string cuedLabel

    readonly property color tallyColour: tally ? "#e53935" : (tallyPending ? "#ffb300" : "#37474f")

    implicitHeight: 64
    color: tally ? "#3b1f1f" : "#263238"
    radius: 4

    RowLayout {
        anchors.fill: parent
        anchors.margins: 8
        spacing: 10

        Rectangle {
            objectName: "tallyLamp"
            Layout.preferredWidth: 14
            Layout.fillHeight: true
            radius: 3
            color: root.tallyColour
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2
            Label {
                text: root.title
                textFormat: Text.PlainText
                color: "#b0bec5"
                font.pixelSize: 12
            }
            Label {
                objectName: "onAirLabel"
                Layout.fillWidth: true
                text: root.isOnAir ? root.onAirLabel : qsTr("off air")
                textFormat: Text.PlainText
                color: root.isOnAir ? "white" : "#78909c"
                elide: Text.ElideRight
            }
            Label {
                objectName: "cuedLabel"
                Layout.fillWidth: true
                visible: root.hasCue
                text: qsTr("Cued: %1").arg(root.cuedLabel)
                textFormat: Text.PlainText
                color: "#90caf9"
                font.pixelSize: 12
                elide: Text.ElideRight
            }
        }
    }
}
