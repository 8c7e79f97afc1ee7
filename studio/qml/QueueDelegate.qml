import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// One question of the queue. Everything a viewer wrote is shown as plain text, never markup.
// Drag the handle of a queued or approved question onto a queued one (or the one on air) to ask
// the server to put it there; the buttons queue an approved question or take a queued one out.
Item {
    id: root

    required property int index
    required property var questionId
    required property string questionState
    required property string text
    required property string viewerText
    required property bool edited
    required property string viewerName
    required property string municipalityName
    required property string language
    required property string topic
    required property int askCount
    required property int position
    required property string onAirTime
    required property string offAirTime

    property bool isSelected: false
    readonly property bool isDraggable: questionState === "queued" || questionState === "approved"

    signal clicked()
    signal removeClicked()
    signal queueClicked()
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

    function stateColour(state) {
        switch (state) {
        case "on_air": return "#c62828"
        case "queued": return "#1565c0"
        case "approved": return "#2e7d32"
        default: return "#455a64"
        }
    }

    function airTimes() {
        if (root.onAirTime === "")
            return ""
        return root.offAirTime === "" ? qsTr("on air since %1").arg(root.onAirTime)
                                      : qsTr("on air %1–%2").arg(root.onAirTime).arg(root.offAirTime)
    }

    Rectangle {
        id: card
        objectName: "card"

        width: root.width
        implicitHeight: layout.implicitHeight + 14
        height: implicitHeight
        radius: 4
        color: root.questionState === "on_air" ? "#4a1f1f"
             : root.isSelected ? "#1e3a5f"
             : root.questionState === "aired" || root.questionState === "not_selected" ? "#212b30"
             : "#263238"
        border.color: root.isSelected ? "#64b5f6" : "transparent"
        z: dragArea.drag.active ? 10 : 0

        MouseArea {
            anchors.fill: parent
            onClicked: root.clicked()
        }

        RowLayout {
            id: layout
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.top: parent.top
            anchors.margins: 7
            spacing: 8

            Label {
                id: handle
                objectName: "dragHandle"
                Layout.alignment: Qt.AlignTop
                Layout.preferredWidth: 14
                opacity: root.isDraggable ? 1 : 0
                text: "\u2261"
                textFormat: Text.PlainText
                color: "#b0bec5"
                font.pixelSize: 20

                MouseArea {
                    id: dragArea
                    anchors.fill: parent
                    anchors.margins: -6
                    enabled: root.isDraggable
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

            ColumnLayout {
                Layout.fillWidth: true
                spacing: 3

                RowLayout {
                    Layout.fillWidth: true
                    spacing: 8

                    Label {
                        objectName: "positionLabel"
                        visible: root.position > 0
                        text: "#" + root.position
                        textFormat: Text.PlainText
                        color: "white"
                        font.bold: true
                    }
                    Label {
                        objectName: "stateLabel"
                        text: root.stateLabel(root.questionState)
                        textFormat: Text.PlainText
                        color: "white"
                        font.bold: root.questionState === "on_air"
                        font.pixelSize: 12
                        leftPadding: 5
                        rightPadding: 5
                        topPadding: 1
                        bottomPadding: 1
                        background: Rectangle {
                            radius: 3
                            color: root.stateColour(root.questionState)
                        }
                    }
                    Label {
                        objectName: "municipalityLabel"
                        Layout.maximumWidth: 170
                        text: root.municipalityName
                        textFormat: Text.PlainText
                        elide: Text.ElideRight
                        color: "#cfd8dc"
                    }
                    Label {
                        objectName: "languageLabel"
                        visible: text !== ""
                        text: root.languageLabel(root.language)
                        textFormat: Text.PlainText
                        color: "#b0bec5"
                        font.pixelSize: 12
                    }
                    Label {
                        objectName: "topicLabel"
                        Layout.maximumWidth: 110
                        visible: root.topic !== ""
                        text: root.topic
                        textFormat: Text.PlainText
                        elide: Text.ElideRight
                        color: "#80cbc4"
                        font.pixelSize: 12
                    }
                    Label {
                        objectName: "askCountLabel"
                        visible: root.askCount > 1
                        text: qsTr("asked %1\u00d7").arg(root.askCount)
                        textFormat: Text.PlainText
                        color: "#ffe082"
                        font.pixelSize: 12
                    }
                    Label {
                        objectName: "editedMarker"
                        visible: root.edited
                        text: qsTr("edited")
                        textFormat: Text.PlainText
                        color: "#ffcc80"
                        font.italic: true
                        font.pixelSize: 12
                    }
                    Item {
                        Layout.fillWidth: true
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
                    color: root.questionState === "aired" || root.questionState === "not_selected"
                           ? "#b0bec5" : "white"
                    font.pixelSize: 15
                }
                Label {
                    objectName: "originalText"
                    Layout.fillWidth: true
                    visible: root.edited
                    text: qsTr("Viewer's original: %1").arg(root.viewerText)
                    textFormat: Text.PlainText
                    wrapMode: Text.Wrap
                    maximumLineCount: root.isSelected ? 12 : 2
                    elide: Text.ElideRight
                    color: "#ffcc80"
                    font.pixelSize: 12
                }
                RowLayout {
                    Layout.fillWidth: true
                    visible: root.viewerName !== "" || root.onAirTime !== ""
                    spacing: 12
                    Label {
                        objectName: "viewerNameLabel"
                        visible: root.viewerName !== ""
                        Layout.maximumWidth: 220
                        text: root.viewerName
                        textFormat: Text.PlainText
                        elide: Text.ElideRight
                        color: "#b0bec5"
                        font.pixelSize: 12
                    }
                    Label {
                        objectName: "airTimesLabel"
                        visible: text !== ""
                        text: root.airTimes()
                        textFormat: Text.PlainText
                        color: root.questionState === "on_air" ? "#ff8a80" : "#b0bec5"
                        font.pixelSize: 12
                    }
                }
            }

            ShortcutButton {
                objectName: "queueButton"
                Layout.alignment: Qt.AlignTop
                visible: root.questionState === "approved"
                implicitHeight: 30
                label: qsTr("Queue")
                shortcutLabel: root.isSelected ? qsTr("Ins") : ""
                accent: "#2e7d32"
                onClicked: root.queueClicked()
            }
            ShortcutButton {
                objectName: "removeButton"
                Layout.alignment: Qt.AlignTop
                visible: root.questionState === "queued"
                implicitHeight: 30
                label: qsTr("Remove")
                shortcutLabel: root.isSelected ? qsTr("Del") : ""
                accent: "#5d4037"
                onClicked: root.removeClicked()
            }
        }
    }
}
