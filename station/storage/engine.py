"""Opening a database and running transactions on it.

:func:`open_database` resolves where the database is (:mod:`station.storage.paths`),
connects with SkillStation's SQLite settings (:mod:`station.storage.connection`), and
checks the schema revision (:mod:`station.storage.schema`): a new database is created by
running the migrations, never by ``metadata.create_all``, so a new database and an
upgraded one have the same schema; an older database is refused until
``skillstation db upgrade`` (:func:`station.storage.upgrade.upgrade`, which makes a
backup first) has run.

:class:`Database` gives two kinds of sessions. :meth:`Database.write` runs in a
``BEGIN IMMEDIATE`` transaction and commits on exit; :meth:`Database.read` runs in a
deferred transaction, a snapshot that never blocks the writer. Only the services call
them: the GUI calls the services from its one worker thread (``ui.worker``), so its
writes run one after another in the order submitted; the command line calls them on its
own thread.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, event, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from station.storage.connection import BEGIN_OPTION, BUSY_TIMEOUT_MS, is_busy, make_engine
from station.storage.errors import (
    DatabaseBusyError,
    DatabaseNotFoundError,
    DatabaseReplacedError,
    StorageError,
)
from station.storage.keys import load_or_create_key
from station.storage.models import AuditEntry
from station.storage.paths import (
    DatabaseLocation,
    create_private_file,
    resolve_location,
)
from station.storage.schema import (
    check_revision,
    current_revision,
    migrate,
    schema_state,
)


def _refuse_flush(session: Session, flush_context: Any, instances: Any) -> None:
    raise RuntimeError(
        "a session from Database.read() tried to write; make changes in Database.write()"
    )


class Database:
    """An open SkillStation database: the engine and its read and write sessions.

    Objects loaded in a write session stay readable after it commits
    (``expire_on_commit`` is off), so an operation can return what it changed.
    """

    def __init__(
        self, location: DatabaseLocation, engine: Engine, busy_timeout_ms: int = BUSY_TIMEOUT_MS
    ) -> None:
        self.location = location
        self.engine = engine
        self.busy_timeout_ms = busy_timeout_ms
        write_engine = engine.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})
        self.write_sessions: sessionmaker[Session] = sessionmaker(
            write_engine, expire_on_commit=False
        )
        self.read_sessions: sessionmaker[Session] = sessionmaker(engine, expire_on_commit=False)
        event.listen(self.read_sessions, "before_flush", _refuse_flush)
        self._local = threading.local()
        self._identity = _file_identity(location.path)
        self._key: bytes | None = None
        self._key_lock = threading.Lock()

    @property
    def url(self) -> str:
        return self.location.url

    @property
    def path(self) -> Path:
        return self.location.path

    def __repr__(self) -> str:
        return f"Database({str(self.path)!r})"

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session in a ``BEGIN IMMEDIATE`` transaction: committed when the block ends
        normally, rolled back when it raises.

        The write lock is taken on entry, so a second writer waits here (up to the busy
        timeout) rather than failing half-way. When the block has exited, the commit is
        on disk (``synchronous=FULL``). Raises :class:`DatabaseBusyError` when another
        program holds the lock past the timeout, and RuntimeError when nested inside
        another write on the same thread (which could only deadlock).
        """
        if getattr(self._local, "writing", False):
            raise RuntimeError(
                "Database.write() nested inside another write on the same thread; "
                "pass the outer session down instead"
            )
        self._local.writing = True
        try:
            with self.write_sessions() as session, session.begin():
                try:
                    session.connection()
                except OperationalError as exc:
                    if is_busy(exc):
                        raise DatabaseBusyError(
                            f"the database {self.path} is being changed by another program "
                            f"(waited {self.busy_timeout_ms / 1000:g} s for it); close other "
                            "SkillStation windows or commands using it and try again"
                        ) from exc
                    raise
                self._check_same_file()
                yield session
        finally:
            self._local.writing = False

    def _check_same_file(self) -> None:
        """Refuse to write when the file at the database's path is no longer the one this
        program opened (a restore or a copy replaced it): the writes would land in the
        file set aside, not in the database everyone else now uses."""
        if self._identity is not None and _file_identity(self.path) != self._identity:
            raise DatabaseReplacedError(
                f"the database {self.path} was replaced or moved (by a restore?) while "
                "SkillStation had it open; nothing was saved. Close SkillStation and start "
                "it again to use the database now in place"
            )

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session in a deferred transaction: one consistent snapshot for the whole
        block, which never blocks the writer (WAL). Flushing changes in it raises
        RuntimeError; the transaction ends with the block."""
        with self.read_sessions() as session:
            session.begin()
            # Closing (not rolling back) ends the transaction and keeps loaded objects
            # readable after the block, detached.
            yield session

    @property
    def audit_key(self) -> bytes:
        """This database's audit key (:func:`station.storage.keys.load_or_create_key`).

        A missing key file is created only while the audit log is empty: a new key for an
        existing log would make every entry fail verification.
        """
        with self._key_lock:
            if self._key is None:
                with self.read() as session:
                    empty = session.scalar(select(AuditEntry.seq).limit(1)) is None
                self._key = load_or_create_key(self.path, create=empty)
            return self._key

    def revision(self) -> str | None:
        """The schema revision stamped in the database."""
        with self.engine.connect() as connection:
            return current_revision(connection)

    def close(self) -> None:
        """Close the pooled connections (the last one checkpoints the WAL)."""
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


#: Where a session keeps the connection of its current transaction (``session.info``).
_CONNECTION = "skillstation_connection"


def connection_of(session: Session) -> Connection:
    """``session.connection()``, looked up once per transaction: the statements of a hot
    path (a mark runs eight) each skip the session's search for its connection."""
    transaction = session.get_transaction()
    cached: tuple[object, Connection] | None = session.info.get(_CONNECTION)
    if transaction is not None and cached is not None and cached[0] is transaction:
        return cached[1]
    connection = session.connection()
    session.info[_CONNECTION] = (session.get_transaction(), connection)
    return connection


def _file_identity(path: Path) -> tuple[int, int] | None:
    """The (device, inode) of the file at ``path``, or None when there is none."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def open_database(
    url: str | os.PathLike[str] | None = None,
    *,
    create: bool = True,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
) -> Database:
    """Open a SkillStation database, creating it when missing and ``create`` is true.

    ``url`` is a file path or ``sqlite:///`` URL; without it, ``SKILLSTATION_DB`` or the
    default file in the data directory. A new database is migrated to the latest schema
    and gets its audit key file. Raises, with a message for the user:
    :class:`DatabaseNotFoundError`, :class:`NotASkillStationDatabaseError`,
    :class:`SchemaTooOldError` (run ``skillstation db upgrade``) or
    :class:`SchemaTooNewError` (update SkillStation).
    """
    location = resolve_location(url)
    path = location.path
    if path.is_dir():
        raise StorageError(f"{path} is a directory, not a database file")
    if not path.exists() or path.stat().st_size == 0:
        if not create:
            raise DatabaseNotFoundError(f"there is no SkillStation database at {path}")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists():
                create_private_file(path)
        except FileExistsError:
            pass  # another program created it a moment ago
        except OSError as exc:
            raise StorageError(f"cannot create the database {path}: {exc.strerror}") from exc
    engine = make_engine(location, busy_timeout_ms)
    try:
        state = schema_state(engine, location)
        created = False
        if state.revision is None:
            if not create:
                raise DatabaseNotFoundError(f"{path} is an empty database, not a SkillStation one")
            migrate(engine)
            created = True
        else:
            check_revision(state.revision, path)
        database = Database(location, engine, busy_timeout_ms)
        if created:
            # Make the key with the database, so that the first backup carries it.
            database.audit_key  # noqa: B018
        return database
    except BaseException:
        engine.dispose()
        raise
