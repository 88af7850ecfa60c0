"""No two access keys (Alt + the underlined letter) in one window, in any language.

Two controls with the same access key in a window make Alt+letter go to the first one
only, or cycle between them: in Spanish, Alt+B was documented for the badge box but
"&Bloquear" (lock) and "&Buscar" (find) took it too, and Alt+B, a number and Enter locked
the station. Every window of the station is built in English, French and Spanish and
walked: the controls outside any stack of pages are always there together; each page of
a stack (the screens of a window, the tabs of a tab widget) adds its own. Hidden controls
count, since they show in some state of the page (a conservative check).

Access keys come from labels with a buddy, buttons, check boxes, group boxes and tab
titles ("&Exam", "&Find a candidate"...), after translation.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QStackedWidget,
    QTabBar,
    QWidget,
)
from pytestqt.qtbot import QtBot
from test_services_scenario import add_scenario_exam
from test_services_support import World
from ui_support import wait_idle

from ui.context import AppContext
from ui.i18n import install_language

pytest_plugins = ["ui_support"]  # the ctx and world fixtures

LANGUAGES = ("en", "fr", "es")


def _texts(widget: QWidget) -> list[str]:
    if isinstance(widget, QAbstractButton):
        return [widget.text()]
    if isinstance(widget, QLabel) and widget.buddy() is not None:
        return [widget.text()]
    if isinstance(widget, QGroupBox):
        return [widget.title()]
    if isinstance(widget, QTabBar):
        return [widget.tabText(i) for i in range(widget.count()) if widget.isTabVisible(i)]
    return []


def _keys(widget: QWidget) -> list[tuple[str, str]]:
    """(access key, what holds it) for the control ``widget``."""
    found = []
    for text in _texts(widget):
        key = QKeySequence.mnemonic(text)
        if not key.isEmpty():
            found.append((key.toString(), f"{type(widget).__name__} {text!r}"))
    return found


def collisions(window: QWidget) -> list[str]:
    """Every access key held twice in ``window`` in one state of its pages."""
    problems: set[str] = set()

    def page(root: QWidget, inherited: list[tuple[str, str]]) -> None:
        together = list(inherited) + _keys(root)
        stacks: list[QStackedWidget] = []

        def walk(widget: QWidget) -> None:
            for child in widget.children():
                if not isinstance(child, QWidget):
                    continue
                if child.isWindow():
                    continue  # a window of its own is checked on its own
                together.extend(_keys(child))
                if isinstance(child, QStackedWidget):
                    stacks.append(child)
                else:
                    walk(child)

        walk(root)
        seen: dict[str, list[str]] = {}
        for key, holder in together:
            seen.setdefault(key, []).append(holder)
        for key, holders in seen.items():
            if len(holders) > 1:
                problems.add(f"{window.objectName() or type(window).__name__}: {key}: {holders}")
        for stack in stacks:
            for index in range(stack.count()):
                page(stack.widget(index), together)

    page(window, [])
    return sorted(problems)


@pytest.fixture(params=LANGUAGES)
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    install_language(request.param)
    try:
        yield request.param
    finally:
        install_language("en")


@pytest.fixture
def main_window(qtbot: QtBot, ctx: AppContext, language: str) -> Iterator[object]:
    from ui.mainwindow import MainWindow

    ctx.settings = replace(ctx.settings, language=language, camera="sim://camera?w=32&h=24")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    yield window
    window.close()
    wait_idle(qtbot, ctx)


def test_the_detector_finds_a_collision(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QLineEdit, QPushButton, QVBoxLayout

    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    label = QLabel("&Badge", window)
    label.setBuddy(QLineEdit(window))
    layout.addWidget(label)
    layout.addWidget(QPushButton("&Bloquear", window))
    layout.addWidget(QPushButton("Sign &out", window))
    assert [c.split(": ")[1] for c in collisions(window)] == ["Alt+B"]


def test_login_and_language_pages(main_window: object) -> None:
    assert collisions(main_window) == []  # type: ignore[arg-type]


def test_examiner_windows(qtbot: QtBot, ctx: AppContext, world: World, main_window: object) -> None:
    from ui.mainwindow import MainWindow

    window = main_window
    assert isinstance(window, MainWindow)
    add_scenario_exam(world)
    window.sign_in(world.eli)
    wait_idle(qtbot, ctx)
    workspace = window.session.content  # type: ignore[union-attr]
    station = workspace.examiner
    station.show_checkin()
    wait_idle(qtbot, ctx)
    station.checkin.check_in("C3")
    wait_idle(qtbot, ctx)
    assert station.stack.currentIndex() == station.ENCOUNTER
    assert collisions(window) == []
    window.lock()  # the screens underneath are disabled: only the lock panel's keys work
    assert window.lock_panel is not None
    assert collisions(window.lock_panel) == []
    window.lock_panel.unlocked.emit(world.eli)  # type: ignore[union-attr]
    window.open_settings()
    assert window.settings_dialog is not None
    assert collisions(window.settings_dialog) == []
    window.settings_dialog.close()
    monitor = workspace.scenario.open_monitor_window()
    if monitor is not None:
        assert collisions(monitor) == []
    window.sign_out()
    wait_idle(qtbot, ctx)


def test_coordinator_windows(
    qtbot: QtBot, ctx: AppContext, world: World, main_window: object
) -> None:
    from ui.debrief.player import DebriefPlayer
    from ui.mainwindow import MainWindow

    window = main_window
    assert isinstance(window, MainWindow)
    window.sign_in(world.cora)
    wait_idle(qtbot, ctx)
    assert collisions(window) == []
    player = DebriefPlayer(ctx, window)
    player.setWindowFlag(Qt.WindowType.Window, True)
    qtbot.addWidget(player, before_close_func=lambda _w: player.shutdown())
    player.show()
    assert collisions(player) == []
    player.shutdown()
    window.sign_out()
    wait_idle(qtbot, ctx)


def test_trainee_windows(qtbot: QtBot, ctx: AppContext, world: World, main_window: object) -> None:
    from ui.mainwindow import MainWindow

    window = main_window
    assert isinstance(window, MainWindow)
    window.sign_in(world.tom)
    wait_idle(qtbot, ctx)
    assert collisions(window) == []
    window.sign_out()
    wait_idle(qtbot, ctx)
