"""Sync › Sign in…: server address, user name, password; errors next to the field they concern."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from prm_desktop.domain.i18n import _
from prm_desktop.services.sync_session import Offline, SignInResult, SyncSession, plain_reason
from prm_desktop.sync.api import AuthFailed
from prm_desktop.sync.http import BadServerAddress
from prm_desktop.ui.context import UiContext

ERROR_STYLE = "color: #b00020;"


def _error_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setVisible(False)
    return label


class LoginDialog(QDialog):
    """Signs in off the GUI thread; emits ``signed_in(session, result)`` and closes on success."""

    signed_in = Signal(object, object)

    def __init__(self, ctx: UiContext, server: str = "", user: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("syncLoginDialog")
        self.setWindowTitle(_("Sign in to the sync server"))
        self.intro = QLabel(_("Your team’s sync server shares your partners with your colleagues. Your "
                              "password is not kept: a sign-in key is kept in the system’s keychain."))
        self.intro.setWordWrap(True)
        self.server = QLineEdit(server)
        self.server.setObjectName("syncServer")
        self.server.setPlaceholderText("https://sync.example.com")
        self.server.setAccessibleName(_("Server address"))
        self.user = QLineEdit(user)
        self.user.setObjectName("syncUser")
        self.user.setAccessibleName(_("User name"))
        self.password = QLineEdit()
        self.password.setObjectName("syncPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(_("Password"))
        self.server_error = _error_label("syncServerError")
        self.user_error = _error_label("syncUserError")
        self.password_error = _error_label("syncPasswordError")
        self.general_error = _error_label("syncGeneralError")
        form = QFormLayout()
        form.addRow(_("&Server:"), self.server)
        form.addRow("", self.server_error)
        form.addRow(_("&User name:"), self.user)
        form.addRow("", self.user_error)
        form.addRow(_("&Password:"), self.password)
        form.addRow("", self.password_error)
        for field, text in ((self.server, _("&Server:")), (self.user, _("&User name:")),
                            (self.password, _("&Password:"))):
            label = form.labelForField(field)
            if isinstance(label, QLabel):
                label.setBuddy(field)
                label.setText(text)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Sign in"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        (self.password if server and user else self.server).setFocus(Qt.FocusReason.OtherFocusReason)

    def _clear(self) -> None:
        for label in (self.server_error, self.user_error, self.password_error, self.general_error):
            label.clear()
            label.setVisible(False)

    def _say(self, label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(True)
        self.adjustSize()  # room for the message

    def submit(self) -> None:
        """Check the fields, then sign in in the background."""
        self._clear()
        try:
            session = SyncSession(self.server.text(), self.user.text())
        except BadServerAddress as exc:
            self._say(self.server_error, str(exc))
            self.server.setFocus()
            return
        if not session.user:
            self._say(self.user_error, _("Type your user name on the server."))
            self.user.setFocus()
            return
        if not self.password.text():
            self._say(self.password_error, _("Type your password."))
            self.password.setFocus()
            return
        password = self.password.text()
        self.buttons.setEnabled(False)
        self.ctx.tasks.run(_("Signing in to {server}", server=session.server), lambda _p: session.login(password),
                           on_done=lambda result: self._done(session, result), on_error=self._failed)

    def _done(self, session: SyncSession, result: SignInResult) -> None:
        self.buttons.setEnabled(True)
        self.password.clear()
        self.signed_in.emit(session, result)
        self.accept()

    def _failed(self, exc: BaseException, _trace: str) -> None:
        self.buttons.setEnabled(True)
        text = plain_reason(exc)
        if isinstance(exc, AuthFailed) and "password" in str(exc):
            self._say(self.password_error, text)
            self.password.selectAll()
            self.password.setFocus()
        elif isinstance(exc, BadServerAddress | Offline):
            self._say(self.server_error, text)
        else:
            self._say(self.general_error, text)
