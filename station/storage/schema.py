"""Schema revisions: Alembic configured from code, revision checks and migrating.

Alembic is configured programmatically (no ``alembic.ini``), with the migrations found
beside this package, so that upgrades work from an installed SkillStation. A database
records its revision in Alembic's ``alembic_version`` table; SkillStation refuses to use
a database whose revision is older than the code (it must be upgraded, with a backup,
first) or unknown to it (written by a newer SkillStation).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, inspect

from station.storage.connection import BEGIN_OPTION, is_not_a_database
from station.storage.errors import (
    NotASkillStationDatabaseError,
    SchemaTooNewError,
    SchemaTooOldError,
    StorageError,
)
from station.storage.paths import DatabaseLocation

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
UPGRADE_COMMAND = "skillstation db upgrade"


def alembic_config(location: DatabaseLocation | None = None) -> Config:
    """An Alembic configuration built in code.

    To write a new migration, a developer runs::

        from alembic import command
        from station.storage.paths import resolve_location
        from station.storage.schema import alembic_config
        command.revision(alembic_config(resolve_location("dev.db")),
                         message="what changes", autogenerate=True)

    against a database at the current head, then reviews the draft (autogenerate output
    is a starting point: on SQLite, table changes need ``batch_alter_table``).
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    if location is not None:
        config.set_main_option("sqlalchemy.url", location.url.replace("%", "%%"))
    return config


@cache
def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    """The schema revision this version of SkillStation writes."""
    head = _script().get_current_head()
    if head is None:  # pragma: no cover - the package always ships its migrations
        raise RuntimeError(f"no migrations found in {MIGRATIONS_DIR}")
    return head


def is_known_revision(revision: str) -> bool:
    """Whether this version of SkillStation has a migration with that revision."""
    try:
        return _script().get_revision(revision) is not None
    except CommandError:
        return False


def current_revision(connection: Connection) -> str | None:
    """The revision stamped in a database; None when it has none."""
    return MigrationContext.configure(connection).get_current_revision()


@dataclass(frozen=True)
class SchemaState:
    """The revision of a database and whether it holds any tables at all."""

    revision: str | None
    has_tables: bool


def schema_state(engine: Engine, location: DatabaseLocation) -> SchemaState:
    """Read the revision; refuse files that are not SkillStation databases."""
    try:
        with engine.connect() as connection:
            tables = [t for t in inspect(connection).get_table_names() if t != "alembic_version"]
            revision = current_revision(connection)
    except StorageError:
        raise
    except Exception as exc:
        if is_not_a_database(exc):
            raise NotASkillStationDatabaseError(
                f"{location.path} is not a SQLite database; check that the path names "
                "a SkillStation database file"
            ) from exc
        reason = getattr(exc, "orig", None) or exc
        raise StorageError(f"cannot open the database {location.path}: {reason}") from exc
    if revision is None and tables:
        raise NotASkillStationDatabaseError(
            f"{location.path} is a SQLite database but not a SkillStation one: it has "
            f"tables ({', '.join(sorted(tables)[:5])}) and no SkillStation schema revision"
        )
    return SchemaState(revision=revision, has_tables=bool(tables))


def check_revision(revision: str | None, path: Path) -> None:
    """Raise unless ``revision`` is the head this code writes."""
    head = head_revision()
    if revision == head:
        return
    if revision is None or is_known_revision(revision):
        raise SchemaTooOldError(
            f"the database {path} has schema revision {revision or '(none)'}; this version "
            f"of SkillStation needs {head}. Run `{UPGRADE_COMMAND}` first (it makes a "
            "backup before changing anything)."
        )
    raise SchemaTooNewError(
        f"the database {path} has schema revision {revision}, which this version of "
        "SkillStation does not know: a newer SkillStation wrote it. Update SkillStation "
        "on this computer before using this database."
    )


def migrate(engine: Engine) -> tuple[str | None, str]:
    """Run the migrations up to head in one ``BEGIN IMMEDIATE`` transaction; return the
    revisions before and after.

    Follows SQLite's procedure for schema changes (sqlite.org/lang_altertable.html,
    "making other kinds of table schema changes"): foreign keys off outside the
    transaction, migrate, ``PRAGMA foreign_key_check``, commit, foreign keys back on,
    because Alembic's batch mode rebuilds tables on SQLite and that must neither cascade
    nor fail half-way. All migrations and the revision stamp commit together or not at
    all. The revision is read again under the write lock, so two programs creating the
    same new database do not both migrate it.
    """
    head = head_revision()
    with engine.connect() as connection:
        # On the driver connection: SQLAlchemy would open a transaction first, and SQLite
        # ignores this pragma inside one.
        raw = connection.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            connection.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})
            with connection.begin():
                before = current_revision(connection)
                if before != head:
                    config = alembic_config()
                    config.attributes["connection"] = connection
                    command.upgrade(config, "head")
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise StorageError(
                            f"the migration to {head} would leave {len(broken)} broken "
                            f"references (first: table {broken[0][0]}, row {broken[0][1]}); "
                            "nothing was changed"
                        )
        finally:
            if connection.in_transaction():
                connection.rollback()
            raw.execute("PRAGMA foreign_keys = ON")
    return before, head
