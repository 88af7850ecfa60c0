"""Changing one's own PIN or password, or (a coordinator) giving another account a new
one: the window's side of ``skillstation users passwd``.

The services decide everything (the current secret checked, the role's policy, the
lockout, the audit entry); the dialog collects the entries, checks that the new one was
typed the same twice, and shows the services' own words when they refuse. The work runs
on the service worker, never on the GUI thread (hashing takes a noticeable moment).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.worker import error_text

if TYPE_CHECKING:
    from station.services import UserInfo
    from ui.context import AppContext


class SecretDialog(QDialog):
    """Own secret (``username`` None) or another account's (``username`` given)."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, username: str | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.username = username
        self.setObjectName("secretDialog")
        self.setModal(True)
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        form = QFormLayout()
        self.current = self._secret_field("currentSecret")
        self.new = self._secret_field("newSecret")
        self.again = self._secret_field("newSecretAgain")
        self.reason = QLineEdit(self)
        self.reason.setObjectName("resetReason")
        self.reason.setMinimumHeight(44)
        if username is None:
            self.setWindowTitle(self.tr("Change your PIN or password"))
            self.intro.setText(
                self.tr(
                    "Give your current PIN or password, then the new one twice. Examiners "
                    "and trainees may use a PIN of 6 digits or more; coordinators need a "
                    "password of 10 characters or more."
                )
            )
            form.addRow(self.tr("Current:"), self.current)
        else:
            self.setWindowTitle(self.tr("A new PIN or password for {0}").replace("{0}", username))
            self.intro.setText(
                self.tr(
                    "Give {0} a new PIN or password (it also lifts a lockout), and hand it "
                    "over in person. The audit log keeps who did it and why, never the "
                    "secret."
                ).replace("{0}", username)
            )
        form.addRow(self.tr("New:"), self.new)
        form.addRow(self.tr("New, again:"), self.again)
        if username is not None:
            form.addRow(self.tr("Reason:"), self.reason)
        # The field the case does not use stays out of sight (not a stray child).
        (self.current if username is not None else self.reason).hide()
        self.problem = QLabel(self)
        self.problem.setObjectName("secretProblem")
        self.problem.setWordWrap(True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Change"))
        ok.setObjectName("changeSecretOk")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        (self.current if username is None else self.new).setFocus()

    def _secret_field(self, name: str) -> QLineEdit:
        field = QLineEdit(self)
        field.setObjectName(name)
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setMinimumHeight(44)
        return field

    def show_problem(self, text: str) -> None:
        self.problem.setText("✖ " + text)
        self.problem.setVisible(bool(text))

    def submit(self) -> None:
        actor = self.ctx.actor
        if actor is None:
            self.reject()
            return
        new, again = self.new.text(), self.again.text()
        if not new:
            self.show_problem(self.tr("Type the new PIN or password."))
            return
        if new != again:
            self.show_problem(self.tr("The two entries of the PIN or password differ."))
            self.again.clear()
            self.again.setFocus()
            return
        self.show_problem("")
        self.buttons.setEnabled(False)
        current, name, reason = self.current.text(), self.username, self.reason.text()

        def done(user: UserInfo) -> None:
            if name is None:
                text = self.tr("Your PIN or password was changed.")
            else:
                text = self.tr("{0} has a new PIN or password.").replace("{0}", user.username)
            self.ctx.message_bar.info(text)
            self.accept()

        def failed(exc: Exception) -> None:
            self.buttons.setEnabled(True)
            self.show_problem(error_text(exc))
            (self.current if name is None else self.new).setFocus()

        if name is None:
            self.ctx.worker.submit(
                lambda s: s.identity.change_secret(actor, current, new),
                on_done=done,
                on_error=failed,
            )
        else:
            self.ctx.worker.submit(
                lambda s: s.identity.reset_secret(actor, name, new, reason),
                on_done=done,
                on_error=failed,
            )
