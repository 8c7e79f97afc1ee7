import QtQuick
import QtTest
import Sporazum.Studio

// Every control shows its key, and the keys do what the labels say (against a fake controller).
TestCase {
    id: testCase
    name: "ControlsPane"
    width: 900
    height: 600
    visible: true
    when: windowShown

    QtObject {
        id: fakeController
        property var calls: []
        property var guests: [{name: "Dragana Petrović", role: "poslanica"}, {name: "Arben Gashi", role: ""}]
        property var replaces: ({lower_third: "Replaces: Milica: Kada će…"})
        property string message: ""
        property bool isError: false
        function cueNext() { calls.push("cueNext") }
        function take(layer) { calls.push("take " + layer) }
        function clear(layer) { calls.push("clear " + layer) }
        function clearAll() { calls.push("clearAll") }
        function takeGuest(index) { calls.push("takeGuest " + index) }
        function setLayerOn(layer, isOn) { calls.push("setLayerOn " + layer + " " + isOn) }
        function setTickerText(text) { calls.push("setTickerText " + text) }
    }
    QtObject {
        id: fakeProgramme
        property var layersOnAir: []
    }
    Component {
        id: paneComponent
        ControlsPane {
            width: 880
            controller: fakeController
            programme: fakeProgramme
        }
    }

    function init() {
        failOnWarning(/.?/)  // any QML warning fails the test
        fakeController.calls = []
        fakeProgramme.layersOnAir = []
    }

    function test_buttonsShowTheirKeys() {
        const pane = createTemporaryObject(paneComponent, testCase)
        const expected = {
            cueNextButton: "F1", takeButton: "Space / Return", clearButton: "Esc",
            clearAllButton: "Shift+Esc", clearSuperButton: "F4", guestButton0: "F5",
            guestButton1: "F6", logoButton: "F9", qrButton: "F10", tickerButton: "F11"
        }
        for (const name in expected) {
            const button = findChild(pane, name)
            verify(button, name)
            compare(button.shortcutLabel, expected[name], name)
            const badge = findChild(button, "shortcutBadge")
            compare(badge.text, expected[name], name)
            verify(badge.visible, name)
        }
        compare(findChild(pane, "guestButton0").label, "Dragana Petrović")
        compare(findChild(pane, "replacesLabel").text, "Replaces: Milica: Kada će…")
    }

    function test_keysDoWhatTheButtonsSay() {
        const pane = createTemporaryObject(paneComponent, testCase)
        keyClick(Qt.Key_F1)
        keyClick(Qt.Key_Space)
        keyClick(Qt.Key_Return)
        keyClick(Qt.Key_Escape)
        keyClick(Qt.Key_Escape, Qt.ShiftModifier)
        keyClick(Qt.Key_F4)
        keyClick(Qt.Key_F6)
        keyClick(Qt.Key_F7)  // no third guest: nothing
        keyClick(Qt.Key_F9)
        compare(fakeController.calls, ["cueNext", "take lower_third", "take lower_third",
                                       "clear lower_third", "clearAll", "clear super",
                                       "takeGuest 1", "setLayerOn logo true"])
    }

    function test_typingDisablesTheSingleKeysButNotThePanicKey() {
        const pane = createTemporaryObject(paneComponent, testCase, {isTyping: true})
        keyClick(Qt.Key_Space)
        keyClick(Qt.Key_Return)
        keyClick(Qt.Key_Escape)
        keyClick(Qt.Key_F1)
        keyClick(Qt.Key_Escape, Qt.ShiftModifier)
        compare(fakeController.calls, ["cueNext", "clearAll"])
    }

    function test_switchesSetTheOppositeOfWhatIsOnAir() {
        const pane = createTemporaryObject(paneComponent, testCase)
        const logo = findChild(pane, "logoButton")
        compare(logo.label, "Logo on")
        fakeProgramme.layersOnAir = ["logo"]
        compare(logo.label, "Logo off")
        mouseClick(logo)
        keyClick(Qt.Key_F9)
        compare(fakeController.calls, ["setLayerOn logo false", "setLayerOn logo false"])
    }

    function test_inactivePaneIgnoresKeys() {
        const pane = createTemporaryObject(paneComponent, testCase, {isActive: false})
        keyClick(Qt.Key_F1)
        keyClick(Qt.Key_Escape, Qt.ShiftModifier)
        keyClick(Qt.Key_Space)
        compare(fakeController.calls, [])
    }
}
