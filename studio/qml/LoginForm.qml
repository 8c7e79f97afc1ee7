import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts

// Producers and admins log in here; the password goes to the server and is not kept.
Pane {
    id: root

    required property var connection

    padding: 24
    background: Rectangle {
        color: "#263238"
        radius: 6
        border.color: "#455a64"
    }

    function logIn() {
        if (user.text === "" || password.text === "")
            return
        root.connection.serverUrl = server.text
        root.connection.logIn(user.text, password.text)
        password.text = ""
    }

    ColumnLayout {
        spacing: 10
        width: 360

        Label {
            text: qsTr("Sporazum studio")
            textFormat: Text.PlainText
            color: "white"
            font.pixelSize: 22
            font.bold: true
        }
        TextField {
            id: server
            objectName: "serverField"
            Layout.fillWidth: true
            text: root.connection.serverUrl
            placeholderText: "ws://HOST:PORT/ws/staff"
        }
        TextField {
            id: user
            objectName: "userField"
            Layout.fillWidth: true
            placeholderText: qsTr("Username")
            onAccepted: password.forceActiveFocus()
        }
        TextField {
            id: password
            objectName: "passwordField"
            Layout.fillWidth: true
            placeholderText: qsTr("Password")
            echoMode: TextInput.Password
            onAccepted: root.logIn()
        }
        Button {
            objectName: "logInButton"
            Layout.fillWidth: true
            text: qsTr("Log in")
            enabled: user.text !== "" && password.text !== ""
            onClicked: root.logIn()
        }
        Label {
            objectName: "loginError"
            Layout.fillWidth: true
            visible: text !== ""
            text: root.connection.errorText
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            color: "#ff8a80"
        }
    }
}
