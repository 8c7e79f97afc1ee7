import QtQuick
import QtTest
import Sporazum.Studio

// Ending an episode is asked once more; only the confirmation sends it.
TestCase {
    id: testCase
    name: "EndEpisodeDialog"
    width: 900
    height: 600
    visible: true
    when: windowShown

    QtObject {
        id: fakeShow
        property var calls: []
        function end(id) { calls.push("end " + id) }
    }
    Component {
        id: dialogComponent
        EndEpisodeDialog {
            show: fakeShow
        }
    }

    function init() {
        failOnWarning(/.?/)  // any QML warning fails the test
        fakeShow.calls = []
    }

    function test_cancelSendsNothingAndConfirmEnds() {
        const dialog = createTemporaryObject(dialogComponent, testCase)
        dialog.ask(7, 23)
        tryVerify(() => dialog.opened)
        compare(findChild(dialog.contentItem, "endQuestion").text, "End episode 23?")
        mouseClick(findChild(dialog.contentItem, "cancelEndButton"))
        tryVerify(() => !dialog.visible)
        compare(fakeShow.calls, [])

        dialog.ask(7, 23)
        tryVerify(() => dialog.opened)
        keyClick(Qt.Key_Escape)
        tryVerify(() => !dialog.visible)
        compare(fakeShow.calls, [], "Esc keeps it running")

        dialog.ask(7, 23)
        tryVerify(() => dialog.opened)
        mouseClick(findChild(dialog.contentItem, "confirmEndButton"))
        tryVerify(() => !dialog.visible)
        compare(fakeShow.calls, ["end 7"])
    }
}
