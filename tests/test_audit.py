"""The audit log: appending, verifying, and finding each kind of tampering.

Tampering is done the way an attacker with the sqlite3 shell would: on the database
file, dropping the guard triggers first where they would stop it. Each test states the
exact first problem ``verify`` must report.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from test_storage_support import Seeded, seed

from station.storage.audit import (
    GENESIS_MAC,
    Actor,
    AuditEntry,
    Checkpoint,
    append,
    audited_fields,
    record_change,
    record_changes,
    record_delete,
    record_insert,
    verify,
)
from station.storage.engine import open_database
from station.storage.errors import AuditKeyError
from station.storage.keys import ENV_KEY_FILE, load_or_create_key
from station.storage.marks import append_comment, append_grade, append_item_mark
from station.storage.models import Encounter, Exclusion, GradeEntry, ItemMark, format_utc

WRONG_KEY_PROBLEM = (
    "entry 1: mac does not verify, nor does any other entry's: the key is not this "
    "database's audit key (or the whole log was replaced)"
)
ALTERED = (
    "mac does not match the entry's contents (the entry was altered, or written without the key)"
)


@pytest.fixture(autouse=True)
def _no_key_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_KEY_FILE, raising=False)


@dataclass
class Marked:
    """The seeded exam after marking: entries 1-7 seed, 8-14 below."""

    seeded: Seeded
    wet_1: ItemMark  # entry 8
    rub: ItemMark  # entry 9
    wet_2: ItemMark  # entry 10
    grade: GradeEntry  # entry 11 (comment: entry 12, status and submitted_at: 13, 14)


@pytest.fixture
def marked(tmp_path: Path) -> Iterator[Marked]:
    seeded = seed(tmp_path / "exam.db")
    actor, key, clock = seeded.examiner_actor, seeded.key, seeded.clock
    eid = seeded.encounter.id
    with seeded.db.write() as s:
        wet_1 = append_item_mark(
            s, key, actor=actor, encounter_id=eid, item_id="wet", value="done", t_s=12.5, at=clock()
        )
        rub = append_item_mark(
            s,
            key,
            actor=actor,
            encounter_id=eid,
            item_id="rub",
            value="partial",
            t_s=40,
            at=clock(),
        )
        wet_2 = append_item_mark(
            s,
            key,
            actor=actor,
            encounter_id=eid,
            item_id="wet",
            value="not_done",
            reason="misclicked",
            at=clock(),
        )
        grade = append_grade(s, key, actor=actor, encounter_id=eid, grade=2, at=clock())
        append_comment(
            s, key, actor=actor, encounter_id=eid, kind="feedback", text="Good", at=clock()
        )
        encounter = s.get_one(Encounter, eid)
        submitted = clock()
        record_changes(
            s,
            key,
            actor=actor,
            row=encounter,
            changes={"status": "submitted", "submitted_at": submitted},
            at=submitted,
        )
    yield Marked(seeded, wet_1, rub, wet_2, grade)
    seeded.db.close()


def tamper(db_path: Path, *statements: str) -> None:
    """Run SQL on the file directly, as someone with the sqlite3 shell would."""
    with closing(sqlite3.connect(db_path, isolation_level=None)) as connection:
        for statement in statements:
            connection.execute(statement)


def problem_of(m: Marked) -> str | None:
    return verify(m.seeded.db, m.seeded.key).problem


# --------------------------------------------------------------------------- clean log


def test_a_clean_log_verifies(marked: Marked) -> None:
    result = verify(marked.seeded.db, marked.seeded.key)
    assert result.ok, result.problem
    assert result.problem is None
    assert result.entries == 14
    # users 2, exam 1, encounter 1, item marks 3, grade 1, comment 1
    assert result.records_checked == 12
    assert result.last_seq == 14
    assert result.last_mac is not None
    assert f"14:{result.last_mac[:16]}" in result.summary


def test_entries_are_chained_and_in_the_same_transaction(marked: Marked) -> None:
    with marked.seeded.db.read() as s:
        entries = list(s.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
    assert entries[0].prev_mac == GENESIS_MAC
    for previous, entry in itertools.pairwise(entries):
        assert entry.prev_mac == previous.mac
    status = entries[12]
    assert (status.action, status.table_name, status.field) == ("update", "encounters", "status")
    assert (status.old_json, status.new_json) == ('"draft"', '"submitted"')
    mark = entries[8]
    assert (mark.action, mark.table_name, mark.record_id) == ("insert", "item_marks", marked.rub.id)
    assert mark.old_json is None


def test_a_failed_change_leaves_no_entry(marked: Marked) -> None:
    seeded = marked.seeded
    with pytest.raises(IntegrityError), seeded.db.write() as s:
        encounter = s.get_one(Encounter, seeded.encounter.id)
        # A submitted encounter must keep its submission time (CHECK constraint).
        record_change(
            s,
            seeded.key,
            actor=seeded.examiner_actor,
            row=encounter,
            field="submitted_at",
            new=None,
        )
    assert verify(seeded.db, seeded.key).entries == 14


def test_an_empty_log_verifies(tmp_path: Path) -> None:
    with open_database(tmp_path / "new.db") as db:
        result = verify(db, db.audit_key)
    assert result.ok
    assert (result.entries, result.records_checked, result.last_seq) == (0, 0, None)


def test_an_unchanged_value_records_nothing(marked: Marked) -> None:
    seeded = marked.seeded
    with seeded.db.write() as s:
        encounter = s.get_one(Encounter, seeded.encounter.id)
        entry = record_change(
            s,
            seeded.key,
            actor=seeded.examiner_actor,
            row=encounter,
            field="status",
            new="submitted",
        )
    assert entry is None
    assert verify(seeded.db, seeded.key).entries == 14


def test_delete_and_free_form_actions_replay(marked: Marked) -> None:
    seeded = marked.seeded
    actor = Actor.of(seeded.coordinator)
    with seeded.db.write() as s:
        exclusion = Exclusion(
            exam_id=seeded.exam.id,
            exam_station_id=seeded.station.id,
            item_id="rub",
            reason="ambiguous wording",
            created_by=seeded.coordinator.id,
            created_at=seeded.clock(),
        )
        record_insert(s, seeded.key, actor=actor, row=exclusion)
        append(s, seeded.key, actor=actor, action="results.export", new={"format": "csv"})
        record_delete(s, seeded.key, actor=actor, row=exclusion, reason="entered by mistake")
    result = verify(seeded.db, seeded.key)
    assert result.ok, result.problem
    assert result.entries == 17

    # The deleted row coming back behind the log's back is found.
    values = (
        f"'{exclusion.id}', '{seeded.exam.id}', '{seeded.station.id}', 'rub', 'x', "
        f"'{seeded.coordinator.id}', '2025-03-01T09:00:00.000000Z'"
    )
    tamper(
        seeded.db.path,
        "INSERT INTO exclusions (id, exam_id, exam_station_id, item_id, reason, created_by, "
        f"created_at) VALUES ({values})",
    )
    assert problem_of(marked) == (
        f"record exclusions {exclusion.id}: still in the table, though entry 17 deleted it"
    )


def test_append_only_rows_cannot_be_changed_through_the_helpers(marked: Marked) -> None:
    seeded = marked.seeded
    with seeded.db.write() as s:
        mark = s.get_one(ItemMark, marked.rub.id)
        with pytest.raises(ValueError, match="append-only"):
            record_change(
                s, seeded.key, actor=seeded.examiner_actor, row=mark, field="value", new="done"
            )
        with pytest.raises(ValueError, match="append-only"):
            record_delete(s, seeded.key, actor=seeded.examiner_actor, row=mark)


def test_audit_entries_leave_out_secrets_and_timer_state() -> None:
    assert "secret_hash" not in audited_fields("users")
    assert "failed_logins" not in audited_fields("users")
    assert "timer_state_json" not in audited_fields("encounters")
    assert {"status", "submitted_at"} <= set(audited_fields("encounters"))


def test_append_refuses_malformed_entries(marked: Marked) -> None:
    seeded = marked.seeded
    actor = seeded.examiner_actor
    with seeded.db.write() as s:
        with pytest.raises(ValueError, match="lower-case"):
            append(s, seeded.key, actor=actor, action="Insert Row")
        with pytest.raises(ValueError, match="needs table and record_id"):
            append(s, seeded.key, actor=actor, action="insert", new={"a": 1})
        with pytest.raises(ValueError, match="names the field"):
            append(s, seeded.key, actor=actor, action="update", table="users", record_id="x")


# --------------------------------------------------------------------------- tampering


def test_a_mark_changed_in_sql_is_found(marked: Marked) -> None:
    tamper(
        marked.seeded.db.path,
        "DROP TRIGGER item_marks_no_update",
        f"UPDATE item_marks SET value = 'done' WHERE id = '{marked.rub.id}'",
    )
    assert (
        problem_of(marked) == f'record item_marks {marked.rub.id}: value db="done" replay="partial"'
    )


def test_a_mark_time_changed_in_sql_is_found(marked: Marked) -> None:
    tamper(
        marked.seeded.db.path,
        "DROP TRIGGER item_marks_no_update",
        f"UPDATE item_marks SET t_s = 9.5 WHERE id = '{marked.wet_1.id}'",
    )
    assert problem_of(marked) == f"record item_marks {marked.wet_1.id}: t_s db=9.5 replay=12.5"


def test_a_deleted_mark_is_found(marked: Marked) -> None:
    tamper(
        marked.seeded.db.path,
        "DROP TRIGGER item_marks_no_delete",
        f"DELETE FROM item_marks WHERE id = '{marked.wet_2.id}'",
    )
    assert problem_of(marked) == (
        f"record item_marks {marked.wet_2.id}: missing from the table (entry 10 inserted it)"
    )


def test_an_encounter_reopened_in_sql_is_found(marked: Marked) -> None:
    enc = marked.seeded.encounter.id
    tamper(
        marked.seeded.db.path,
        f"UPDATE encounters SET status = 'draft', submitted_at = NULL WHERE id = '{enc}'",
    )
    assert problem_of(marked) == f'record encounters {enc}: status db="draft" replay="submitted"'


def test_a_row_without_an_entry_is_found(marked: Marked) -> None:
    seeded = marked.seeded
    tamper(
        seeded.db.path,
        "INSERT INTO item_marks (id, encounter_id, item_id, revision, value, source, "
        f"recorded_by, recorded_at) VALUES ('forged-mark', '{seeded.encounter.id}', 'dry', 1, "
        f"'done', 'examiner', '{seeded.examiner.id}', '2025-03-01T08:30:00.000000Z')",
    )
    assert problem_of(marked) == "record item_marks forged-mark: no audit entry"


def test_a_deleted_entry_is_found(marked: Marked) -> None:
    tamper(
        marked.seeded.db.path,
        "DROP TRIGGER audit_log_no_delete",
        "DELETE FROM audit_log WHERE seq = 9",
    )
    assert problem_of(marked) == "entry 9: missing (the log goes from entry 8 to entry 10)"


def test_a_deleted_first_entry_is_found(marked: Marked) -> None:
    tamper(
        marked.seeded.db.path,
        "DROP TRIGGER audit_log_no_delete",
        "DELETE FROM audit_log WHERE seq = 1",
    )
    assert problem_of(marked) == "entry 1: missing (the log starts at entry 2)"


def test_reordered_entries_are_found(marked: Marked) -> None:
    tamper(
        marked.seeded.db.path,
        "DROP TRIGGER audit_log_no_update",
        "UPDATE audit_log SET seq = -1 WHERE seq = 9",
        "UPDATE audit_log SET seq = 9 WHERE seq = 10",
        "UPDATE audit_log SET seq = 10 WHERE seq = -1",
    )
    assert problem_of(marked) == "entry 9: prev_mac does not match the mac of entry 8"


def test_an_altered_new_value_is_found(marked: Marked) -> None:
    tamper(
        marked.seeded.db.path,
        "DROP TRIGGER audit_log_no_update",
        "UPDATE audit_log SET new_json = replace(new_json, '\"done\"', '\"not_done\"') "
        "WHERE seq = 8",
    )
    assert problem_of(marked) == f"entry 8: {ALTERED}"


def test_a_mark_and_its_entry_altered_together_are_found(marked: Marked) -> None:
    """Changing the row and its entry consistently still breaks the entry's MAC."""
    tamper(
        marked.seeded.db.path,
        "DROP TRIGGER audit_log_no_update",
        "DROP TRIGGER item_marks_no_update",
        "UPDATE audit_log SET new_json = replace(new_json, '\"partial\"', '\"done\"') "
        "WHERE seq = 9",
        f"UPDATE item_marks SET value = 'done' WHERE id = '{marked.rub.id}'",
    )
    assert problem_of(marked) == f"entry 9: {ALTERED}"


def test_a_changed_prev_mac_is_found(marked: Marked) -> None:
    tamper(
        marked.seeded.db.path,
        "DROP TRIGGER audit_log_no_update",
        f"UPDATE audit_log SET prev_mac = '{'ab' * 32}' WHERE seq = 11",
    )
    assert problem_of(marked) == "entry 11: prev_mac does not match the mac of entry 10"


def test_a_changed_time_stamp_is_found(marked: Marked) -> None:
    tamper(
        marked.seeded.db.path,
        "DROP TRIGGER audit_log_no_update",
        "UPDATE audit_log SET at = '2025-03-01T07:00:00.000000Z' WHERE seq = 12",
    )
    assert problem_of(marked) == f"entry 12: {ALTERED}"


def test_the_wrong_key_is_named(marked: Marked) -> None:
    result = verify(marked.seeded.db, os.urandom(32))
    assert not result.ok
    assert result.problem == WRONG_KEY_PROBLEM
    assert "FAILED" in result.summary


def test_an_update_that_contradicts_earlier_entries_is_found(marked: Marked) -> None:
    """Even a key holder's entry must follow from the earlier ones."""
    seeded = marked.seeded
    enc = seeded.encounter.id
    with seeded.db.write() as s:
        append(
            s,
            seeded.key,
            actor=seeded.examiner_actor,
            action="update",
            table="encounters",
            record_id=enc,
            field="status",
            old="no_show",
            new="submitted",
        )
    assert problem_of(marked) == (
        f'entry 15: encounters {enc} status old="no_show" but earlier entries give "submitted"'
    )


def test_truncating_the_tail_needs_a_checkpoint(marked: Marked) -> None:
    seeded = marked.seeded
    with seeded.db.write() as s:
        append(s, seeded.key, actor=seeded.examiner_actor, action="results.export")
    noted = verify(seeded.db, seeded.key).checkpoint
    assert noted is not None and noted.seq == 15
    tamper(
        seeded.db.path, "DROP TRIGGER audit_log_no_delete", "DELETE FROM audit_log WHERE seq = 15"
    )

    # The chain alone cannot tell a shorter log from a complete one...
    assert verify(seeded.db, seeded.key).ok
    # ...the noted checkpoint can.
    result = verify(seeded.db, seeded.key, checkpoint=Checkpoint.parse(str(noted)))
    assert result.problem == (
        "entry 15: missing, although it was noted as a checkpoint; the log now ends at "
        "entry 14, so entries were removed from its end"
    )


def test_a_checkpoint_with_another_mac_is_found(marked: Marked) -> None:
    result = verify(marked.seeded.db, marked.seeded.key, checkpoint=Checkpoint(3, "00000000"))
    assert result.problem is not None
    assert result.problem.startswith("entry 3: mac ")
    assert result.problem.endswith(
        "differs from the noted checkpoint 00000000: the log was rewritten"
    )


def test_checkpoint_parsing() -> None:
    assert Checkpoint.parse(" 12 : 3FA29C0D1E2B4F56 ") == Checkpoint(12, "3fa29c0d1e2b4f56")
    with pytest.raises(ValueError, match="<entry number>:<mac>"):
        Checkpoint.parse("12-3fa2")


# --------------------------------------------------------------------------- triggers


@pytest.mark.parametrize("table", ["audit_log", "item_marks", "grade_entries", "comment_entries"])
def test_append_only_tables_refuse_update_and_delete(marked: Marked, table: str) -> None:
    with closing(sqlite3.connect(marked.seeded.db.path, isolation_level=None)) as connection:
        column = "reason"
        with pytest.raises(sqlite3.IntegrityError, match=f"{table} is append-only"):
            connection.execute(f"UPDATE {table} SET {column} = 'x'")
        with pytest.raises(sqlite3.IntegrityError, match=f"{table} is append-only"):
            connection.execute(f"DELETE FROM {table}")


def test_definition_rows_refuse_update(marked: Marked) -> None:
    with (
        closing(sqlite3.connect(marked.seeded.db.path, isolation_level=None)) as connection,
        pytest.raises(sqlite3.IntegrityError, match="immutable"),
    ):
        connection.execute("UPDATE definitions SET title = 'other'")


# --------------------------------------------------------------------------- key file


def test_the_key_file_is_created_private(tmp_path: Path) -> None:
    db_path = tmp_path / "exam.db"
    with open_database(db_path) as db:
        key = db.audit_key
    key_file = tmp_path / "exam.db.auditkey"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(key) == 32
    assert key_file.read_text().strip() == key.hex()
    assert load_or_create_key(db_path) == key  # read back, not re-created


def test_a_world_readable_key_file_is_refused(tmp_path: Path) -> None:
    db_path = tmp_path / "exam.db"
    load_or_create_key(db_path)
    key_file = tmp_path / "exam.db.auditkey"
    key_file.chmod(0o644)
    with pytest.raises(AuditKeyError) as caught:
        load_or_create_key(db_path)
    assert str(caught.value) == (
        f"the audit key file {key_file} can be accessed by other users (mode 0644); anyone "
        f"who reads it can forge the audit log. Make it private with: chmod 600 '{key_file}'"
    )


def test_a_group_readable_key_file_is_refused(tmp_path: Path) -> None:
    db_path = tmp_path / "exam.db"
    load_or_create_key(db_path)
    (tmp_path / "exam.db.auditkey").chmod(0o640)
    with pytest.raises(AuditKeyError, match="chmod 600"):
        load_or_create_key(db_path)


def test_a_malformed_key_file_is_refused(tmp_path: Path) -> None:
    key_file = tmp_path / "exam.db.auditkey"
    key_file.write_text("not a key\n")
    key_file.chmod(0o600)
    with pytest.raises(AuditKeyError, match="is not a SkillStation audit key"):
        load_or_create_key(tmp_path / "exam.db")


def test_a_lost_key_is_not_silently_replaced(marked: Marked) -> None:
    path = marked.seeded.db.path
    marked.seeded.db.close()
    (path.parent / (path.name + ".auditkey")).unlink()
    with open_database(path) as db, pytest.raises(AuditKeyError, match="is missing"):
        db.audit_key  # noqa: B018


def test_the_key_file_can_live_elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "usb" / "station.key"
    monkeypatch.setenv(ENV_KEY_FILE, str(elsewhere))
    with open_database(tmp_path / "exam.db") as db:
        key = db.audit_key
    assert elsewhere.read_text().strip() == key.hex()
    assert not (tmp_path / "exam.db.auditkey").exists()


def test_prepared_entries_chain_and_sign_as_appended_ones(marked: Marked) -> None:
    """Entries prepared before the write transaction get the same MACs as entries
    appended one by one, whatever their text (quotes, accents, nulls, numbers)."""
    from station.storage.audit import append_prepared, compute_mac, prepare_entries

    seeded = marked.seeded
    actor = Actor("u-1", 'Zoë "the" coordinator')
    entries = [
        {
            "actor": actor,
            "action": "bulk.note",  # not replayed: no row stands behind it
            "table": "exam_candidates",
            "record_id": f"e/{n}",
            "new": {"exam_id": "e", "candidate_id": str(n), "note": 'é\n"x"', "n": n},
            "reason": None if n % 2 else "première ligne",
            "at": seeded.clock(),
        }
        for n in range(12)
    ]
    with seeded.db.write() as s:
        before = s.scalar(select(AuditEntry.seq).order_by(AuditEntry.seq.desc()).limit(1))
        assert append_prepared(s, prepare_entries(seeded.key, entries)) == 12
    with seeded.db.read() as s:
        written = list(
            s.scalars(select(AuditEntry).where(AuditEntry.seq > before).order_by(AuditEntry.seq))
        )
    assert len(written) == 12
    for entry in written:
        fields = {
            name: getattr(entry, name)
            for name in (
                "seq", "actor_id", "actor_name", "action", "table_name", "record_id",
                "field", "old_json", "new_json", "reason", "prev_mac",
            )
        }  # fmt: skip
        fields["at"] = format_utc(entry.at)
        assert entry.mac == compute_mac(seeded.key, fields)
    assert written[0].prev_mac != GENESIS_MAC
    result = verify(seeded.db, seeded.key)
    assert result.ok, result.problem
    assert result.entries == 14 + 12
