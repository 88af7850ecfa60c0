"""The SQLite connection settings every SkillStation connection gets.

Every connection is set up on connect (an event hook, so none can be missed):

- ``journal_mode=WAL``: readers do not block the writer and the writer does not block
  readers, so reports can run while a station saves marks. WAL needs every program
  using the database on the same computer: no network file systems
  (sqlite.org/wal.html).
- ``synchronous=FULL``: in WAL mode, NORMAL can lose the last commits on power loss;
  FULL syncs the WAL on every commit and does not (sqlite.org/pragma.html#pragma_synchronous).
  Measured on this kind of machine: about 7,100 single-row commits per second with FULL,
  far above what an exam produces.
- ``foreign_keys=ON``: SQLite leaves foreign keys unenforced unless each connection
  asks (sqlite.org/foreignkeys.html).
- ``busy_timeout=5000``: the default is 0, which fails at once when another connection
  holds the lock; 5 s rides out any commit SkillStation makes.

Transactions: Python's sqlite3 module emits BEGIN on its own and, in its legacy mode,
breaks SAVEPOINT and transactional DDL. SQLAlchemy's documented recipe for pysqlite is
followed instead: the driver's ``isolation_level`` is set to ``None`` on connect and the
engine's ``begin`` event emits BEGIN itself. Write transactions use ``BEGIN IMMEDIATE``
(selected with the :data:`BEGIN_OPTION` execution option): a transaction that reads
first and writes later can fail with SQLITE_BUSY whatever the busy timeout, because
SQLite cannot wait for a lock held by a writer whose snapshot it has already read past
(sqlite.org/lang_transaction.html). Taking the write lock at BEGIN makes a writer wait at
the start, where waiting is safe.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, Engine, ExceptionContext, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import ConnectionPoolEntry

from station.errors import DiskFull
from station.storage.errors import StorageError
from station.storage.paths import DatabaseLocation

#: Milliseconds a connection waits for another one's lock before giving up.
BUSY_TIMEOUT_MS = 5000
#: Execution option naming the BEGIN mode the ``begin`` event emits ("IMMEDIATE").
BEGIN_OPTION = "skillstation_begin"
_BEGIN_MODES = ("DEFERRED", "IMMEDIATE", "EXCLUSIVE")


def _pragma_hook(
    busy_timeout_ms: int,
) -> Callable[[sqlite3.Connection, ConnectionPoolEntry], None]:
    def set_pragmas(dbapi_connection: sqlite3.Connection, record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            # busy_timeout first, so that switching to WAL waits for other connections.
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            row = cursor.execute("PRAGMA journal_mode = WAL").fetchone()
            mode = None if row is None else str(row[0]).lower()
            if mode != "wal":
                raise StorageError(
                    f"SQLite refused WAL journaling (journal mode stays {mode!r}); keep the "
                    "database on a local, writable disk (WAL does not work on network "
                    "file systems)"
                )
            cursor.execute("PRAGMA synchronous = FULL")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()

    return set_pragmas


def _emit_begin(connection: Connection) -> None:
    mode = connection.get_execution_options().get(BEGIN_OPTION, "DEFERRED")
    if mode not in _BEGIN_MODES:
        raise ValueError(f"unknown BEGIN mode {mode!r}")
    connection.exec_driver_sql(f"BEGIN {mode}")


def make_engine(location: DatabaseLocation, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    """An engine whose every connection has SkillStation's settings, and whose "disk
    full" errors come out as :class:`station.errors.DiskFull`."""
    engine = create_engine(location.url, connect_args={"timeout": busy_timeout_ms / 1000})
    event.listen(engine, "connect", _pragma_hook(busy_timeout_ms))
    event.listen(engine, "begin", _emit_begin)
    event.listen(engine, "handle_error", _disk_full_hook(location.path))
    return engine


#: Below this many free bytes, SQLite's vague "disk I/O error" is taken for a full disk
#: (SQLite reports a failed write of the WAL that way when nothing else has it open).
LOW_SPACE_BYTES = 1 << 20


def disk_is_full(exc: BaseException, path: Path) -> bool:
    """Whether a database error means the disk holding ``path`` is full: SQLite's
    SQLITE_FULL ("database or disk is full"), or an I/O error on a disk with (almost)
    no space left."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if not isinstance(orig, sqlite3.Error):
        return False
    code = getattr(orig, "sqlite_errorcode", None)
    if (code is not None and code & 0xFF == sqlite3.SQLITE_FULL) or "disk is full" in str(orig):
        return True
    if (code is not None and code & 0xFF == sqlite3.SQLITE_IOERR) or "disk I/O error" in str(orig):
        try:
            return shutil.disk_usage(path.parent).free < LOW_SPACE_BYTES
        except OSError:
            return False
    return False


def _disk_full_hook(path: Path) -> Callable[[ExceptionContext], BaseException | None]:
    def translate(context: ExceptionContext) -> BaseException | None:
        if disk_is_full(context.original_exception, path):
            return DiskFull(path.parent)
        return None

    return translate


def is_busy(exc: BaseException) -> bool:
    """Whether an error is SQLite's "database is locked/busy"."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    return isinstance(orig, sqlite3.OperationalError) and (
        "locked" in str(orig) or "busy" in str(orig)
    )


def is_not_a_database(exc: BaseException) -> bool:
    """Whether an error is SQLite's "file is not a database"."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    return isinstance(orig, sqlite3.DatabaseError) and "not a database" in str(orig)
