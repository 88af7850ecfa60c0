"""The station's window on a real X server with a window manager, driven by real input.

Run by tests/test_real_display.py (never collected in the off-screen run): the window is
shown and activated by openbox, and keys and pointer moves go through the X server with
xdotool, as a person's would.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from test_services_support import COORDINATOR_SECRET, EXAMINER_PIN
from ui_support import wait_idle

from ui.context import AppContext
from ui.mainwindow import MainWindow

pytest_plugins = ["ui_support"]  # the ctx and world fixtures


def xdotool(*args: str) -> None:
    """Send input through the X server (the window under the pointer or with the focus
    receives it, as from a keyboard or mouse)."""
    program = shutil.which("xdotool")
    if program is None:
        pytest.fail("xdotool is not installed (Debian package xdotool); .ci/run installs it")
    subprocess.run([program, *args], check=True, timeout=30)


@pytest.fixture
def window(qtbot: QtBot, ctx: AppContext) -> Iterator[MainWindow]:
    shown = MainWindow(ctx)
    qtbot.addWidget(shown)
    shown.resize(1280, 760)
    shown.show()
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow, timeout=30_000)
    yield shown
    if shown.session is not None:
        shown.sign_out()
    wait_idle(qtbot, ctx)


def _type_sign_in(qtbot: QtBot, window: MainWindow, username: str, secret: str) -> None:
    form = window.login.form
    qtbot.waitUntil(form.username.hasFocus, timeout=30_000)
    xdotool("type", "--delay", "10", username)
    xdotool("key", "Tab")
    xdotool("type", "--delay", "10", secret)
    xdotool("key", "Return")
    qtbot.waitUntil(lambda: window.session is not None, timeout=40_000)


def _centre_on_screen(widget: QWidget) -> QPoint:
    return widget.mapToGlobal(widget.rect().center())


def test_sign_in_with_the_keyboard_then_enter_continues_the_pre_exam_check(
    qtbot: QtBot, ctx: AppContext, window: MainWindow
) -> None:
    _type_sign_in(qtbot, window, "eli", EXAMINER_PIN)
    wait_idle(qtbot, ctx)
    station = window.session.content.examiner  # type: ignore[union-attr]
    precheck = station.precheck
    qtbot.waitUntil(precheck.isVisible, timeout=30_000)
    assert QApplication.focusWidget() is precheck.continue_button
    xdotool("key", "Return")
    qtbot.waitUntil(lambda: not precheck.isVisible(), timeout=30_000)


def test_a_message_appearing_under_the_pointer_leaves_sign_out_where_it_was(
    qtbot: QtBot, ctx: AppContext, window: MainWindow
) -> None:
    _type_sign_in(qtbot, window, "cora", COORDINATOR_SECRET)
    wait_idle(qtbot, ctx)
    assert window.session is not None
    sign_out = window.session.sign_out_button
    target = _centre_on_screen(sign_out)
    xdotool("mousemove", str(target.x()), str(target.y()))
    qtbot.waitUntil(lambda: QCursor.pos() == target, timeout=30_000)
    assert QApplication.widgetAt(QCursor.pos()) is sign_out
    ctx.message_bar.error("The roster could not be imported: line 7 has no candidate number.")
    qtbot.wait(200)
    assert QApplication.widgetAt(QCursor.pos()) is sign_out
    # A click now is a click on Sign out, which asks first rather than signing out.
    xdotool("click", "1")
    qtbot.waitUntil(
        lambda: any(b.isVisible() for b in window.findChildren(QMessageBox, "confirmSignOut")),
        timeout=30_000,
    )
    assert window.session is not None
    xdotool("key", "Escape")
    qtbot.waitUntil(
        lambda: not any(b.isVisible() for b in window.findChildren(QMessageBox)),
        timeout=30_000,
    )
    assert window.session is not None and ctx.message_bar.text.startswith("The roster")


def test_the_wheel_over_the_pass_mark_does_not_change_it(
    qtbot: QtBot, ctx: AppContext, window: MainWindow
) -> None:
    _type_sign_in(qtbot, window, "cora", COORDINATOR_SECRET)
    wait_idle(qtbot, ctx)
    console = window.session.content  # type: ignore[union-attr]
    console.tabs.setCurrentWidget(console.exams)
    pass_mark = console.exams.pass_mark
    language = console.exams.language_box
    qtbot.waitUntil(pass_mark.isVisible, timeout=30_000)
    chosen = language.currentIndex()
    for control in (pass_mark, language):
        target = _centre_on_screen(control)
        xdotool("mousemove", str(target.x()), str(target.y()))
        qtbot.waitUntil(lambda t=target: QCursor.pos() == t, timeout=30_000)
        for button in ("4", "5", "5", "5"):  # wheel up, then down three notches
            xdotool("click", button)
        qtbot.wait(100)
    assert pass_mark.value() == 0 and pass_mark.text() == "by the standard set later"
    assert language.currentIndex() == chosen
    # Clicked into, the spin box takes the wheel as usual.
    target = _centre_on_screen(pass_mark)
    xdotool("mousemove", str(target.x()), str(target.y()))
    xdotool("click", "1")
    qtbot.waitUntil(pass_mark.hasFocus, timeout=30_000)
    xdotool("click", "4")
    qtbot.waitUntil(lambda: pass_mark.value() > 0, timeout=30_000)


def test_applying_french_in_the_settings_switches_the_whole_window(
    qtbot: QtBot, ctx: AppContext, window: MainWindow
) -> None:
    from PySide6.QtWidgets import QDialogButtonBox
    from test_ui_language_switch import _left_behind

    from ui.i18n import install_language

    _type_sign_in(qtbot, window, "cora", COORDINATOR_SECRET)
    wait_idle(qtbot, ctx)
    try:
        xdotool("key", "ctrl+comma")
        qtbot.waitUntil(
            lambda: window.settings_dialog is not None and window.settings_dialog.isVisible(),
            timeout=30_000,
        )
        dialog = window.settings_dialog
        assert dialog is not None
        # The window manager places the new window: click only once it is in place.
        qtbot.waitUntil(dialog.isActiveWindow, timeout=30_000)
        placed = dialog.pos()
        qtbot.wait(300)
        qtbot.waitUntil(lambda: dialog.pos() == placed, timeout=30_000)
        dialog.language.setCurrentIndex(dialog.language.findData("fr"))
        apply = dialog.buttons.button(QDialogButtonBox.StandardButton.Apply)
        target = _centre_on_screen(apply)
        xdotool("mousemove", str(target.x()), str(target.y()))
        qtbot.waitUntil(lambda: QCursor.pos() == target, timeout=30_000)
        xdotool("click", "1")
        qtbot.waitUntil(
            lambda: window.session is not None and "Connecté" in window.session.who.text(),
            timeout=30_000,
        )
        wait_idle(qtbot, ctx)
        assert _left_behind(window, "en", "fr") == []
    finally:
        install_language("en")


def test_every_screen_fits_the_smallest_window_on_a_real_display(
    qtbot: QtBot, ctx: AppContext, window: MainWindow
) -> None:
    from layout_check import layout_faults
    from PySide6.QtWidgets import QTabWidget

    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() <= 1030, timeout=30_000)
    _type_sign_in(qtbot, window, "cora", COORDINATOR_SECRET)
    wait_idle(qtbot, ctx)
    assert window.session is not None
    tabs = window.session.content.findChild(QTabWidget)
    assert tabs is not None
    found: list[str] = []
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        wait_idle(qtbot, ctx)
        qtbot.wait(50)
        found += [f"{tabs.tabText(index)}: {fault}" for fault in layout_faults(window)]
    assert not found, "\n".join(found)
