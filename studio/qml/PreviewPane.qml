import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// The exact preview: the engine's renderer drew this frame from the show's templates. A graphic
// that does not fit is flagged before anyone takes it.
ColumnLayout {
    id: root

    required property var preview

    spacing: 6

    RowLayout {
        Layout.fillWidth: true
        Label {
            text: qsTr("Preview")
            textFormat: Text.PlainText
            color: "white"
            font.bold: true
            font.pixelSize: 16
        }
        Label {
            objectName: "previewCaption"
            Layout.fillWidth: true
            text: root.preview.caption
            textFormat: Text.PlainText
            elide: Text.ElideRight
            color: "#90caf9"
        }
    }
    Rectangle {
        Layout.fillWidth: true
        Layout.preferredHeight: width * 9 / 16
        color: "#101214"
        border.color: "#37474f"

        // The graphic's rectangle placed where it sits on the programme's frame.
        Item {
            id: frame
            readonly property real scale: width / Math.max(1, root.preview.frameSize.width)
            anchors.fill: parent
            anchors.margins: 1

            Image {
                objectName: "previewImage"
                x: root.preview.imageRect.x * frame.scale
                y: root.preview.imageRect.y * frame.scale
                width: root.preview.imageRect.width * frame.scale
                height: root.preview.imageRect.height * frame.scale
                source: root.preview.source
                cache: false
                smooth: true
                mipmap: true
            }
        }
        Label {
            anchors.centerIn: parent
            width: parent.width - 40
            horizontalAlignment: Text.AlignHCenter
            visible: root.preview.source === ""
            text: root.preview.isAvailable ? qsTr("Select a question to see it as it would go to air")
                                           : root.preview.loadError
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            color: "#78909c"
        }
    }
    Rectangle {
        objectName: "fitWarning"
        Layout.fillWidth: true
        visible: root.preview.source !== "" && !root.preview.fits
        implicitHeight: warningText.implicitHeight + 12
        color: "#b71c1c"
        radius: 4
        Label {
            id: warningText
            anchors.fill: parent
            anchors.margins: 6
            text: qsTr("Do not take this. %1").arg(root.preview.problem)
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            color: "white"
            font.bold: true
        }
    }
    Label {
        objectName: "safeAreaWarning"
        Layout.fillWidth: true
        visible: root.preview.source !== "" && root.preview.fits && root.preview.problem !== ""
        text: root.preview.problem
        textFormat: Text.PlainText
        wrapMode: Text.Wrap
        color: "#ffcc80"
    }
}
