"""Signing in: the login screen, and the unlock form of the idle lock.

The secret (a coordinator's password or an examiner's PIN) is checked by the services on
the worker thread (hashing takes a moment); failures and lockouts are shown inline,
never in a dialog.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.widgets.big_button import TOUCH_SIZE, BigButton

if TYPE_CHECKING:
    from station.auth.permissions import Actor
    from station.services import StationServices


class LoginForm(QWidget):
    """Username and password/PIN, a sign-in button and an inline status line.

    With ``username`` given, the name is fixed (the unlock form of the idle lock): only
    that user can sign in through it.
    """

    signed_in = Signal(object)  # Actor

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, username: str | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.fixed_username = username
        self.busy = False
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.setFont(font)
        self.username = QLineEdit(self)
        self.username.setObjectName("username")
        self.username.setMinimumHeight(TOUCH_SIZE)
        if username is not None:
            self.username.setText(username)
            self.username.setReadOnly(True)
        self.secret = QLineEdit(self)
        self.secret.setObjectName("secret")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setMinimumHeight(TOUCH_SIZE)
        self.username_label = QLabel(self)
        self.username_label.setBuddy(self.username)
        self.secret_label = QLabel(self)
        self.secret_label.setBuddy(self.secret)
        form.addRow(self.username_label, self.username)
        form.addRow(self.secret_label, self.secret)
        layout.addLayout(form)
        self.status = QLabel(self)
        self.status.setObjectName("loginStatus")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("status")
        layout.addWidget(self.status)
        self.button = BigButton("", self)
        self.button.setObjectName("signIn")
        self.button.setDefault(True)
        self.button.clicked.connect(self.submit)
        layout.addWidget(self.button)
        self.username.returnPressed.connect(self.secret.setFocus)
        self.secret.returnPressed.connect(self.submit)
        self.setTabOrder(self.username, self.secret)
        self.setTabOrder(self.secret, self.button)
        self.retranslate()

    def retranslate(self) -> None:
        self.username_label.setText(self.tr("&Username"))
        self.secret_label.setText(self.tr("&Password or PIN"))
        self.button.setText(self.tr("Sign in") if not self.busy else self.tr("Signing in…"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def focus_first(self) -> None:
        (self.secret if self.fixed_username or self.username.text() else self.username).setFocus()

    def clear(self) -> None:
        self.secret.clear()
        self.status.clear()
        if self.fixed_username is None:
            self.username.clear()

    def submit(self) -> None:
        if self.busy:
            return
        username = self.username.text().strip()
        secret = self.secret.text()
        if not username or not secret:
            self._show_problem(self.tr("Type your username and your password or PIN."))
            (self.username if not username else self.secret).setFocus()
            return
        self.busy = True
        self.button.setEnabled(False)
        self.retranslate()
        self.status.setText("")

        def authenticate(services: StationServices) -> Actor:
            return services.identity.authenticate(username, secret)

        self.ctx.worker.submit(authenticate, on_done=self._done, on_error=self._failed)

    def _finish(self) -> None:
        self.busy = False
        self.button.setEnabled(True)
        self.retranslate()

    def _done(self, actor: Actor) -> None:
        self._finish()
        self.secret.clear()
        self.status.clear()
        self.signed_in.emit(actor)

    def _failed(self, exc: Exception) -> None:
        from station.auth.throttle import LockedOut
        from station.services import SignInFailed

        self._finish()
        self.secret.clear()
        self.secret.setFocus()
        if isinstance(exc, LockedOut):
            minutes = max(1, math.ceil(exc.seconds_left / 60))
            self._show_problem(
                self.tr(
                    "Too many failed attempts: this account is locked for %n minute(s). "
                    "Wait, or ask a coordinator to unlock it.",
                    "",
                    minutes,
                )
            )
        elif isinstance(exc, SignInFailed):
            if "deactivated" in str(exc):
                self._show_problem(
                    self.tr("This account is deactivated; ask a coordinator to reactivate it.")
                )
            else:
                self._show_problem(
                    self.tr("Wrong username or password/PIN. Check both and try again.")
                )
        else:
            self.ctx.worker.report(exc)

    def _show_problem(self, text: str) -> None:
        from ui.theme import VERMILLION

        self.status.setStyleSheet(f"color: {VERMILLION.name()}; font-weight: bold;")
        self.status.setText("✖ " + text)


class LoginScreen(QFrame):
    """The first screen: the product's name and the login form, centred."""

    signed_in = Signal(object)  # Actor

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LoginScreen")
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        column = QVBoxLayout()
        column.addStretch(1)
        self.title = QLabel(self)
        self.title.setObjectName("productTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle = QLabel(self)
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle.setWordWrap(True)
        column.addWidget(self.title)
        column.addWidget(self.subtitle)
        column.addSpacing(24)
        self.form = LoginForm(ctx, self)
        self.form.setMinimumWidth(420)
        self.form.signed_in.connect(self.signed_in)
        column.addWidget(self.form)
        column.addStretch(2)
        self._column = column
        outer.addLayout(column)
        outer.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText("SkillStation")
        self.subtitle.setText(
            self.tr("Sign in with your account: coordinators, examiners and trainees.")
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def add_panel(self, panel: QWidget) -> None:
        """Show ``panel`` (the first-run panel) between the title and the form."""
        panel.setParent(self)
        self._column.insertWidget(3, panel)

    def reset(self) -> None:
        self.form.clear()
        self.form.focus_first()
