"""A push button sized for touch (at least 44 px high) with a visible keyboard focus."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QSizePolicy, QWidget

#: The smallest comfortable touch target, in device-independent pixels.
TOUCH_SIZE = 44


class BigButton(QPushButton):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setMinimumHeight(TOUCH_SIZE)
        self.setMinimumWidth(TOUCH_SIZE)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        font = self.font()
        font.setPointSizeF(max(font.pointSizeF(), 11.0) * 1.15)
        self.setFont(font)
        self.setAutoDefault(True)
