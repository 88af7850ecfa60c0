"""A window that holds still and keeps the keyboard: the message line never moves a
button, signing out asks first, the lock says who locked it, and after signing in or
unlocking the keyboard is where the work is."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from test_services_support import COORDINATOR_SECRET, EXAMINER_PIN
from test_ui_shell import NOTEBOOK_SCREENS, make_window, sign_in
from ui_support import wait_idle

from ui.context import AppContext
from ui.mainwindow import MainWindow
from ui.widgets.message_bar import MessageBar

pytest_plugins = ["ui_support"]  # the ctx and world fixtures


def _rect_in_window(widget: QWidget) -> QRect:
    return QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())


def _confirmation(window: MainWindow) -> QMessageBox:
    # A box answered earlier may wait for deletion: the question asked now is visible.
    (box,) = [b for b in window.findChildren(QMessageBox, "confirmSignOut") if b.isVisible()]
    return box


def test_a_message_moves_nothing_and_dismiss_never_sits_on_sign_out(
    qtbot: QtBot, ctx: AppContext
) -> None:
    window = make_window(qtbot, ctx, screens=NOTEBOOK_SCREENS)
    window.resize(1024, 700)
    sign_in(qtbot, window, "cora", COORDINATOR_SECRET)
    assert window.session is not None
    sign_out = window.session.sign_out_button
    content = window.session.content
    before = (_rect_in_window(sign_out), _rect_in_window(content))
    bar = ctx.message_bar
    bar.error("The roster file could not be read: line 7 has no candidate number. " * 4)
    qtbot.wait(1)
    assert (_rect_in_window(sign_out), _rect_in_window(content)) == before
    dismiss = _rect_in_window(bar.dismiss_button)
    assert bar.dismiss_button.isVisible()
    assert not dismiss.intersects(_rect_in_window(sign_out))
    # A long message is cut to one line, and shown whole to whoever asks.
    assert "…" in bar._text.text()
    assert bar._text.toolTip().startswith("The roster file could not be read")
    assert bar.text.count("line 7") == 4
    bar.dismiss()
    qtbot.wait(1)
    assert (_rect_in_window(sign_out), _rect_in_window(content)) == before
    assert bar.text == "" and not bar.dismiss_button.isVisible()
    wait_idle(qtbot, ctx)
    window.sign_out()


def test_the_message_line_keeps_its_height(qtbot: QtBot) -> None:
    bar = MessageBar()
    qtbot.addWidget(bar)
    bar.resize(600, bar.height())
    empty = bar.height()
    bar.info("Saved.")
    assert bar.height() == empty
    bar.warning("A very long warning " * 30)
    assert bar.height() == empty


def test_signing_out_from_the_header_asks_first(qtbot: QtBot, ctx: AppContext) -> None:
    window = make_window(qtbot, ctx, screens=NOTEBOOK_SCREENS)
    sign_in(qtbot, window, "eli", EXAMINER_PIN)
    assert window.session is not None
    qtbot.mouseClick(window.session.sign_out_button, Qt.MouseButton.LeftButton)
    box = _confirmation(window)
    assert "eli" in box.text()
    # Enter answers with the default, which keeps the session.
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not box.isVisible())
    assert window.session is not None and ctx.actor is not None

    # Ctrl+Shift+Q asks too; Escape keeps the session.
    qtbot.keyClick(
        window,
        Qt.Key.Key_Q,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    box = _confirmation(window)
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not box.isVisible())
    assert window.session is not None

    qtbot.mouseClick(window.session.sign_out_button, Qt.MouseButton.LeftButton)
    box = _confirmation(window)
    confirm = box.findChild(QPushButton, "confirmSignOutButton")
    assert confirm is not None and confirm.text() == "Sign out"
    qtbot.mouseClick(confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session is None)
    assert ctx.actor is None and window.stack.currentWidget() is window.login
    wait_idle(qtbot, ctx)


def test_the_lock_says_whether_the_user_or_the_idle_timer_locked(
    qtbot: QtBot, ctx: AppContext
) -> None:
    window = make_window(qtbot, ctx, screens=NOTEBOOK_SCREENS)
    sign_in(qtbot, window, "eli", EXAMINER_PIN)
    window.lock()
    assert window.lock_panel is not None
    assert window.lock_panel.hint.text().startswith("Locked by eli.")
    assert window.lock_panel.heading.text() == "Station locked"  # no glyph a font may lack
    window.lock_panel.form.secret.setText(EXAMINER_PIN)
    qtbot.mouseClick(window.lock_panel.form.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.locked)
    window.lock(idle=True)
    assert window.lock_panel is not None
    assert window.lock_panel.hint.text().startswith("Locked after a period without use.")
    wait_idle(qtbot, ctx)
    window.sign_out()
    wait_idle(qtbot, ctx)


def test_after_signing_in_the_keyboard_is_on_the_pre_exam_check(
    qtbot: QtBot, ctx: AppContext
) -> None:
    """The pre-exam check puts the keyboard on "Continue to check-in" when it shows; the
    window must not take it away, so Enter continues at once."""
    window = make_window(qtbot, ctx)
    window.activateWindow()
    sign_in(qtbot, window, "eli", EXAMINER_PIN)
    assert window.session is not None
    focused = window.focusWidget()
    assert focused is not None
    assert (
        focused.objectName() == "continueToCheckIn"
        or "Continue to check-in" in getattr(focused, "text", lambda: "")()
    )
    wait_idle(qtbot, ctx)
    window.sign_out()
    wait_idle(qtbot, ctx)


def test_after_signing_in_a_screen_without_its_own_focus_gets_its_first_control(
    qtbot: QtBot, ctx: AppContext
) -> None:
    window = make_window(qtbot, ctx, screens=NOTEBOOK_SCREENS)
    sign_in(qtbot, window, "tom", EXAMINER_PIN)
    assert window.session is not None
    notebook = window.session.content
    assert window.focusWidget() is notebook.edit  # type: ignore[attr-defined]
    # Typing goes there straight away, and unlocking gives the keyboard back to it.
    qtbot.keyClicks(notebook.edit, "abc")  # type: ignore[attr-defined]
    window.lock()
    assert window.lock_panel is not None
    window.lock_panel.form.secret.setText(EXAMINER_PIN)
    qtbot.mouseClick(window.lock_panel.form.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.locked)
    assert window.focusWidget() is notebook.edit  # type: ignore[attr-defined]
    assert QApplication.instance() is not None
    wait_idle(qtbot, ctx)
    window.sign_out()
    wait_idle(qtbot, ctx)


def test_after_signing_in_a_trainee_can_choose_a_skill_with_the_keyboard(
    qtbot: QtBot, ctx: AppContext
) -> None:
    window = make_window(qtbot, ctx)
    sign_in(qtbot, window, "tom", EXAMINER_PIN)
    wait_idle(qtbot, ctx)
    focused = window.focusWidget()
    assert focused is not None and focused.objectName() == "practiceSkills"
    wait_idle(qtbot, ctx)
    window.sign_out()
    wait_idle(qtbot, ctx)
