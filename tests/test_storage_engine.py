"""Opening databases: locations, connection settings, transactions, schema revisions."""

from __future__ import annotations

import shutil
import sqlite3
import stat
import threading
from contextlib import closing
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column, Integer, MetaData, Table, select, text
from sqlalchemy.exc import IntegrityError
from test_storage_support import seed

from station.storage import schema
from station.storage.backup import file_revision, integrity_problems
from station.storage.engine import open_database
from station.storage.errors import (
    DatabaseBusyError,
    DatabaseNotFoundError,
    NotASkillStationDatabaseError,
    SchemaTooNewError,
    SchemaTooOldError,
    StorageError,
)
from station.storage.keys import ENV_KEY_FILE
from station.storage.models import Base, Candidate, User
from station.storage.paths import default_db_path, resolve_location
from station.storage.upgrade import upgrade

PRAGMAS = {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1, "busy_timeout": 5000}


@pytest.fixture(autouse=True)
def _no_key_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_KEY_FILE, raising=False)


# --------------------------------------------------------------------------- locations


def test_explicit_location_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SKILLSTATION_DB", str(tmp_path / "env.db"))
    assert resolve_location(tmp_path / "given.db").path == tmp_path / "given.db"
    assert resolve_location(None).path == tmp_path / "env.db"


def test_default_location_is_in_skillstation_home(tmp_path: Path) -> None:
    # conftest points SKILLSTATION_HOME into tmp_path.
    location = resolve_location(None)
    assert location.path == default_db_path()
    assert location.path.name == "skillstation.db"
    assert location.path.is_relative_to(tmp_path)


def test_paths_and_urls_name_the_same_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    by_path = resolve_location("exam.db")
    by_url = resolve_location("sqlite:///exam.db")
    by_abs_url = resolve_location(f"sqlite:///{tmp_path}/exam.db")
    assert by_path == by_url == by_abs_url
    assert by_path.path == tmp_path / "exam.db"


@pytest.mark.parametrize(
    ("location", "message"),
    [
        ("postgresql://host/db", "keeps its data in a SQLite file"),
        ("sqlite://", "in-memory"),
        ("sqlite:///:memory:", "in-memory"),
    ],
)
def test_unusable_locations_are_refused(location: str, message: str) -> None:
    with pytest.raises(StorageError, match=message):
        resolve_location(location)


def test_the_default_database_is_created_with_its_folder() -> None:
    path = default_db_path()
    assert not path.parent.exists()
    with open_database() as db:
        assert db.path == path
    assert path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


# --------------------------------------------------------------------------- settings


def test_settings_are_in_force_on_every_connection(tmp_path: Path) -> None:
    with open_database(tmp_path / "exam.db") as db:
        connections = [db.engine.connect() for _ in range(3)]
        try:
            for connection in connections:
                for name, expected in PRAGMAS.items():
                    assert connection.exec_driver_sql(f"PRAGMA {name}").scalar() == expected
        finally:
            for connection in connections:
                connection.close()
        for session_of in (db.read, db.write):
            with session_of() as session:
                for name, expected in PRAGMAS.items():
                    assert session.execute(text(f"PRAGMA {name}")).scalar() == expected


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    from station.storage.models import Exam

    with (
        open_database(tmp_path / "exam.db") as db,
        pytest.raises(IntegrityError, match="FOREIGN KEY constraint failed"),
        db.write() as s,
    ):
        s.add(Exam(code="X", title="X", created_by="no-such-user"))


# --------------------------------------------------------------------------- transactions


def test_a_write_takes_the_lock_at_begin(tmp_path: Path) -> None:
    """BEGIN IMMEDIATE: a second writer is refused while the first holds an open write
    transaction, even though the first has not written anything yet."""
    path = tmp_path / "exam.db"
    with open_database(path) as first, open_database(path, busy_timeout_ms=0) as second:
        with (
            first.write(),
            pytest.raises(DatabaseBusyError, match="being changed by another program"),
            second.write(),
        ):
            pass  # pragma: no cover - never reached
        with second.write() as s:  # free again once the first committed
            s.add(Candidate(candidate_number="1", family_name="A", given_name="B"))


def test_a_read_is_not_blocked_by_a_writer_and_sees_a_snapshot(tmp_path: Path) -> None:
    path = tmp_path / "exam.db"
    with open_database(path) as writer_db, open_database(path, busy_timeout_ms=0) as reader_db:
        with writer_db.write() as s:
            s.add(Candidate(candidate_number="1", family_name="A", given_name="B"))
        with reader_db.read() as reading:
            assert len(reading.scalars(select(Candidate)).all()) == 1
            with writer_db.write() as s:  # the open read does not block the writer
                s.add(Candidate(candidate_number="2", family_name="C", given_name="D"))
            # The read's snapshot is fixed at its first read.
            assert len(reading.scalars(select(Candidate)).all()) == 1
        with reader_db.read() as reading:
            assert len(reading.scalars(select(Candidate)).all()) == 2


def test_a_write_commits_and_a_failing_write_rolls_back(tmp_path: Path) -> None:
    with open_database(tmp_path / "exam.db") as db:
        with pytest.raises(RuntimeError, match="boom"), db.write() as s:
            s.add(Candidate(candidate_number="1", family_name="A", given_name="B"))
            s.flush()
            raise RuntimeError("boom")
        with db.write() as s:
            s.add(Candidate(candidate_number="2", family_name="A", given_name="B"))
        with db.read() as s:
            assert [c.candidate_number for c in s.scalars(select(Candidate))] == ["2"]
        # Once write() has returned the change is committed: another connection (another
        # program) already sees it.
        with open_database(tmp_path / "exam.db") as other, other.read() as s:
            assert [c.candidate_number for c in s.scalars(select(Candidate))] == ["2"]


def test_a_read_session_cannot_write(tmp_path: Path) -> None:
    with open_database(tmp_path / "exam.db") as db, db.read() as s:
        s.add(Candidate(candidate_number="1", family_name="A", given_name="B"))
        with pytest.raises(RuntimeError, match=r"make changes in Database\.write\(\)"):
            s.flush()


def test_nested_writes_on_one_thread_are_refused(tmp_path: Path) -> None:
    with (
        open_database(tmp_path / "exam.db") as db,
        db.write(),
        pytest.raises(RuntimeError, match="nested"),
        db.write(),
    ):
        pass  # pragma: no cover - never reached


def test_writes_from_two_threads_wait_for_each_other(tmp_path: Path) -> None:
    path = tmp_path / "exam.db"
    with open_database(path) as db:
        inside = threading.Event()
        release = threading.Event()
        done: list[str] = []

        def hold() -> None:
            with db.write() as s:
                s.add(Candidate(candidate_number="first", family_name="A", given_name="B"))
                inside.set()
                release.wait()
            done.append("first")

        thread = threading.Thread(target=hold)
        thread.start()
        inside.wait()
        release.set()
        with db.write() as s:  # waits (busy_timeout) until the thread commits
            s.add(Candidate(candidate_number="second", family_name="A", given_name="B"))
        thread.join()
        with db.read() as s:
            numbers = {c.candidate_number for c in s.scalars(select(Candidate))}
        assert numbers == {"first", "second"}
        assert done == ["first"]


# --------------------------------------------------------------------------- schema


def test_a_new_database_is_migrated_to_head(tmp_path: Path) -> None:
    with open_database(tmp_path / "exam.db") as db:
        assert db.revision() == schema.head_revision() == "0005"
        with db.engine.connect() as connection:
            triggers = connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
            ).scalars()
            assert set(triggers) == {
                "audit_log_no_delete",
                "audit_log_no_update",
                "comment_entries_no_delete",
                "comment_entries_no_update",
                "definitions_no_update",
                "grade_entries_no_delete",
                "grade_entries_no_update",
                "imported_result_withdrawals_no_delete",
                "imported_result_withdrawals_no_update",
                "imported_results_no_delete",
                "imported_results_no_update",
                "item_marks_no_delete",
                "item_marks_no_update",
                "media_consents_no_delete",
                "media_consents_no_update",
                "media_markers_no_delete",
                "media_markers_no_update",
                "scenario_events_no_delete",
                "scenario_events_no_update",
                "standard_settings_no_delete",
                "standard_settings_no_update",
            }


def _diff(db_path: Path, metadata: MetaData) -> list[object]:
    with open_database(db_path) as db, db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))


def test_the_migrations_match_the_models(tmp_path: Path) -> None:
    assert _diff(tmp_path / "exam.db", Base.metadata) == []


def test_the_model_comparison_can_find_a_difference(tmp_path: Path) -> None:
    """Guard for the test above: a model the migrations lack is reported."""
    metadata = MetaData()
    for table in Base.metadata.tables.values():
        table.to_metadata(metadata)
    Table("not_migrated", metadata, Column("id", Integer, primary_key=True))
    diff = _diff(tmp_path / "exam.db", metadata)
    assert [entry[0] for entry in diff if isinstance(entry, tuple)] == ["add_table"]


def test_missing_database_without_create(tmp_path: Path) -> None:
    with pytest.raises(DatabaseNotFoundError, match="there is no SkillStation database at"):
        open_database(tmp_path / "absent.db", create=False)
    assert not (tmp_path / "absent.db").exists()


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are not the marks you are looking for\n" * 200)
    with pytest.raises(NotASkillStationDatabaseError, match="is not a SQLite database"):
        open_database(path)


def test_a_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE songs (title TEXT)")
        connection.commit()
    with pytest.raises(NotASkillStationDatabaseError, match=r"tables \(songs\)"):
        open_database(path)


def test_a_database_from_a_newer_skillstation_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "exam.db"
    open_database(path).close()
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
        connection.commit()
    with pytest.raises(SchemaTooNewError, match="Update SkillStation"):
        open_database(path)
    with pytest.raises(SchemaTooNewError):
        upgrade(path)


def test_upgrade_of_a_current_database_does_nothing(tmp_path: Path) -> None:
    path = tmp_path / "exam.db"
    open_database(path).close()
    result = upgrade(path)
    assert not result.changed
    assert result.backup_path is None
    assert "nothing to do" in result.summary


def test_upgrade_needs_a_database(tmp_path: Path) -> None:
    with pytest.raises(DatabaseNotFoundError):
        upgrade(tmp_path / "absent.db")


SECOND_MIGRATION = '''"""A later revision, for tests: candidates get a notes column."""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("candidates") as batch:
        batch.add_column(sa.Column("notes", sa.Text(), nullable=True))


def downgrade() -> None:
    raise RuntimeError("no downgrades")
'''


def test_an_older_database_is_refused_then_upgraded_with_a_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "exam.db"
    seeded = seed(path)
    seeded.db.close()

    migrations = tmp_path / "migrations"
    shutil.copytree(schema.MIGRATIONS_DIR, migrations, ignore=shutil.ignore_patterns("__pycache__"))
    (migrations / "versions" / "0006_notes.py").write_text(SECOND_MIGRATION)
    monkeypatch.setattr(schema, "MIGRATIONS_DIR", migrations)
    schema._script.cache_clear()
    try:
        with pytest.raises(SchemaTooOldError) as caught:
            open_database(path)
        assert "Run `skillstation db upgrade` first" in str(caught.value)
        assert "revision 0005" in str(caught.value)

        result = upgrade(path, now=seeded.clock())
        assert (result.from_revision, result.to_revision) == ("0005", "0006")
        assert result.backup_path is not None
        assert result.backup_path.name.startswith("exam.db.before-0005-")
        assert str(result.backup_path) in result.summary
        # The backup is the database as it was: sound, at 0001, with its key beside it.
        assert integrity_problems(result.backup_path) == []
        assert file_revision(result.backup_path) == "0005"
        assert (result.backup_path.parent / (result.backup_path.name + ".auditkey")).exists()

        with open_database(path) as db, db.engine.connect() as connection:
            assert db.revision() == "0006"
            columns = [
                row[1] for row in connection.exec_driver_sql("PRAGMA table_info(candidates)")
            ]
            assert "notes" in columns
            # Data survived the table rebuild, foreign keys and triggers included.
            assert connection.exec_driver_sql("SELECT count(*) FROM users").scalar() == 2
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        schema._script.cache_clear()


def test_two_programs_creating_one_database(tmp_path: Path) -> None:
    """The second opener finds the schema the first one made; nothing runs twice."""
    path = tmp_path / "exam.db"
    with open_database(path) as first, open_database(path) as second:
        assert first.revision() == second.revision() == "0005"
        with second.read() as s:
            assert s.scalars(select(User)).all() == []
