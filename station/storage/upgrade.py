"""Upgrading an existing database to the latest schema, with a backup made first.

Kept apart from :mod:`station.storage.engine` because it needs both the engine's
migrations and :mod:`station.storage.backup` (which itself opens databases through the
engine): here, above both, no module imports another that imports it back.
"""

from __future__ import annotations

import os
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from station.storage.backup import backup
from station.storage.connection import make_engine
from station.storage.errors import DatabaseNotFoundError, SchemaTooOldError
from station.storage.models import utc_now
from station.storage.paths import resolve_location, sidecar
from station.storage.schema import check_revision, head_revision, migrate, schema_state

__all__ = ["UpgradeResult", "upgrade"]


@dataclass(frozen=True)
class UpgradeResult:
    """What :func:`upgrade` did: revisions before and after, and the backup it made."""

    path: Path
    from_revision: str | None
    to_revision: str
    backup_path: Path | None

    @property
    def changed(self) -> bool:
        return self.from_revision != self.to_revision

    @property
    def summary(self) -> str:
        if not self.changed:
            return f"{self.path} is already at schema revision {self.to_revision}; nothing to do"
        text = (
            f"upgraded {self.path} from schema revision {self.from_revision or '(none)'} "
            f"to {self.to_revision}"
        )
        if self.backup_path is not None:
            text += f"; the database as it was is kept in {self.backup_path}"
        return text


def upgrade(
    db_url: str | os.PathLike[str] | None = None, *, now: datetime | None = None
) -> UpgradeResult:
    """Migrate an existing database to the latest schema.

    Before a migration changes a database that holds tables, a backup is made with
    SQLite's online backup API beside it (``<name>.before-<revision>-<UTC time>.bak``,
    with its audit key). Raises :class:`DatabaseNotFoundError` when there is no
    database and :class:`SchemaTooNewError` when a newer SkillStation wrote it.
    """
    location = resolve_location(db_url)
    if not location.path.is_file():
        raise DatabaseNotFoundError(f"there is no SkillStation database at {location.path}")
    engine = make_engine(location)
    try:
        state = schema_state(engine, location)
        head = head_revision()
        if state.revision == head:
            return UpgradeResult(location.path, head, head, None)
        # An older schema is what upgrading is for; a newer one raises SchemaTooNewError.
        with suppress(SchemaTooOldError):
            check_revision(state.revision, location.path)
        backup_path: Path | None = None
        if state.has_tables:
            stamp = (now or utc_now()).strftime("%Y%m%dT%H%M%SZ")
            backup_path = sidecar(location.path, f".before-{state.revision}-{stamp}.bak")
            backup(location.path, backup_path)
        before, after = migrate(engine)
        return UpgradeResult(location.path, before, after, backup_path)
    finally:
        engine.dispose()
