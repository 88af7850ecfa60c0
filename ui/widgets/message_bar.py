"""The window's message line at its foot: info, warnings and errors.

It never blocks anything (no dialog), so a running station timer keeps going while a
message shows, and it never moves anything either: the line keeps its height whether a
message shows or not, so a button never slides under the pointer as a message comes
and goes (a "Dismiss" that appeared where "Sign out" had been once signed a coordinator
out). A long message is cut with "…" and shown whole in its tooltip and to screen
readers. Every message carries a symbol and a text label besides its colour.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPalette, QResizeEvent, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

from ui.contrast import readable_on


class MessageLevel(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


#: How long an info message stays before it clears itself, in milliseconds
#: (warnings and errors stay until dismissed).
INFO_TIMEOUT_MS = 8000
#: The line's fixed height: one line of text beside a touch-sized dismiss button.
HEIGHT_PX = 48


class _ElidedLabel(QLabel):
    """One line of text, cut with "…" to the width it has (the whole text in
    :attr:`full_text`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.full_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_full_text(self, text: str) -> None:
        self.full_text = text
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        line = " ".join(self.full_text.split())
        shown = self.fontMetrics().elidedText(line, Qt.TextElideMode.ElideRight, self.width())
        self.setText(shown)
        self.setToolTip(self.full_text if shown != line else "")


class MessageBar(QFrame):
    """Shows one message at a time; a newer message replaces the older one.

    ``messages`` keeps every (level, text) shown, newest last, so tests and the status
    history can read them. Escape or the ✕ button dismisses the message; the line
    itself stays, empty.
    """

    shown = Signal(str, str)  # level, text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MessageBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFixedHeight(HEIGHT_PX)
        self.messages: list[tuple[MessageLevel, str]] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 2, 2, 2)
        self._symbol = QLabel(self)
        self._symbol.setObjectName("MessageBarSymbol")
        self._text = _ElidedLabel(self)
        self._text.setObjectName("MessageBarText")
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._close = QToolButton(self)
        self._close.setObjectName("MessageBarDismiss")
        self._close.setText("✕")
        self._close.setAutoRaise(True)
        self._close.setFixedSize(HEIGHT_PX - 4, HEIGHT_PX - 4)
        self._close.clicked.connect(self.dismiss)
        # Hidden while there is no message, keeping its place so nothing shifts.
        policy = self._close.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self._close.setSizePolicy(policy)
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
        self.retranslate()
        self.dismiss()

    def retranslate(self) -> None:
        self._close.setToolTip(self.tr("Dismiss"))
        self._close.setAccessibleName(self.tr("Dismiss"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @property
    def text(self) -> str:
        """The whole text of the message showing ("" when none is)."""
        return self._text.full_text if self.level is not None else ""

    @property
    def dismiss_button(self) -> QToolButton:
        return self._close

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
        self._text.set_full_text(text)
        self.setProperty("level", str(level))
        # The word is text: shaded until it reads on the window (orange on the light
        # theme would not); the border keeps the level's own colour.
        word = readable_on(colour, self.palette().color(QPalette.ColorRole.Window))
        self.setStyleSheet(
            f"#MessageBar {{ border: 2px solid {colour.name()}; border-radius: 4px; }}"
            f"#MessageBarSymbol {{ color: {word.name()}; font-weight: bold; }}"
        )
        self.setAccessibleName(f"{label}: {text}")
        self._close.show()
        self._timer.stop()
        if level is MessageLevel.INFO:
            self._timer.start(INFO_TIMEOUT_MS)
        self.shown.emit(str(level), text)

    def dismiss(self) -> None:
        """Clear the message; the line stays where it is, empty."""
        self._timer.stop()
        self.level = None
        self._symbol.setText("")
        self._text.set_full_text("")
        self.setProperty("level", "")
        self.setStyleSheet("#MessageBar { border: 2px solid transparent; }")
        self.setAccessibleName("")
        self._close.hide()
