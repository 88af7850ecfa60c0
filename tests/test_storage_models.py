"""The models: time stamps, ids, definitions, constraints, and append-only marks."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, StatementError
from test_storage_support import T0, Seeded, seed, station_definition

from station.storage.audit import verify
from station.storage.engine import open_database
from station.storage.keys import ENV_KEY_FILE
from station.storage.marks import (
    append_comment,
    append_grade,
    append_item_mark,
    current_values,
    current_values_many,
    item_history,
)
from station.storage.models import (
    Candidate,
    Definition,
    DeviceTrace,
    Encounter,
    MediaFile,
    MetricValue,
    PracticeAttempt,
    content_hash,
    definition_model,
    definition_row,
    format_utc,
    parse_utc,
)


@pytest.fixture(autouse=True)
def _no_key_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_KEY_FILE, raising=False)


@pytest.fixture
def seeded(tmp_path: Path) -> Iterator[Seeded]:
    result = seed(tmp_path / "exam.db")
    yield result
    result.db.close()


# --------------------------------------------------------------------------- time


@settings(deadline=None)
@given(
    st.datetimes(
        min_value=datetime(1970, 1, 2),
        max_value=datetime(9998, 12, 30),
        timezones=st.sampled_from(
            [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(-timedelta(hours=8))]
        ),
    )
)
def test_time_stamps_round_trip_as_aware_utc(moment: datetime) -> None:
    text = format_utc(moment)
    assert len(text) == 27 and text.endswith("Z")
    back = parse_utc(text)
    assert back == moment
    assert back.tzinfo is UTC


def test_stored_text_sorts_in_time_order() -> None:
    earlier = datetime(2025, 3, 1, 9, 0, tzinfo=timezone(timedelta(hours=2)))  # 07:00 UTC
    later = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
    assert format_utc(earlier) < format_utc(later)


def test_naive_times_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="naive datetime"):
        format_utc(datetime(2025, 3, 1, 8, 0))
    with (
        open_database(tmp_path / "exam.db") as db,
        pytest.raises(StatementError, match="naive datetime"),
        db.write() as s,
    ):
        s.add(
            Candidate(
                candidate_number="1",
                family_name="A",
                given_name="B",
                created_at=datetime(2025, 3, 1),
            )
        )


def test_times_come_back_aware_from_the_database(seeded: Seeded) -> None:
    with seeded.db.read() as s:
        encounter = s.get_one(Encounter, seeded.encounter.id)
        raw = s.execute(
            select(Encounter.__table__.c.created_at).where(Encounter.id == encounter.id)
        ).scalar_one()
    assert encounter.created_at.tzinfo is UTC
    assert encounter.created_at == seeded.encounter.created_at
    assert raw == encounter.created_at  # the column type parses it
    with closing(sqlite3.connect(seeded.db.path)) as connection:
        stored = connection.execute(
            "SELECT created_at FROM encounters WHERE id = ?", (encounter.id,)
        ).fetchone()[0]
    assert stored == format_utc(encounter.created_at)


def test_ids_are_uuid4_text(seeded: Seeded) -> None:
    for value in (seeded.exam.id, seeded.encounter.id, seeded.examiner.id):
        assert len(value) == 36
        assert uuid.UUID(value).version == 4


# --------------------------------------------------------------------------- definitions


def test_a_definition_row_round_trips_and_is_hashed() -> None:
    model = station_definition()
    row = definition_row(model, "id: hand-hygiene\n", created_at=T0)
    assert (row.station_key, row.version, row.kind, row.title) == (
        "hand-hygiene",
        "1",
        "osce",
        "Hand hygiene",
    )
    assert row.content_hash == content_hash(row.data_json)
    assert len(row.content_hash) == 64
    assert definition_model(row) == model
    # The same definition always gives the same JSON and hash.
    assert definition_row(model, "other text").content_hash == row.content_hash


def test_an_altered_definition_fails_its_hash() -> None:
    row = definition_row(station_definition(), "")
    row.data_json = row.data_json.replace("Wets hands", "Wets one hand")
    with pytest.raises(ValueError, match="does not match its content hash"):
        definition_model(row)


def test_versions_of_a_station_are_rows_and_a_version_is_unique(seeded: Seeded) -> None:
    with seeded.db.write() as s:
        s.add(definition_row(station_definition("2"), ""))
    with pytest.raises(IntegrityError, match="UNIQUE"), seeded.db.write() as s:
        s.add(definition_row(station_definition("2"), ""))
    with seeded.db.read() as s:
        versions = sorted(s.scalars(select(Definition.version)))
    assert versions == ["1", "2"]


# --------------------------------------------------------------------------- constraints


def test_a_misspelt_status_is_refused(seeded: Seeded) -> None:
    with pytest.raises(IntegrityError, match="ck_encounters_status"), seeded.db.write() as s:
        s.get_one(Encounter, seeded.encounter.id).status = "sumbitted"


def test_a_submitted_encounter_has_a_submission_time(seeded: Seeded) -> None:
    with (
        pytest.raises(IntegrityError, match="ck_encounters_submitted_has_time"),
        seeded.db.write() as s,
    ):
        s.get_one(Encounter, seeded.encounter.id).status = "submitted"


def test_an_override_needs_a_reason(seeded: Seeded) -> None:
    with (
        pytest.raises(IntegrityError, match="ck_item_marks_override_reason"),
        seeded.db.write() as s,
    ):
        append_item_mark(
            s,
            seeded.key,
            actor=seeded.examiner_actor,
            encounter_id=seeded.encounter.id,
            item_id="wet",
            value="done",
            source="override",
        )


@pytest.mark.parametrize(
    ("owners", "ok"),
    [((True, False), True), ((False, True), True), ((True, True), False), ((False, False), False)],
)
def test_device_data_belongs_to_exactly_one_owner(
    seeded: Seeded, owners: tuple[bool, bool], ok: bool
) -> None:
    with seeded.db.write() as s:
        definition_id = s.scalars(select(Definition.id)).one()
        attempt = PracticeAttempt(
            user_id=seeded.examiner.id, definition_id=definition_id, started_at=T0
        )
        s.add(attempt)
    encounter_id = seeded.encounter.id if owners[0] else None
    attempt_id = attempt.id if owners[1] else None

    rows = {
        "metric_values": MetricValue(
            encounter_id=encounter_id, attempt_id=attempt_id, name="rate", value=110
        ),
        "device_traces": DeviceTrace(
            encounter_id=encounter_id,
            attempt_id=attempt_id,
            data=b"\x00\x01",
            sample_count=1,
            device_identity="sim://cpr",
        ),
        "media_files": MediaFile(
            encounter_id=encounter_id, attempt_id=attempt_id, path="v.mp4", kind="video"
        ),
    }
    for table, row in rows.items():
        if ok:
            with seeded.db.write() as s:
                s.add(row)
        else:
            with (
                pytest.raises(IntegrityError, match=f"ck_{table}_one_owner"),
                seeded.db.write() as s,
            ):
                s.add(row)


# --------------------------------------------------------------------------- marks


def test_marks_are_appended_and_the_latest_is_current(seeded: Seeded) -> None:
    key, actor, eid, clock = seeded.key, seeded.examiner_actor, seeded.encounter.id, seeded.clock
    with seeded.db.write() as s:
        first = append_item_mark(
            s, key, actor=actor, encounter_id=eid, item_id="wet", value="done", at=clock()
        )
        append_item_mark(
            s, key, actor=actor, encounter_id=eid, item_id="rub", value="partial", at=clock()
        )
        append_grade(s, key, actor=actor, encounter_id=eid, grade=3, at=clock())
        append_comment(
            s, key, actor=actor, encounter_id=eid, kind="private", text="nervous", at=clock()
        )
    # A correction, with the wall clock set back: revision order, not time, decides.
    with seeded.db.write() as s:
        second = append_item_mark(
            s,
            key,
            actor=actor,
            encounter_id=eid,
            item_id="wet",
            value=None,
            reason="cleared",
            at=T0 - timedelta(hours=1),
        )
        append_grade(s, key, actor=actor, encounter_id=eid, grade=1, reason="rethought", at=clock())
        append_comment(
            s, key, actor=actor, encounter_id=eid, kind="feedback", text="Well done", at=clock()
        )

    assert (first.revision, second.revision) == (1, 2)
    with seeded.db.read() as s:
        values = current_values(s, eid)
        history = item_history(s, eid, "wet")
    assert values.items["wet"].id == second.id
    assert values.item_values == {"rub": "partial"}  # the cleared mark is left out
    assert values.grade_value == 1
    assert values.comment("private") == "nervous"
    assert values.comment("feedback") == "Well done"
    assert [m.value for m in history] == ["done", None]
    assert all(m.recorded_by == seeded.examiner.id for m in history)
    assert verify(seeded.db, key).ok


def test_current_values_of_several_encounters(seeded: Seeded) -> None:
    key, actor = seeded.key, seeded.examiner_actor
    with seeded.db.write() as s:
        append_item_mark(
            s, key, actor=actor, encounter_id=seeded.encounter.id, item_id="dry", value="done"
        )
    with seeded.db.read() as s:
        many = current_values_many(s, [seeded.encounter.id, "no-such-encounter"])
    assert many[seeded.encounter.id].item_values == {"dry": "done"}
    assert many["no-such-encounter"].items == {}
    assert many["no-such-encounter"].grade is None


def test_two_rows_cannot_claim_the_same_revision(seeded: Seeded) -> None:
    from station.storage.models import ItemMark

    def mark() -> ItemMark:
        return ItemMark(
            encounter_id=seeded.encounter.id,
            item_id="wet",
            revision=1,
            value="done",
            recorded_by=seeded.examiner.id,
        )

    with pytest.raises(IntegrityError, match="UNIQUE"), seeded.db.write() as s:
        s.add(mark())
        s.flush()
        s.add(mark())
