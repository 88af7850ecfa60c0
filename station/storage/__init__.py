"""The data layer: where SkillStation keeps exam marks, durably and with an audit trail.

- :mod:`.paths` — where the database is; :mod:`.connection` — SQLite settings;
  :mod:`.schema` — Alembic revisions; :mod:`.engine` — :func:`open_database`,
  :class:`Database`; :mod:`.upgrade` — :func:`upgrade`, a backup first.
- :mod:`.models` — the tables; :mod:`.marks` — append-only marks and current values.
- :mod:`.audit` — the hash-chained audit log and :func:`verify`; :mod:`.keys` — its key.
- :mod:`.backup` — online backups and restores.

Services build on these; the GUI and the command line go through the services.
"""

from station.storage.engine import Database, open_database
from station.storage.errors import (
    AuditKeyError,
    BackupError,
    DatabaseBusyError,
    DatabaseNotFoundError,
    DatabaseReplacedError,
    NotASkillStationDatabaseError,
    SchemaTooNewError,
    SchemaTooOldError,
    StorageError,
)
from station.storage.upgrade import UpgradeResult, upgrade

__all__ = [
    "AuditKeyError",
    "BackupError",
    "Database",
    "DatabaseBusyError",
    "DatabaseNotFoundError",
    "DatabaseReplacedError",
    "NotASkillStationDatabaseError",
    "SchemaTooNewError",
    "SchemaTooOldError",
    "StorageError",
    "UpgradeResult",
    "open_database",
    "upgrade",
]
