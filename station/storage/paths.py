"""Where the database lives: turning what the user gave into one SQLite file.

The order is: an explicit location (command line, settings) wins, then the environment
variable ``SKILLSTATION_DB``, then ``skillstation.db`` in the user data directory. The
data directory is the platform's usual place (``platformdirs.user_data_dir``) unless
``SKILLSTATION_HOME`` names another one, which is how tests, portable installs and
exam-day laptops with a dedicated data partition keep their data apart.

A location may be a plain file path or a ``sqlite:///`` URL. Both end up as an absolute
file path, because the audit key file and the backups are placed beside the database and
must not move when the working directory changes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from station.storage.errors import StorageError

ENV_HOME = "SKILLSTATION_HOME"
ENV_DB = "SKILLSTATION_DB"
DEFAULT_DB_NAME = "skillstation.db"
APP_NAME = "skillstation"


@dataclass(frozen=True)
class DatabaseLocation:
    """A resolved database: the SQLAlchemy URL and the file it names."""

    url: str
    path: Path


def data_dir() -> Path:
    """The directory SkillStation keeps its data in (not created here)."""
    home = os.environ.get(ENV_HOME)
    if home:
        return Path(home).expanduser().resolve()
    return Path(user_data_dir(APP_NAME, appauthor=False)).resolve()


def default_db_path() -> Path:
    """``skillstation.db`` in :func:`data_dir`."""
    return data_dir() / DEFAULT_DB_NAME


def resolve_location(location: str | os.PathLike[str] | None = None) -> DatabaseLocation:
    """Resolve an explicit location, else ``SKILLSTATION_DB``, else the default file.

    Raises :class:`StorageError` for what SkillStation cannot store exam marks in: other
    database servers and in-memory SQLite (which each connection would see empty).
    """
    if location is None or str(location) == "":
        env = os.environ.get(ENV_DB)
        location = env if env else default_db_path()
    text = os.fspath(location)
    if "://" not in text:
        path = Path(text).expanduser().resolve()
        return DatabaseLocation(url=_sqlite_url(path), path=path)
    try:
        url = make_url(text)
    except ArgumentError as exc:
        raise StorageError(
            f"{text!r} is neither a file path nor a database URL; give a path such as "
            f"/data/skillstation.db or a URL such as sqlite:////data/skillstation.db"
        ) from exc
    if url.get_backend_name() != "sqlite":
        raise StorageError(
            f"SkillStation keeps its data in a SQLite file; {url.render_as_string()!r} is "
            f"a {url.get_backend_name()} URL. Give a file path or a sqlite:/// URL."
        )
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file::memory:"):
        raise StorageError(
            "an in-memory SQLite database cannot hold exam marks (nothing would survive "
            "the program, and each connection would see its own empty database); give a "
            "file path instead"
        )
    if url.query.get("uri") or database.startswith("file:"):
        raise StorageError(
            f"SQLite URI file names ({text!r}) are not supported; give a plain file path"
        )
    path = Path(database).expanduser().resolve()
    return DatabaseLocation(url=_sqlite_url(path), path=path)


def _sqlite_url(path: Path) -> str:
    return URL.create("sqlite+pysqlite", database=str(path)).render_as_string()


def sidecar(path: Path, suffix: str) -> Path:
    """A file beside ``path`` named ``<name><suffix>`` (``x.db`` → ``x.db.auditkey``)."""
    return path.with_name(path.name + suffix)


def create_private_file(path: Path) -> None:
    """Create an empty file readable only by its owner (mode 0600), failing if it
    exists. SQLite opens an empty file as a new database and gives its ``-wal`` and
    ``-shm`` files the same permissions, so the marks and names in it stay private."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
