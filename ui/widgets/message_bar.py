"""A non-modal message strip at the top of the window: info, warnings and errors.

It never blocks anything (no dialog), so a running station timer keeps going while a
message shows. Every message carries a symbol and a text label besides its colour.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ui.contrast import readable_on


class MessageLevel(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


#: How long an info message stays before it hides itself, in milliseconds
#: (warnings and errors stay until dismissed).
INFO_TIMEOUT_MS = 8000


class MessageBar(QFrame):
    """Shows one message at a time; a newer message replaces the older one.

    ``messages`` keeps every (level, text) shown, newest last, so tests and the status
    history can read them. Escape or the close button dismisses the bar.
    """

    shown = Signal(str, str)  # level, text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MessageBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.messages: list[tuple[MessageLevel, str]] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        self._symbol = QLabel(self)
        self._symbol.setObjectName("MessageBarSymbol")
        self._text = QLabel(self)
        self._text.setObjectName("MessageBarText")
        self._text.setWordWrap(True)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._close = QPushButton(self.tr("Dismiss"), self)
        self._close.setMinimumHeight(44)
        self._close.clicked.connect(self.dismiss)
        layout.addWidget(self._symbol)
        layout.addWidget(self._text, 1)
        layout.addWidget(self._close)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.dismiss)
        shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.dismiss)
        self.level: MessageLevel | None = None
        self.hide()

    @property
    def text(self) -> str:
        return self._text.text() if self.level is not None else ""

    def info(self, text: str) -> None:
        self.show_message(MessageLevel.INFO, text)

    def warning(self, text: str) -> None:
        self.show_message(MessageLevel.WARNING, text)

    def error(self, text: str) -> None:
        self.show_message(MessageLevel.ERROR, text)

    def show_message(self, level: MessageLevel, text: str) -> None:
        from ui.theme import message_style

        colour, symbol, label = message_style(level)
        self.level = level
        self.messages.append((level, text))
        self._symbol.setText(f"{symbol} {label}")
        self._text.setText(text)
        self.setProperty("level", str(level))
        # The word is text: shaded until it reads on the window (orange on the light
        # theme would not); the border keeps the level's own colour.
        word = readable_on(colour, self.palette().color(QPalette.ColorRole.Window))
        self.setStyleSheet(
            f"#MessageBar {{ border: 2px solid {colour.name()}; border-radius: 4px; }}"
            f"#MessageBarSymbol {{ color: {word.name()}; font-weight: bold; }}"
        )
        self.setAccessibleName(f"{label}: {text}")
        self.show()
        self._timer.stop()
        if level is MessageLevel.INFO:
            self._timer.start(INFO_TIMEOUT_MS)
        self.shown.emit(str(level), text)

    def dismiss(self) -> None:
        self._timer.stop()
        self.level = None
        self.hide()
