pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// The episodes: choose one from the server's list (newest first), create or edit one, start the
// chosen planned episode or end the live one (End only asks: the window confirms).
ColumnLayout {
    id: root

    required property var show

    /// The chosen episode's id; 0 while a new one is being written.
    property var selectedId: 0
    /// Grows whenever the list changes, so bindings on the chosen episode re-read it.
    property int revision: 0
    /// The producer chose an episode (or a new one): the list's arrival no longer chooses.
    property bool hasChosen: false
    readonly property var selected: {
        root.revision
        return root.selectedId > 0 ? root.show.episodes.get(root.selectedId) : ({})
    }

    signal endRequested(var episodeId, int number)

    spacing: 8

    function select(id) {
        root.hasChosen = true
        root.selectedId = id
        editor.load(id > 0 ? root.show.episodes.get(id) : root.newDraft())
    }

    // A new episode: the next number and today's date, to be corrected as needed.
    function newDraft() {
        return { id: 0, number: root.show.episodes.nextNumber(), title: "", guests: [], topics: [],
                 airDate: Qt.formatDate(new Date(), "yyyy-MM-dd") }
    }

    Connections {
        target: root.show.episodes
        function onModelReset() {
            root.revision++
            if (!root.hasChosen && root.show.currentId > 0)
                root.select(root.show.currentId)
        }
        function onDataChanged() { root.revision++ }
        function onRowsInserted() { root.revision++ }
        function onRowsRemoved() { root.revision++ }
    }
    Connections {
        target: root.show
        function onEpisodeSaved(episodeId) { root.select(episodeId) }
    }

    RowLayout {
        Layout.fillWidth: true
        Label {
            Layout.fillWidth: true
            text: qsTr("Episodes (newest first)")
            textFormat: Text.PlainText
            color: "white"
            font.bold: true
        }
        Button {
            objectName: "refreshEpisodesButton"
            text: qsTr("Refresh")
            onClicked: root.show.refreshList()
        }
        Button {
            objectName: "newEpisodeButton"
            text: qsTr("New episode")
            onClicked: root.select(0)
        }
    }
    ListView {
        id: list
        objectName: "episodeList"
        Layout.fillWidth: true
        Layout.preferredHeight: Math.max(60, Math.min(list.contentHeight, 220))
        clip: true
        spacing: 2
        model: root.show.episodes
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {}

        delegate: Rectangle {
            id: row
            required property var episodeId
            required property int number
            required property string title
            required property string airDate
            required property string episodeState
            required property bool isCurrent

            width: ListView.view.width
            height: 34
            radius: 3
            color: root.selectedId === row.episodeId ? "#1e3a5f" : "#263238"
            border.color: row.isCurrent ? "#64b5f6" : "transparent"

            MouseArea {
                anchors.fill: parent
                onClicked: root.select(row.episodeId)
            }
            RowLayout {
                anchors.fill: parent
                anchors.leftMargin: 8
                anchors.rightMargin: 8
                spacing: 10
                Label {
                    text: "#" + row.number
                    textFormat: Text.PlainText
                    color: "white"
                    font.bold: true
                }
                Label {
                    Layout.fillWidth: true
                    text: row.title
                    textFormat: Text.PlainText
                    elide: Text.ElideRight
                    color: "white"
                }
                Label {
                    text: row.airDate
                    textFormat: Text.PlainText
                    color: "#cfd8dc"
                }
                Label {
                    text: row.episodeState === "live" ? qsTr("live")
                        : row.episodeState === "planned" ? qsTr("planned")
                        : row.episodeState === "aired" ? qsTr("aired")
                        : row.episodeState === "archived" ? qsTr("archived") : row.episodeState
                    textFormat: Text.PlainText
                    color: row.episodeState === "live" ? "#ff8a80" : "#b0bec5"
                    font.bold: row.episodeState === "live"
                }
                Label {
                    visible: row.isCurrent
                    text: qsTr("current")
                    textFormat: Text.PlainText
                    color: "#90caf9"
                }
            }
        }
        Label {
            anchors.centerIn: parent
            visible: list.count === 0
            text: qsTr("No episodes yet")
            textFormat: Text.PlainText
            color: "#90a4ae"
        }
    }
    Label {
        Layout.fillWidth: true
        visible: text !== ""
        text: root.show.episodes.lastError
        textFormat: Text.PlainText
        wrapMode: Text.Wrap
        color: "#ff8a80"
    }

    ScrollView {
        Layout.fillWidth: true
        Layout.fillHeight: true
        contentWidth: availableWidth
        clip: true
        EpisodeEditor {
            id: editor
            objectName: "episodeEditor"
            width: parent.width
            show: root.show
        }
    }

    RowLayout {
        Layout.fillWidth: true
        spacing: 8
        ShortcutButton {
            objectName: "saveEpisodeButton"
            label: editor.isNew ? qsTr("Create episode") : qsTr("Save changes")
            accent: "#1565c0"
            enabled: !root.show.isBusy
            onClicked: root.show.save(editor.draft())
        }
        Item {
            Layout.fillWidth: true
        }
        ShortcutButton {
            objectName: "startSelectedButton"
            visible: root.selected.episodeState === "planned"
            enabled: !root.show.isBusy
            label: qsTr("Start episode %1").arg(root.selected.number || "")
            accent: "#2e7d32"
            onClicked: root.show.start(root.selectedId)
        }
        ShortcutButton {
            objectName: "endSelectedButton"
            visible: root.selected.episodeState === "live"
            enabled: !root.show.isBusy
            label: qsTr("End episode %1…").arg(root.selected.number || "")
            accent: "#8e2424"
            onClicked: root.endRequested(root.selectedId, root.selected.number)
        }
    }
    Label {
        objectName: "episodesMessage"
        Layout.fillWidth: true
        visible: text !== ""
        text: root.show.message
        textFormat: Text.PlainText
        wrapMode: Text.Wrap
        color: root.show.isError ? "#ff8a80" : "#90caf9"
    }
}
