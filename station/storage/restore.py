"""Restoring a backup made by :func:`station.storage.backup.backup`: the copy is checked
(integrity, a known schema revision, its audit trail verified with the key beside it)
before anything is touched, and the database it replaces is moved aside, never deleted.
A database another program holds open is never replaced.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from station.files import fsync_path, sync_folder
from station.storage.audit import verify
from station.storage.backup import (
    SQLITE_SIDECARS,
    copy_database,
    file_revision,
    integrity_problems,
    partial_name,
    remove_with_sidecars,
)
from station.storage.engine import open_database
from station.storage.errors import AuditKeyError, BackupError
from station.storage.keys import KEY_SUFFIX, key_path_for, read_key_file, write_key_file
from station.storage.models import utc_now
from station.storage.paths import resolve_location, sidecar
from station.storage.schema import head_revision, is_known_revision


@dataclass(frozen=True)
class RestoreResult:
    """A finished restore: what was put in place and where the old files went."""

    db_path: Path
    backup_path: Path
    revision: str | None
    moved_aside: tuple[Path, ...]
    key_restored: bool

    @property
    def needs_upgrade(self) -> bool:
        return self.revision != head_revision()

    @property
    def summary(self) -> str:
        parts = [f"restored {self.db_path} from {self.backup_path}"]
        if self.moved_aside:
            parts.append("the previous files were kept as " + ", ".join(map(str, self.moved_aside)))
        if not self.key_restored:
            parts.append(
                "the backup had no audit key beside it: copy its .auditkey file next to the "
                "database before verifying the audit log"
            )
        if self.needs_upgrade:
            parts.append("the backup has an older schema: run `skillstation db upgrade`")
        return "; ".join(parts)


def restore(
    backup_path: str | os.PathLike[str],
    db_path: str | os.PathLike[str] | None = None,
    *,
    now: datetime | None = None,
) -> RestoreResult:
    """Replace the database at ``db_path`` (default: the usual one) with a backup.

    The backup is copied and checked first (integrity, a schema revision this
    SkillStation knows, and its audit trail verified with the key beside it); nothing is
    touched if that fails. The current database, its
    ``-wal``/``-shm`` files and its audit key are then moved aside as
    ``<name>.replaced-<UTC time>`` and the checked copy takes their place, with the
    backup's key. Close SkillStation before restoring: a database still in use is refused.
    """
    source = Path(backup_path).expanduser().resolve()
    target = resolve_location(db_path).path
    if not source.is_file():
        raise BackupError(f"there is no backup at {source}")
    if source == target:
        raise BackupError(f"{source} is the database itself, not a backup of it")
    backup_key_path = sidecar(source, KEY_SUFFIX)
    key: bytes | None = None
    if backup_key_path.exists():
        try:
            key = read_key_file(backup_key_path)
        except AuditKeyError as exc:
            raise BackupError(f"the backup's audit key cannot be used: {exc}") from exc

    target.parent.mkdir(parents=True, exist_ok=True)
    partial = partial_name(target)
    try:
        try:
            copy_database(source, partial)
        except sqlite3.DatabaseError as exc:
            if "not a database" in str(exc):
                raise BackupError(f"{source} is not a SQLite database, so not a backup") from exc
            raise BackupError(f"the backup {source} is damaged ({exc}); try another one") from exc
        problems = integrity_problems(partial)
        if problems:
            raise BackupError(f"the backup {source} is damaged ({problems[0]}); try another one")
        revision = file_revision(partial)
        if revision is None:
            raise BackupError(f"{source} is not a SkillStation backup (no schema revision)")
        if not is_known_revision(revision):
            raise BackupError(
                f"the backup {source} has schema revision {revision}, written by a newer "
                "SkillStation; update SkillStation before restoring it"
            )
        if key is not None and revision == head_revision():
            problem = _audit_problem(partial, key)
            if problem is not None:
                raise BackupError(
                    f"the backup {source} fails its audit check with its key ({problem}): "
                    "it was changed after it was made, or the key is not its own; nothing "
                    "was replaced"
                )
        fsync_path(partial)
        stamp = (now or utc_now()).strftime("%Y%m%dT%H%M%SZ")
        moved = _move_aside(target, stamp)
        os.replace(partial, target)
        if key is not None:
            write_key_file(key_path_for(target), key)
        sync_folder(target.parent)
    finally:
        remove_with_sidecars(partial)
    return RestoreResult(target, source, revision, tuple(moved), key is not None)


#: Where SQLite's unix VFS keeps its "dead man switch" lock in the ``-shm`` file: every
#: connection that has the database open in WAL mode holds a shared lock on this byte
#: for as long as it is open, whether or not it is in a transaction (sqlite.org's
#: os_unix.c, UNIX_SHM_DMS = (22 + SQLITE_SHM_NLOCK) * 4 + SQLITE_SHM_NLOCK).
_SHM_DMS_BYTE = 128


def open_elsewhere(db_path: Path) -> bool:
    """Whether another process has the database open (idle or not).

    Asks the kernel who holds a lock on the ``-shm`` file's dead man switch byte
    (``fcntl(F_GETLK)``, which takes no lock itself). No ``-shm`` file means no program
    has the WAL database open. A ``PRAGMA wal_checkpoint`` would see only a connection
    inside a transaction, and miss an idle station keeping its connection.
    """
    shm = sidecar(db_path, "-shm")
    try:
        fd = os.open(shm, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        import fcntl
        import struct

        request = struct.pack("hhqqi4x", fcntl.F_WRLCK, os.SEEK_SET, _SHM_DMS_BYTE, 1, 0)
        answer = fcntl.fcntl(fd, fcntl.F_GETLK, request)
        held: int = struct.unpack("hhqqi4x", answer)[0]
        return held != fcntl.F_UNLCK
    finally:
        os.close(fd)


def _in_a_transaction(target: Path) -> bool:
    """Whether a connection (of this process too, which the lock test cannot see) is
    inside a transaction on the database: then the WAL cannot be checkpointed."""
    with closing(sqlite3.connect(target, timeout=0)) as connection:
        try:
            busy, _, _ = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.OperationalError:
            busy = 1
    return bool(busy)


def _audit_problem(path: Path, key: bytes) -> str | None:
    """The first problem :func:`station.storage.audit.verify` finds in the database file
    at ``path`` with ``key``, or None when its audit trail holds."""
    with open_database(path, create=False) as db:
        result = verify(db, key)
    return None if result.ok else str(result.problem)


def _move_aside(target: Path, stamp: str) -> list[Path]:
    """Move the database, its SQLite side files and its key to ``.replaced-<stamp>``
    names; refuse when another program is using the database."""
    moved: list[Path] = []
    if not target.exists():
        return moved
    if open_elsewhere(target) or _in_a_transaction(target):
        raise BackupError(
            f"the database {target} is open in another program (a station, a window or a "
            "command, even an idle one); close SkillStation everywhere and restore again"
        )
    aside = sidecar(target, f".replaced-{stamp}")
    if aside.exists():
        raise BackupError(f"{aside} already exists; wait a second and restore again")
    renames = [(target, aside)]
    renames += [(sidecar(target, s), sidecar(aside, s)) for s in SQLITE_SIDECARS]
    renames.append((key_path_for(target), sidecar(aside, KEY_SUFFIX)))
    for old, new in renames:
        if old.exists():
            os.replace(old, new)
            moved.append(new)
    return moved
