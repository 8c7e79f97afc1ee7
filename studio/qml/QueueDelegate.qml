import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// One question of the queue. Everything a viewer wrote is shown as plain text, never markup.
// Drag the handle onto another queued question to ask the server to move it there.
Item {
    id: root

    required property int index
    required property var questionId
    required property string questionState
    required property string text
    required property string viewerText
    required property bool edited
    required property string viewerName
    required property string municipality
    required property string language
    required property string topic
    required property int askCount
    required property int position

    property bool isSelected: false

    signal clicked()
    signal removeClicked()
    signal moveRequested(int from, int to)

    implicitHeight: card.implicitHeight
    height: implicitHeight

    function languageLabel(code) {
        switch (code) {
        case "sr-Latn": return qsTr("SR Latin")
        case "sr-Cyrl": return qsTr("SR Cyrillic")
        case "sq": return qsTr("SQ")
        case "en": return qsTr("EN")
        default: return ""
        }
    }

    function stateLabel(state) {
        switch (state) {
        case "approved": return qsTr("approved")
        case "queued": return qsTr("queued")
        case "on_air": return qsTr("ON AIR")
        case "aired": return qsTr("aired")
        case "not_selected": return qsTr("not selected")
        default: return state
        }
    }

    Rectangle {
        id: card
        objectName: "card"

        width: root.width
        implicitHeight: column.implicitHeight + 16
        height: implicitHeight
        radius: 4
        color: root.questionState === "on_air" ? "#4a1f1f"
             : root.isSelected ? "#1e3a5f" : "#263238"
        border.color: root.isSelected ? "#64b5f6" : "transparent"
        z: dragArea.drag.active ? 10 : 0

        MouseArea {
            anchors.fill: parent
            onClicked: root.clicked()
        }

        ColumnLayout {
            id: column
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.top: parent.top
            anchors.margins: 8
            spacing: 4

            RowLayout {
                Layout.fillWidth: true
                spacing: 8

                Label {
                    id: handle
                    objectName: "dragHandle"
                    visible: root.questionState === "queued"
                    text: "\u2261"
                    textFormat: Text.PlainText
                    color: "#b0bec5"
                    font.pixelSize: 18

                    MouseArea {
                        id: dragArea
                        anchors.fill: parent
                        anchors.margins: -6
                        cursorShape: Qt.SizeVerCursor
                        drag.target: card
                        drag.axis: Drag.YAxis
                        onReleased: {
                            const view = root.ListView.view
                            if (view !== null) {
                                const centre = card.mapToItem(view.contentItem, card.width / 2,
                                                              card.height / 2)
                                const to = view.indexAt(centre.x, centre.y)
                                if (to >= 0 && to !== root.index)
                                    root.moveRequested(root.index, to)
                            }
                            card.y = 0
                        }
                    }
                }
                Label {
                    objectName: "positionLabel"
                    visible: root.position >= 0
                    text: "#" + (root.position + 1)
                    textFormat: Text.PlainText
                    color: "#b0bec5"
                }
                Label {
                    objectName: "stateLabel"
                    text: root.stateLabel(root.questionState)
                    textFormat: Text.PlainText
                    color: root.questionState === "on_air" ? "#ff5252" : "#b0bec5"
                    font.bold: root.questionState === "on_air"
                }
                Label {
                    objectName: "municipalityLabel"
                    text: root.municipality
                    textFormat: Text.PlainText
                    color: "#cfd8dc"
                }
                Label {
                    objectName: "topicLabel"
                    visible: root.topic !== ""
                    text: root.topic
                    textFormat: Text.PlainText
                    color: "#80cbc4"
                }
                Label {
                    objectName: "languageLabel"
                    visible: text !== ""
                    text: root.languageLabel(root.language)
                    textFormat: Text.PlainText
                    color: "#cfd8dc"
                }
                Label {
                    objectName: "askCountLabel"
                    visible: root.askCount > 1
                    text: qsTr("asked %1\u00d7").arg(root.askCount)
                    textFormat: Text.PlainText
                    color: "#ffe082"
                }
                Label {
                    objectName: "editedMarker"
                    visible: root.edited
                    text: qsTr("edited")
                    textFormat: Text.PlainText
                    color: "#ffcc80"
                    font.italic: true
                }
                Item {
                    Layout.fillWidth: true
                }
                Button {
                    objectName: "removeButton"
                    visible: root.questionState === "queued"
                    text: qsTr("Remove")
                    flat: true
                    implicitHeight: 24
                    palette.windowText: "#ff8a80"
                    onClicked: root.removeClicked()
                }
            }
            Label {
                objectName: "questionText"
                Layout.fillWidth: true
                text: root.text
                textFormat: Text.PlainText
                wrapMode: Text.Wrap
                maximumLineCount: root.isSelected ? 12 : 3
                elide: Text.ElideRight
                color: "white"
                font.pixelSize: 15
            }
            Label {
                objectName: "viewerNameLabel"
                visible: root.viewerName !== ""
                text: root.viewerName
                textFormat: Text.PlainText
                color: "#b0bec5"
                font.pixelSize: 12
            }
            Label {
                objectName: "originalText"
                Layout.fillWidth: true
                visible: root.edited && root.isSelected
                text: qsTr("Viewer's original: %1").arg(root.viewerText)
                textFormat: Text.PlainText
                wrapMode: Text.Wrap
                color: "#ffcc80"
                font.pixelSize: 12
            }
        }
    }
}
