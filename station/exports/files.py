"""Writing an export file whole or not at all: to a temporary file beside the target,
synced, then renamed over it by the caller once the export is audited."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from station.services.errors import InvalidInput


def check_target(out: Path, what: str) -> None:
    """Refuse a target whose folder is missing or which is itself a folder."""
    if not out.parent.is_dir():
        raise InvalidInput(
            [f"{out.parent}: the folder does not exist; create it or choose another"]
        )
    if out.is_dir():
        raise InvalidInput([f"{out}: this is a folder; give the name of the {what}"])


def write_partial(out: Path, write: Callable[[BinaryIO], object]) -> Path:
    """Call ``write`` with a new temporary file beside ``out``, sync it, and return its
    path; the caller renames it into place (``os.replace``) or removes it."""
    try:
        fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent)
    except OSError as err:
        raise InvalidInput(
            [f"{out.parent}: cannot write there ({err.strerror or err}); choose another folder"]
        ) from err
    partial = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as err:
        partial.unlink(missing_ok=True)
        raise InvalidInput([f"{out}: cannot write the file ({err.strerror or err})"]) from err
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return partial
