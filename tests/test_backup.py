"""Backups made while the station writes, and restores that keep what they replace."""

from __future__ import annotations

import sqlite3
import stat
import threading
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import select
from test_storage_support import T0, Seeded, seed

from station.storage.audit import verify
from station.storage.backup import backup, file_revision, integrity_problems
from station.storage.engine import open_database
from station.storage.errors import BackupError
from station.storage.keys import ENV_KEY_FILE
from station.storage.marks import append_item_mark
from station.storage.models import ItemMark
from station.storage.restore import restore


@pytest.fixture(autouse=True)
def _no_key_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_KEY_FILE, raising=False)


def key_file(path: Path) -> Path:
    return path.with_name(path.name + ".auditkey")


def add_marks(seeded: Seeded, count: int, item: str = "wet") -> None:
    with seeded.db.write() as s:
        for _ in range(count):
            append_item_mark(
                s,
                seeded.key,
                actor=seeded.examiner_actor,
                encounter_id=seeded.encounter.id,
                item_id=item,
                value="done",
            )


def mark_revisions(db_path: Path) -> list[int]:
    with closing(sqlite3.connect(db_path)) as connection:
        rows = connection.execute("SELECT revision FROM item_marks ORDER BY revision").fetchall()
    return [row[0] for row in rows]


# --------------------------------------------------------------------------- backup


def test_a_backup_taken_while_the_station_writes_is_consistent(tmp_path: Path) -> None:
    seeded = seed(tmp_path / "exam.db")
    out = tmp_path / "backups" / "exam-0900.db"
    out.parent.mkdir()
    ten_committed = threading.Event()

    errors: list[BaseException] = []

    def write_marks() -> None:
        """The station's writes: one thread, one transaction per mark, as the GUI's
        service worker makes them."""
        try:
            for number in range(1, 201):
                with seeded.db.write() as session:
                    append_item_mark(
                        session,
                        seeded.key,
                        actor=seeded.examiner_actor,
                        encounter_id=seeded.encounter.id,
                        item_id="wet",
                        value="done" if number % 2 else "not_done",
                    )
                if number == 10:
                    ten_committed.set()
        except BaseException as err:
            errors.append(err)
        finally:
            ten_committed.set()  # never leave the test waiting

    writes = threading.Thread(target=write_marks, name="station-writes")
    writes.start()
    try:
        ten_committed.wait()
        result = backup(seeded.db, out)  # while the station keeps writing
    finally:
        writes.join()
    assert errors == []
    seeded.db.close()

    assert integrity_problems(out) == []
    revisions = mark_revisions(out)
    # One snapshot: every mark committed before it, none torn, no gaps.
    assert len(revisions) >= 10
    assert revisions == list(range(1, len(revisions) + 1))
    assert mark_revisions(tmp_path / "exam.db") == list(range(1, 201))
    # The backup's own audit log verifies with the key copied beside it.
    assert result.key_path == key_file(out)
    with open_database(out, create=False) as copy:
        outcome = verify(copy, copy.audit_key)
    assert outcome.ok, outcome.problem
    assert outcome.entries == 7 + len(revisions)  # 7 entries of the seed


def test_the_backup_is_one_private_file_with_its_key(tmp_path: Path) -> None:
    seeded = seed(tmp_path / "exam.db")
    add_marks(seeded, 3)
    out = tmp_path / "copy.db"
    result = backup(tmp_path / "exam.db", out)  # by path, while the database is open
    seeded.db.close()

    assert result.path == out
    assert result.revision == "0005"
    assert result.size_bytes == out.stat().st_size
    assert not (tmp_path / "copy.db-wal").exists()
    with closing(sqlite3.connect(out)) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file(out).stat().st_mode) == 0o600
    assert key_file(out).read_text() == key_file(tmp_path / "exam.db").read_text()
    assert f"the audit key was copied to {key_file(out)} (mode 0600)" in result.summary
    assert not list(tmp_path.glob(".*partial*"))


def test_a_backup_does_not_overwrite_unless_asked(tmp_path: Path) -> None:
    seeded = seed(tmp_path / "exam.db")
    out = tmp_path / "copy.db"
    backup(seeded.db, out)
    add_marks(seeded, 2)
    with pytest.raises(BackupError, match="already exists; choose another file name"):
        backup(seeded.db, out)
    assert mark_revisions(out) == []
    backup(seeded.db, out, overwrite=True)
    assert mark_revisions(out) == [1, 2]
    seeded.db.close()


def test_a_backup_without_the_key(tmp_path: Path) -> None:
    seeded = seed(tmp_path / "exam.db")
    result = backup(seeded.db, tmp_path / "copy.db", copy_key=False)
    seeded.db.close()
    assert result.key_path is None
    assert not key_file(tmp_path / "copy.db").exists()
    assert "cannot be verified" in result.summary


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        ("absent.db", "copy.db", "there is no database at"),
        ("exam.db", "exam.db", "would overwrite the database itself"),
        ("exam.db", "no-such-folder/copy.db", "does not exist"),
    ],
)
def test_backup_refusals(tmp_path: Path, source: str, target: str, message: str) -> None:
    seed(tmp_path / "exam.db").db.close()
    with pytest.raises(BackupError, match=message):
        backup(tmp_path / source, tmp_path / target)


# --------------------------------------------------------------------------- restore


def test_restore_puts_the_backup_back_and_keeps_the_replaced_files(tmp_path: Path) -> None:
    db_path = tmp_path / "exam.db"
    seeded = seed(db_path)
    add_marks(seeded, 2)
    saved = backup(seeded.db, tmp_path / "saved.db")
    add_marks(seeded, 3)  # after the backup: these go with the replaced database
    seeded.db.close()

    result = restore(saved.path, db_path, now=T0)

    aside = tmp_path / "exam.db.replaced-20250301T080000Z"
    assert result.moved_aside[0] == aside
    assert key_file(aside) in result.moved_aside
    assert result.key_restored and not result.needs_upgrade
    assert str(aside) in result.summary
    assert mark_revisions(db_path) == [1, 2]
    assert mark_revisions(aside) == [1, 2, 3, 4, 5]
    assert key_file(db_path).read_text() == key_file(saved.path).read_text()
    assert stat.S_IMODE(key_file(db_path).stat().st_mode) == 0o600

    with open_database(db_path, create=False) as db:
        assert verify(db, db.audit_key).ok
        with db.read() as s:
            assert len(s.scalars(select(ItemMark)).all()) == 2
    with open_database(aside, create=False) as old:
        assert verify(old, old.audit_key).ok  # the replaced database is intact, key and all


def test_restore_into_an_empty_place(tmp_path: Path) -> None:
    seeded = seed(tmp_path / "exam.db")
    saved = backup(seeded.db, tmp_path / "saved.db")
    seeded.db.close()
    target = tmp_path / "new-laptop" / "skillstation.db"
    result = restore(saved.path, target)
    assert result.moved_aside == ()
    assert file_revision(target) == "0005"
    with open_database(target, create=False) as db:
        assert verify(db, db.audit_key).ok


def test_a_damaged_backup_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    db_path = tmp_path / "exam.db"
    seeded = seed(db_path)
    add_marks(seeded, 2)
    saved = backup(seeded.db, tmp_path / "saved.db")
    seeded.db.close()
    data = bytearray(saved.path.read_bytes())
    data[4096:] = b"\xff" * (len(data) - 4096)  # every page but the schema page
    saved.path.write_bytes(bytes(data))

    with pytest.raises(BackupError, match=r"saved\.db is damaged \(.+\); try another one"):
        restore(saved.path, db_path, now=T0)
    assert mark_revisions(db_path) == [1, 2]
    assert not list(tmp_path.glob("exam.db.replaced-*"))
    assert not list(tmp_path.glob(".*partial*"))


def test_a_file_that_is_not_a_backup_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with closing(sqlite3.connect(other)) as connection:
        connection.execute("CREATE TABLE songs (title TEXT)")
        connection.commit()
    with pytest.raises(BackupError, match="is not a SkillStation backup"):
        restore(other, tmp_path / "exam.db")
    assert not (tmp_path / "exam.db").exists()


def test_a_backup_from_a_newer_skillstation_is_refused(tmp_path: Path) -> None:
    seeded = seed(tmp_path / "exam.db")
    saved = backup(seeded.db, tmp_path / "saved.db")
    seeded.db.close()
    with closing(sqlite3.connect(saved.path)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
        connection.commit()
    with pytest.raises(BackupError, match="written by a newer SkillStation"):
        restore(saved.path, tmp_path / "exam.db")


def test_a_database_in_use_is_not_replaced(tmp_path: Path) -> None:
    db_path = tmp_path / "exam.db"
    seeded = seed(db_path)
    saved = backup(seeded.db, tmp_path / "saved.db")
    add_marks(seeded, 1)
    with seeded.db.read() as s:
        s.scalars(select(ItemMark)).all()  # a reader holds a snapshot of the WAL
        with pytest.raises(BackupError, match="is open in another program"):
            restore(saved.path, db_path, now=T0)
    seeded.db.close()
    assert mark_revisions(db_path) == [1]


def test_a_backup_without_a_key_is_restored_with_a_warning(tmp_path: Path) -> None:
    db_path = tmp_path / "exam.db"
    seeded = seed(db_path)
    saved = backup(seeded.db, tmp_path / "saved.db", copy_key=False)
    seeded.db.close()
    result = restore(saved.path, db_path, now=T0)
    assert not result.key_restored
    assert "had no audit key beside it" in result.summary
    assert not key_file(db_path).exists()


def test_a_text_file_is_not_restored(tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("not a database\n" * 500)
    with pytest.raises(BackupError, match="is not a SQLite database, so not a backup"):
        restore(notes, tmp_path / "exam.db")


def test_a_backup_altered_after_it_was_made_is_not_restored(tmp_path: Path) -> None:
    """Restore verifies the backup's audit trail with its key before replacing anything."""
    db_path = tmp_path / "exam.db"
    seeded = seed(db_path)
    add_marks(seeded, 2)
    saved = backup(seeded.db, tmp_path / "saved.db")
    seeded.db.close()
    with closing(sqlite3.connect(saved.path, isolation_level=None)) as connection:
        connection.execute("DROP TRIGGER item_marks_no_update")
        connection.execute("UPDATE item_marks SET value = 'not_done'")
    with pytest.raises(BackupError, match="fails its audit check"):
        restore(saved.path, db_path, now=T0)
    assert not list(tmp_path.glob("*.replaced-*"))
    assert mark_revisions(db_path) == [1, 2]
