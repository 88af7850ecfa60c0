"""The question asked before an act that cannot be undone at the station (signing out,
submitting an encounter incomplete, recording a no-show).

It never blocks a running clock (window-modal, opened, not executed), Cancel is the
default and the escape answer, so Enter, Escape or a badge scanner's Enter keep things
as they were: only a click (or Tab and Space) on the question's own button goes ahead,
and then :attr:`ConfirmBox.confirmed` is emitted. Connect it to a bound method, which Qt
drops with its object.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget


class ConfirmBox(QMessageBox):
    """One question: ``text``, a ``confirm`` button and Cancel. Its object name is
    ``name`` and the confirm button's ``name + "Button"`` (tests and screen readers
    find them by these)."""

    confirmed = Signal()

    def __init__(
        self,
        parent: QWidget,
        *,
        name: str,
        title: str,
        text: str,
        confirm: str,
        icon: QMessageBox.Icon = QMessageBox.Icon.Question,
    ) -> None:
        super().__init__(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
        self.setObjectName(name)
        self.confirm_button = self.addButton(confirm, QMessageBox.ButtonRole.AcceptRole)
        self.confirm_button.setObjectName(f"{name}Button")
        cancel = self.addButton(QMessageBox.StandardButton.Cancel)
        self.setDefaultButton(cancel)
        self.setEscapeButton(cancel)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.buttonClicked.connect(self._clicked)

    def _clicked(self, button: QAbstractButton) -> None:
        if button is self.confirm_button:
            self.confirmed.emit()
