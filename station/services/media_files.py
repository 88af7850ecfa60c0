"""The files of a recording: safe folder names, a path kept inside the media folder,
and the names a recording's files take (``NAME-001.avi``, ``NAME-001.mp4``,
``NAME-001.frames.csv``, ``NAME.markers.csv``). No database.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

from station.i18n import _
from station.services.errors import Conflict

_UNSAFE: Final = re.compile(r"[^A-Za-z0-9._-]+")
#: A file of a recording: ``NAME-001.avi``, ``NAME-001.mp4``, ``NAME-001.frames.csv``,
#: ``NAME.markers.csv``.
FILE_OF: Final = re.compile(
    r"(?P<name>.+?)(?:-(?P<segment>\d{3,})\.(?:avi|mp4|frames\.csv)|\.markers\.csv)"
)
VIDEO: Final = re.compile(r"\.(?:avi|mp4)$")


def safe_component(text: str) -> str:
    """``text`` as one folder name: letters, digits, ``.``, ``_`` and ``-`` only, never
    starting with a dot (so never ``..``), at most 80 characters."""
    cleaned = _UNSAFE.sub("_", text).lstrip(".")[:80]
    return cleaned or "_"


def inside(root: Path, path: Path, *, what: str) -> Path:
    """``path`` if it resolves (links followed) to a place inside ``root``; else
    Conflict saying so: the station never touches anything outside its media folder."""
    base = root.resolve()
    resolved = path.resolve()
    if resolved == base or not resolved.is_relative_to(base):
        raise Conflict(
            _(
                "{what} ({path}) leads outside the media folder {root}; nothing was changed. "
                "Check that folder by hand"
            ).format(what=what, path=path, root=base)
        )
    return path


def new_name(kind: str, taken: set[str], folder: Path) -> str:
    """The first free name ``KIND-NN`` in ``folder`` not in ``taken``."""
    existing = {recording_name(p.name) for p in folder.iterdir()} if folder.is_dir() else set()
    number = 1
    while True:
        name = f"{kind}-{number:02d}"
        if name not in taken and name not in existing:
            return name
        number += 1


def recording_name(filename: str) -> str:
    """The recording name a file belongs to (``video-01-002.avi`` → ``video-01``)."""
    match = FILE_OF.fullmatch(filename)
    if match is None:
        return filename
    return match.group("name")


def segment_number(filename: str) -> int:
    """The segment number of a recording file (0 for the markers file)."""
    match = FILE_OF.fullmatch(filename)
    return int(match.group("segment")) if match and match.group("segment") else 0
