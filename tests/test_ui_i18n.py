"""Translations: every interface string has a French and a Spanish translation that keeps
its placeholders, and the translations reach the widgets at run time."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from pytestqt.qtbot import QtBot
from test_services_support import World
from ui_support import wait_idle

import station.i18n
from ui.context import AppContext
from ui.i18n import (
    LANGUAGE_NAMES,
    compiled_catalogue,
    current_language,
    install_language,
    messages,
    read_ts,
    ts_path,
)
from ui.login import LoginForm
from ui.theme import status_style

pytest_plugins = ["ui_support"]  # the ctx and world fixtures

ROOT = Path(__file__).resolve().parents[1]
LUPDATE = Path(sys.executable).parent / "pyside6-lupdate"
TRANSLATED = [code for code in LANGUAGE_NAMES if code != "en"]
PLACEHOLDER = re.compile(r"\{[a-z0-9_]*\}|%n|%\d")


@pytest.fixture
def english() -> Iterator[None]:
    """Whatever a test installs, the next test starts in English."""
    yield
    install_language("en")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str, str]]:
    """Every translatable string in ui/ now, extracted by Qt's own lupdate."""
    if not LUPDATE.exists():
        pytest.fail(f"{LUPDATE} is missing; PySide6-Essentials ships it", pytrace=False)
    out = tmp_path_factory.mktemp("lupdate") / "now.ts"
    subprocess.run(
        [str(LUPDATE), "-silent", "-locations", "none", "-extensions", "py", "ui", "-ts", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )
    found = messages(out)
    assert len(found) > 100  # the extraction did find the interface's strings
    return found


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_interface_string_is_translated(
    extracted: list[tuple[str, str, str]], language: str
) -> None:
    catalogue = read_ts(ts_path(language))
    missing = [f"{c}: {s!r}" for c, s, comment in extracted if (c, s, comment) not in catalogue]
    assert not missing, (
        f"{len(missing)} string(s) lack a {language} translation; run "
        "scripts/update-translations and translate them:\n  " + "\n  ".join(missing)
    )


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_placeholders_and_accelerators(language: str) -> None:
    problems = []
    for (context, source, _comment), forms in read_ts(ts_path(language)).items():
        for form in forms:
            if sorted(PLACEHOLDER.findall(form)) != sorted(PLACEHOLDER.findall(source)):
                problems.append(f"{context}: {source!r} -> {form!r} (placeholders differ)")
            shortcut = source.count("&") - source.count("&&")
            if shortcut and form.count("&") - form.count("&&") != shortcut:
                problems.append(f"{context}: {source!r} -> {form!r} (keyboard accelerator)")
            if source.strip() and not form.strip():
                problems.append(f"{context}: {source!r} is translated as blank")
    assert not problems, "\n".join(problems)


def test_the_ts_files_are_valid_and_hold_the_same_strings() -> None:
    french = {m for m in messages(ts_path("fr"))}
    spanish = {m for m in messages(ts_path("es"))}
    assert french == spanish


@pytest.mark.parametrize(
    ("language", "sign_in", "username"),
    [("fr", "Se connecter", "&Identifiant"), ("es", "Iniciar sesión", "&Usuario")],
)
def test_widgets_switch_language_at_once(
    qtbot: QtBot,
    ctx: AppContext,
    english: None,
    language: str,
    sign_in: str,
    username: str,
) -> None:
    form = LoginForm(ctx)
    qtbot.addWidget(form)
    assert form.button.text() == "Sign in"
    assert install_language(language) == language
    assert current_language() == language
    assert form.button.text() == sign_in
    assert form.username_label.text() == username
    install_language("en")
    assert form.button.text() == "Sign in"


def test_status_labels_and_plural_forms_are_translated(qtbot: QtBot, english: None) -> None:
    install_language("fr")
    assert status_style("submitted")[2] == "Soumis"
    text = (
        "Too many failed attempts: this account is locked for %n minute(s). "
        "Wait, or ask a coordinator to unlock it."
    )
    one = QCoreApplication.translate("LoginForm", text, "", 1)
    five = QCoreApplication.translate("LoginForm", text, "", 5)
    assert "1 minute." in one
    assert "5 minutes." in five
    install_language("es")
    assert "5 minutos." in QCoreApplication.translate("LoginForm", text, "", 5)


def test_unknown_strings_fall_back_to_english(qtbot: QtBot, english: None) -> None:
    install_language("fr")
    assert QCoreApplication.translate("Nowhere", "Not in any catalogue") == ("Not in any catalogue")


def test_qt_own_texts_are_translated_too(qtbot: QtBot, english: None) -> None:
    install_language("fr")
    assert QCoreApplication.translate("QPlatformTheme", "Close") == "Fermer"


def test_unfinished_and_obsolete_entries_are_not_used(tmp_path: Path) -> None:
    path = tmp_path / "skillstation_fr.ts"
    path.write_text(
        """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
<context>
    <name>C</name>
    <message><source>done</source><translation>fait</translation></message>
    <message><source>draft</source><translation type="unfinished">brouillon</translation></message>
    <message><source>old</source><translation type="obsolete">ancien</translation></message>
    <message><source>blank</source><translation></translation></message>
</context>
</TS>
""",
        encoding="utf-8",
    )
    catalogue = read_ts(path)
    assert catalogue == {("C", "done", ""): ["fait"]}
    compiled = compiled_catalogue("fr", cache=tmp_path / "cache", source=path)
    translator = QTranslator()
    assert translator.load(str(compiled))
    assert translator.translate("C", "done") == "fait"
    assert not translator.translate("C", "draft")
    assert not translator.translate("C", "old")
    # Compiled once, kept while the source is unchanged.
    assert compiled_catalogue("fr", cache=tmp_path / "cache", source=path) == compiled


def test_update_translations_check_reports_complete(tmp_path: Path) -> None:
    if shutil.which("bash") is None:
        pytest.fail("bash is needed for scripts/update-translations", pytrace=False)
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "update-translations"), "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "skillstation_fr.ts:" in result.stdout
    assert "skillstation_es.ts:" in result.stdout


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "trainee 'tom' may not manage user accounts: only coordinators may do this."),
        (
            "fr",
            "apprenant « tom » ne peut pas gérer les comptes utilisateurs : "
            "seuls les coordinateurs peuvent le faire.",
        ),
        (
            "es",
            "alumno «tom» no puede gestionar las cuentas de usuario: "
            "solo los coordinadores pueden hacerlo.",
        ),
    ],
)
def test_refused_service_calls_speak_the_interface_language(
    qtbot: QtBot, english: None, ctx: AppContext, world: World, language: str, expected: str
) -> None:
    install_language(language)
    assert station.i18n.current_language() == language
    ctx.worker.submit(lambda services: services.identity.list_users(world.tom))
    wait_idle(qtbot, ctx)
    assert ctx.message_bar.text == expected


def test_going_back_to_english_restores_english_service_messages(
    qtbot: QtBot, english: None, ctx: AppContext, world: World
) -> None:
    install_language("fr")
    install_language("en")
    assert station.i18n.current_language() == "en"
    ctx.worker.submit(lambda services: services.identity.list_users(world.tom))
    wait_idle(qtbot, ctx)
    assert ctx.message_bar.text.startswith("trainee 'tom' may not manage user accounts")
