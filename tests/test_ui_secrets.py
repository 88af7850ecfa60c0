"""The window's side of changing PINs and passwords, and the first-run secrets leaving
the login screen at the first sign-in."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from test_services_support import COORDINATOR_SECRET, EXAMINER_PIN, World
from test_ui_shell import NOTEBOOK_SCREENS, make_window, sign_in
from ui_support import wait_idle

from station.firstrun import FirstRunAccounts
from station.services import SignInFailed
from ui.context import AppContext
from ui.coordinator import CoordinatorConsole
from ui.widgets.secret_dialog import SecretDialog

pytest_plugins = ["ui_support"]  # the ctx and world fixtures

NEW_PIN = "739105"


def _dialog(parent: QWidget) -> SecretDialog:
    (dialog,) = [d for d in parent.findChildren(SecretDialog) if d.isVisible()]
    return dialog


def test_an_examiner_changes_their_pin_from_the_header(
    qtbot: QtBot, ctx: AppContext, world: World
) -> None:
    window = make_window(qtbot, ctx, screens=NOTEBOOK_SCREENS)
    sign_in(qtbot, window, "eli", EXAMINER_PIN)
    assert window.session is not None
    assert window.session.secret_button.text() == "PIN…"
    qtbot.mouseClick(window.session.secret_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(window)
    assert dialog.current.isVisible()  # one's own: the current secret is asked

    dialog.current.setText("000000")
    dialog.new.setText(NEW_PIN)
    dialog.again.setText(NEW_PIN[::-1])
    dialog.submit()
    assert dialog.problem.text() == "✖ The two entries of the PIN or password differ."

    dialog.again.setText(NEW_PIN)
    dialog.submit()
    qtbot.waitUntil(lambda: "current PIN or password is wrong" in dialog.problem.text())
    assert dialog.isVisible()

    dialog.current.setText(EXAMINER_PIN)
    dialog.new.setText("123456")
    dialog.again.setText("123456")
    dialog.submit()
    # The policy's own words, not an internal error.
    qtbot.waitUntil(
        lambda: "✖" in dialog.problem.text() and "Internal" not in dialog.problem.text()
    )
    qtbot.waitUntil(dialog.buttons.isEnabled)
    assert "harder to guess" in dialog.problem.text()

    dialog.new.setText(NEW_PIN)
    dialog.again.setText(NEW_PIN)
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert ctx.message_bar.text == "Your PIN or password was changed."
    assert world.services.identity.authenticate("eli", NEW_PIN).username == "eli"
    wait_idle(qtbot, ctx)
    window.sign_out()
    wait_idle(qtbot, ctx)


def test_a_coordinator_resets_an_examiners_pin_on_the_users_page(
    qtbot: QtBot, ctx: AppContext, world: World
) -> None:
    ctx.actor = world.cora
    console = CoordinatorConsole(ctx)
    qtbot.addWidget(console)
    console.show()
    panel = console.users
    console.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: len(panel.users) > 0)
    assert panel.reset_secret() is None  # nothing selected: it says so
    assert panel.state_problems.problems() == ["Select an account first."]
    row = [u.username for u in panel.users].index("eli")
    panel.table.selectRow(row)
    dialog = panel.reset_secret()
    assert dialog is not None and dialog.isVisible()
    assert not dialog.current.isVisible()  # another's: no current secret to give
    dialog.new.setText(NEW_PIN)
    dialog.again.setText(NEW_PIN)
    dialog.reason.setText("forgot the PIN")
    dialog.submit()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert ctx.message_bar.text == "eli has a new PIN or password."
    assert world.services.identity.authenticate("eli", NEW_PIN).username == "eli"
    with pytest.raises(SignInFailed):
        world.services.identity.authenticate("eli", EXAMINER_PIN)
    wait_idle(qtbot, ctx)


def test_the_first_run_secrets_leave_the_login_screen_at_the_first_sign_in(
    qtbot: QtBot, ctx: AppContext
) -> None:
    accounts = FirstRunAccounts("coordinator", "abcd-efgh-jkmn", "examiner", "482913", "EX")
    window = make_window(qtbot, ctx, screens=NOTEBOOK_SCREENS, first_run=accounts)
    assert window.first_run_panel is not None
    sign_in(qtbot, window, "cora", COORDINATOR_SECRET)
    assert window.first_run_panel is None
    wait_idle(qtbot, ctx)
    window.sign_out()
    qtbot.wait(1)
    # Back on the login screen, in front of whoever passes: no secret anywhere.
    texts = " ".join(
        label.text() for label in window.login.findChildren(QWidget) if hasattr(label, "text")
    )
    assert "abcd-efgh-jkmn" not in texts and "482913" not in texts
    wait_idle(qtbot, ctx)
