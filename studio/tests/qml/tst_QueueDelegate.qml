import QtQuick
import QtTest
import Sporazum.Studio

// A queue row shows a viewer's markup as the characters they typed, never as formatting; it
// shows the question's facts, both texts when a moderator edited it, and offers what its state
// allows (queue an approved one, remove or drag a queued one).
TestCase {
    id: testCase
    name: "QueueDelegate"
    width: 600
    height: 400
    visible: true
    when: windowShown

    function init() {
        failOnWarning(/.?/)  // any QML warning fails the test
    }

    readonly property string markup: "<b>3 < 5 & true</b>"

    Component {
        id: delegateComponent
        QueueDelegate {
            width: 560
            index: 0
            questionId: 118
            questionState: "queued"
            text: testCase.markup
            viewerText: "<i>original</i>"
            edited: true
            viewerName: "<u>Milica</u>"
            municipalityName: "Zubin Potok"
            language: "sr-Cyrl"
            topic: "roads"
            askCount: 3
            position: 1
            onAirTime: ""
            offAirTime: ""
        }
    }
    Component {
        id: plainReference
        Text {
            textFormat: Text.PlainText
            font.pixelSize: 15
        }
    }
    Component {
        id: richReference
        Text {
            textFormat: Text.RichText
            font.pixelSize: 15
        }
    }
    SignalSpy {
        id: removeSpy
        signalName: "removeClicked"
    }
    SignalSpy {
        id: queueSpy
        signalName: "queueClicked"
    }

    property var moves: []

    ListView {
        id: dragList
        y: 200
        width: 560
        height: 400
        spacing: 4
        model: ListModel {
            ListElement { questionId: 1; questionState: "queued"; text: "first"; position: 1 }
            ListElement { questionId: 2; questionState: "queued"; text: "second"; position: 2 }
            ListElement { questionId: 3; questionState: "approved"; text: "third"; position: -1 }
        }
        delegate: QueueDelegate {
            width: ListView.view.width
            viewerText: ""
            edited: false
            viewerName: ""
            municipalityName: "Zvečan"
            language: "en"
            topic: ""
            askCount: 1
            onAirTime: ""
            offAirTime: ""
            onMoveRequested: (from, to) => testCase.moves.push([from, to])
        }
    }

    function test_markupIsShownLiterally() {
        const row = createTemporaryObject(delegateComponent, testCase)
        verify(row)
        const label = findChild(row, "questionText")
        verify(label)
        compare(label.textFormat, Text.PlainText)
        compare(label.text, markup)
        // Laid out as plain text: as wide as the literal string, not as the bold "3 < 5 & true".
        const plain = createTemporaryObject(plainReference, testCase, {text: markup})
        const rich = createTemporaryObject(richReference, testCase, {text: markup})
        verify(Math.abs(label.implicitWidth - plain.implicitWidth) < 1)
        verify(Math.abs(plain.implicitWidth - rich.implicitWidth) > 5)
        for (const name of ["viewerNameLabel", "originalText", "topicLabel", "municipalityLabel",
                            "airTimesLabel", "stateLabel"]) {
            compare(findChild(row, name).textFormat, Text.PlainText, name)
        }
        compare(findChild(row, "viewerNameLabel").text, "<u>Milica</u>")
    }

    function test_showsTheQuestionsFactsAndBothTexts() {
        const row = createTemporaryObject(delegateComponent, testCase)
        compare(findChild(row, "municipalityLabel").text, "Zubin Potok")
        compare(findChild(row, "topicLabel").text, "roads")
        compare(findChild(row, "languageLabel").text, "SR Cyrillic")
        compare(findChild(row, "askCountLabel").text, "asked 3\u00d7")
        verify(findChild(row, "askCountLabel").visible)
        verify(findChild(row, "editedMarker").visible)
        compare(findChild(row, "positionLabel").text, "#1", "1-based as the server sends it")
        compare(findChild(row, "stateLabel").text, "queued")
        // The moderator's text for air and the viewer's own, both on the row.
        verify(findChild(row, "originalText").visible)
        compare(findChild(row, "originalText").text, "Viewer's original: <i>original</i>")
        compare(findChild(row, "originalText").maximumLineCount, 2)
        row.isSelected = true
        compare(findChild(row, "originalText").maximumLineCount, 12)
    }

    function test_airTimesShowForAQuestionThatWasOnAir() {
        const onAir = createTemporaryObject(delegateComponent, testCase,
                                            {questionState: "on_air", position: -1,
                                             onAirTime: "20:14:05"})
        compare(findChild(onAir, "stateLabel").text, "ON AIR")
        compare(findChild(onAir, "airTimesLabel").text, "on air since 20:14:05")
        verify(!findChild(onAir, "positionLabel").visible)
        const aired = createTemporaryObject(delegateComponent, testCase,
                                            {questionState: "aired", position: -1,
                                             onAirTime: "20:14:05", offAirTime: "20:16:30"})
        compare(findChild(aired, "airTimesLabel").text, "on air 20:14:05–20:16:30")
        const queued = createTemporaryObject(delegateComponent, testCase)
        verify(!findChild(queued, "airTimesLabel").visible)
    }

    function test_draggingAQuestionOntoAnotherAsksToMoveIt() {
        moves = []
        const second = dragList.itemAtIndex(1)
        verify(second)
        const handle = findChild(second, "dragHandle")
        const rowHeight = second.height + dragList.spacing
        mouseDrag(handle, handle.width / 2, handle.height / 2, 0, -rowHeight)
        compare(moves, [[1, 0]])
        compare(findChild(second, "card").y, 0, "the card snaps back")
        mouseDrag(handle, handle.width / 2, handle.height / 2, 0, 2)  // a twitch: no move
        compare(moves, [[1, 0]])
        // An approved question is dragged into the queue the same way.
        const third = dragList.itemAtIndex(2)
        const thirdHandle = findChild(third, "dragHandle")
        mouseDrag(thirdHandle, thirdHandle.width / 2, thirdHandle.height / 2, 0,
                  -2 * (third.height + dragList.spacing))
        compare(moves, [[1, 0], [2, 0]])
    }

    function test_eachStateOffersWhatItAllows() {
        const row = createTemporaryObject(delegateComponent, testCase)
        removeSpy.target = row
        removeSpy.clear()
        const remove = findChild(row, "removeButton")
        verify(remove.visible)
        verify(!findChild(row, "queueButton").visible)
        compare(findChild(row, "dragHandle").opacity, 1)
        mouseClick(remove)
        compare(removeSpy.count, 1)
        compare(remove.shortcutLabel, "", "the key shows on the selected row only")
        row.isSelected = true
        compare(remove.shortcutLabel, "Del")

        const approved = createTemporaryObject(delegateComponent, testCase,
                                               {questionState: "approved", position: -1})
        queueSpy.target = approved
        queueSpy.clear()
        const queue = findChild(approved, "queueButton")
        verify(queue.visible)
        verify(!findChild(approved, "removeButton").visible)
        mouseClick(queue)
        compare(queueSpy.count, 1)

        const aired = createTemporaryObject(delegateComponent, testCase,
                                            {questionState: "aired", askCount: 1, edited: false,
                                             position: -1})
        verify(!findChild(aired, "removeButton").visible)
        verify(!findChild(aired, "queueButton").visible)
        compare(findChild(aired, "dragHandle").opacity, 0)
        verify(!findChild(aired, "askCountLabel").visible)
        verify(!findChild(aired, "editedMarker").visible)
        verify(!findChild(aired, "originalText").visible)
    }
}
