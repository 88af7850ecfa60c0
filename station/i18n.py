"""Translations of the command line and of the messages the services raise, without Qt.

A message is looked up by its English text (the message id) in a per-language catalog,
a plain Python dict in :mod:`station.locale` (``station/locale/fr.py``, ``es.py``). A
message with no entry is shown in English. Messages that hold values are translated as
templates and formatted afterwards, e.g. ``_("exam {code!r} is not running").format(code=c)``.

The language is, in order of precedence: the one set with :func:`set_language` (the
command line's ``--lang`` option, the GUI's language setting), the ``SKILLSTATION_LANG``
environment variable, then the POSIX locale variables ``LC_ALL``, ``LC_MESSAGES`` and
``LANG`` (``fr_*`` gives French, ``es_*`` Spanish, anything else English).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Mapping

#: The languages with a catalog, besides English (the language of the message ids).
LANGUAGES: tuple[str, ...] = ("en", "fr", "es")

_chosen: str | None = None
_catalogs: dict[str, Mapping[str, str]] = {}


def normalize(code: str | None) -> str | None:
    """The supported language a code or locale name stands for, or None.

    ``"fr"``, ``"fr_CA.UTF-8"`` and ``"FR"`` give ``"fr"``; ``"C"``, ``"de_DE"`` and
    ``""`` give None.
    """
    if not code:
        return None
    base = code.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return base if base in LANGUAGES else None


def _from_environment() -> str:
    explicit = normalize(os.environ.get("SKILLSTATION_LANG"))
    if explicit is not None:
        return explicit
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            # The first variable that is set decides, as POSIX does.
            return normalize(value) or "en"
    return "en"


def set_language(code: str | None) -> None:
    """Use the language ``code`` ("en", "fr", "es"); None goes back to the environment's.

    An unsupported code raises ValueError.
    """
    global _chosen
    if code is None:
        _chosen = None
        return
    language = normalize(code)
    if language is None or language != code.strip().lower():
        raise ValueError(f"unsupported language {code!r}; use one of {', '.join(LANGUAGES)}")
    _chosen = language


def current_language() -> str:
    """The language messages are shown in now."""
    return _chosen if _chosen is not None else _from_environment()


def catalog(language: str) -> Mapping[str, str]:
    """The catalog of ``language`` (empty for English), loaded once."""
    if language == "en":
        return {}
    if language not in _catalogs:
        module = importlib.import_module(f"station.locale.{language}")
        _catalogs[language] = module.MESSAGES
    return _catalogs[language]


def _(message: str) -> str:
    """``message`` in the current language; the English text when it has no translation."""
    language = current_language()
    if language == "en":
        return message
    return catalog(language).get(message, message)


def gettext(message: str) -> str:
    """The same as :func:`_`, under its conventional long name."""
    return _(message)
