import QtQuick
import QtTest
import Sporazum.Studio

// A queue row shows a viewer's markup as the characters they typed, never as formatting.
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
            municipality: "zubin-potok"
            language: "sr-Cyrl"
            topic: "roads"
            askCount: 3
            position: 0
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

    property var moves: []

    ListView {
        id: dragList
        y: 200
        width: 560
        height: 400
        spacing: 4
        model: ListModel {
            ListElement { questionId: 1; questionState: "queued"; text: "first"; position: 0 }
            ListElement { questionId: 2; questionState: "queued"; text: "second"; position: 1 }
            ListElement { questionId: 3; questionState: "queued"; text: "third"; position: 2 }
        }
        delegate: QueueDelegate {
            width: ListView.view.width
            viewerText: ""
            edited: false
            viewerName: ""
            municipality: "zvecan"
            language: "en"
            topic: ""
            askCount: 1
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
        for (const name of ["viewerNameLabel", "originalText", "topicLabel", "municipalityLabel"]) {
            compare(findChild(row, name).textFormat, Text.PlainText, name)
        }
        compare(findChild(row, "viewerNameLabel").text, "<u>Milica</u>")
    }

    function test_showsTheQuestionsFacts() {
        const row = createTemporaryObject(delegateComponent, testCase)
        compare(findChild(row, "municipalityLabel").text, "zubin-potok")
        compare(findChild(row, "topicLabel").text, "roads")
        compare(findChild(row, "languageLabel").text, "SR Cyrillic")
        compare(findChild(row, "askCountLabel").text, "asked 3\u00d7")
        verify(findChild(row, "askCountLabel").visible)
        verify(findChild(row, "editedMarker").visible)
        compare(findChild(row, "positionLabel").text, "#1")
        verify(!findChild(row, "originalText").visible, "the original shows when selected")
        row.isSelected = true
        verify(findChild(row, "originalText").visible)
        compare(findChild(row, "originalText").text, "Viewer's original: <i>original</i>")
    }

    function test_draggingAQuestionOntoAnotherAsksToMoveIt() {
        moves = []
        const third = dragList.itemAtIndex(2)
        verify(third)
        const handle = findChild(third, "dragHandle")
        const rowHeight = third.height + dragList.spacing
        mouseDrag(handle, handle.width / 2, handle.height / 2, 0, -2 * rowHeight)
        compare(moves, [[2, 0]])
        compare(findChild(third, "card").y, 0, "the card snaps back")
        mouseDrag(handle, handle.width / 2, handle.height / 2, 0, 2)  // a twitch: no move
        compare(moves, [[2, 0]])
    }

    function test_onlyAQueuedQuestionCanBeRemovedOrDragged() {
        const row = createTemporaryObject(delegateComponent, testCase)
        removeSpy.target = row
        removeSpy.clear()
        const remove = findChild(row, "removeButton")
        verify(remove.visible)
        verify(findChild(row, "dragHandle").visible)
        mouseClick(remove)
        compare(removeSpy.count, 1)

        const aired = createTemporaryObject(delegateComponent, testCase,
                                            {questionState: "aired", askCount: 1, edited: false})
        verify(!findChild(aired, "removeButton").visible)
        verify(!findChild(aired, "dragHandle").visible)
        verify(!findChild(aired, "askCountLabel").visible)
        verify(!findChild(aired, "editedMarker").visible)
    }
}
