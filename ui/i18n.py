"""Translations of the user interface: English (the source), French and Spanish.

The translations live in Qt Linguist ``.ts`` files under ``ui/i18n/`` (one per language,
kept up to date by ``scripts/update-translations``). No compiled ``.qm`` file is shipped:
the first time a language is chosen, Qt's ``lrelease`` (shipped with PySide6) compiles
its ``.ts`` file into the user cache directory (again only when the ``.ts`` file changes),
and a standard QTranslator loads it, so every ``self.tr(...)`` and
``QCoreApplication.translate(...)`` in the interface is translated. Unfinished and obsolete
entries are left out (the English text shows), so a half-done translation never shows a
wrong one.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import PySide6
from platformdirs import user_cache_dir
from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator

import station.i18n as station_i18n

#: The languages the interface ships in, with their names in their own language.
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "fr": "Français", "es": "Español"}
SOURCE_LANGUAGE = "en"
TS_DIR = Path(__file__).resolve().parent / "i18n"


log = logging.getLogger(__name__)


def ts_path(language: str) -> Path:
    return TS_DIR / f"skillstation_{language}.ts"


Catalogue = dict[tuple[str, str, str], list[str]]


def read_ts(path: Path) -> Catalogue:
    """The finished translations of a ``.ts`` file: (context, source, comment) -> forms
    (one form, or the plural forms in order)."""
    catalogue: Catalogue = {}
    root = ET.parse(path).getroot()
    for context in root.iter("context"):
        name = context.findtext("name", default="")
        for message in context.iter("message"):
            source = message.findtext("source", default="")
            comment = message.findtext("comment", default="")
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("unfinished", "obsolete"):
                continue
            if translation.get("type") == "vanished":
                continue
            forms = [f.text or "" for f in translation.findall("numerusform")]
            if not forms:
                forms = [translation.text or ""]
            if any(forms):
                catalogue[(name, source, comment)] = forms
    return catalogue


def _lrelease() -> Path | None:
    """Qt's lrelease, as PySide6 ships it (next to this Python, or inside the package)."""
    here = Path(sys.executable).parent
    for candidate in (
        here / "pyside6-lrelease",
        here / "pyside6-lrelease.exe",
        Path(PySide6.__file__).parent / "lrelease",
        Path(PySide6.__file__).parent / "lrelease.exe",
    ):
        if candidate.exists():
            return candidate
    found = shutil.which("pyside6-lrelease")
    return Path(found) if found else None


def compiled_catalogue(
    language: str, cache: Path | None = None, source: Path | None = None
) -> Path:
    """The ``.qm`` file of ``language``, compiled from its ``.ts`` file by Qt's lrelease
    into the user cache directory the first time (and again whenever the ``.ts`` file
    changes: the file name carries its hash). Unfinished entries are left out."""
    source = source or ts_path(language)
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    folder = cache or Path(user_cache_dir("skillstation", appauthor=False)) / "i18n"
    target = folder / f"skillstation_{language}-{digest}.qm"
    if target.exists():
        return target
    tool = _lrelease()
    if tool is None:
        raise TranslationError("Qt's lrelease is missing (PySide6 ships it); reinstall PySide6")
    folder.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    result = subprocess.run(
        [str(tool), "-silent", "-nounfinished", str(source), "-qm", str(partial)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if result.returncode != 0 or not partial.exists():
        partial.unlink(missing_ok=True)
        raise TranslationError(f"{source}: lrelease failed: {result.stderr.strip()}")
    partial.replace(target)
    for old in folder.glob(f"skillstation_{language}-*.qm"):
        if old != target:
            old.unlink(missing_ok=True)
    return target


class TranslationError(Exception):
    """A translation could not be prepared; the interface stays in English."""


_installed: QTranslator | None = None
_installed_language = SOURCE_LANGUAGE
_qt_installed: QTranslator | None = None


def install_language(language: str) -> str:
    """Translate the interface into ``language`` ("en", "fr" or "es"); returns the
    language installed. Widgets get a ``LanguageChange`` event and re-translate."""
    global _installed, _qt_installed, _installed_language
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication before installing a language")
    if language not in LANGUAGE_NAMES:
        language = SOURCE_LANGUAGE
    station_i18n.set_language(language)
    if _installed is not None:
        QCoreApplication.removeTranslator(_installed)
        _installed = None
    if _qt_installed is not None:
        QCoreApplication.removeTranslator(_qt_installed)
        _qt_installed = None
    _installed_language = SOURCE_LANGUAGE
    if language != SOURCE_LANGUAGE and ts_path(language).exists():
        try:
            catalogue = compiled_catalogue(language)
        except (OSError, subprocess.SubprocessError, TranslationError) as exc:
            log.warning("no %s translation: %s", language, exc)
            return SOURCE_LANGUAGE
        translator = QTranslator()
        if not translator.load(str(catalogue)):
            log.warning("no %s translation: Qt cannot read %s", language, catalogue)
            return SOURCE_LANGUAGE
        QCoreApplication.installTranslator(translator)
        _installed = translator
        _installed_language = language
        # Qt's own texts (standard buttons, context menus), from the .qm files PySide6
        # ships; installed last, so asked first.
        qt = QTranslator()
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt.load(QLocale(language), "qtbase", "_", folder):
            QCoreApplication.installTranslator(qt)
            _qt_installed = qt
    QLocale.setDefault(QLocale(language))
    # Deliver the LanguageChange events now, so every widget shows the new language
    # before this returns.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
    return language


def current_language() -> str:
    return _installed_language


def system_language() -> str:
    """The desktop's language if the interface ships it, else English."""
    name = QLocale.system().name().split("_")[0]
    return name if name in LANGUAGE_NAMES else SOURCE_LANGUAGE


def is_language_change(event: QEvent) -> bool:
    return event.type() == QEvent.Type.LanguageChange


def messages(path: Path) -> list[tuple[str, str, str]]:
    """Every (context, source, comment) a ``.ts`` file holds, translated or not
    (obsolete and vanished entries left out)."""
    found: list[tuple[str, str, str]] = []
    root = ET.parse(path).getroot()
    for context in root.iter("context"):
        name = context.findtext("name", default="")
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = None if translation is None else translation.get("type")
            if kind in ("obsolete", "vanished"):
                continue
            found.append(
                (
                    name,
                    message.findtext("source", default=""),
                    message.findtext("comment", default=""),
                )
            )
    return found


def untranslated(language: str) -> list[tuple[str, str]]:
    """The (context, source) pairs of ``language``'s ``.ts`` file without a finished
    translation."""
    path = ts_path(language)
    done = read_ts(path)
    return [(c, s) for c, s, comment in messages(path) if (c, s, comment) not in done]


def _report(languages: list[str]) -> int:
    missing = 0
    for language in languages:
        path = ts_path(language)
        if not path.exists():
            print(f"{path}: missing; run scripts/update-translations")
            missing += 1
            continue
        todo = untranslated(language)
        total = len(messages(path))
        print(f"{path.name}: {total - len(todo)} of {total} strings translated")
        for context, source in todo:
            print(f"  [{language}] {context}: {source!r}")
        missing += len(todo)
    return 1 if missing else 0


if __name__ == "__main__":
    import sys

    try:
        sys.exit(_report(sys.argv[1:] or [code for code in LANGUAGE_NAMES if code != "en"]))
    except BrokenPipeError:  # the list was piped into a pager or head that stopped reading
        sys.exit(1)
