import QtQuick
import QtTest
import Sporazum.Studio

// An engine's confidence picture: its age while fresh; dimmed and labelled once stale.
TestCase {
    id: testCase
    name: "ConfidencePicture"
    width: 400
    height: 300
    visible: true
    when: windowShown

    Component {
        id: pictureComponent
        ConfidencePicture {
            width: 300
            engine: "engine-main"
            source: ""
            hasImage: true
            ageMs: 400
            stale: false
        }
    }

    function init() {
        failOnWarning(/.?/)  // any QML warning fails the test
    }

    function test_freshPictureShowsItsAge() {
        const picture = createTemporaryObject(pictureComponent, testCase)
        compare(findChild(picture, "confidenceAge").text, "0.4 s ago")
        compare(findChild(picture, "confidenceEngine").text, "engine-main")
        verify(!findChild(picture, "staleBadge").visible)
        compare(findChild(picture, "confidenceImage").opacity, 1)
        compare(findChild(picture, "confidenceImage").height, (300 - 4) * 9 / 16)
    }

    function test_staleAfterThreeSeconds() {
        const picture = createTemporaryObject(pictureComponent, testCase,
                                              {ageMs: 3100, stale: true})
        verify(findChild(picture, "staleBadge").visible)
        compare(findChild(picture, "staleBadge").text, "STALE")
        verify(findChild(picture, "confidenceImage").opacity < 0.5)
        compare(picture.border.color, Qt.color("#e53935"))
        const none = createTemporaryObject(pictureComponent, testCase,
                                           {hasImage: false, ageMs: -1, stale: true})
        compare(findChild(none, "staleBadge").text, "NO PICTURE")
        compare(findChild(none, "confidenceAge").text, "")
    }
}
