pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// The open episode's archive metadata: titles and descriptions in the four languages, air date
// and time, topics, and each guest's role and party. Save sends only what changed, with the
// version it was based on (ArchiveController::save); a refusal turns its field red.
ColumnLayout {
    id: root

    required property var archive

    readonly property var languageNames: ({ "sr-Latn": qsTr("Serbian (Latin)"),
                                            "sr-Cyrl": qsTr("Serbian (Cyrillic)"),
                                            "sq": qsTr("Albanian"), "en": qsTr("English") })
    readonly property var languages: ["sr-Latn", "sr-Cyrl", "sq", "en"]
    readonly property var detail: root.archive.detail
    // Re-read by bindings whenever a field's text changes, for the "unsaved changes" hint.
    property int edits: 0

    // Repeaters rebuild their rows when a new episode arrives; a row may be gone for a moment
    // while bindings re-read the form, so missing rows are skipped.
    function form() {
        const titles = {}
        const descriptions = {}
        for (let i = 0; i < titleFields.count; ++i) {
            const t = titleFields.itemAt(i)
            if (t)
                titles[t.language] = t.text
        }
        for (let i = 0; i < descriptionFields.count; ++i) {
            const d = descriptionFields.itemAt(i)
            if (d)
                descriptions[d.language] = d.text
        }
        const appearances = []
        for (let i = 0; i < guestRows.count; ++i) {
            const g = guestRows.itemAt(i)
            if (g)
                appearances.push({ position: g.position, role: g.role, party: g.party })
        }
        return { titles: titles, descriptions: descriptions, airDate: airDateField.text,
                 airTime: airTimeField.text, topics: topicsField.text, appearances: appearances }
    }
    function reset() {
        for (let i = 0; i < titleFields.count; ++i)
            titleFields.itemAt(i).reset()
        for (let i = 0; i < descriptionFields.count; ++i)
            descriptionFields.itemAt(i).reset()
        for (let i = 0; i < guestRows.count; ++i)
            guestRows.itemAt(i).reset()
        airDateField.reset()
        airTimeField.reset()
        topicsField.reset()
        root.edits++
    }
    function save() {
        if (root.archive.hasDetail && !root.archive.isBusy)
            root.archive.save(root.form())
    }

    Connections {
        target: root.archive
        function onFormRevisionChanged() { root.reset() }
    }

    Shortcut {
        sequence: "Ctrl+S"
        enabled: root.visible && root.archive.hasDetail
        onActivated: root.save()
    }

    spacing: 6

    Label {
        text: qsTr("Archive metadata")
        textFormat: Text.PlainText
        color: "white"
        font.bold: true
    }
    Label {
        objectName: "archiveConflictBanner"
        Layout.fillWidth: true
        visible: root.archive.hasConflict
        text: qsTr("Someone saved this episode while you were editing: the fields show your changes, with what they saved under each. Save again to keep yours.")
        textFormat: Text.PlainText
        wrapMode: Text.Wrap
        color: "#ffcc80"
    }

    Repeater {
        id: titleFields
        model: root.languages
        delegate: ArchiveField {
            required property string modelData
            readonly property string language: modelData
            objectName: "archiveTitle_" + modelData
            Layout.fillWidth: true
            archive: root.archive
            fieldName: "titles." + modelData
            label: qsTr("Title, %1").arg(root.languageNames[modelData])
            serverValue: (root.detail.titles || {})[modelData] || ""
            onTextChanged: root.edits++
        }
    }
    RowLayout {
        Layout.fillWidth: true
        spacing: 8
        ArchiveField {
            id: airDateField
            objectName: "archiveAirDate"
            Layout.fillWidth: true
            archive: root.archive
            fieldName: "airDate"
            label: qsTr("Air date (YYYY-MM-DD)")
            serverValue: root.detail.airDate || ""
            onTextChanged: root.edits++
        }
        ArchiveField {
            id: airTimeField
            objectName: "archiveAirTime"
            Layout.fillWidth: true
            archive: root.archive
            fieldName: "airTime"
            label: qsTr("Air time (HH:MM)")
            serverValue: root.detail.airTime || ""
            onTextChanged: root.edits++
        }
    }
    ArchiveField {
        id: topicsField
        objectName: "archiveTopics"
        Layout.fillWidth: true
        archive: root.archive
        fieldName: "topics"
        label: qsTr("Topics (comma-separated)")
        serverValue: (root.detail.topics || []).join(", ")
        onTextChanged: root.edits++
    }
    Repeater {
        id: descriptionFields
        model: root.languages
        delegate: ArchiveField {
            required property string modelData
            readonly property string language: modelData
            objectName: "archiveDescription_" + modelData
            Layout.fillWidth: true
            archive: root.archive
            fieldName: "descriptions." + modelData
            isMultiLine: true
            label: qsTr("Description, %1").arg(root.languageNames[modelData])
            serverValue: (root.detail.descriptions || {})[modelData] || ""
            onTextChanged: root.edits++
        }
    }

    Label {
        visible: guestRows.count > 0
        text: qsTr("Guests")
        textFormat: Text.PlainText
        color: "white"
        font.bold: true
    }
    Repeater {
        id: guestRows
        model: root.detail.guests || []
        delegate: ColumnLayout {
            id: guestRow
            required property var modelData
            readonly property int position: modelData.position
            readonly property string role: roleField.text
            readonly property string party: partyField.text
            function reset() {
                roleField.reset()
                partyField.reset()
            }
            Layout.fillWidth: true
            spacing: 2
            Label {
                Layout.fillWidth: true
                text: guestRow.modelData.position + ". " + guestRow.modelData.name
                      + (guestRow.modelData.aliases.length > 1
                         ? "  (" + guestRow.modelData.aliases.join(", ") + ")" : "")
                textFormat: Text.PlainText
                wrapMode: Text.Wrap
                color: "#eceff1"
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: 8
                ArchiveField {
                    id: roleField
                    objectName: "archiveGuestRole_" + guestRow.position
                    Layout.fillWidth: true
                    archive: root.archive
                    fieldName: "guests[" + guestRow.position + "].role"
                    placeholder: qsTr("Role")
                    serverValue: guestRow.modelData.role
                    onTextChanged: root.edits++
                }
                ArchiveField {
                    id: partyField
                    objectName: "archiveGuestParty_" + guestRow.position
                    Layout.fillWidth: true
                    archive: root.archive
                    fieldName: "guests[" + guestRow.position + "].party"
                    placeholder: qsTr("Party")
                    serverValue: guestRow.modelData.party
                    onTextChanged: root.edits++
                }
            }
        }
    }

    RowLayout {
        Layout.fillWidth: true
        spacing: 8
        ShortcutButton {
            objectName: "archiveSaveButton"
            label: qsTr("Save changes")
            shortcutLabel: "Ctrl+S"
            accent: "#1565c0"
            enabled: root.archive.hasDetail && !root.archive.isBusy
            onClicked: root.save()
        }
        Label {
            objectName: "archiveUnsaved"
            Layout.fillWidth: true
            visible: {
                root.edits
                return root.archive.hasChanges(root.form())
            }
            text: qsTr("Unsaved changes")
            textFormat: Text.PlainText
            color: "#ffcc80"
        }
    }
}
