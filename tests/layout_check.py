"""Layout faults a person would see, found in a window's widget tree: a visible widget
that lies (partly) outside the window, or a button whose text is wider than the button.

Used by the layout tests of the main screens (every role, at 1024×700 and 1280×800, in
every shipped language). PYTEST_DONT_REWRITE: it holds no assertions.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QPushButton, QWidget

#: Pixels a widget may stick out (borders drawn on the window's edge).
SLACK = 1


def _clipped_by_scrolling(widget: QWidget, window: QWidget) -> bool:
    """Whether ``widget`` lies inside a scrolled view, where being outside the view's
    visible part is expected (the user scrolls to it)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0 and widget.height() > 0


def layout_faults(window: QWidget) -> list[str]:
    """Every fault found, one line each: ``kind: class 'name' text (geometry)``."""
    faults: list[str] = []
    frame = window.rect().adjusted(-SLACK, -SLACK, SLACK, SLACK)
    for widget in window.findChildren(QWidget):
        if not _shown(widget) or widget.isWindow() or _clipped_by_scrolling(widget, window):
            continue
        where = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        label = f"{type(widget).__name__} {widget.objectName()!r}"
        if isinstance(widget, QAbstractButton):
            label += f" {widget.text()!r}"
        if not frame.contains(where):
            faults.append(f"outside the window: {label} at {where.getRect()}")
        if isinstance(widget, QPushButton) and widget.text():
            text = widget.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
            needed = QFontMetrics(widget.font()).horizontalAdvance(text)
            if not widget.icon().isNull():
                needed += widget.iconSize().width() + 4
            if needed > widget.contentsRect().width() - 4:
                faults.append(
                    f"text wider than its button: {label} needs {needed} px, "
                    f"has {widget.contentsRect().width()}"
                )
    return faults
