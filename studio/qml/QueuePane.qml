pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// The queue: search and filters over the server's questions in running order; selecting one
// previews it. Drag, Ctrl+Up/Down, Insert and Delete (keys of the selected row, while the list has
// the focus) ask the server to move, queue or remove; nothing is reordered here.
ColumnLayout {
    id: root

    required property var queue
    required property var queueView
    required property var controller
    required property var preview

    spacing: 6

    function previewCurrent() {
        const id = root.queueView.questionIdAt(list.currentIndex)
        if (id === 0) {
            root.preview.clear()
            return
        }
        const q = root.queue.get(id)
        root.preview.show("lower_third", {
            questionId: id,
            text: q.text,
            viewerName: q.viewerName,
            municipality: q.municipality,
            language: q.language
        }, qsTr("Selected question %1").arg(id))
    }

    RowLayout {
        Layout.fillWidth: true
        TextField {
            id: search
            objectName: "searchField"
            Layout.fillWidth: true
            placeholderText: qsTr("Search (any script)")
            onTextChanged: root.queueView.searchText = text
        }
        ComboBox {
            objectName: "stateFilter"
            textRole: "label"
            valueRole: "value"
            model: [
                { value: "", label: qsTr("All states") },
                { value: "queued", label: qsTr("Queued") },
                { value: "approved", label: qsTr("Approved") },
                { value: "on_air", label: qsTr("On air") },
                { value: "aired", label: qsTr("Aired") },
                { value: "not_selected", label: qsTr("Not selected") }
            ]
            onActivated: root.queueView.stateFilter = currentValue
        }
        ComboBox {
            objectName: "topicFilter"
            model: [qsTr("All topics")].concat(root.queue.topics)
            onActivated: index => root.queueView.topicFilter = index === 0 ? "" : currentText
        }
    }
    Label {
        objectName: "queueKeysHint"
        Layout.fillWidth: true
        text: qsTr("Drag ≡ onto a queued question to put it there · Ctrl+↑/↓ move · Ins queue · Del remove")
        textFormat: Text.PlainText
        elide: Text.ElideRight
        color: "#90a4ae"
        font.pixelSize: 12
    }
    Label {
        objectName: "refusedLabel"
        Layout.fillWidth: true
        visible: root.queue.refusedCount > 0
        text: qsTr("%n question(s) from the server could not be read (%1)", "",
                   root.queue.refusedCount).arg(root.queue.lastError)
        textFormat: Text.PlainText
        color: "#ff8a80"
        wrapMode: Text.Wrap
    }
    ListView {
        id: list
        objectName: "queueList"
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        spacing: 4
        model: root.queueView
        currentIndex: -1
        keyNavigationEnabled: true
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {}

        onCurrentIndexChanged: root.previewCurrent()
        Keys.onPressed: event => {
            const id = root.queueView.questionIdAt(list.currentIndex)
            if (event.key === Qt.Key_Insert && id !== 0) {
                root.controller.addToQueue(id)
                event.accepted = true
                return
            }
            if (event.key === Qt.Key_Delete && id !== 0) {
                root.controller.removeFromQueue(id)
                event.accepted = true
                return
            }
            if (!(event.modifiers & Qt.ControlModifier))
                return
            if (event.key === Qt.Key_Up && list.currentIndex > 0) {
                root.queueView.move(list.currentIndex, list.currentIndex - 1)
                event.accepted = true
            } else if (event.key === Qt.Key_Down && list.currentIndex >= 0
                       && list.currentIndex < list.count - 1) {
                root.queueView.move(list.currentIndex, list.currentIndex + 1)
                event.accepted = true
            }
        }

        delegate: QueueDelegate {
            width: ListView.view.width
            isSelected: ListView.isCurrentItem
            onClicked: {
                list.currentIndex = index
                list.forceActiveFocus()
            }
            onRemoveClicked: root.controller.removeFromQueue(questionId)
            onQueueClicked: root.controller.addToQueue(questionId)
            onMoveRequested: (from, to) => root.queueView.move(from, to)
        }

        Label {
            anchors.centerIn: parent
            visible: list.count === 0
            text: root.queue.totalCount === 0 ? qsTr("No questions yet") : qsTr("No question matches")
            textFormat: Text.PlainText
            color: "#90a4ae"
        }
    }
}
