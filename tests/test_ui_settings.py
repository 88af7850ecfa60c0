"""The settings store (versions, migrations, broken and newer files), the settings
window and the themes."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import UserDirs
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from test_services_support import World

from ui.context import AppContext
from ui.settings import (
    DEFAULT_DEVICE_URL,
    SETTINGS_VERSION,
    Settings,
    SettingsError,
    SettingsStore,
    Theme,
    migrate,
    settings_path,
)
from ui.theme import Status, apply_theme, status_style
from ui.widgets.settings_dialog import SettingsDialog

pytest_plugins = ["ui_support"]  # the ctx and world fixtures


def write(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_the_settings_live_in_the_isolated_folder(user_dirs: UserDirs) -> None:
    assert settings_path() == user_dirs.skillstation / "settings.json"


def test_defaults_on_a_new_machine(user_dirs: UserDirs) -> None:
    store = SettingsStore()
    settings = store.load()
    assert settings == Settings()
    assert settings.device_url == DEFAULT_DEVICE_URL == "sim://cpr?profile=good"
    assert settings.language == ""  # the first start asks
    assert settings.resolved_database == str(user_dirs.skillstation / "skillstation.db")
    assert store.problem is None
    assert not store.path.exists()  # nothing written until something is chosen


def test_round_trip_keeps_every_field_and_unknown_keys(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "s.json")
    chosen = Settings(
        data_dir=str(tmp_path / "data"),
        database_url=str(tmp_path / "exam.db"),
        device_url="/dev/ttyUSB0",
        camera="0",
        language="es",
        theme=Theme.DARK,
        idle_lock_minutes=12,
        bell_sound=False,
        visual_bell=True,
        extra={"window_geometry": "abc"},
    )
    store.save(chosen)
    raw = json.loads(store.path.read_text(encoding="utf-8"))
    assert raw["version"] == SETTINGS_VERSION
    assert raw["window_geometry"] == "abc"
    assert SettingsStore(store.path).load() == chosen


def test_a_version_1_file_is_migrated_and_written_back(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    write(path, {"lock_after_s": 600, "dark": True, "bell": "visual", "language": "fr"})
    store = SettingsStore(path)
    settings = store.load()
    assert settings.idle_lock_minutes == 10
    assert settings.theme is Theme.DARK
    assert settings.bell_sound is False
    assert settings.visual_bell is True
    assert settings.language == "fr"
    assert store.problem is None
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == SETTINGS_VERSION


def test_a_version_2_file_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    write(
        path,
        {
            "version": 2,
            "idle_lock_minutes": 3,
            "theme": "light",
            "bell": "sound",
            "device": "loop://",
        },
    )
    settings = SettingsStore(path).load()
    assert settings.idle_lock_minutes == 3
    assert settings.theme is Theme.LIGHT
    assert (settings.bell_sound, settings.visual_bell) == (True, False)
    assert settings.device_url == "loop://"


def test_migrations_chain_from_every_old_version() -> None:
    for version in range(1, SETTINGS_VERSION):
        out = migrate({"version": version})
        assert out["version"] == SETTINGS_VERSION
    with pytest.raises(SettingsError, match="positive number"):
        migrate({"version": 0})


def test_a_newer_file_is_read_but_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    write(path, {"version": SETTINGS_VERSION + 1, "language": "fr", "new_thing": [1, 2]})
    store = SettingsStore(path)
    settings = store.load()
    assert settings.language == "fr"
    assert settings.extra == {"new_thing": [1, 2]}
    before = path.read_text(encoding="utf-8")
    with pytest.raises(SettingsError, match="newer SkillStation"):
        store.save(replace(settings, language="es"))
    assert path.read_text(encoding="utf-8") == before


@pytest.mark.parametrize(
    ("content", "why"),
    [
        ("{not json", "cannot read the settings"),
        ("[1, 2]", "JSON object"),
        ('{"version": 3, "idle_lock_minutes": "ten"}', "whole number"),
        ('{"version": 3, "theme": "pink"}', "theme must be"),
        ('{"version": 3, "language": "de"}', "language must be"),
        ('{"version": 3, "bell_sound": "yes"}', "true or false"),
    ],
)
def test_a_broken_file_is_set_aside_with_a_message(tmp_path: Path, content: str, why: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(content, encoding="utf-8")
    store = SettingsStore(path)
    assert store.load() == Settings()
    assert store.problem is not None
    assert str(path) in store.problem
    assert why in store.problem
    assert "using defaults" in store.problem
    assert (tmp_path / "settings.json.broken").read_text(encoding="utf-8") == content
    store.save(Settings(language="en"))  # the station can save new settings again
    assert SettingsStore(path).load().language == "en"


def test_values_are_checked() -> None:
    with pytest.raises(ValueError, match="idle lock"):
        Settings(idle_lock_minutes=-1)
    with pytest.raises(ValueError, match="language"):
        Settings(language="xx")


# --------------------------------------------------------------------------- window


def test_the_settings_window_is_non_modal_and_saves(
    qtbot: QtBot, ctx: AppContext, world: World
) -> None:
    ctx.actor = world.eli
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.isModal()
    # Station settings belong to coordinators.
    assert not dialog.station.isEnabled()
    dialog.idle.setValue(7)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    with qtbot.waitSignal(ctx.signals.settings_changed):
        dialog.apply()
    assert ctx.settings.idle_lock_minutes == 7
    assert ctx.settings.theme is Theme.DARK
    assert SettingsStore().load().idle_lock_minutes == 7
    assert dialog.problem.text().startswith("✔")


def test_the_settings_window_refuses_no_bell_at_all(
    qtbot: QtBot, ctx: AppContext, world: World
) -> None:
    ctx.actor = world.cora
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.station.isEnabled()
    dialog.bell_sound.setChecked(False)
    dialog.visual_bell.setChecked(False)
    dialog.apply()
    assert "visual bell" in dialog.problem.text()
    assert ctx.settings.bell_sound is True
    dialog.visual_bell.setChecked(True)
    dialog.device.setText("")
    dialog.apply()
    assert "manikin URL" in dialog.problem.text()
    dialog.device.setText("loop://")
    dialog.apply()
    assert ctx.settings.device_url == "loop://"
    assert ctx.settings.bell_sound is False


# --------------------------------------------------------------------------- themes


def test_themes_switch_palettes(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert apply_theme(app, Theme.DARK) is Theme.DARK
    dark = app.palette().window().color().lightness()
    assert apply_theme(app, Theme.LIGHT) is Theme.LIGHT
    light = app.palette().window().color().lightness()
    assert dark < 80 < 200 < light
    assert apply_theme(app, Theme.SYSTEM) in (Theme.LIGHT, Theme.DARK)


def test_every_status_has_a_symbol_and_a_label_besides_its_colour() -> None:
    symbols = set()
    for status in Status:
        colour, symbol, label = status_style(status)
        assert colour.isValid()
        assert symbol.strip()
        assert label.strip()
        symbols.add((symbol, label))
    assert len(symbols) == len(Status)  # no two statuses look alike
    colour, symbol, label = status_style("something-new")
    assert (symbol, label) == ("?", "something-new")


def test_the_stations_table_keeps_its_rows_in_view_after_apply(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """A new station's practice exam has five stations; its table in the coordinator's
    Exams section shows them all, before and after the settings are applied (the theme
    restyles every widget) in either theme."""
    from test_services_support import T0, make_services
    from ui_support import close_context, make_context, wait_idle

    from common.clock import FakeClock
    from station.firstrun import first_run_setup
    from ui.mainwindow import MainWindow

    clock = FakeClock(start_wall=T0)
    services = make_services(tmp_path / "new.db", clock)
    accounts = first_run_setup(services, starts_at=T0)
    assert accounts is not None
    coordinator = services.identity.authenticate(
        accounts.coordinator, accounts.coordinator_password
    )
    ctx = make_context(services, clock)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, Theme.LIGHT)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1264, 752)
    window.show()
    try:
        window.sign_in(coordinator)
        wait_idle(qtbot, ctx)
        console = window.session.content  # type: ignore[union-attr]
        console.tabs.setCurrentWidget(console.exams)
        table = console.exams.stations_table
        qtbot.waitUntil(lambda: table.rowCount() == 5)

        def all_rows_shown() -> bool:
            last = table.rowCount() - 1
            return (
                not table.verticalScrollBar().isVisible()
                and table.rowViewportPosition(last) + table.rowHeight(last)
                <= table.viewport().height()
            )

        qtbot.waitUntil(all_rows_shown)
        for theme in (Theme.LIGHT, Theme.DARK, Theme.LIGHT):
            window.open_settings()
            dialog = window.settings_dialog
            assert dialog is not None
            dialog.theme.setCurrentIndex(dialog.theme.findData(str(theme)))
            dialog.apply()
            dialog.close()
            qtbot.waitUntil(all_rows_shown)
        window.close()
    finally:
        apply_theme(app, Theme.LIGHT)
        close_context(ctx)
