import QtQuick
import QtTest
import Sporazum.Studio

// The episode bar: the current episode, its recording, both timers; F12 starts a new segment;
// Start starts the current planned episode; End only asks (the window confirms).
TestCase {
    id: testCase
    name: "EpisodeBar"
    width: 1600
    height: 200
    visible: true
    when: windowShown

    QtObject {
        id: fakeShow
        property var calls: []
        property bool hasEpisode: true
        property var currentId: 7
        property string episodeState: "live"
        property bool isBusy: false
        property string message: ""
        property bool isError: false
        property string lastError: ""
        property var current: testCase.liveEpisode
        function start(id) { calls.push("start " + id) }
        function end(id) { calls.push("end " + id) }
    }
    readonly property var liveEpisode: ({
        id: 7, number: 23, title: "Sporazum <b>23</b>", airDate: "2026-11-23",
        episodeState: "live", questionsOpen: true, hasRecording: true,
        recordingEngine: "engine-main", recordingState: "recording", recordingBytes: 0,
        recordingFile: "var/recordings/episode-23-20261123T200004Z.ts", recordingError: ""
    })
    QtObject {
        id: fakeClock
        property int resets: 0
        property string episodeText: "0:41:12"
        property bool isEpisodeRunning: true
        property string segmentText: "03:27"
        function resetSegment() { resets++ }
    }
    SignalSpy {
        id: endSpy
        signalName: "endRequested"
    }
    Component {
        id: barComponent
        EpisodeBar {
            width: 1600
            show: fakeShow
            clock: fakeClock
        }
    }

    function init() {
        failOnWarning(/.?/)  // any QML warning fails the test
        fakeShow.calls = []
        fakeShow.current = testCase.liveEpisode
        fakeShow.episodeState = "live"
        fakeShow.hasEpisode = true
        fakeShow.message = ""
        fakeShow.isError = false
        fakeClock.resets = 0
    }

    function test_showsTheEpisodeItsRecordingAndTheTimers() {
        const bar = createTemporaryObject(barComponent, testCase)
        compare(findChild(bar, "episodeStateLabel").text, "LIVE")
        compare(findChild(bar, "episodeTitleLabel").text, "Episode 23 · Sporazum <b>23</b>")
        compare(findChild(bar, "episodeTitleLabel").textFormat, Text.PlainText)
        compare(findChild(bar, "episodeDateLabel").text, "2026-11-23")
        compare(findChild(bar, "questionsOpenLabel").text, "Questions open")
        compare(findChild(bar, "recordingLabel").text,
                "Recording episode-23-20261123T200004Z.ts (engine-main)")
        compare(findChild(bar, "episodeTimer").text, "0:41:12")
        compare(findChild(bar, "segmentTimer").text, "03:27")
        compare(findChild(bar, "resetSegmentButton").shortcutLabel, "F12")
        verify(!findChild(bar, "noEpisodeLabel").visible)
    }

    function test_aDoneOrFailedRecordingSaysSo() {
        const bar = createTemporaryObject(barComponent, testCase)
        const done = Object.assign({}, fakeShow.current)
        done.recordingState = "done"
        done.recordingBytes = 4815162342
        fakeShow.current = done
        compare(findChild(bar, "recordingLabel").text,
                "Recorded episode-23-20261123T200004Z.ts, 4.8 GB (engine-main)")
        const failed = Object.assign({}, done)
        failed.recordingState = "failed"
        failed.recordingError = "No space left %1"
        fakeShow.current = failed
        compare(findChild(bar, "recordingLabel").text,
                "Recording FAILED (episode-23-20261123T200004Z.ts, engine-main): No space left %1")
        compare(findChild(bar, "recordingLabel").color, Qt.color("#ff8a80"))
    }

    function test_f12AndTheButtonStartANewSegment() {
        const bar = createTemporaryObject(barComponent, testCase)
        keyClick(Qt.Key_F12)
        mouseClick(findChild(bar, "resetSegmentButton"))
        compare(fakeClock.resets, 2)
    }

    function test_endOnlyAsksAndStartStartsThePlannedEpisode() {
        const bar = createTemporaryObject(barComponent, testCase)
        endSpy.target = bar
        endSpy.clear()
        const end = findChild(bar, "endEpisodeButton")
        verify(end.visible)
        verify(!findChild(bar, "startEpisodeButton").visible)
        mouseClick(end)
        compare(endSpy.count, 1)
        compare(endSpy.signalArguments[0][0], 7)
        compare(endSpy.signalArguments[0][1], 23)
        compare(fakeShow.calls, [], "nothing is sent before the confirmation")

        fakeShow.episodeState = "planned"
        const start = findChild(bar, "startEpisodeButton")
        verify(start.visible && start.enabled)
        verify(!end.visible)
        mouseClick(start)
        compare(fakeShow.calls, ["start 7"])
        fakeShow.episodeState = "aired"
        verify(!start.enabled, "an aired episode does not start again")
        fakeShow.episodeState = "live"
    }

    function test_theServersRefusalShows() {
        const bar = createTemporaryObject(barComponent, testCase)
        fakeShow.message = "Start episode 24 failed: not allowed: episode 23 is live: end it first"
        fakeShow.isError = true
        const message = findChild(bar, "showMessage")
        verify(message.visible)
        compare(message.text, fakeShow.message)
        compare(message.color, Qt.color("#ff8a80"))
        fakeShow.message = ""
        fakeShow.isError = false
    }

    function test_withoutAnEpisodeItSaysWhereToMakeOne() {
        fakeShow.hasEpisode = false
        const bar = createTemporaryObject(barComponent, testCase)
        verify(findChild(bar, "noEpisodeLabel").visible)
        fakeShow.hasEpisode = true
    }
}
