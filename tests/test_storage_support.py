"""Shared set-up for the storage, audit and backup tests: a database with one exam.

Imported by ``test_storage_*.py``, ``test_audit.py`` and ``test_backup.py``; it holds no
tests of its own. Everything is written through the audited helpers, as services do,
so the seeded database verifies cleanly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from assessments.definitions.model import StationDefinition
from station.storage.audit import Actor, record_insert
from station.storage.engine import Database, open_database
from station.storage.models import (
    Candidate,
    Encounter,
    Exam,
    ExamStation,
    User,
    definition_row,
)

T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


class FakeClock:
    """A clock the test moves by hand: each call returns the current time, then
    advances it by one second, so successive records get distinct, ordered times."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        value = self.now
        self.now += timedelta(seconds=1)
        return value


def station_definition(version: str = "1") -> StationDefinition:
    return StationDefinition.model_validate(
        {
            "id": "hand-hygiene",
            "version": version,
            "kind": "osce",
            "title": {"en": "Hand hygiene", "fr": "Hygiène des mains"},
            "timing": {"active_s": 300},
            "sections": [
                {
                    "id": "steps",
                    "title": "Steps",
                    "items": [
                        {"id": "wet", "text": "Wets hands", "type": "binary"},
                        {"id": "rub", "text": "Rubs palms", "type": "three_point"},
                        {"id": "dry", "text": "Dries hands", "type": "binary"},
                    ],
                }
            ],
        }
    )


@dataclass
class Seeded:
    db: Database
    key: bytes
    clock: FakeClock
    coordinator: User
    examiner: User
    candidate: Candidate
    exam: Exam
    station: ExamStation
    encounter: Encounter

    @property
    def examiner_actor(self) -> Actor:
        return Actor(self.examiner.id, self.examiner.username)


def seed(path: Path) -> Seeded:
    """A new database at ``path`` with a coordinator, an examiner, a candidate, an exam
    with one station and one draft encounter, all recorded in the audit log."""
    db = open_database(path)
    key = db.audit_key
    clock = FakeClock()
    system = Actor.system()
    with db.write() as s:
        coordinator = User(
            username="cora", display_name="Cora", role="coordinator", secret_hash="x"
        )
        examiner = User(username="eli", display_name="Eli", role="examiner", secret_hash="y")
        for user in (coordinator, examiner):
            user.created_at = clock()
            record_insert(s, key, actor=system, row=user, at=user.created_at)
        candidate = Candidate(
            candidate_number="C-001", family_name="Doe", given_name="Jo", created_at=clock()
        )
        s.add(candidate)
        definition = definition_row(station_definition(), "id: hand-hygiene\n", created_at=clock())
        s.add(definition)
        s.flush()
        actor = Actor.of(coordinator)
        exam = Exam(
            code="OSCE-25", title="Spring OSCE", created_by=coordinator.id, created_at=clock()
        )
        record_insert(s, key, actor=actor, row=exam, at=clock())
        station = ExamStation(exam_id=exam.id, definition_id=definition.id, position=1, label="A")
        s.add(station)
        s.flush()
        encounter = Encounter(
            exam_id=exam.id,
            exam_station_id=station.id,
            candidate_id=candidate.id,
            examiner_id=examiner.id,
            created_at=clock(),
            updated_at=clock(),
        )
        record_insert(s, key, actor=actor, row=encounter, at=clock())
        # Every row that decides a result is in the log (audit verify replays them all):
        # entries 5-7.
        for row in (candidate, definition, station):
            record_insert(s, key, actor=actor, row=row, at=clock())
    return Seeded(db, key, clock, coordinator, examiner, candidate, exam, station, encounter)
