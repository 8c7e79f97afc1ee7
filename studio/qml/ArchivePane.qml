pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// The archive: every episode (newest first) or a search's hits; the chosen episode's details
// (thumbnails, loudness against R 128, master and fixity, guests), its aired questions with
// timecodes and "play from here", the proxy's player, and the metadata editor. A FocusScope:
// while it holds the focus, Space, Return and Esc are its own (Main.qml), never a take.
FocusScope {
    id: root

    required property var archive

    function stateWord(state) {
        return state === "live" ? qsTr("live")
            : state === "planned" ? qsTr("planned")
            : state === "aired" ? qsTr("aired")
            : state === "archived" ? qsTr("archived") : state
    }
    function matchWord(where) {
        return where === "title" ? qsTr("in the title")
            : where === "guest" ? qsTr("in a guest")
            : where === "topic" ? qsTr("in a topic")
            : where === "description" ? qsTr("in the description")
            : where === "question" ? qsTr("in an aired question") : where
    }
    function open(number) {
        if (number <= 0)
            return
        player.stop()
        root.archive.open(number)
    }
    // Plays the proxy from the question in `row` of the aired questions, a moment before it.
    function playFrom(row) {
        const ms = root.archive.questions.playFromMsAt(row)
        if (ms >= 0 && root.archive.proxyUrl !== "")
            player.playFrom(ms)
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 6

        RowLayout {
            Layout.fillWidth: true
            spacing: 6
            FormField {
                id: searchField
                objectName: "archiveSearchField"
                Layout.fillWidth: true
                focus: true
                placeholderText: qsTr("Search titles, guests, topics, questions (any script)")
                hasError: root.archive.isError && root.archive.errorField === "query"
                onAccepted: root.archive.search(searchField.text)
                Keys.onEscapePressed: {
                    searchField.text = ""
                    root.archive.clearSearch()
                }
            }
            Button {
                objectName: "archiveSearchButton"
                text: qsTr("Search")
                onClicked: root.archive.search(searchField.text)
            }
            Button {
                objectName: "archiveAllButton"
                text: root.archive.isSearching ? qsTr("All episodes") : qsTr("Refresh")
                onClicked: {
                    if (root.archive.isSearching) {
                        searchField.text = ""
                        root.archive.clearSearch()
                    } else {
                        root.archive.refresh()
                    }
                }
            }
        }

        ListView {
            id: episodeList
            // The keys work from the first row as soon as the list has the focus.
            onActiveFocusChanged: if (activeFocus && currentIndex < 0 && count > 0) currentIndex = 0
            objectName: "archiveEpisodeList"
            Layout.fillWidth: true
            Layout.preferredHeight: 190
            visible: !root.archive.isSearching
            clip: true
            spacing: 2
            model: root.archive.episodes
            currentIndex: -1
            keyNavigationEnabled: true
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar {}
            Keys.onReturnPressed: root.open(root.archive.episodes.numberAt(currentIndex))
            Keys.onSpacePressed: root.open(root.archive.episodes.numberAt(currentIndex))

            delegate: Rectangle {
                id: episodeRow
                required property int index
                required property int number
                required property string title
                required property string airDate
                required property string episodeState
                required property string durationText
                required property string loudnessStatus
                required property var integratedLufs
                required property var truePeakDbtp
                required property string posterUrl

                width: ListView.view.width
                height: 46
                radius: 3
                color: root.archive.detail.number === episodeRow.number ? "#1e3a5f" : "#263238"
                border.color: episodeRow.ListView.isCurrentItem && episodeList.activeFocus
                              ? "#64b5f6" : "transparent"

                MouseArea {
                    anchors.fill: parent
                    onClicked: {
                        episodeList.currentIndex = episodeRow.index
                        episodeList.forceActiveFocus()
                        root.open(episodeRow.number)
                    }
                }
                RowLayout {
                    anchors.fill: parent
                    anchors.margins: 4
                    spacing: 8
                    Image {
                        Layout.preferredWidth: 64
                        Layout.preferredHeight: 36
                        source: episodeRow.posterUrl
                        asynchronous: true
                        fillMode: Image.PreserveAspectFit
                        sourceSize.width: 128
                    }
                    Label {
                        text: "#" + episodeRow.number
                        textFormat: Text.PlainText
                        color: "white"
                        font.bold: true
                    }
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 0
                        Label {
                            Layout.fillWidth: true
                            text: episodeRow.title
                            textFormat: Text.PlainText
                            elide: Text.ElideRight
                            color: "white"
                        }
                        Label {
                            Layout.fillWidth: true
                            text: episodeRow.airDate + "  " + root.stateWord(episodeRow.episodeState)
                                  + (episodeRow.durationText !== "" ? "  " + episodeRow.durationText : "")
                            textFormat: Text.PlainText
                            elide: Text.ElideRight
                            color: "#b0bec5"
                        }
                    }
                    LoudnessBadge {
                        isCompact: true
                        status: episodeRow.loudnessStatus
                        integratedLufs: episodeRow.integratedLufs
                        truePeakDbtp: episodeRow.truePeakDbtp
                    }
                }
            }
            Label {
                anchors.centerIn: parent
                visible: episodeList.count === 0
                text: qsTr("The archive is empty")
                textFormat: Text.PlainText
                color: "#90a4ae"
            }
        }

        ListView {
            id: hitList
            // The keys work from the first row as soon as the list has the focus.
            onActiveFocusChanged: if (activeFocus && currentIndex < 0 && count > 0) currentIndex = 0
            objectName: "archiveHitList"
            Layout.fillWidth: true
            Layout.preferredHeight: 190
            visible: root.archive.isSearching
            clip: true
            spacing: 2
            model: root.archive.hits
            currentIndex: -1
            keyNavigationEnabled: true
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar {}
            Keys.onReturnPressed: root.open(root.archive.hits.numberAt(currentIndex))
            Keys.onSpacePressed: root.open(root.archive.hits.numberAt(currentIndex))

            delegate: Rectangle {
                id: hitRow
                required property int index
                required property int number
                required property string airDate
                required property string title
                required property string matchedIn
                required property var snippetRuns

                width: ListView.view.width
                height: hitColumn.implicitHeight + 8
                radius: 3
                color: root.archive.detail.number === hitRow.number ? "#1e3a5f" : "#263238"
                border.color: hitRow.ListView.isCurrentItem && hitList.activeFocus
                              ? "#64b5f6" : "transparent"

                MouseArea {
                    anchors.fill: parent
                    onClicked: {
                        hitList.currentIndex = hitRow.index
                        hitList.forceActiveFocus()
                        root.open(hitRow.number)
                    }
                }
                ColumnLayout {
                    id: hitColumn
                    anchors.left: parent.left
                    anchors.right: parent.right
                    anchors.top: parent.top
                    anchors.margins: 4
                    spacing: 2
                    Label {
                        Layout.fillWidth: true
                        text: "#" + hitRow.number + "  " + hitRow.title + "  (" + hitRow.airDate
                              + ", " + root.matchWord(hitRow.matchedIn) + ")"
                        textFormat: Text.PlainText
                        elide: Text.ElideRight
                        color: "white"
                    }
                    // The snippet's «matches» bold: plain text runs, never markup.
                    Flow {
                        objectName: "archiveSnippet"
                        Layout.fillWidth: true
                        Repeater {
                            model: hitRow.snippetRuns
                            delegate: Label {
                                required property var modelData
                                text: modelData.text
                                textFormat: Text.PlainText
                                color: modelData.isMatch ? "#fff59d" : "#cfd8dc"
                                font.bold: modelData.isMatch
                            }
                        }
                    }
                }
            }
            Label {
                anchors.centerIn: parent
                visible: hitList.count === 0
                text: root.archive.isBusy ? qsTr("Searching…") : qsTr("Nothing found")
                textFormat: Text.PlainText
                color: "#90a4ae"
            }
        }

        Label {
            objectName: "archiveMessage"
            Layout.fillWidth: true
            visible: text !== ""
            text: root.archive.message
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            color: root.archive.isError ? "#ff8a80" : "#90caf9"
        }

        ScrollView {
            id: detailScroll
            objectName: "archiveDetail"
            Layout.fillWidth: true
            Layout.fillHeight: true
            contentWidth: availableWidth
            clip: true
            visible: root.archive.hasDetail

            ColumnLayout {
                width: detailScroll.availableWidth
                spacing: 8

                Label {
                    objectName: "archiveDetailTitle"
                    Layout.fillWidth: true
                    text: qsTr("Episode %1: %2").arg(root.archive.detail.number || "")
                          .arg(root.archive.detail.title || "")
                    textFormat: Text.PlainText
                    wrapMode: Text.Wrap
                    color: "white"
                    font.bold: true
                    font.pixelSize: 16
                }
                Label {
                    objectName: "archiveDetailFacts"
                    Layout.fillWidth: true
                    text: [root.archive.detail.airDate || "",
                           root.archive.detail.airTime || "",
                           root.stateWord(root.archive.detail.episodeState || ""),
                           root.archive.detail.durationText
                               ? qsTr("duration %1").arg(root.archive.detail.durationText) : "",
                           qsTr("version %1").arg(root.archive.detail.version || 0)]
                          .filter(s => s !== "").join("  ·  ")
                    textFormat: Text.PlainText
                    wrapMode: Text.Wrap
                    color: "#cfd8dc"
                }
                LoudnessBadge {
                    objectName: "archiveLoudness"
                    Layout.fillWidth: true
                    status: root.archive.detail.loudnessStatus || "not_measured"
                    integratedLufs: root.archive.detail.hasLoudness ? root.archive.detail.integratedLufs : null
                    truePeakDbtp: root.archive.detail.hasLoudness ? root.archive.detail.truePeakDbtp : null
                    rangeLu: root.archive.detail.hasLoudness ? root.archive.detail.rangeLu : null
                }
                Label {
                    objectName: "archiveMaster"
                    Layout.fillWidth: true
                    text: root.archive.detail.hasMaster
                          ? qsTr("Master: %1, %2 MB, SHA-256 %3…; fixity: %4")
                            .arg(root.archive.detail.masterContainer)
                            .arg(Math.round(root.archive.detail.masterBytes / 1e6))
                            .arg(String(root.archive.detail.masterSha256).substring(0, 12))
                            .arg(root.archive.detail.fixityOutcome === ""
                                 ? qsTr("never checked")
                                 : root.archive.detail.fixityOutcome + " ("
                                   + root.archive.detail.fixityAt + ")")
                          : qsTr("Master: not ingested yet")
                    textFormat: Text.PlainText
                    wrapMode: Text.Wrap
                    color: root.archive.detail.hasMaster
                           && root.archive.detail.fixityOutcome !== ""
                           && root.archive.detail.fixityOutcome !== "ok" ? "#ff8a80" : "#b0bec5"
                }

                ListView {
                    objectName: "archiveThumbnails"
                    Layout.fillWidth: true
                    Layout.preferredHeight: 100
                    visible: count > 0
                    orientation: ListView.Horizontal
                    spacing: 6
                    clip: true
                    model: root.archive.detail.thumbnails || []
                    delegate: Column {
                        id: thumb
                        required property var modelData
                        spacing: 2
                        Image {
                            objectName: "archiveThumbnail"
                            width: 128
                            height: 72
                            source: thumb.modelData.url
                            asynchronous: true
                            fillMode: Image.PreserveAspectFit
                            sourceSize.width: 256
                        }
                        Label {
                            text: thumb.modelData.atText + (thumb.modelData.isPoster ? qsTr(" (poster)") : "")
                            textFormat: Text.PlainText
                            color: "#b0bec5"
                        }
                    }
                }

                ArchivePlayer {
                    id: player
                    objectName: "archivePlayer"
                    Layout.fillWidth: true
                    visible: root.archive.proxyUrl !== ""
                    source: root.archive.proxyUrl
                    aspect: root.archive.detail.proxyHeight > 0
                            ? root.archive.detail.proxyWidth / root.archive.detail.proxyHeight : 16 / 9
                }
                Label {
                    Layout.fillWidth: true
                    visible: root.archive.proxyUrl === ""
                    text: qsTr("No recording to play yet")
                    textFormat: Text.PlainText
                    color: "#90a4ae"
                }

                Label {
                    text: qsTr("Aired questions (%1)").arg(questionList.count)
                    textFormat: Text.PlainText
                    color: "white"
                    font.bold: true
                }
                ListView {
                    id: questionList
                    // The keys work from the first row as soon as the list has the focus.
                    onActiveFocusChanged: if (activeFocus && currentIndex < 0 && count > 0) currentIndex = 0
                    objectName: "archiveQuestionList"
                    Layout.fillWidth: true
                    Layout.preferredHeight: Math.min(contentHeight, 240)
                    clip: true
                    spacing: 2
                    model: root.archive.questions
                    keyNavigationEnabled: true
                    boundsBehavior: Flickable.StopAtBounds
                    ScrollBar.vertical: ScrollBar {}
                    Keys.onReturnPressed: root.playFrom(currentIndex)
                    Keys.onSpacePressed: root.playFrom(currentIndex)

                    delegate: Rectangle {
                        id: questionRow
                        objectName: "archiveQuestionRow"
                        required property int index
                        required property var questionId
                        required property string text
                        required property string viewerName
                        required property string inText
                        required property string outText
                        required property bool hasTimecode

                        width: ListView.view.width
                        height: questionColumn.implicitHeight + 8
                        radius: 3
                        color: "#263238"
                        border.color: questionRow.ListView.isCurrentItem && questionList.activeFocus
                                      ? "#64b5f6" : "transparent"

                        RowLayout {
                            id: questionColumn
                            anchors.left: parent.left
                            anchors.right: parent.right
                            anchors.top: parent.top
                            anchors.margins: 4
                            spacing: 8
                            Label {
                                objectName: "archiveQuestionTimecode"
                                Layout.preferredWidth: 140
                                text: questionRow.hasTimecode
                                      ? questionRow.inText + "–" + questionRow.outText
                                      : qsTr("no timecode")
                                textFormat: Text.PlainText
                                color: "#90caf9"
                                font.family: "monospace"
                            }
                            ColumnLayout {
                                Layout.fillWidth: true
                                spacing: 0
                                Label {
                                    objectName: "archiveQuestionText"
                                    Layout.fillWidth: true
                                    text: questionRow.text
                                    textFormat: Text.PlainText
                                    wrapMode: Text.Wrap
                                    color: "white"
                                }
                                Label {
                                    Layout.fillWidth: true
                                    visible: questionRow.viewerName !== ""
                                    text: questionRow.viewerName
                                    textFormat: Text.PlainText
                                    elide: Text.ElideRight
                                    color: "#b0bec5"
                                }
                            }
                            Button {
                                objectName: "archivePlayFromButton"
                                text: qsTr("Play from here")
                                enabled: questionRow.hasTimecode && root.archive.proxyUrl !== ""
                                onClicked: {
                                    questionList.currentIndex = questionRow.index
                                    root.playFrom(questionRow.index)
                                }
                            }
                        }
                    }
                }

                ArchiveEditor {
                    id: editor
                    objectName: "archiveEditor"
                    Layout.fillWidth: true
                    archive: root.archive
                }
            }
        }
        Label {
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: !root.archive.hasDetail
            verticalAlignment: Text.AlignTop
            text: qsTr("Choose an episode to see its details, play it and edit it.")
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            color: "#90a4ae"
        }
    }
}
