"""The mouse wheel scrolls a form; it changes a spin box or a drop-down list only when
that control has the focus."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ui.widgets.wheel_guard import install_wheel_guard


def _wheel_down(widget: QWidget) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, -120),  # one notch towards the user
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def _form(qtbot: QtBot) -> tuple[QScrollArea, QSpinBox, QComboBox]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_wheel_guard(app)
    area = QScrollArea()
    qtbot.addWidget(area)
    inner = QWidget()
    column = QVBoxLayout(inner)
    column.addSpacing(300)
    spin = QSpinBox(inner)
    spin.setRange(0, 100)
    spin.setSpecialValueText("by the standard set later")
    combo = QComboBox(inner)
    combo.addItems(["English", "Français", "Español"])
    column.addWidget(spin)
    column.addWidget(combo)
    column.addSpacing(1500)
    area.setWidget(inner)
    area.resize(300, 400)
    area.show()
    qtbot.waitExposed(area)
    return area, spin, combo


def test_the_wheel_over_an_unfocused_control_scrolls_the_form(qtbot: QtBot) -> None:
    area, spin, combo = _form(qtbot)
    assert spin.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus
    bar = area.verticalScrollBar()
    assert bar.value() == 0
    _wheel_down(spin)
    assert spin.value() == 0 and spin.text() == "by the standard set later"
    assert bar.value() > 0  # the form scrolled instead
    before = bar.value()
    _wheel_down(combo.lineEdit() or combo)
    assert combo.currentIndex() == 0
    assert bar.value() > before


def test_a_focused_control_takes_the_wheel(qtbot: QtBot) -> None:
    area, spin, _combo = _form(qtbot)
    spin.setValue(50)
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    _wheel_down(spin)
    assert spin.value() == 49
    assert area.verticalScrollBar().value() == 0
