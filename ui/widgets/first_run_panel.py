"""The first-run panel: the accounts made on the first start, shown once, inline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from ui.widgets.big_button import BigButton

if TYPE_CHECKING:
    from station.firstrun import FirstRunAccounts


class FirstRunPanel(QFrame):
    """Shows the first-run accounts and their secrets until dismissed or until the first
    sign-in (the window removes it then).

    The secrets are not stored anywhere else; the panel says so, asks for them to be
    changed and says how a forgotten one is reset.
    """

    dismissed = Signal()

    def __init__(self, accounts: FirstRunAccounts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FirstRunPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.accounts = accounts
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.heading.setFont(font)
        self.body = QLabel(self)
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button = BigButton("", self)
        self.button.setObjectName("firstRunDone")
        self.button.clicked.connect(self._dismiss)
        layout.addWidget(self.heading)
        layout.addWidget(self.body)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignRight)
        self.retranslate()

    def retranslate(self) -> None:
        a = self.accounts
        self.heading.setText(self.tr("Welcome: this station is ready to try"))
        intro = self.tr(
            "A practice exam {exam} with demonstration candidates and a simulated manikin "
            "is set up. These accounts were created; their secrets are shown only now:"
        ).replace("{exam}", f"<b>{a.exam_code}</b>")
        coordinator = self.tr("Coordinator: username {user}, password {secret}")
        examiner = self.tr("Examiner: username {user}, PIN {secret}")
        advice = self.tr(
            "Write them down now: they leave this screen at the first sign-in. Change "
            "them (the PIN… or Password… button at the top once signed in), or add your "
            "own accounts and deactivate these, before a real exam. A forgotten PIN or "
            "password is reset by a coordinator (Users, then Reset PIN…)."
        )

        def line(template: str, user: str, secret: str) -> str:
            return template.replace("{user}", f"<b>{user}</b>").replace(
                "{secret}", f"<code style='font-size:large'>{secret}</code>"
            )

        self.body.setText(
            f"<p>{intro}</p><ul>"
            f"<li>{line(coordinator, a.coordinator, a.coordinator_password)}</li>"
            f"<li>{line(examiner, a.examiner, a.examiner_pin)}</li>"
            f"</ul><p>{advice}</p>"
        )
        self.button.setText(self.tr("I have noted them"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()
