"""Finding definition files in folders and reading them, with what to say about a path
that is missing or cannot be read."""

from __future__ import annotations

import difflib
import os
import stat
from pathlib import Path

from assessments.definitions.problems import Problem
from common.messages import Message

DEFINITION_SUFFIXES = (".yaml", ".yml")


def definition_files(folder: Path) -> list[Path]:
    """The ``*.yaml`` and ``*.yml`` files in ``folder`` and its sub-folders, in name
    order; hidden files and folders are skipped."""
    found: list[Path] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(
            Path(root) / name
            for name in sorted(names)
            if name.lower().endswith(DEFINITION_SUFFIXES) and not name.startswith(".")
        )
    return found


def missing_path_message(path: Path) -> str:
    """What to say about a path that is not there: a broken link, a missing folder, or a
    name close to one that exists."""
    if path.is_symlink():
        return Message(
            "this is a symbolic link that leads to no file ({target}): check the link",
            target=os.readlink(path),
        )
    parent = path.parent
    if not parent.is_dir():
        return Message(
            "no such file or folder (the folder {folder!r} does not exist either): check the path",
            folder=os.fspath(parent),
        )
    # A name never suggests itself (a symbolic link that points to itself is "missing").
    names = [p.name for p in parent.iterdir() if p.name != path.name]
    close = difflib.get_close_matches(path.name, names, n=1, cutoff=0.7)
    if close:
        return Message("no such file or folder: did you mean {guess!r}?", guess=close[0])
    return Message("no such file or folder: check the path")


def read_definition_file(path: Path, shown: str) -> bytes | Problem:
    """The bytes of a definition file, or the problem that stops it being read (missing,
    a folder, a pipe or a device, no permission); ``shown`` names it in the problem."""
    try:
        mode = path.stat().st_mode
    except OSError:
        mode = None  # missing or unreadable: reading it below says which
    if mode is not None and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        # Opening a FIFO would wait for a writer for ever; a device never ends.
        return Problem(
            shown,
            None,
            None,
            Message("this is not a regular file (a device, a pipe or a socket): give a .yaml file"),
        )
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return Problem(shown, None, None, missing_path_message(path))
    except IsADirectoryError:
        return Problem(
            shown,
            None,
            None,
            Message("this is a folder, not a definition file: give a .yaml file"),
        )
    except OSError as err:
        reason = err.strerror or str(err)
        return Problem(
            shown,
            None,
            None,
            Message("cannot read the file ({reason}): check its permissions", reason=reason),
        )
