import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import QtMultimedia

// The open episode's web proxy (H.264 + AAC MP4 from the server, or any URL Qt Multimedia
// plays). "Play from here" on a question calls playFrom with its start (a moment before its
// in-point: ArchiveQuestionModel's playFromMs).
ColumnLayout {
    id: root

    property string source: ""
    property real aspect: 16 / 9
    // The player exists only once there is something to play: Qt Multimedia opens the audio
    // system when its first player appears, which the rest of the console never needs. Read
    // through a `var` also because qmllint 6.4 cannot type MediaPlayer's qlonglong position.
    property var media: null
    readonly property real position: root.media ? root.media.position : 0
    readonly property real duration: root.media ? root.media.duration : 0
    readonly property bool isPlaying: root.media !== null
                                      && root.media.playbackState === MediaPlayer.PlayingState
    readonly property bool isSeekable: root.media !== null && root.media.seekable
    readonly property bool hasError: root.media !== null && root.media.error !== MediaPlayer.NoError
    readonly property string errorString: root.media ? root.media.errorString : ""

    function playFrom(ms) {
        if (!root.media)
            return
        root.media.position = Math.max(0, ms)
        root.media.play()
    }
    function togglePlay() {
        if (!root.media)
            return
        if (root.isPlaying)
            root.media.pause()
        else
            root.media.play()
    }
    function stop() {
        if (root.media)
            root.media.stop()
    }

    function clock(ms) {
        const s = Math.max(0, Math.floor(ms / 1000))
        const m = Math.floor(s / 60) % 60
        return Math.floor(s / 3600) + ":" + (m < 10 ? "0" : "") + m + ":"
                + (s % 60 < 10 ? "0" : "") + (s % 60)
    }

    spacing: 4

    Loader {
        id: engine
        active: root.source !== ""
        // Not a bound component: Qt 6.4 refuses to load those through a Loader here, so the
        // outer ids are reached by name (qmllint cannot follow that).
        sourceComponent: Item {
            Component.onCompleted: root.media = player // qmllint disable unqualified
            Component.onDestruction: root.media = null // qmllint disable unqualified
            MediaPlayer {
                id: player
                objectName: "archiveMediaPlayer"
                source: root.source // qmllint disable unqualified
                videoOutput: video // qmllint disable unqualified
                audioOutput: AudioOutput {}
            }
        }
    }
    Rectangle {
        Layout.fillWidth: true
        Layout.preferredHeight: width / root.aspect
        color: "black"
        VideoOutput {
            id: video
            objectName: "archiveVideo"
            anchors.fill: parent
        }
        Label {
            anchors.centerIn: parent
            visible: root.hasError
            width: parent.width - 20
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.Wrap
            text: qsTr("The recording cannot be played: %1").arg(root.errorString)
            textFormat: Text.PlainText
            color: "#ff8a80"
        }
    }
    RowLayout {
        Layout.fillWidth: true
        spacing: 8
        Button {
            objectName: "archivePlayPauseButton"
            text: root.isPlaying ? qsTr("Pause") : qsTr("Play")
            enabled: root.source !== ""
            onClicked: root.togglePlay()
        }
        Slider {
            id: seek
            objectName: "archiveSeekSlider"
            Layout.fillWidth: true
            from: 0
            to: Math.max(1, root.duration)
            enabled: root.isSeekable
            value: root.position
            onMoved: root.media.position = seek.value
        }
        Label {
            objectName: "archivePlayerClock"
            text: root.clock(root.position) + " / " + root.clock(root.duration)
            textFormat: Text.PlainText
            color: "#cfd8dc"
            font.family: "monospace"
        }
    }
}
