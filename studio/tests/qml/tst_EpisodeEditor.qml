import QtQuick
import QtTest
import Sporazum.Studio

// The episode form: loads an episode, gives back what Save sends (guests in order, topics split),
// and turns the refused field red.
TestCase {
    id: testCase
    name: "EpisodeEditor"
    width: 600
    height: 700
    visible: true
    when: windowShown

    QtObject {
        id: fakeShow
        property bool isError: false
        property string errorField: ""
    }
    Component {
        id: editorComponent
        EpisodeEditor {
            width: 580
            show: fakeShow
        }
    }

    readonly property var episode: ({
        id: 7, number: 23, title: "Sporazum 23. 11. 2026.", airDate: "2026-11-23",
        guests: [{name: "Dragana Petrović", role: "poslanica"}, {name: "Arben Krasniqi", role: "LDK"}],
        topics: ["roads", "water"]
    })

    function init() {
        failOnWarning(/.?/)  // any QML warning fails the test
        fakeShow.isError = false
        fakeShow.errorField = ""
    }

    function test_loadsAnEpisodeAndGivesBackItsDraft() {
        const editor = createTemporaryObject(editorComponent, testCase)
        editor.load(episode)
        compare(findChild(editor, "editorTitle").text, "Edit episode")
        compare(findChild(editor, "numberField").text, "23")
        compare(findChild(editor, "titleField").text, "Sporazum 23. 11. 2026.")
        compare(findChild(editor, "airDateField").text, "2026-11-23")
        compare(findChild(editor, "topicsField").text, "roads, water")
        compare(findChild(editor, "guestName1").text, "Arben Krasniqi")
        const draft = editor.draft()
        compare(draft.id, 7)
        compare(draft.number, "23")
        compare(draft.guests, episode.guests)
        compare(draft.topics, ["roads", " water"], "split here, trimmed by the controller")
    }

    function test_guestsAreAddedEditedAndRemoved() {
        const editor = createTemporaryObject(editorComponent, testCase)
        editor.load({id: 0, number: 24, airDate: "2026-12-07", guests: [], topics: []})
        compare(findChild(editor, "editorTitle").text, "New episode")
        mouseClick(findChild(editor, "addGuestButton"))
        const name = findChild(editor, "guestName0")
        verify(name)
        name.forceActiveFocus()
        keyClick(Qt.Key_M)
        keyClick(Qt.Key_I)
        compare(editor.draft().guests, [{name: "mi", role: ""}])
        compare(editor.draft().id, 0)
        mouseClick(findChild(editor, "removeGuest0"))
        compare(editor.draft().guests, [])
    }

    function test_theRefusedFieldTurnsRed() {
        const editor = createTemporaryObject(editorComponent, testCase)
        editor.load(episode)
        verify(!findChild(editor, "titleField").hasError)
        fakeShow.errorField = "guests[1].name"
        fakeShow.isError = true
        verify(findChild(editor, "guestName1").hasError)
        verify(!findChild(editor, "guestName0").hasError)
        fakeShow.errorField = "number"
        verify(findChild(editor, "numberField").hasError)
        fakeShow.errorField = "topics[0]"
        verify(findChild(editor, "topicsField").hasError)
    }
}
