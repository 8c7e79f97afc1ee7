pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// An episode's planned details: number, title, air date, guests (name and role or party, in the
// order of the supers F5…) and topics. `load` fills it; `draft()` is what Save sends. The field a
// refusal names (show.errorField) turns red.
ColumnLayout {
    id: root

    required property var show
    /// The episode being edited (its id), 0 for a new one.
    property var episodeId: 0
    readonly property bool isNew: !(root.episodeId > 0)
    readonly property int maxGuests: 12

    spacing: 8

    function load(episode) {
        root.episodeId = episode.id || 0
        numberField.text = episode.number ? String(episode.number) : ""
        titleField.text = episode.title || ""
        dateField.text = episode.airDate || ""
        guestModel.clear()
        for (const guest of (episode.guests || []))
            guestModel.append({ name: guest.name, role: guest.role || "" })
        topicsField.text = (episode.topics || []).join(", ")
    }

    function draft() {
        const guests = []
        for (let i = 0; i < guestModel.count; ++i) {
            const guest = guestModel.get(i)
            guests.push({ name: guest.name, role: guest.role })
        }
        return {
            id: root.isNew ? 0 : root.episodeId,
            number: numberField.text,
            title: titleField.text,
            airDate: dateField.text,
            guests: guests,
            topics: topicsField.text.split(",")
        }
    }

    function hasError(field) {
        return root.show.isError && root.show.errorField === field
    }

    ListModel {
        id: guestModel
    }

    Label {
        objectName: "editorTitle"
        text: root.isNew ? qsTr("New episode") : qsTr("Edit episode")
        textFormat: Text.PlainText
        color: "white"
        font.bold: true
    }
    GridLayout {
        Layout.fillWidth: true
        columns: 4
        columnSpacing: 8
        rowSpacing: 6

        Label {
            text: qsTr("Number")
            textFormat: Text.PlainText
            color: "#cfd8dc"
        }
        FormField {
            id: numberField
            objectName: "numberField"
            Layout.preferredWidth: 90
            hasError: root.hasError("number")
            inputMethodHints: Qt.ImhDigitsOnly
            validator: IntValidator { bottom: 1; top: 9999 }
            placeholderText: "24"
        }
        Label {
            text: qsTr("Air date")
            textFormat: Text.PlainText
            color: "#cfd8dc"
        }
        FormField {
            id: dateField
            objectName: "airDateField"
            Layout.fillWidth: true
            hasError: root.hasError("airDate")
            placeholderText: qsTr("YYYY-MM-DD")
            maximumLength: 10
        }
        Label {
            text: qsTr("Title")
            textFormat: Text.PlainText
            color: "#cfd8dc"
        }
        FormField {
            id: titleField
            objectName: "titleField"
            Layout.columnSpan: 3
            Layout.fillWidth: true
            hasError: root.hasError("title")
            maximumLength: 200
            placeholderText: qsTr("Sporazum 7. 12. 2026.")
        }
        Label {
            text: qsTr("Topics")
            textFormat: Text.PlainText
            color: "#cfd8dc"
        }
        FormField {
            id: topicsField
            objectName: "topicsField"
            Layout.columnSpan: 3
            Layout.fillWidth: true
            hasError: root.show.isError && root.show.errorField.startsWith("topics")
            placeholderText: qsTr("comma-separated, e.g. roads, water")
        }
    }

    RowLayout {
        Layout.fillWidth: true
        Label {
            Layout.fillWidth: true
            text: qsTr("Guests (supers F5–F8 in this order)")
            textFormat: Text.PlainText
            color: "#cfd8dc"
        }
        Button {
            objectName: "addGuestButton"
            text: qsTr("Add guest")
            enabled: guestModel.count < root.maxGuests
            onClicked: guestModel.append({ name: "", role: "" })
        }
    }
    Repeater {
        objectName: "guestRows"
        model: guestModel
        delegate: RowLayout {
            id: guestRow
            required property int index
            required property string name
            required property string role
            Layout.fillWidth: true
            spacing: 6

            Label {
                Layout.preferredWidth: 26
                text: guestRow.index < 4 ? "F" + (5 + guestRow.index) : ""
                textFormat: Text.PlainText
                color: "#b0bec5"
                font.pixelSize: 12
            }
            FormField {
                objectName: "guestName" + guestRow.index
                Layout.fillWidth: true
                Layout.preferredWidth: 220
                text: guestRow.name
                placeholderText: qsTr("Name")
                maximumLength: 200
                hasError: root.hasError("guests[" + guestRow.index + "].name")
                onTextEdited: guestModel.setProperty(guestRow.index, "name", text)
            }
            FormField {
                objectName: "guestRole" + guestRow.index
                Layout.fillWidth: true
                Layout.preferredWidth: 160
                text: guestRow.role
                placeholderText: qsTr("Role or party")
                maximumLength: 200
                hasError: root.hasError("guests[" + guestRow.index + "].role")
                onTextEdited: guestModel.setProperty(guestRow.index, "role", text)
            }
            Button {
                implicitWidth: 30
                text: "\u2191"
                enabled: guestRow.index > 0
                onClicked: guestModel.move(guestRow.index, guestRow.index - 1, 1)
            }
            Button {
                implicitWidth: 30
                text: "\u2193"
                enabled: guestRow.index < guestModel.count - 1
                onClicked: guestModel.move(guestRow.index, guestRow.index + 1, 1)
            }
            Button {
                objectName: "removeGuest" + guestRow.index
                implicitWidth: 30
                text: "\u2715"
                onClicked: guestModel.remove(guestRow.index)
            }
        }
    }
    Label {
        visible: guestModel.count === 0
        text: qsTr("No guests: the supers' keys stay unused.")
        textFormat: Text.PlainText
        color: "#90a4ae"
        font.pixelSize: 12
    }
}
