"""Writing an export file whole or not at all: to a temporary file beside the target,
synced, then renamed over it by the caller once the export is audited."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from station.i18n import _
from station.services.errors import InvalidInput


def check_target(out: Path, is_a_folder: str) -> None:
    """Refuse a target whose folder is missing or which is itself a folder.

    ``is_a_folder`` is the translated message for the second case, a template naming
    ``{file}`` (e.g. ``"{file}: this is a folder; give the name of the CSV file"``).
    """
    if not out.parent.is_dir():
        raise InvalidInput(
            [
                _("{folder}: the folder does not exist; create it or choose another").format(
                    folder=out.parent
                )
            ]
        )
    if out.is_dir():
        raise InvalidInput([is_a_folder.format(file=out)])


def write_partial(out: Path, write: Callable[[BinaryIO], object]) -> Path:
    """Call ``write`` with a new temporary file beside ``out``, sync it, and return its
    path; the caller renames it into place (``os.replace``) or removes it."""
    try:
        fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent)
    except OSError as err:
        raise InvalidInput(
            [
                _("{folder}: cannot write there ({reason}); choose another folder").format(
                    folder=out.parent, reason=err.strerror or err
                )
            ]
        ) from err
    partial = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as err:
        partial.unlink(missing_ok=True)
        raise InvalidInput(
            [
                _("{file}: cannot write the file ({reason})").format(
                    file=out, reason=err.strerror or err
                )
            ]
        ) from err
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return partial
