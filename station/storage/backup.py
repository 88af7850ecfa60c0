"""Backups of a SkillStation database (restoring one is :mod:`station.storage.restore`).

A live SQLite database must not be copied file by file: a copy taken while a commit is
under way can be torn, and in WAL mode the latest commits may still sit in the ``-wal``
file. :func:`backup` uses SQLite's online backup API (sqlite.org/backup.html), which
copies one consistent snapshot while the station keeps writing. The copy is switched to
a rollback journal (one self-contained file), checked with ``PRAGMA integrity_check``,
synced to disk and only then given its final name, so a backup that exists is complete.

The audit key is copied beside the backup (``<backup>.auditkey``, mode 0600): without it
the backup's audit log cannot be verified. Keep backups as private as the key.

Restoring (:func:`station.storage.restore.restore`) checks a backup (integrity and
schema revision) before touching anything, then moves the current database and its key
aside under a time-stamped name (never deletes them) and puts the backup in place.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from station.files import fsync_path, sync_folder
from station.storage.errors import BackupError
from station.storage.keys import KEY_SUFFIX, key_path_for, read_key_file, write_key_file
from station.storage.paths import create_private_file, resolve_location, sidecar


class HasPath(Protocol):
    """A database as :func:`backup` needs it: where its file is
    (:class:`station.storage.engine.Database` is one)."""

    @property
    def path(self) -> Path: ...


SQLITE_SIDECARS = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class BackupResult:
    """A finished backup: the file, the key copied beside it, what it holds."""

    path: Path
    key_path: Path | None
    revision: str | None
    size_bytes: int

    @property
    def summary(self) -> str:
        text = f"backup written to {self.path} ({self.size_bytes} bytes, integrity ok)"
        if self.key_path is not None:
            text += (
                f"; the audit key was copied to {self.key_path} (mode 0600): keep it as "
                "private as the database"
            )
        else:
            text += "; no audit key was copied, so this backup's audit log cannot be verified"
        return text


def integrity_problems(path: Path) -> list[str]:
    """``PRAGMA integrity_check`` on a database file: an empty list when it is sound."""
    try:
        with closing(sqlite3.connect(path)) as connection:
            rows = connection.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    messages = [str(row[0]) for row in rows]
    return [] if messages == ["ok"] else messages


def file_revision(path: Path) -> str | None:
    """The schema revision stamped in a database file, or None."""
    with closing(sqlite3.connect(path)) as connection:
        try:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.OperationalError:
            return None
    return None if row is None else str(row[0])


def _source_path(db: HasPath | str | os.PathLike[str]) -> Path:
    if isinstance(db, str | os.PathLike):
        return resolve_location(db).path
    return db.path


def copy_database(source: Path, target: Path, busy_timeout_ms: int = 5000) -> None:
    """Copy ``source`` into the new file ``target`` (created with mode 0600) with the
    online backup API, as one snapshot, then make the copy a self-contained
    rollback-journal database."""
    create_private_file(target)
    with (
        closing(sqlite3.connect(source, timeout=busy_timeout_ms / 1000)) as src,
        closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)  # all pages in one step: one consistent snapshot
        dst.execute("PRAGMA journal_mode = DELETE")


def partial_name(final: Path) -> Path:
    return final.with_name(f".{final.name}.{secrets.token_hex(6)}.partial")


def remove_with_sidecars(path: Path) -> None:
    path.unlink(missing_ok=True)
    for suffix in SQLITE_SIDECARS:
        sidecar(path, suffix).unlink(missing_ok=True)


def backup(
    db: HasPath | str | os.PathLike[str],
    out_path: str | os.PathLike[str],
    *,
    overwrite: bool = False,
    copy_key: bool = True,
) -> BackupResult:
    """Back up a database (open or not) to ``out_path`` while it stays in use.

    Refuses to replace an existing file unless ``overwrite``. The copy is checked with
    ``PRAGMA integrity_check`` before it gets its name. With ``copy_key`` the audit key
    is copied to ``<out_path>.auditkey`` with mode 0600.
    """
    source = _source_path(db)
    out = Path(out_path).expanduser().resolve()
    if not source.is_file():
        raise BackupError(f"there is no database at {source} to back up")
    if out == source:
        raise BackupError(f"the backup {out} would overwrite the database itself")
    if out.exists() and not overwrite:
        raise BackupError(f"{out} already exists; choose another file name, or ask to overwrite it")
    if not out.parent.is_dir():
        raise BackupError(f"the folder {out.parent} does not exist")
    key_source = key_path_for(source)
    key: bytes | None = None
    if copy_key and key_source.exists():
        key = read_key_file(key_source)

    partial = partial_name(out)
    try:
        copy_database(source, partial)
        problems = integrity_problems(partial)
        if problems:
            raise BackupError(
                f"the copy of {source} failed its integrity check ({problems[0]}); the "
                "database itself may be damaged: run `PRAGMA integrity_check` on it"
            )
        revision = file_revision(partial)
        fsync_path(partial)
        if overwrite:
            os.replace(partial, out)
        else:
            try:
                os.link(partial, out)
            except FileExistsError as exc:
                raise BackupError(f"{out} appeared while the backup was being made") from exc
        sync_folder(out.parent)
    except sqlite3.Error as exc:
        raise BackupError(f"could not back up {source} to {out}: {exc}") from exc
    except OSError as exc:
        raise BackupError(f"could not write the backup {out}: {exc}") from exc
    finally:
        remove_with_sidecars(partial)

    key_path: Path | None = None
    if key is not None:
        key_path = sidecar(out, KEY_SUFFIX)
        write_key_file(key_path, key, overwrite=overwrite)
    return BackupResult(out, key_path, revision, out.stat().st_size)
