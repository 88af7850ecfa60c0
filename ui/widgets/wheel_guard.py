"""Spin boxes and drop-down lists take the mouse wheel only when they have the focus.

Scrolling a long form with the wheel must scroll the form: by Qt's default, a spin box
or combo box that happens to pass under the pointer takes the wheel and changes its
value (the New exam form's pass mark went from "by the standard set later" to "1 %"
while a coordinator scrolled). Installed once on the application, :class:`WheelGuard`

- gives every spin box and combo box the "strong" focus policy (Tab and click, not the
  wheel), so the wheel no longer gives them the focus as it passes;
- hands a wheel event aimed at one that does not have the focus to the scrolling view
  around it (Qt does not pass such an event on by itself), so the form or table scrolls
  as the user meant.

A control with the focus (clicked or tabbed into) takes the wheel as usual.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QWidget,
)

_GUARDED = (QAbstractSpinBox, QComboBox)


def _guarded(widget: QObject | None) -> QWidget | None:
    """The spin box or combo box ``widget`` is, or is part of (its line edit)."""
    while isinstance(widget, QWidget):
        if isinstance(widget, _GUARDED):
            return widget
        if widget.isWindow():
            return None
        widget = widget.parentWidget()
    return None


class WheelGuard(QObject):
    """The application-wide event filter described in the module documentation."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(watched, _GUARDED):
            if watched.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        elif kind == QEvent.Type.Wheel:
            control = _guarded(watched)
            if control is not None and not _has_focus_within(control):
                area = _scroll_area_around(control)
                if area is not None:
                    QCoreApplication.sendEvent(area.viewport(), event)
                return True
        return False


def _scroll_area_around(widget: QWidget) -> QAbstractScrollArea | None:
    """The nearest scrolling view (a form's scroll area, a table) that holds ``widget``."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        if parent.isWindow():
            return None
        parent = parent.parentWidget()
    return None


def _has_focus_within(control: QWidget) -> bool:
    focused = QApplication.focusWidget()
    return focused is not None and (focused is control or control.isAncestorOf(focused))


def install_wheel_guard(app: QCoreApplication) -> WheelGuard:
    """Install the guard on ``app`` once (a second call returns the first guard)."""
    existing = app.findChild(WheelGuard)
    if existing is not None:
        return existing
    guard = WheelGuard(app)
    app.installEventFilter(guard)
    return guard
