"""Errors the storage layer raises for conditions a user can act on.

Each message says what is wrong and what to do, so the command line and the GUI can show
``str(error)`` as it is. Programming errors (a wrong argument type, a broken invariant)
stay ordinary Python exceptions.
"""

from __future__ import annotations


class StorageError(Exception):
    """Something about the database, its key or its backups that the user can fix."""


class DatabaseNotFoundError(StorageError):
    """There is no database where one was expected."""


class NotASkillStationDatabaseError(StorageError):
    """The file is not a SQLite database, or holds tables SkillStation did not create."""


class SchemaTooOldError(StorageError):
    """The database was made by an older SkillStation and must be upgraded first."""


class SchemaTooNewError(StorageError):
    """The database was made by a newer SkillStation than the one running."""


class DatabaseBusyError(StorageError):
    """Another program held the write lock for longer than the busy timeout."""


class DatabaseReplacedError(StorageError):
    """The database file was replaced (a restore) while this program had it open."""


class AuditKeyError(StorageError):
    """The audit key file is missing, unreadable, malformed or too widely readable."""


class BackupError(StorageError):
    """A backup or a restore could not be made safely."""
