"""A line edit for filtering lists: clear button, 44 px high, Ctrl+F focuses it."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLineEdit, QWidget

from ui.widgets.big_button import TOUCH_SIZE


class SearchBox(QLineEdit):
    """Emits ``search(text)`` shortly after typing stops (and at once on Enter)."""

    search = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, delay_ms: int = 200) -> None:
        super().__init__(parent)
        self.setMinimumHeight(TOUCH_SIZE)
        self.setClearButtonEnabled(True)
        self.setPlaceholderText(self.tr("Search"))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._emit)
        self.textChanged.connect(lambda _text: self._timer.start())
        self.returnPressed.connect(self._emit)
        if parent is not None:
            shortcut = QShortcut(QKeySequence.StandardKey.Find, parent)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.setFocus)

    def _emit(self) -> None:
        self._timer.stop()
        self.search.emit(self.text().strip())
