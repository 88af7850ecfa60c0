"""Every main screen at the smallest supported window (1024×700) and the usual one
(1280×800), in every shipped language: no widget outside the window, no button whose
text is wider than the button."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from layout_check import layout_faults
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget
from pytestqt.qtbot import QtBot
from test_services_support import COORDINATOR_SECRET, EXAMINER_PIN
from test_ui_shell import make_window, sign_in
from ui_support import wait_idle

from ui.context import AppContext
from ui.i18n import LANGUAGE_NAMES, install_language
from ui.mainwindow import MainWindow

pytest_plugins = ["ui_support"]  # the ctx and world fixtures

SIZES = [(1024, 700), (1280, 800)]


@pytest.fixture(params=sorted(LANGUAGE_NAMES))
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    install_language(request.param)
    yield request.param
    install_language("en")


def _faults(qtbot: QtBot, ctx: AppContext, window: MainWindow, where: str) -> list[str]:
    wait_idle(qtbot, ctx)
    qtbot.wait(10)  # layouts settle on the next pass of the event loop
    return [f"{where}: {fault}" for fault in layout_faults(window)]


def _every_tab(qtbot: QtBot, ctx: AppContext, window: MainWindow, who: str) -> list[str]:
    assert window.session is not None
    found: list[str] = []
    tabs = window.session.content.findChild(QTabWidget)
    if tabs is None:
        return _faults(qtbot, ctx, window, who)
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        found += _faults(qtbot, ctx, window, f"{who}, {tabs.tabText(index)!r}")
    return found


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_main_screens_fit(
    qtbot: QtBot, ctx: AppContext, language: str, size: tuple[int, int]
) -> None:
    window = make_window(qtbot, ctx)
    window.resize(*size)
    found = _faults(qtbot, ctx, window, "login")
    for name, secret in (("cora", COORDINATOR_SECRET), ("tom", EXAMINER_PIN)):
        sign_in(qtbot, window, name, secret)
        found += _every_tab(qtbot, ctx, window, name)
        window.sign_out()
    sign_in(qtbot, window, "eli", EXAMINER_PIN)
    assert window.session is not None
    examiner = window.session.content.examiner  # type: ignore[attr-defined]
    found += _faults(qtbot, ctx, window, "eli, pre-exam check")
    qtbot.mouseClick(examiner.precheck.continue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: examiner.checkin.station_key is not None)
    found += _faults(qtbot, ctx, window, "eli, check-in")
    qtbot.keyClicks(examiner.checkin.scan, "C3")
    qtbot.keyClick(examiner.checkin.scan, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: examiner.stack.currentIndex() == examiner.ENCOUNTER)
    found += _faults(qtbot, ctx, window, "eli, encounter")
    window.sign_out()
    wait_idle(qtbot, ctx)
    assert not found, "\n".join(found)
