import QtQuick
import QtTest
import Sporazum.Studio

// The tally lamp: red when the engines report the layer on air, amber while the server's
// programme and the engines disagree, dark otherwise.
TestCase {
    id: testCase
    name: "ProgrammeRow"
    width: 400
    height: 200
    visible: true
    when: windowShown

    function init() {
        failOnWarning(/.?/)  // any QML warning fails the test
    }

    Component {
        id: rowComponent
        ProgrammeRow {
            width: 380
            layerKey: "lower_third"
            title: "Question"
            tally: false
            tallyPending: false
            isOnAir: false
            onAirLabel: ""
            hasCue: false
            cuedLabel: ""
        }
    }

    function test_tallyColours() {
        const row = createTemporaryObject(rowComponent, testCase)
        const lamp = findChild(row, "tallyLamp")
        verify(lamp)
        verify(Qt.colorEqual(lamp.color, "#37474f"), "off air: dark")
        row.tallyPending = true
        verify(Qt.colorEqual(lamp.color, "#ffb300"), "taken, not yet confirmed: amber")
        row.tally = true
        verify(Qt.colorEqual(lamp.color, "#e53935"), "on air: red")
        row.tallyPending = false
        verify(Qt.colorEqual(lamp.color, "#e53935"))
    }

    function test_labelsAreLiteral() {
        const row = createTemporaryObject(rowComponent, testCase, {
            isOnAir: true, onAirLabel: "Milica: <b>Kada</b>…", hasCue: true, cuedLabel: "<i>x</i>"
        })
        const onAir = findChild(row, "onAirLabel")
        compare(onAir.text, "Milica: <b>Kada</b>…")
        compare(onAir.textFormat, Text.PlainText)
        compare(findChild(row, "cuedLabel").text, "Cued: <i>x</i>")
        compare(findChild(row, "cuedLabel").textFormat, Text.PlainText)
        row.isOnAir = false
        compare(onAir.text, "off air")
    }
}
