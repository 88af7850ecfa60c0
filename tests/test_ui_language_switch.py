"""Settings → another language → Apply switches the whole window at once: every text a
screen shows, hidden pages included, not only the header."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot
from test_services_support import COORDINATOR_SECRET, EXAMINER_PIN
from test_ui_shell import make_window, sign_in
from ui_support import wait_idle

from ui.context import AppContext
from ui.i18n import install_language, read_ts, ts_path

pytest_plugins = ["ui_support"]  # the ctx and world fixtures


def _shown_texts(root: QWidget) -> set[str]:
    texts: set[str] = set()
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, QLabel | QAbstractButton):
            texts.add(widget.text())
        if isinstance(widget, QGroupBox):
            texts.add(widget.title())
        if isinstance(widget, QLineEdit):
            texts.add(widget.placeholderText())
        if isinstance(widget, QTabWidget):
            texts.update(widget.tabText(i) for i in range(widget.count()))
        if isinstance(widget, QComboBox):
            texts.update(widget.itemText(i) for i in range(widget.count()))
        texts.add(widget.toolTip())
    texts.discard("")
    return texts


def _left_behind(root: QWidget, language: str, target: str) -> list[str]:
    """Texts shown that are messages of ``language`` which ``target`` words otherwise."""
    source = read_ts(ts_path("fr"))
    old = (
        {s: forms[0] for (_c, s, _m), forms in source.items()}
        if language == "en"
        else {forms[0]: s for (_c, s, _m), forms in read_ts(ts_path(language)).items()}
    )
    new = {(s): forms[0] for (_c, s, _m), forms in read_ts(ts_path(target)).items()}
    left = []
    for text in _shown_texts(root):
        message = text if language == "en" else old.get(text)
        if message is not None and message in new and new[message] != text:
            left.append(text)
    return sorted(left)


@pytest.mark.parametrize(
    ("username", "secret"),
    [("cora", COORDINATOR_SECRET), ("eli", EXAMINER_PIN), ("tom", EXAMINER_PIN)],
)
def test_applying_a_language_switches_every_screen_at_once(
    qtbot: QtBot, ctx: AppContext, username: str, secret: str
) -> None:
    window = make_window(qtbot, ctx)
    sign_in(qtbot, window, username, secret)
    wait_idle(qtbot, ctx)
    try:
        for previous, language in (("en", "fr"), ("fr", "es"), ("es", "en")):
            ctx.update_settings(replace(ctx.settings, language=language))
            wait_idle(qtbot, ctx)
            left = _left_behind(window, previous, language) if language != "en" else []
            assert not left, f"still in {previous} after switching to {language}: {left}"
        assert window.session is not None and "Signed in" in window.session.who.text()
    finally:
        install_language("en")
        wait_idle(qtbot, ctx)
        window.sign_out()
        wait_idle(qtbot, ctx)
