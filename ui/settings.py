"""The station's settings: a typed record kept as JSON in the user's config directory.

The file carries a ``version``; an older file is brought up to date by the migrations in
:data:`MIGRATIONS`, one step per version, and written back. A newer file (from a later
SkillStation) is read as far as it can be and never overwritten with less. A broken file
is set aside as ``settings.json.broken`` and the defaults are used, with a message, so the
station still starts.

Where the file lives: ``SKILLSTATION_HOME/settings.json`` when that variable is set (one
folder holds everything, as for the database), otherwise ``settings.json`` in the
platform's config directory for SkillStation (``~/.config/skillstation`` on Linux).
Tests isolate both.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir

#: The version written by this SkillStation.
SETTINGS_VERSION = 3
SETTINGS_FILE = "settings.json"
DEFAULT_DEVICE_URL = "sim://cpr?profile=good"
LANGUAGES = ("en", "fr", "es")


class Theme(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


@dataclass(frozen=True)
class Settings:
    """Everything the station remembers between runs.

    ``database_url`` empty means the default database in ``data_dir``; ``data_dir``
    empty means the default data directory. ``language`` empty means "not chosen yet"
    (the first start asks). ``camera`` is a camera index or URL, empty for none.
    """

    data_dir: str = ""
    database_url: str = ""
    device_url: str = DEFAULT_DEVICE_URL
    camera: str = ""
    language: str = ""
    theme: Theme = Theme.SYSTEM
    idle_lock_minutes: int = 5
    bell_sound: bool = True
    visual_bell: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.language and self.language not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
        if not 0 <= self.idle_lock_minutes <= 240:
            raise ValueError("idle lock minutes must be between 0 (never) and 240")

    @property
    def resolved_data_dir(self) -> Path:
        if self.data_dir:
            return Path(self.data_dir).expanduser()
        # Imported here: the storage package loads SQLAlchemy, which the login screen
        # does not need (see ui.app).
        from station.database import data_dir

        return data_dir()

    @property
    def resolved_database(self) -> str:
        """The database location to open: the setting, else ``skillstation.db`` in the
        data directory."""
        if self.database_url:
            return self.database_url
        return str(self.resolved_data_dir / "skillstation.db")

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["theme"] = str(self.theme)
        extra = data.pop("extra")
        return {"version": SETTINGS_VERSION, **extra, **data}


class SettingsError(Exception):
    """The settings file could not be used; the message says which file and why."""


def settings_path() -> Path:
    home = os.environ.get("SKILLSTATION_HOME")
    if home:
        return Path(home).expanduser() / SETTINGS_FILE
    return Path(user_config_dir("skillstation", appauthor=False)) / SETTINGS_FILE


# ---------------------------------------------------------------------- migrations


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 kept one ``lock_after_s`` in seconds and ``dark: bool``."""
    out = dict(data)
    seconds = out.pop("lock_after_s", 300)
    out["idle_lock_minutes"] = max(0, min(240, round(int(seconds) / 60)))
    dark = out.pop("dark", None)
    out["theme"] = "dark" if dark is True else "light" if dark is False else "system"
    return out


def _v2_to_v3(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 had a single ``bell`` switch ("sound", "visual" or "both") and a
    ``device`` key; version 3 splits the bell into two switches and names ``device_url``."""
    out = dict(data)
    bell = out.pop("bell", "both")
    out["bell_sound"] = bell in ("sound", "both")
    out["visual_bell"] = bell in ("visual", "both")
    if "device" in out:
        out["device_url"] = out.pop("device")
    return out


#: ``MIGRATIONS[v]`` turns a version ``v`` mapping into a version ``v + 1`` one.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: _v1_to_v2,
    2: _v2_to_v3,
}


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring a settings mapping of any known version up to :data:`SETTINGS_VERSION`."""
    version = data.get("version", 1)
    if not isinstance(version, int) or version < 1:
        raise SettingsError(f"the settings version {version!r} is not a positive number")
    out = dict(data)
    while version < SETTINGS_VERSION:
        out = MIGRATIONS[version](out)
        version += 1
        out["version"] = version
    return out


def from_mapping(data: dict[str, Any]) -> Settings:
    """Settings from a current-version mapping; unknown keys are kept in ``extra``."""
    known = {f.name for f in fields(Settings)} - {"extra"}
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    defaults = Settings()
    for key, value in data.items():
        if key == "version":
            continue
        if key not in known:
            extra[key] = value
            continue
        expected = type(getattr(defaults, key))
        if key == "theme":
            try:
                values[key] = Theme(value)
            except ValueError as exc:
                raise SettingsError(f"theme must be system, light or dark, not {value!r}") from exc
        elif expected is bool and not isinstance(value, bool):
            raise SettingsError(f"{key} must be true or false, not {value!r}")
        elif expected is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise SettingsError(f"{key} must be a whole number, not {value!r}")
        elif expected is str and not isinstance(value, str):
            raise SettingsError(f"{key} must be text, not {value!r}")
        else:
            values[key] = value
    try:
        return Settings(**values, extra=extra)
    except ValueError as exc:
        raise SettingsError(str(exc)) from exc


class SettingsStore:
    """Loads and saves :class:`Settings` at ``path`` (default :func:`settings_path`).

    ``problem`` holds a one-line message when the file could not be used and defaults
    were taken instead (the GUI shows it in the message bar).
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else settings_path()
        self.problem: str | None = None
        self._newer = False

    def load(self) -> Settings:
        self.problem = None
        if not self.path.exists():
            return Settings()
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(raw, dict):
                raise SettingsError("the file does not hold a JSON object")
            version = raw.get("version", 1)
            self._newer = isinstance(version, int) and version > SETTINGS_VERSION
            if self._newer:
                data = {k: v for k, v in raw.items() if k != "version"}
                settings = from_mapping(data)
            else:
                migrated = migrate(raw)
                settings = from_mapping(migrated)
                if version != SETTINGS_VERSION:
                    self._write(settings)
            return settings
        except (OSError, ValueError, SettingsError) as exc:
            broken = self.path.with_name(self.path.name + ".broken")
            try:
                os.replace(self.path, broken)
                where = f"; it was moved to {broken}"
            except OSError:
                where = ""
            self.problem = f"{self.path}: cannot read the settings ({exc}); using defaults{where}"
            self._newer = False
            return Settings()

    def save(self, settings: Settings) -> None:
        """Write the settings atomically (a crash leaves the old or the new file)."""
        if self._newer:
            raise SettingsError(
                f"{self.path} was written by a newer SkillStation; "
                "update SkillStation to change the settings"
            )
        self._write(settings)

    def _write(self, settings: Settings) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(settings.to_json(), indent=2, sort_keys=True) + "\n"
        fd, tmp = tempfile.mkstemp(prefix=".settings-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def update(self, settings: Settings, **changes: Any) -> Settings:
        """Save ``settings`` with ``changes`` applied and return the new record."""
        new = replace(settings, **changes)
        self.save(new)
        return new
