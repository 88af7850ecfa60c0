"""Alembic environment for SkillStation, configured from code (no alembic.ini).

SkillStation runs migrations through :func:`station.storage.schema.migrate`, which hands
over a connection already inside a ``BEGIN IMMEDIATE`` transaction (with foreign keys
off, as SQLite's procedure for schema changes asks); every migration then runs in that
one transaction. Run by hand (``alembic_config(location)`` with ``command.revision`` or
``command.upgrade``), the environment connects to the configured URL itself.

``render_as_batch`` makes autogenerate write ``batch_alter_table`` blocks, which SQLite
needs for most table changes (it rebuilds the table: "move and copy").
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from station.storage.connection import make_engine
from station.storage.models import Base
from station.storage.paths import resolve_location

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    location = resolve_location(config.get_main_option("sqlalchemy.url"))
    engine = make_engine(location)
    try:
        with engine.connect() as own:
            _run(own)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("SkillStation migrations run against a database, not offline as SQL text")
run_migrations_online()
