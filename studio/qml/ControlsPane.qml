pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// The producer's keys. Every button shows its key; single keys (Space, Return, Esc) are off while
// a text field has the focus, so typing never takes or clears anything; F-keys and Shift+Esc
// (clear all, the panic key) always work.
ColumnLayout {
    id: root

    required property var controller
    required property var programme
    property bool isActive: true
    property bool isTyping: false

    readonly property bool singleKeysOn: isActive && !isTyping
    readonly property var onAir: programme.layersOnAir

    spacing: 8

    function isOn(layer) {
        return root.onAir.indexOf(layer) >= 0
    }

    Shortcut {
        sequence: "F1"
        enabled: root.isActive
        onActivated: root.controller.cueNext()
    }
    Shortcut {
        sequences: ["Space", "Return", "Enter"]
        enabled: root.singleKeysOn
        onActivated: root.controller.take("lower_third")
    }
    Shortcut {
        sequence: "Esc"
        enabled: root.singleKeysOn
        onActivated: root.controller.clear("lower_third")
    }
    Shortcut {
        sequence: "Shift+Esc"
        enabled: root.isActive
        onActivated: root.controller.clearAll()
    }
    Shortcut {
        sequence: "F4"
        enabled: root.isActive
        onActivated: root.controller.clear("super")
    }
    Instantiator {
        model: 4
        delegate: Shortcut {
            required property int index
            sequence: "F" + (5 + index)
            enabled: root.isActive && index < root.controller.guests.length
            onActivated: root.controller.takeGuest(index)
        }
    }
    Shortcut {
        sequence: "F9"
        enabled: root.isActive
        onActivated: root.controller.setLayerOn("logo", !root.isOn("logo"))
    }
    Shortcut {
        sequence: "F10"
        enabled: root.isActive
        onActivated: root.controller.setLayerOn("qr", !root.isOn("qr"))
    }
    Shortcut {
        sequence: "F11"
        enabled: root.isActive
        onActivated: root.controller.setLayerOn("ticker", !root.isOn("ticker"))
    }

    Label {
        text: qsTr("Question")
        textFormat: Text.PlainText
        color: "white"
        font.bold: true
    }
    RowLayout {
        spacing: 6
        ShortcutButton {
            objectName: "cueNextButton"
            label: qsTr("Cue next")
            shortcutLabel: "F1"
            onClicked: root.controller.cueNext()
        }
        ShortcutButton {
            objectName: "takeButton"
            label: qsTr("Take")
            shortcutLabel: qsTr("Space / Return")
            accent: "#c62828"
            onClicked: root.controller.take("lower_third")
        }
        ShortcutButton {
            objectName: "clearButton"
            label: qsTr("Clear")
            shortcutLabel: "Esc"
            onClicked: root.controller.clear("lower_third")
        }
        ShortcutButton {
            objectName: "clearAllButton"
            label: qsTr("Clear all")
            shortcutLabel: "Shift+Esc"
            accent: "#6d4c41"
            onClicked: root.controller.clearAll()
        }
    }
    Label {
        objectName: "replacesLabel"
        Layout.fillWidth: true
        visible: text !== ""
        text: root.controller.replaces.lower_third || ""
        textFormat: Text.PlainText
        elide: Text.ElideRight
        color: "#ffb74d"
    }

    Label {
        text: qsTr("Guest supers")
        textFormat: Text.PlainText
        color: "white"
        font.bold: true
    }
    Flow {
        Layout.fillWidth: true
        spacing: 6
        Repeater {
            model: root.controller.guests
            ShortcutButton {
                required property var modelData
                required property int index
                objectName: "guestButton" + index
                label: modelData.name
                shortcutLabel: index < 4 ? "F" + (5 + index) : ""
                onClicked: root.controller.takeGuest(index)
            }
        }
        ShortcutButton {
            objectName: "clearSuperButton"
            label: qsTr("Clear super")
            shortcutLabel: "F4"
            onClicked: root.controller.clear("super")
        }
    }
    Label {
        objectName: "superReplacesLabel"
        Layout.fillWidth: true
        visible: text !== ""
        text: root.controller.replaces["super"] || ""
        textFormat: Text.PlainText
        elide: Text.ElideRight
        color: "#ffb74d"
    }

    Label {
        text: qsTr("Logo, QR code, ticker")
        textFormat: Text.PlainText
        color: "white"
        font.bold: true
    }
    RowLayout {
        spacing: 6
        ShortcutButton {
            objectName: "logoButton"
            label: root.isOn("logo") ? qsTr("Logo off") : qsTr("Logo on")
            shortcutLabel: "F9"
            onClicked: root.controller.setLayerOn("logo", !root.isOn("logo"))
        }
        ShortcutButton {
            objectName: "qrButton"
            label: root.isOn("qr") ? qsTr("QR off") : qsTr("QR on")
            shortcutLabel: "F10"
            onClicked: root.controller.setLayerOn("qr", !root.isOn("qr"))
        }
        ShortcutButton {
            objectName: "tickerButton"
            label: root.isOn("ticker") ? qsTr("Ticker off") : qsTr("Ticker on")
            shortcutLabel: "F11"
            onClicked: root.controller.setLayerOn("ticker", !root.isOn("ticker"))
        }
    }
    RowLayout {
        Layout.fillWidth: true
        spacing: 6
        TextField {
            id: tickerField
            objectName: "tickerField"
            Layout.fillWidth: true
            placeholderText: qsTr("Ticker text")
            maximumLength: 1000
            onAccepted: root.controller.setTickerText(text)
        }
        Button {
            objectName: "setTickerButton"
            text: root.isOn("ticker") ? qsTr("Update ticker") : qsTr("Cue ticker")
            enabled: tickerField.text.trim() !== ""
            onClicked: root.controller.setTickerText(tickerField.text)
        }
    }

    Label {
        objectName: "controllerMessage"
        Layout.fillWidth: true
        text: root.controller.message
        textFormat: Text.PlainText
        wrapMode: Text.Wrap
        color: root.controller.isError ? "#ff8a80" : "#cfd8dc"
    }
}
