"""The Users section: accounts listed, added (examiner, coordinator, trainee),
deactivated or reactivated with a reason, and given a new PIN or password."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.coordinator.common import TOUCH_PX, ProblemList, problems_of, when
from ui.theme import Status, status_style
from ui.widgets.secret_dialog import SecretDialog

if TYPE_CHECKING:
    from station.services import ExamInfo, UserInfo
    from ui.context import AppContext


class UsersPanel(QWidget):
    """Accounts."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.users: list[UserInfo] = []
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Username"),
                self.tr("Name"),
                self.tr("Role"),
                self.tr("State"),
                self.tr("Since"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(self.tr("Accounts"))
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(self.tr("Reason (kept in the audit log)"))
        self.deactivate_button = QPushButton(self.tr("Deactivate se&lected"), self)
        self.reactivate_button = QPushButton(self.tr("Reacti&vate selected"), self)
        self.reset_button = QPushButton(self.tr("Reset PIN…"), self)
        self.reset_button.setObjectName("resetSecret")
        self.reset_button.setToolTip(self.tr("Give the selected account a new PIN or password"))
        self.deactivate_button.clicked.connect(lambda: self.set_active(False))
        self.reactivate_button.clicked.connect(lambda: self.set_active(True))
        self.reset_button.clicked.connect(self.reset_secret)
        actions = QHBoxLayout()
        actions.addWidget(self.reason, 1)
        actions.addWidget(self.deactivate_button)
        actions.addWidget(self.reactivate_button)
        actions.addWidget(self.reset_button)
        self.state_problems = ProblemList(self)

        add = QGroupBox(self.tr("Add an account"), self)
        form = QFormLayout(add)
        self.username = QLineEdit(add)
        self.display_name = QLineEdit(add)
        self.role = QComboBox(add)
        for text, value in (
            (self.tr("Examiner (signs in with a PIN)"), "examiner"),
            (self.tr("Coordinator (signs in with a password)"), "coordinator"),
            (self.tr("Trainee (signs in with a PIN)"), "trainee"),
        ):
            self.role.addItem(text, value)
        self.secret = QLineEdit(add)
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret_again = QLineEdit(add)
        self.secret_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.add_button = QPushButton(self.tr("Add a&ccount"), add)
        self.add_button.clicked.connect(self.add_user)
        self.add_problems = ProblemList(add)
        for widget in (
            self.username,
            self.display_name,
            self.role,
            self.secret,
            self.secret_again,
            self.add_button,
            self.reason,
            self.deactivate_button,
            self.reactivate_button,
            self.reset_button,
        ):
            widget.setMinimumHeight(TOUCH_PX)
        form.addRow(self.tr("User&name:"), self.username)
        form.addRow(self.tr("Na&me shown:"), self.display_name)
        form.addRow(self.tr("&Role:"), self.role)
        form.addRow(self.tr("P&IN or password:"), self.secret)
        form.addRow(self.tr("Again:"), self.secret_again)
        form.addRow("", self.add_button)
        form.addRow(self.add_problems)

        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        left.addLayout(actions)
        left.addWidget(self.state_problems)
        layout.addLayout(left, 3)
        layout.addWidget(add, 2)
        self.refresh()

    def set_exam(self, exam: ExamInfo | None) -> None:
        """Accounts do not depend on the exam chosen."""

    def refresh(self) -> None:
        actor = self.ctx.actor
        if actor is None:
            return
        self.ctx.worker.submit(lambda s: s.identity.list_users(actor), on_done=self._show)

    def _show(self, users: list[UserInfo]) -> None:
        self.users = users
        self.table.setRowCount(len(users))
        for row, user in enumerate(users):
            _, symbol, _label = status_style(Status.OK if user.active else Status.EXCLUDED)
            state = f"{symbol} " + (self.tr("active") if user.active else self.tr("deactivated"))
            if user.locked_until is not None:
                state += " · " + self.tr("locked until {0}").replace("{0}", when(user.locked_until))
            values = (
                user.username,
                user.display_name,
                user.role.value,
                state,
                when(user.created_at),
            )
            for column, text in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(text))

    def add_user(self) -> None:
        actor = self.ctx.actor
        if actor is None:
            return
        username = self.username.text().strip()
        name = self.display_name.text().strip() or username
        role = str(self.role.currentData())
        secret = self.secret.text()
        problems = []
        if not username:
            problems.append(self.tr("Give a username."))
        if secret != self.secret_again.text():
            problems.append(self.tr("The two entries of the PIN or password differ."))
        self.add_problems.show_problems(problems)
        if problems:
            return

        def done(user: UserInfo) -> None:
            for field in (self.username, self.display_name, self.secret, self.secret_again):
                field.clear()
            self.ctx.message_bar.info(self.tr("Account {0} added.").replace("{0}", user.username))
            self.ctx.changed("users")

        def failed(exc: Exception) -> None:
            self.add_problems.show_problems(problems_of(exc))

        self.ctx.worker.submit(
            lambda s: s.identity.add_user(actor, username, name, role, secret),
            on_done=done,
            on_error=failed,
        )

    def set_active(self, active: bool) -> None:
        actor = self.ctx.actor
        row = self.table.currentRow()
        if actor is None or not 0 <= row < len(self.users):
            self.state_problems.show_problems([self.tr("Select an account first.")])
            return
        reason = self.reason.text().strip()
        if not reason:
            self.state_problems.show_problems([self.tr("Give the reason first.")])
            return
        username = self.users[row].username
        self.state_problems.show_problems([])

        def done(user: UserInfo) -> None:
            self.reason.clear()
            word = self.tr("reactivated") if user.active else self.tr("deactivated")
            self.ctx.message_bar.info(f"{user.username}: {word}")
            self.ctx.changed("users")

        self.ctx.worker.submit(
            lambda s: s.identity.set_user_active(actor, username, active, reason),
            on_done=done,
            on_error=lambda exc: self.state_problems.show_problems(problems_of(exc)),
        )

    def reset_secret(self) -> SecretDialog | None:
        """Give the selected account a new PIN or password (the dialog asks for it)."""
        row = self.table.currentRow()
        if self.ctx.actor is None or not 0 <= row < len(self.users):
            self.state_problems.show_problems([self.tr("Select an account first.")])
            return None
        self.state_problems.show_problems([])
        username = self.users[row].username
        dialog = SecretDialog(self.ctx, self, username=username)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.accepted.connect(self._users_changed)
        dialog.open()
        return dialog

    def _users_changed(self) -> None:
        self.ctx.changed("users")
