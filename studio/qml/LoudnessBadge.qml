import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// A master's loudness against EBU R 128 (archive_rules.hpp): a coloured lamp AND a word AND the
// numbers, so colour is never the only signal.
RowLayout {
    id: root

    /// green, amber, red, not_measured
    property string status: "not_measured"
    property var integratedLufs: null
    property var truePeakDbtp: null
    property var rangeLu: null
    property bool isCompact: false

    readonly property string word: root.status === "green" ? qsTr("R 128 OK")
        : root.status === "amber" ? qsTr("near R 128")
        : root.status === "red" ? qsTr("off R 128")
        : qsTr("not measured")
    readonly property string numbers: root.status === "not_measured" || root.integratedLufs === null
        ? "" : qsTr("%1 LUFS, true peak %2 dBTP")
          .arg(Number(root.integratedLufs).toFixed(1))
          .arg(Number(root.truePeakDbtp).toFixed(1))
          + (root.isCompact || root.rangeLu === null ? ""
             : qsTr(", range %1 LU").arg(Number(root.rangeLu).toFixed(1)))

    spacing: 6

    Rectangle {
        objectName: "loudnessLamp"
        implicitWidth: 12
        implicitHeight: 12
        radius: 6
        color: root.status === "green" ? "#43a047" : root.status === "amber" ? "#ffb300"
             : root.status === "red" ? "#e53935" : "#78909c"
    }
    Label {
        objectName: "loudnessWord"
        text: root.word
        textFormat: Text.PlainText
        color: "white"
        font.bold: root.status !== "green"
    }
    Label {
        objectName: "loudnessNumbers"
        Layout.fillWidth: !root.isCompact
        visible: text !== ""
        text: root.numbers
        textFormat: Text.PlainText
        elide: Text.ElideRight
        color: "#cfd8dc"
    }
}
