"""The folder a demo is written to: what an earlier demo left there, the manifest that
marks it as a demo, and the private credentials file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from station.demo.config import MANIFEST_NAME, OUTPUT_NAMES, Account, DemoConfig
from station.errors import UserError
from station.i18n import _

_MANIFEST_KIND = "skillstation-demo"


def prepare_folder(
    folder: Path, *, progress: Callable[[str], None] | None = None
) -> tuple[Path, ...]:
    """Make ``folder`` ready for a new demo; return the files of an earlier demo that
    were removed.

    A demo always starts from a fresh database. The files of an earlier demo (known by
    its ``demo.json``) are removed, after saying so through ``progress``. Anything else
    in the folder is left alone, and a database, roster, results or credentials file the
    demo did not write is never replaced: that raises :class:`UserError`.
    """
    if folder.exists() and not folder.is_dir():
        raise UserError(
            _("{folder} is a file; give a folder for --out (it is created if missing)").format(
                folder=folder
            )
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UserError(
            _("cannot create the folder {folder} ({reason}); choose another --out").format(
                folder=folder, reason=err.strerror or err
            )
        ) from err
    present = [
        folder / name
        for name in OUTPUT_NAMES
        if (folder / name).is_symlink() or (folder / name).exists()
    ]
    if not present:
        return ()
    if not _is_demo_folder(folder):
        names = ", ".join(p.name for p in present)
        raise UserError(
            _(
                "{folder} already holds {names}, not made by `skillstation demo`; nothing was "
                "changed. Give an empty or new folder for --out, or move those files away"
            ).format(folder=folder, names=names)
        )
    if progress is not None:
        names = ", ".join(p.name for p in present)
        progress(
            _("replacing the earlier demo in {folder} (removing {names})").format(
                folder=folder, names=names
            )
        )
    for path in present:
        try:
            path.unlink()
        except OSError as err:
            raise UserError(
                _(
                    "cannot remove {path} of the earlier demo ({reason}); close programs "
                    "using it, or choose another --out"
                ).format(path=path, reason=err.strerror or err)
            ) from err
    return tuple(present)


def _is_demo_folder(folder: Path) -> bool:
    try:
        data = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("kind") == _MANIFEST_KIND


def write_manifest(folder: Path, config: DemoConfig) -> None:
    manifest = {
        "kind": _MANIFEST_KIND,
        "about": "built by `skillstation demo`; running it again on this folder replaces "
        "the files listed here",
        "seed": config.seed,
        "candidates": config.candidates,
        "stations": list(config.stations),
        "exam": config.exam_code,
        "files": list(OUTPUT_NAMES),
    }
    (folder / MANIFEST_NAME).write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def write_private(path: Path, text: str) -> None:
    """Create ``path`` readable by its owner only (0600), whatever the umask."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        if os.name == "posix":
            os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            fd = -1  # the file object owns it now
            handle.write(text)
    finally:
        if fd >= 0:
            os.close(fd)


def credentials_text(exam_code: str, coordinator: Account, examiners: Sequence[Account]) -> str:
    lines = [
        f"# Accounts of the SkillStation demo exam {exam_code}. Keep this file private.",
        "# Sign in with: skillstation --db skillstation.db --user USERNAME COMMAND",
        "# (the PIN or password is asked for, or read from SKILLSTATION_PIN).",
        "",
        "role         username     secret           name",
    ]
    for account in (coordinator, *examiners):
        lines.append(
            f"{account.role.value:<12} {account.username:<12} {account.secret:<16} "
            f"{account.display_name}"
        )
    return "\n".join(lines) + "\n"
