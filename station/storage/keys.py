"""The audit key: 32 random bytes that sign the audit log.

The key lives in a file beside the database, ``<database>.auditkey``, as 64 hexadecimal
characters (easy to copy to a backup medium, or to paper). ``SKILLSTATION_AUDIT_KEY_FILE``
names another place: keeping the key away from the database file (on a coordinator's
removable drive, say) means a copy of the database alone cannot be re-signed.

The file is created atomically with mode 0600: written to a private temporary file,
synced, then linked into place (``os.link`` fails if the name exists, so two programs
creating the key at once end up with the same one). A key file readable or writable by
group or others is refused: whoever can read the key can rewrite the log undetected.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from station.files import write_bytes
from station.storage.errors import AuditKeyError
from station.storage.paths import sidecar

ENV_KEY_FILE = "SKILLSTATION_AUDIT_KEY_FILE"
KEY_SUFFIX = ".auditkey"
KEY_BYTES = 32


def key_path_for(db_path: Path | None) -> Path:
    """Where the audit key of a database is kept."""
    env = os.environ.get(ENV_KEY_FILE)
    if env:
        return Path(env).expanduser().resolve()
    if db_path is None:
        raise AuditKeyError(
            f"this database is not a file, so its audit key has no default place; set "
            f"{ENV_KEY_FILE} to the path of the key file"
        )
    return sidecar(db_path, KEY_SUFFIX)


def load_or_create_key(db_path: Path | None, *, create: bool = True) -> bytes:
    """Read the audit key of the database at ``db_path``; create it when missing and
    ``create`` is true.

    Raises :class:`AuditKeyError` when the file is missing (and may not be created),
    malformed, or readable by group/others (with the command that fixes it).
    """
    path = key_path_for(db_path)
    if not path.exists():
        if not create:
            raise AuditKeyError(
                f"the audit key file {path} is missing, and the audit log already has "
                "entries signed with it. Restore the key file from the backup it was "
                "copied to (it is kept beside each backup as <backup>.auditkey)."
            )
        _create_key_file(path)
    return read_key_file(path)


def read_key_file(path: Path) -> bytes:
    """Read and check a key file (permissions, then content)."""
    check_key_permissions(path)
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise AuditKeyError(f"cannot read the audit key file {path}: {exc}") from exc
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise AuditKeyError(
            f"{path} is not a SkillStation audit key (expected {KEY_BYTES * 2} hexadecimal "
            "characters); restore the right key file from a backup"
        )
    return key


def check_key_permissions(path: Path) -> None:
    """Refuse a key file that group or others may read or write (POSIX only)."""
    if os.name != "posix":
        return
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise AuditKeyError(f"cannot read the audit key file {path}: {exc.strerror}") from exc
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise AuditKeyError(
            f"the audit key file {path} can be accessed by other users (mode "
            f"{stat.S_IMODE(mode):04o}); anyone who reads it can forge the audit log. "
            f"Make it private with: chmod 600 '{path}'"
        )


def write_key_file(path: Path, key: bytes, *, overwrite: bool = False) -> None:
    """Write ``key`` to ``path`` atomically with mode 0600."""
    if len(key) != KEY_BYTES:
        raise ValueError(f"an audit key has {KEY_BYTES} bytes, not {len(key)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    # Never clobber a key unless asked: FileExistsError if the name is taken.
    write_bytes(path, (key.hex() + "\n").encode("ascii"), exclusive=not overwrite)


def _create_key_file(path: Path) -> None:
    try:
        write_key_file(path, secrets.token_bytes(KEY_BYTES))
    except FileExistsError:
        pass  # another program created it first; use theirs
    except OSError as exc:
        raise AuditKeyError(f"cannot create the audit key file {path}: {exc}") from exc
